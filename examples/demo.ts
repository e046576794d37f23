/**
 * The demo application (`npm start`): Play's Comet documentation in TypeScript, on Node's http.
 *
 * - `/`             an index of the demos
 * - `/iframe`       the forever-iframe page of Play's Comet docs: `kiki`, `foo`, `bar` reach `parent.cometMessage`
 * - `/clock`        a live clock over Comet (heartbeats, and a response limit after which the page reconnects)
 * - `/clock-sse`    the same clock over server-sent events
 * - `/chat`         a small chat: what one browser posts appears in every open page, through a bounded broadcast
 */
import * as http from 'node:http'
import { some } from 'fp-ts/Option'
import {
  Action,
  BadRequest,
  Comet,
  CometMessage,
  Concurrent,
  Enumerator,
  EventSource,
  html,
  type Html,
  NotFound,
  Ok,
  type Result
} from '../src'

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

/** A chat message, as the pages receive it. */
interface ChatMessage {
  readonly [key: string]: string
  readonly from: string
  readonly text: string
}

/** The chat room: one bounded broadcast, so a slow or stalled page never delays the others. */
const chatRoom = () => {
  const [messages, channel] = Concurrent.broadcast<ChatMessage>({ bufferSize: 100, overflow: 'dropOldest' })
  return { messages, say: (m: ChatMessage) => channel.push(m), close: () => channel.end() }
}

// -------------------------------------------------------------------------------------
// pages
// -------------------------------------------------------------------------------------

const page = (title: string, body: Html): Html => html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;line-height:1.5}
#events li,#log li{font-family:monospace}.clock{font-size:3rem;font-family:monospace}</style></head>
<body><h1>${title}</h1>${body}<p><a href="/">All demos</a></p></body></html>`

const indexPage = page(
  'play-iteratees-ts demos',
  html`<ul>
<li><a href="/iframe">The forever iframe</a> (Play's Comet documentation example)</li>
<li><a href="/clock">A live clock over Comet</a></li>
<li><a href="/clock-sse">The same clock over server-sent events</a></li>
<li><a href="/chat">A small chat</a> (open it in two windows)</li>
</ul>`
)

/** Play's example: the page defines `cometMessage`, a hidden iframe streams the calls. */
const iframePage = page(
  'Comet: the forever iframe',
  html`<p>Events received by <code>parent.cometMessage</code>:</p>
<ul id="events"></ul>
<script>
  var cometMessage = function (event) {
    var li = document.createElement('li')
    li.textContent = event
    document.getElementById('events').appendChild(li)
  }
</script>
<iframe id="comet" src="/iframe/comet" hidden></iframe>`
)

/** An iframe that reloads itself when its response ends (after the response limit), so the page keeps going. */
const reconnectingIframe = (src: string): Html => html`<iframe id="comet" src="${src}" hidden></iframe>
<script>
  document.getElementById('comet').addEventListener('load', function () {
    var frame = this
    setTimeout(function () { frame.src = frame.src }, 500)
  })
</script>`

const clockPage = page(
  'A clock over Comet',
  html`<p class="clock" id="clock">--:--:--</p>
<script>var showTime = function (time) { document.getElementById('clock').textContent = time }</script>
${reconnectingIframe('/clock/comet')}`
)

const clockSsePage = page(
  'A clock over server-sent events',
  html`<p class="clock" id="clock">--:--:--</p>
<script>
  new EventSource('/clock/sse').addEventListener('tick', function (e) {
    document.getElementById('clock').textContent = e.data
  })
</script>`
)

const chatPage = page(
  'Chat',
  html`<form id="say"><input id="from" placeholder="your name" size="10" required>
<input id="text" placeholder="say something" size="30" required autocomplete="off"> <button>Send</button></form>
<ul id="log"></ul>
<script>
  var chatMessage = function (m) {
    var li = document.createElement('li')
    li.textContent = m.from + ': ' + m.text
    document.getElementById('log').appendChild(li)
  }
  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault()
    var text = document.getElementById('text')
    fetch('/chat/say', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: document.getElementById('from').value, text: text.value }) })
    text.value = ''
  })
</script>
${reconnectingIframe('/chat/comet')}`
)

// -------------------------------------------------------------------------------------
// the application
// -------------------------------------------------------------------------------------

/** Reads a small request body (at most `limit` bytes). */
const readBody = (req: http.IncomingMessage, limit = 4096): Promise<string> =>
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

/** Parses a chat message, or gives undefined for anything else. */
const parseChatMessage = (text: string): ChatMessage | undefined => {
  try {
    const m: unknown = JSON.parse(text)
    if (typeof m !== 'object' || m === null) return undefined
    const { from, text: said } = m as Record<string, unknown>
    if (typeof from !== 'string' || typeof said !== 'string' || from === '' || said === '') return undefined
    return { from: from.slice(0, 40), text: said.slice(0, 500) }
  } catch {
    return undefined
  }
}

/** The demo as a request listener, with `close()` to end the chat's broadcast. */
export const demoApp = () => {
  const chat = chatRoom()
  const routes: Record<string, (req: http.IncomingMessage) => Result | Promise<Result>> = {
    'GET /': () => Ok(indexPage),
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
    'GET /chat/comet': () =>
      Ok.chunked(
        chat.messages.through(
          Comet<ChatMessage>(
            { callback: 'parent.chatMessage', heartbeatMs: 15000, responseLimit: 256 * 1024 },
            CometMessage.json
          )
        )
      ),
    'POST /chat/say': async (req) => {
      const m = parseChatMessage(await readBody(req))
      if (m === undefined) return BadRequest('expected {"from": "...", "text": "..."}')
      chat.say(m)
      return Ok('sent')
    }
  }
  const listener = Action((req) => {
    const path = (req.url ?? '/').split('?')[0]
    const route = routes[`${req.method} ${path}`]
    return route === undefined ? NotFound('no such page') : route(req)
  })
  return { listener, close: chat.close }
}
