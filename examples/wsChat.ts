/**
 * The demo chat over a WebSocket: a page and the socket it talks to, on the chat's broadcast, so that what is said
 * here appears on the Comet and SSE pages and the reverse. It is a module of its own, to be wired into the demo
 * (`examples/demo.ts`) with the demo's broadcast:
 *
 * ```text
 *   const socketChat = wsChat({ messages: chat.messages, say: chat.say })
 *   routes:   'GET /chat-ws': () => Ok(socketChat.page)
 *   server:   server.on('upgrade', WebSocket.router({ [socketChat.path]: socketChat.upgrade }))
 * ```
 *
 * In: JSON `{ "from": "...", "text": "..." }` text frames, checked as the demo's POST checks them (both non-empty,
 * `from` cut to 40 characters, `text` to 500); anything else closes the socket with 1007 (1003 for a binary frame).
 * Out: every message of the broadcast, as the same JSON. The page reconnects a second after its socket closes.
 */
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as t from 'io-ts'
import {
  type Enumerator,
  FrameFormatter,
  type Html,
  Iteratee,
  type OnError,
  type UpgradeListener,
  WebSocket,
  html
} from '../src'

/** A chat message, as every page of the demo shows it. */
export interface ChatMessage {
  readonly from: string
  readonly text: string
}

/** What the chat needs from the demo: its broadcast of messages, and how to say something to everybody. */
export interface WsChatOptions<M extends ChatMessage> {
  /** Every message said from now on, on any page (the demo's bounded broadcast). */
  readonly messages: Enumerator<M>
  /** Says a message to everybody: pushes it to the broadcast. */
  readonly say: (message: ChatMessage) => void
  /** The socket's path (default `/chat/ws`). */
  readonly path?: string
  /** Where the sockets' failures and refused messages go (default: `Action.onError`, the demo's log). */
  readonly onError?: OnError
}

export interface WsChat {
  /** The socket's path, for `WebSocket.router`. */
  readonly path: string
  /** The socket: a listener for the server's `'upgrade'` event (give it to a router under `path`). */
  readonly upgrade: UpgradeListener
  /** The page. */
  readonly page: Html
}

const Said = t.type({ from: t.string, text: t.string })

/** What a page sends: JSON, with both fields non-empty; the demo's limits on their lengths. */
const incoming: FrameFormatter<ChatMessage> = pipe(
  FrameFormatter.jsonFrame(Said),
  FrameFormatter.imap(
    (m) => {
      if (m.from === '' || m.text === '') throw new TypeError('from and text must not be empty')
      return { from: m.from.slice(0, 40), text: m.text.slice(0, 500) }
    },
    (m: ChatMessage) => m
  )
)

/** What a page receives: the message's two fields as JSON, whatever else the demo's messages carry. */
const outgoing = <M extends ChatMessage>(): FrameFormatter<M> =>
  FrameFormatter.of(
    (m: M) => JSON.stringify({ from: m.from, text: m.text }),
    () => E.left(FrameFormatter.unsupported('this side only sends'))
  )

const chatPage = (path: string): Html => html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Chat over a WebSocket</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;line-height:1.5}
#log li{font-family:monospace}#state{color:#666}</style></head>
<body><h1>Chat over a WebSocket</h1>
<form id="say"><input id="from" placeholder="your name" size="10" required>
<input id="text" placeholder="say something" size="30" required autocomplete="off"> <button>Send</button></form>
<p id="state">connecting…</p>
<ul id="log" data-socket="${path}"></ul>
<script>
  var log = document.getElementById('log')
  var state = document.getElementById('state')
  var socket
  var connect = function () {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + log.dataset.socket)
    socket.onopen = function () { state.textContent = 'connected' }
    socket.onmessage = function (e) {
      var m = JSON.parse(e.data)
      var li = document.createElement('li')
      li.textContent = m.from + ': ' + m.text
      log.appendChild(li)
    }
    socket.onclose = function () {
      state.textContent = 'reconnecting…'
      setTimeout(connect, 1000)
    }
  }
  connect()
  document.getElementById('say').addEventListener('submit', function (e) {
    e.preventDefault()
    var text = document.getElementById('text')
    if (socket.readyState !== WebSocket.OPEN) return
    socket.send(JSON.stringify({ from: document.getElementById('from').value, text: text.value }))
    text.value = ''
  })
</script>
<p><a href="/">All demos</a></p></body></html>`

/**
 * The chat's socket and page. Each socket says what its page sends (`say`) and sends what the broadcast carries; a
 * page that goes away lets its subscription go at once, and a silent one is pinged every 30 s (proxies close idle
 * connections), then cut if it does not answer.
 */
export const wsChat = <M extends ChatMessage>(options: WsChatOptions<M>): WsChat => {
  const path = options.path ?? '/chat/ws'
  const upgrade = WebSocket.using(
    () => [Iteratee.foreach<ChatMessage>((m) => options.say(m)), options.messages],
    { in: incoming, out: outgoing<M>() },
    {
      keepAliveMs: 30_000,
      maxMessageSize: 4096,
      ...(options.onError === undefined ? {} : { onError: options.onError })
    }
  )
  return { path, upgrade, page: chatPage(path) }
}
