/**
 * The demo chat over a WebSocket: the socket a chat page talks to, on the chat's broadcast, so that what is said on
 * the WebSocket page appears on the Comet page and the reverse. `examples/demo.ts` wires it in with the demo's chat
 * room (and `examples/cluster.ts` with the room on Redis), and serves the page (`/chat-ws`):
 *
 * ```text
 *   const socketChat = wsChat({
 *     messages: (req) => chat.since(afterParam(req)),
 *     say: (m) => chat.say(m.from, m.text)
 *   })
 *   routes:   'GET /chat-ws': () => Ok(wsChatPage)            (the page opens a socket on socketChat.path)
 *   server:   server.on('upgrade', WebSocket.router({ [socketChat.path]: socketChat.upgrade }))
 * ```
 *
 * In: JSON `{ "from": "...", "text": "..." }` text frames, checked as the demo's POST checks them (both trimmed and
 * non-empty, `from` cut to 40 characters, `text` to 500); anything else closes the socket with 1007 (1003 for a
 * binary frame). Out: every message of the broadcast as JSON: `from` and `text`, and `id` and `at` when the messages
 * carry them (the demo numbers its messages, so that a page which reconnects with `?after=<id>` is sent only what it
 * has not shown yet).
 */
import type { IncomingMessage } from 'node:http'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as t from 'io-ts'
import { type Enumerator, FrameFormatter, Iteratee, type OnError, type UpgradeListener, WebSocket } from '../src'

/** A chat message, as every page of the demo shows it. */
export interface ChatMessage {
  readonly from: string
  readonly text: string
}

/** What a socket sends besides `from` and `text`, when the broadcast's messages have them. */
interface Numbered {
  /** The message's number in the room, increasing: a page that reconnects asks for what follows it. */
  readonly id?: unknown
  /** When the server took the message (ISO 8601). */
  readonly at?: unknown
}

/** What the chat needs from the demo: its broadcast of messages, and how to say something to everybody. */
export interface WsChatOptions<M extends ChatMessage> {
  /**
   * What a socket is sent: every message said from now on, on any page (the demo's bounded broadcast), or a function
   * of the upgrade request giving it (the demo's: the last messages the page has not shown yet, then the broadcast).
   */
  readonly messages: Enumerator<M> | ((req: IncomingMessage) => Enumerator<M>)
  /** Says a message to everybody: pushes it to the broadcast. */
  readonly say: (message: ChatMessage) => void
  /** The socket's path (default `/chat/ws`). */
  readonly path?: string
  /** Where the sockets' failures and refused messages go (default: `Action.onError`, the demo's log). */
  readonly onError?: OnError
  /** Closes every socket with 1001 (going away) when it aborts, and refuses new ones (the server is stopping). */
  readonly signal?: AbortSignal
}

export interface WsChat {
  /** The socket's path, for `WebSocket.router`. */
  readonly path: string
  /** The socket: a listener for the server's `'upgrade'` event (give it to a router under `path`). */
  readonly upgrade: UpgradeListener
}

const Said = t.type({ from: t.string, text: t.string })

/** What a page sends: JSON, with both fields non-empty; the demo's limits on their lengths. */
const incoming: FrameFormatter<ChatMessage> = pipe(
  FrameFormatter.jsonFrame(Said),
  FrameFormatter.imap(
    (m) => {
      const from = m.from.trim()
      const text = m.text.trim()
      if (from === '' || text === '') throw new TypeError('from and text must not be empty')
      return { from: from.slice(0, 40), text: text.slice(0, 500) }
    },
    (m: ChatMessage) => m
  )
)

/** What a page receives: `from` and `text` as JSON, with `id` and `at` when the message has them; nothing else. */
const outgoing = <M extends ChatMessage>(): FrameFormatter<M> =>
  FrameFormatter.of(
    (m: M) => {
      const { id, at } = m as Numbered
      return JSON.stringify({ id, at, from: m.from, text: m.text })
    },
    () => E.left(FrameFormatter.unsupported('this side only sends'))
  )

/**
 * The chat's socket. Each socket says what its page sends (`say`) and sends what the broadcast carries; a page that
 * goes away lets its subscription go at once, and a silent one is pinged every 30 s (proxies close idle connections),
 * then cut if it does not answer.
 */
export const wsChat = <M extends ChatMessage>(options: WsChatOptions<M>): WsChat => {
  const path = options.path ?? '/chat/ws'
  const messages = options.messages
  const upgrade = WebSocket.using(
    (req) => [
      Iteratee.foreach<ChatMessage>((m) => options.say(m)),
      typeof messages === 'function' ? messages(req) : messages
    ],
    { in: incoming, out: outgoing<M>() },
    {
      keepAliveMs: 30_000,
      maxMessageSize: 4096,
      ...(options.onError === undefined ? {} : { onError: options.onError }),
      ...(options.signal === undefined ? {} : { signal: options.signal })
    }
  )
  return { path, upgrade }
}
