/**
 * The demo application (`npm start`): Play's Comet documentation in TypeScript, on Node's http.
 *
 * - `/`             an index of the demos
 * - `/iframe`       the forever-iframe page of Play's Comet docs: `kiki`, `foo`, `bar` reach `parent.cometMessage`
 * - `/clock`        a live clock over Comet (heartbeats, and a response limit after which the page reconnects)
 * - `/clock-sse`    the same clock over server-sent events
 * - `/chat`         a small chat over Comet: what one browser posts appears in every open page, through a bounded
 *                   broadcast; a page that joins late is sent the last messages first
 * - `/chat-ws`      the same chat over a WebSocket (`/chat/ws`, examples/wsChat.ts), in the same room: what is said
 *                   on one page appears on the other
 * - `/style.css`, `/favicon.svg`, `/favicon.ico`: the pages' stylesheet and icon
 *
 * The Comet pages add their iframe from script after the page's `load` event, so the page itself finishes loading,
 * and every live page shows the state of its connection (connecting, live, reconnecting).
 *
 * `demoApp()` gives the request listener and the upgrade listener (the WebSocket chat): a server takes both
 * (`server.on('upgrade', app.upgrade)`, as examples/server.ts does).
 */
import * as http from 'node:http'
import { some } from 'fp-ts/Option'
import {
  Action,
  BadRequest,
  Comet,
  CometMessage,
  Concurrent,
  defaultInitialChunk,
  Enumeratee,
  Enumerator,
  GracefulShutdown,
  EventSource,
  html,
  type Html,
  NotFound,
  Ok,
  type Result,
  Status,
  WebSocket
} from '../src'
import { wsChat } from './wsChat'

// -------------------------------------------------------------------------------------
// streams
// -------------------------------------------------------------------------------------

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The time now, every `ms` (the first at once). Each subscriber gets its own clock. */
const clock = (ms: number): Enumerator<string> => {
  let first = true
  return Enumerator.generateM(async () => {
    if (!first) await delay(ms)
    first = false
    return some(new Date().toISOString().slice(11, 19))
  })
}

/** A chat message, as the pages receive it: `id` counts from 1, `at` is the server's time (ISO 8601). */
interface ChatMessage {
  readonly [key: string]: string | number
  readonly id: number
  readonly at: string
  readonly from: string
  readonly text: string
}

/** How many of the last messages a page that joins is sent first. */
const HISTORY = 20

/**
 * The chat room: one bounded broadcast, so a slow or stalled page never delays the others, and the last messages,
 * for the pages that join later. (Exported for its test.)
 */
export const chatRoom = () => {
  const [live, channel] = Concurrent.broadcast<ChatMessage>({ bufferSize: 100, overflow: 'dropOldest' })
  const history: Array<ChatMessage> = []
  let lastId = 0
  const say = (from: string, text: string): ChatMessage => {
    const m: ChatMessage = { id: ++lastId, at: new Date().toISOString(), from, text }
    history.push(m)
    if (history.length > HISTORY) history.shift()
    channel.push(m)
    return m
  }
  /**
   * The kept messages whose id is above `after`, then every new one. `enumerate` iterates a re-iterable when the
   * enumerator is applied, and `heading` feeds it just before the broadcast subscribes, in the same synchronous step;
   * a message is said in one synchronous step too, so each falls either in the history or in the broadcast, never
   * in both and never in neither. (The broadcast takes the subscriber while it is still busy with the history and
   * queues for it meanwhile.)
   */
  const since = (after: number): Enumerator<ChatMessage> => {
    const earlier = { [Symbol.iterator]: () => history.filter((m) => m.id > after)[Symbol.iterator]() }
    return live.through(Enumeratee.heading(Enumerator.enumerate(earlier)))
  }
  return { say, since, close: () => channel.end() }
}

// -------------------------------------------------------------------------------------
// assets
// -------------------------------------------------------------------------------------

const stylesheet = `:root {
  color-scheme: light dark;
  --fg: #1c2230; --muted: #5f6878; --bg: #ffffff; --panel: #f5f7fa; --line: #dfe3ea;
  --accent: #2457d6; --live: #1a8f4c; --warn: #b86e00; --off: #8b93a3;
}
@media (prefers-color-scheme: dark) {
  :root { --fg: #e5e8ee; --muted: #a2aabb; --bg: #14171d; --panel: #1c2029; --line: #2d333f; --accent: #7ea4ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem 1.5rem; padding-top: 1rem; padding-bottom: .75rem; border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; color: var(--fg); text-decoration: none; }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .95rem; }
nav a { color: var(--muted); text-decoration: none; }
nav a:hover { color: var(--accent); }
nav [aria-current] { color: var(--fg); font-weight: 600; border-bottom: 2px solid var(--accent); }
a { color: var(--accent); }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1.5rem 0 .5rem; }
.lede { color: var(--muted); margin: 0 0 1.25rem; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--panel); padding: .05em .3em; border-radius: 4px; }
footer { margin-top: 2.5rem; padding-top: .75rem; padding-bottom: 2rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
.status { display: inline-flex; align-items: center; gap: .45rem; margin: 0 0 1rem; padding: .15rem .7rem; border: 1px solid var(--line); border-radius: 999px; font-size: .85rem; color: var(--muted); }
.status::before { content: ""; width: .55rem; height: .55rem; border-radius: 50%; background: var(--off); }
.status[data-state="live"]::before { background: var(--live); box-shadow: 0 0 0 3px color-mix(in srgb, var(--live) 25%, transparent); }
.status[data-state="connecting"]::before, .status[data-state="reconnecting"]::before { background: var(--warn); }
.demos { list-style: none; padding: 0; display: grid; gap: .75rem; }
.demos li { padding: .85rem 1rem; border: 1px solid var(--line); border-radius: 10px; background: var(--panel); }
.demos a { font-weight: 600; }
.demos p { margin: .2rem 0 0; color: var(--muted); font-size: .95rem; }
.demos code, .panel code { background: var(--bg); }
.caption { margin: .25rem 0 0; color: var(--muted); font-size: .85rem; }
.panel { border: 1px solid var(--line); border-radius: 10px; background: var(--panel); padding: .75rem 1rem; }
.events { margin: 0; padding-left: 1.5rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.clock { margin: 0; font: 600 3.5rem/1.2 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; letter-spacing: .02em; }
.log { list-style: none; margin: 0; padding: .5rem 0; max-height: 22rem; overflow-y: auto; }
.log:empty { display: none; }
.log li { padding: .3rem 1rem; overflow-wrap: anywhere; }
.log time { color: var(--muted); font: .85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin-right: .5rem; }
.log .from { margin-right: .4rem; }
.chat { padding: 0; }
.empty { margin: 0; padding: .75rem 1rem; color: var(--muted); font-style: italic; }
.say { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .75rem; }
.say input { font: inherit; padding: .45rem .65rem; border: 1px solid var(--line); border-radius: 8px; background: var(--bg); color: var(--fg); }
.say input:focus-visible, .say button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
.say #from { flex: 0 1 9rem; min-width: 6rem; }
.say #text { flex: 1 1 14rem; }
.say button { font: inherit; font-weight: 600; padding: .45rem 1.1rem; border: 0; border-radius: 8px; background: var(--accent); color: #fff; cursor: pointer; }
.note { color: var(--warn); font-size: .9rem; min-height: 1.4em; margin: .4rem 0 0; }
`

/** A wave (a stream) on a blue tile. */
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="7" fill="#2457d6"/>
<path d="M6 19c3.3-8 6.7-8 10 0s6.7 8 10 0" fill="none" stroke="#fff" stroke-width="3.2" stroke-linecap="round"/>
</svg>
`

/** A static asset, which the browser may keep for an hour. */
const asset = (body: string, contentType: string): Result =>
  Ok(body).as(contentType).withHeaders({ 'Cache-Control': 'public, max-age=3600' })

// -------------------------------------------------------------------------------------
// pages
// -------------------------------------------------------------------------------------

const demos = [
  { path: '/', label: 'Demos' },
  { path: '/iframe', label: 'Forever iframe' },
  { path: '/clock', label: 'Comet clock' },
  { path: '/clock-sse', label: 'SSE clock' },
  { path: '/chat', label: 'Comet chat' },
  { path: '/chat-ws', label: 'WebSocket chat' }
] as const

type DemoPath = (typeof demos)[number]['path']

/** The navigation: a link to every page but the current one, which is marked instead. */
const nav = (current: DemoPath): Html =>
  html`<nav aria-label="Demos">${demos.map((d) =>
    d.path === current ? html`<span aria-current="page">${d.label}</span>` : html`<a href="${d.path}">${d.label}</a>`
  )}</nav>`

/** A page: its title, a sentence saying what it demonstrates and what to look at, then its content. */
const page = (current: DemoPath, title: string, lede: Html, body: Html): Html => html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · play-iteratees-ts</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header>${current === '/' ? html`<span class="brand">play-iteratees-ts</span>` : html`<a class="brand" href="/">play-iteratees-ts</a>`}
${nav(current)}</header>
<main>
<h1>${title}</h1>
<p class="lede">${lede}</p>
${body}
</main>
<footer>Served by <code>examples/demo.ts</code> with play-iteratees-ts, a TypeScript port of Play Framework 2.4's iteratees, on Node's <code>http</code>.</footer>
</body>
</html>`

/** Where a live page shows the state of its connection. */
const statusLine = html`<p class="status" id="status" data-state="connecting" role="status">Connecting…</p>`

/** `showStatus(state)`: connecting, live, reconnecting, ended (the response is complete) or closed. */
const statusScript = html`<script>
  var showStatus = function (state) {
    var el = document.getElementById('status')
    if (el.dataset.state === state) return
    el.dataset.state = state
    el.textContent = {
      connecting: 'Connecting…',
      live: 'Live',
      reconnecting: 'Reconnecting…',
      ended: 'Done: the response is complete',
      closed: 'Disconnected'
    }[state]
  }
</script>`

/**
 * `openComet(url, reconnect)`: once the page has loaded, adds a hidden iframe that loads `url()`. The page's load
 * event has fired by then, so the page finishes loading while the iframe's response goes on. The iframe's own load
 * event says that its response has ended: the page then shows `ended`, or reconnects when `reconnect` is true
 * (after 0.5 s, doubling up to 8 s while nothing arrives; the page's callbacks call `showStatus('live')`).
 */
const cometScript = html`${statusScript}<script>
  var openComet = function (url, reconnect) {
    var wait = 500
    window.addEventListener('load', function () {
      var frame = document.createElement('iframe')
      frame.id = 'comet'
      frame.title = 'Comet stream'
      frame.hidden = true
      frame.addEventListener('load', function () {
        // the iframe's first, empty document (a page from another origin, such as an error page, cannot be read)
        try { if (frame.contentWindow.location.href === 'about:blank') return } catch (e) {}
        if (!reconnect) return showStatus('ended')
        if (document.getElementById('status').dataset.state === 'live') wait = 500
        else wait = Math.min(wait * 2, 8000)
        showStatus('reconnecting')
        setTimeout(function () { frame.src = url() }, wait)
      })
      frame.src = url()
      document.body.appendChild(frame)
    })
  }
</script>`

const indexPage = page(
  '/',
  'play-iteratees-ts demos',
  html`Live pages pushed by the server with Play's iteratees on Node: Comet (a never-ending response in a hidden
iframe), server-sent events and WebSockets. Each page says what it demonstrates and what to look at.`,
  html`<ul class="demos">
<li><a href="/iframe">The forever iframe</a><p>Play's Comet documentation example: three messages, each a
<code>&lt;script&gt;</code> that calls <code>parent.cometMessage</code>.</p></li>
<li><a href="/clock">A live clock over Comet</a><p>One message a second, heartbeats while idle, and a response
limit after which the page reconnects.</p></li>
<li><a href="/clock-sse">The same clock over server-sent events</a><p>The browser's <code>EventSource</code> reads a
<code>text/event-stream</code> and reconnects by itself.</p></li>
<li><a href="/chat">A small chat over Comet</a><p>Open it in two windows: what one posts appears in both, and a late
joiner sees the last messages first.</p></li>
<li><a href="/chat-ws">The same chat over a WebSocket</a><p>One socket per page carries both ways, as Play's
<code>WebSocket.using</code> does; it is the same room, so what is said here appears on the Comet chat and the
reverse.</p></li>
</ul>`
)

/** Play's example: the page defines `cometMessage`, a hidden iframe streams the calls. */
const iframePage = page(
  '/iframe',
  'Comet: the forever iframe',
  html`Comet, as in Play's documentation: a hidden iframe loads <code>/iframe/comet</code>, whose response is a series
of <code>&lt;script&gt;</code> chunks calling <code>parent.cometMessage</code>. Look at the three events arriving, then
the status once the response ends.`,
  html`${statusLine}
<div class="panel"><ol class="events" id="events"></ol></div>
${cometScript}
<script>
  var cometMessage = function (event) {
    showStatus('live')
    var li = document.createElement('li')
    li.textContent = event
    document.getElementById('events').appendChild(li)
  }
  openComet(function () { return '/iframe/comet' }, false)
</script>`
)

const clockPage = page(
  '/clock',
  'A clock over Comet',
  html`Comet with a never-ending response: every second the server writes a <code>&lt;script&gt;</code> calling
<code>parent.showTime</code>, and after 64 KiB (about a quarter of an hour) it ends the response. Look at the time
ticking, and at the status when the page reconnects.`,
  html`${statusLine}
<div class="panel"><p class="clock" id="clock">--:--:--</p><p class="caption">UTC, as the server sends it</p></div>
${cometScript}
<script>
  var showTime = function (time) {
    showStatus('live')
    document.getElementById('clock').textContent = time
  }
  openComet(function () { return '/clock/comet' }, true)
</script>`
)

const clockSsePage = page(
  '/clock-sse',
  'A clock over server-sent events',
  html`Server-sent events: the browser's <code>EventSource</code> reads <code>tick</code> events from
<code>/clock/sse</code> and reconnects by itself whenever the stream ends. Look at the status: it follows
the <code>open</code> and <code>error</code> events of the <code>EventSource</code>.`,
  html`${statusLine}
<div class="panel"><p class="clock" id="clock">--:--:--</p><p class="caption">UTC, as the server sends it</p></div>
${statusScript}
<script>
  var source = new EventSource('/clock/sse')
  source.addEventListener('open', function () { showStatus('live') })
  source.addEventListener('error', function () {
    showStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting')
  })
  source.addEventListener('tick', function (e) {
    showStatus('live')
    document.getElementById('clock').textContent = e.data
  })
</script>`
)

/** The chat's log and form, the same on the Comet and the WebSocket page. */
const chatBody = html`${statusLine}
<div class="panel chat">
<ol class="log" id="log" aria-live="polite"></ol>
<p class="empty" id="empty">No messages yet: say something.</p>
</div>
<form class="say" id="say">
<input id="from" placeholder="Your name" maxlength="40" required autocomplete="nickname" aria-label="Your name">
<input id="text" placeholder="Say something" maxlength="500" required autocomplete="off" aria-label="Message">
<button>Send</button>
</form>
<p class="note" id="note" role="alert"></p>`

/**
 * `chatMessage(m)` shows a message of the room (once: `lastId` is the last id shown), and `onSay(send)` hands what
 * the form says to `send(message, fail)`, which gives false when it could not send it (the text is then kept).
 */
const chatScript = html`<script>
  var lastId = 0
  var pad = function (n) { return (n < 10 ? '0' : '') + n }
  // every part of a message is inserted as text, never as markup
  var chatMessage = function (m) {
    showStatus('live')
    if (m.id <= lastId) return
    lastId = m.id
    var at = new Date(m.at)
    var time = document.createElement('time')
    time.dateTime = m.at
    time.title = at.toLocaleString()
    time.textContent = pad(at.getHours()) + ':' + pad(at.getMinutes())
    var from = document.createElement('strong')
    from.className = 'from'
    from.textContent = m.from
    var text = document.createElement('span')
    text.className = 'text'
    text.textContent = m.text
    var li = document.createElement('li')
    li.append(time, from, text)
    var log = document.getElementById('log')
    log.appendChild(li)
    log.scrollTop = log.scrollHeight
    document.getElementById('empty').hidden = true
  }

  var sender = document.getElementById('from')
  try { sender.value = localStorage.getItem('chat-name') || '' } catch (e) {}
  var onSay = function (send) {
    document.getElementById('say').addEventListener('submit', function (e) {
      e.preventDefault()
      var text = document.getElementById('text')
      var note = document.getElementById('note')
      try { localStorage.setItem('chat-name', sender.value) } catch (e) {}
      note.textContent = ''
      var fail = function (why) { note.textContent = 'Not sent: ' + why }
      if (send({ from: sender.value, text: text.value }, fail) === false) return
      text.value = ''
      text.focus()
    })
  }
</script>`

const chatPage = page(
  '/chat',
  'Chat over Comet',
  html`A bounded broadcast over Comet: each page holds a Comet iframe subscribed to the room, and a message posted
from any page is pushed to all of them. Open this page in a second window and talk to yourself; a page that joins
late is sent the last ${HISTORY} messages first. The <a href="/chat-ws">WebSocket chat</a> is the same room.`,
  html`${chatBody}
${cometScript}
${chatScript}
<script>
  var cometOpen = function () { showStatus('live') }
  // a reconnecting iframe asks only for what this page has not shown yet
  openComet(function () { return '/chat/comet?after=' + lastId }, true)
  onSay(function (m, fail) {
    fetch('/chat/say', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(m) })
      .then(function (r) { if (!r.ok) throw new Error('the server answered ' + r.status) })
      .catch(function (err) { fail(err.message) })
  })
</script>`
)

/** Where the WebSocket chat's page opens its socket (examples/cluster.ts serves its socket there too). */
export const CHAT_SOCKET = '/chat/ws'

const wsChatPage = page(
  '/chat-ws',
  'Chat over a WebSocket',
  html`Play's <code>WebSocket.using</code>: the page opens one socket on <code>${CHAT_SOCKET}</code>; each message it
sends is a JSON frame that the server pushes to the chat's broadcast, and every message of the broadcast comes back
as a frame. It is the same room as the <a href="/chat">Comet chat</a>: open both and talk across them. A page that
joins late is sent the last ${HISTORY} messages first, and a socket that closes is reopened, asking only for what
the page has not shown yet.`,
  html`${chatBody}
${statusScript}
${chatScript}
<script data-socket="${CHAT_SOCKET}">
  var socketPath = document.currentScript.dataset.socket
  var socket
  var wait = 500
  var connect = function () {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://'
    socket = new WebSocket(scheme + location.host + socketPath + '?after=' + lastId)
    socket.onopen = function () {
      wait = 500
      showStatus('live')
    }
    socket.onmessage = function (e) { chatMessage(JSON.parse(e.data)) }
    // reopened after 0.5 s, doubling up to 8 s while it cannot connect
    socket.onclose = function () {
      showStatus('reconnecting')
      setTimeout(connect, wait)
      wait = Math.min(wait * 2, 8000)
    }
  }
  connect()
  onSay(function (m, fail) {
    if (socket.readyState !== WebSocket.OPEN) {
      fail('the connection is not open; try again in a moment')
      return false
    }
    socket.send(JSON.stringify(m))
  })
</script>`
)

// -------------------------------------------------------------------------------------
// the application
// -------------------------------------------------------------------------------------

/** Reads a small request body (at most `limit` bytes). */
export const readBody = (req: http.IncomingMessage, limit = 4096): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
      if (body.length > limit) {
        reject(new RangeError('body too large'))
        req.destroy()
      }
    })
    req.on('end', () => resolve(body))
    req.on('error', reject)
  })

/** Parses what a page posts, `{ from, text }`, or gives undefined for anything else. */
const parseChatPost = (body: string): { readonly from: string; readonly text: string } | undefined => {
  try {
    const m: unknown = JSON.parse(body)
    if (typeof m !== 'object' || m === null) return undefined
    const { from, text } = m as Record<string, unknown>
    if (typeof from !== 'string' || typeof text !== 'string') return undefined
    const name = from.trim().slice(0, 40)
    const said = text.trim().slice(0, 500)
    return name === '' || said === '' ? undefined : { from: name, text: said }
  } catch {
    return undefined
  }
}

/** The `after` query parameter: the id of the last message a page has shown (0 when absent or not a number). */
const afterParam = (req: http.IncomingMessage): number => {
  const after = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('after'))
  return Number.isSafeInteger(after) && after > 0 ? after : 0
}

/** The chat's first chunk: the default padding, then a call that tells the page its stream is open. */
const chatInitialChunk = html`${defaultInitialChunk}<script type="text/javascript">parent.cometOpen();</script>`

/**
 * The demo as a request listener and an upgrade listener (the WebSocket chat), with `closeSockets()` to close the
 * chat's sockets (1001, going away: a server stopping does it before it closes, since upgraded connections would
 * keep it open) and `close()` to end the chat's broadcast (and close the sockets).
 */
export const demoApp = () => {
  const chat = chatRoom()
  const leaving = new AbortController()
  // the same room as the Comet page: a socket is sent what its page has not shown, then every new message
  const socketChat = wsChat({
    messages: (req) => chat.since(afterParam(req)),
    say: (m) => void chat.say(m.from, m.text),
    path: CHAT_SOCKET,
    signal: leaving.signal
  })
  const routes: Record<string, (req: http.IncomingMessage) => Result | Promise<Result>> = {
    'GET /': () => Ok(indexPage),
    'GET /style.css': () => asset(stylesheet, 'text/css; charset=utf-8'),
    'GET /favicon.svg': () => asset(favicon, 'image/svg+xml'),
    'GET /favicon.ico': () => Status(204)().withHeaders({ 'Cache-Control': 'public, max-age=3600' }),
    'GET /iframe': () => Ok(iframePage),
    'GET /iframe/comet': () =>
      Ok.chunked(Enumerator('kiki', 'foo', 'bar').through(Comet({ callback: 'parent.cometMessage' }))),
    'GET /clock': () => Ok(clockPage),
    'GET /clock/comet': () =>
      Ok.chunked(
        clock(1000).through(Comet({ callback: 'parent.showTime', heartbeatMs: 15000, responseLimit: 64 * 1024 }))
      ),
    'GET /clock-sse': () => Ok(clockSsePage),
    'GET /clock/sse': () =>
      Ok.chunked(clock(1000).through(EventSource({ name: () => 'tick', heartbeatMs: 15000 }))).as('text/event-stream'),
    'GET /chat': () => Ok(chatPage),
    'GET /chat-ws': () => Ok(wsChatPage),
    'GET /chat/comet': (req) =>
      Ok.chunked(
        chat.since(afterParam(req)).through(
          Comet<ChatMessage>(
            {
              callback: 'parent.chatMessage',
              initialChunk: chatInitialChunk,
              heartbeatMs: 15000,
              responseLimit: 256 * 1024
            },
            CometMessage.json
          )
        )
      ),
    'POST /chat/say': async (req) => {
      const m = parseChatPost(await readBody(req))
      if (m === undefined) return BadRequest('expected {"from": "...", "text": "..."}, neither of them blank')
      chat.say(m.from, m.text)
      return Ok('sent')
    }
  }
  // ends the open streams with their terminal chunk when the server stops (see examples/server.ts)
  const shutdown = new GracefulShutdown()
  const listener = Action.withOptions({ shutdown })((req) => {
    const path = (req.url ?? '/').split('?')[0]
    const route = routes[`${req.method} ${path}`]
    return route === undefined ? NotFound('no such page') : route(req)
  })
  const upgrade = WebSocket.router({ [socketChat.path]: socketChat.upgrade })
  const closeSockets = (): void => leaving.abort()
  const close = (): void => {
    closeSockets()
    chat.close()
  }
  return { listener, upgrade, shutdown, closeSockets, close }
}
