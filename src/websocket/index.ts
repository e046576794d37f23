/**
 * WebSockets, as Play 2.4 has them: `FrameFormatter` and `WebSocket.using`, `tryAccept`, `adapter` (and a small
 * router), on Node's `'upgrade'` event. The only part of the library that touches `ws`.
 *
 * @since 0.2.0
 */
import * as FF from './FrameFormatter'
import * as WS from './WebSocket'

export type { Frame, FrameError, Invalid, JsonCodec, Unsupported } from './FrameFormatter'
export type { Formatters, UpgradeListener, WebSocketOptions } from './WebSocket'

/**
 * The type class saying how a value travels in a WebSocket frame, both ways.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const text: FrameFormatter<string> = FrameFormatter.stringFrame
 * assert.deepStrictEqual(text.fromFrame(text.toFrame('kiki')), E.right('kiki'))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter
 */
export type FrameFormatter<A> = FF.FrameFormatter<A>

/**
 * The `FrameFormatter` instances and how to make more.
 *
 * Play's `stringFrame`, `byteArrayFrame`, `mixedFrame`, `jsonFrame` and `jsonFrame(codec)` (io-ts), `transform`
 * (Play's argument order) and `imap` (fp-ts's), the fp-ts `Invariant` instance, `of` and the two refusals.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import * as E from 'fp-ts/Either'
 * import * as t from 'io-ts'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const Say = t.type({ from: t.string, text: t.string })
 * const says = FrameFormatter.jsonFrame(Say)
 * assert.deepStrictEqual(says.fromFrame('{"from":"kiki","text":"hi"}'), E.right({ from: 'kiki', text: 'hi' }))
 * const texts = pipe(says, FrameFormatter.imap((s) => s.text, (text: string) => ({ from: 'server', text })))
 * assert.strictEqual(texts.toFrame('hello'), '{"from":"server","text":"hello"}')
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter
 */
export const FrameFormatter = {
  of: FF.of,
  /** A refusal for a frame of the wrong kind (1003). @play none — Play's partial function not defined at the frame */
  unsupported: FF.unsupported,
  /** A refusal for content that cannot be read (1007). @play none — this port's */
  invalid: FF.invalid,
  /** Strings in text frames. @play play.api.mvc.WebSocket.FrameFormatter.stringFrame */
  stringFrame: FF.stringFrame,
  /** Bytes in binary frames. @play play.api.mvc.WebSocket.FrameFormatter.byteArrayFrame */
  byteArrayFrame: FF.byteArrayFrame,
  /** Text as `left`, bytes as `right`. @play play.api.mvc.WebSocket.FrameFormatter.mixedFrame */
  mixedFrame: FF.mixedFrame,
  /** JSON in text frames; `jsonFrame(codec)` for an io-ts codec. @play play.api.mvc.WebSocket.FrameFormatter.jsonFrame */
  jsonFrame: FF.jsonFrame,
  /** Play's `transform(fba, fab)`, data-last. @play play.api.mvc.WebSocket.FrameFormatter#transform */
  transform: FF.transform,
  /** The fp-ts `imap(f, g)`, data-last. @play none — fp-ts's `Invariant` */
  imap: FF.imap,
  /** The key of `FrameFormatter` in fp-ts's registry of type constructors. @play none — fp-ts plumbing */
  URI: FF.URI,
  /** The fp-ts `Invariant` instance. @play none — fp-ts type class instance */
  Invariant: FF.Invariant
} as const

/**
 * WebSocket endpoints, each a listener for Node's `'upgrade'` event: `using`, `tryAccept`, `adapter`, and `router` to
 * serve several by path.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { WebSocket as Client } from 'ws'
 * import { Enumerator, Iteratee, WebSocket } from 'play-iteratees-ts'
 *
 * // Play's example: ignore what comes in, send 'Hello!', then close (the enumerator's EOF)
 * const server = createServer()
 * server.on('upgrade', WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator('Hello!').andThen(Enumerator.eof())]))
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const client = new Client(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`)
 * const got: Array<string> = []
 * client.on('message', (m) => got.push(String(m)))
 * const [code] = await once(client, 'close')
 * assert.equal(code, 1000)
 * assert.deepEqual(got, ['Hello!'])
 * server.close()
 * ```
 *
 * @play play.api.mvc.WebSocket
 */
export const WebSocket = {
  /** An endpoint from an iteratee (in) and an enumerator (out). @play play.api.mvc.WebSocket.using */
  using: WS.using,
  /** An endpoint that may answer with an HTTP result instead. @play play.api.mvc.WebSocket.tryAccept */
  tryAccept: WS.tryAccept,
  /** An endpoint from an enumeratee, in to out. @play play.api.mvc.WebSocket.adapter */
  adapter: WS.adapter,
  /** One listener for several endpoints, by path. @play none — Play's router does this */
  router: WS.router
} as const
