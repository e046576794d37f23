/**
 * play-iteratees-ts: Play Framework 2.4's iteratees, Comet, server-sent events and WebSockets, in TypeScript.
 *
 * @since 0.1.0
 * @module play-iteratees-ts
 */
export { Input } from './Input'
export type { El, Empty, EOF } from './Input'
export { Step } from './Step'
export type { K } from './Step'
export { Iteratee, Done, Cont, Err } from './Iteratee'
import { Enumerator as CoreEnumerator } from './Enumerator'
import { fromAsyncIterable, fromFile, fromStream, outputStream, toAsyncIterable } from './streams'
export type { ReadableStreamLike } from './streams'
/**
 * An enumerator of elements of type `E`: see `./Enumerator`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const all = <E>(e: Enumerator<E>) => e.run(Iteratee.getChunks<E>())
 * assert.deepEqual(await all(Enumerator('a', 'b')), ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator
 */
export type Enumerator<E> = CoreEnumerator<E>
/**
 * `Enumerator(...elements)` and its statics, with the Node ones of `./streams` (`fromStream`,
 * `fromFile`, `outputStream`, `fromAsyncIterable`, `toAsyncIterable`).
 *
 * Built here, without mutating `./Enumerator`'s object, so that the platform-free modules never
 * load `node:stream`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const lines = Enumerator('one', 'two').andThen(Enumerator.fromStream<string>(Readable.from(['three'])))
 * const lengths = lines.through(Enumeratee.map((line: string) => line.length))
 * assert.deepEqual(await lengths.run(Iteratee.getChunks()), [3, 3, 5])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator
 */
export const Enumerator = Object.assign(<E>(...elements: ReadonlyArray<E>) => CoreEnumerator(...elements), {
  ...CoreEnumerator,
  fromStream,
  fromFile,
  outputStream,
  fromAsyncIterable,
  toAsyncIterable
})
export { Enumeratee } from './Enumeratee'
export { IterateeError } from './IterateeError'
export { Concurrent } from './Concurrent'
export type { Channel, BroadcastOptions, Overflow, Broadcaster, PatchPanel } from './Concurrent'
export { Comet, CometMessage, EventSource, Html, HtmlFormat, html, isHtml, defaultInitialChunk } from './comet'
export type { CometOptions, EventSourceOptions, EventField, ServerSentEvent, HtmlInterpolation } from './comet'
export { Action, Result, Status, Ok, BadRequest, NotFound, InternalServerError, Writeable } from './http'
export type { ActionOptions, OnError, RequestListener, DefaultWriteable } from './http'
export { Parsing } from './Parsing'
export type { MatchInfo, Matched, Unmatched } from './Parsing'
export { Traversable } from './Traversable'
export type { TraversableLike, ElementOf } from './Traversable'
export { CharEncoding } from './CharEncoding'
export { sendResult, clientErrorListener, toFastify, toKoa } from './http'
export type { FastifyReplyLike, KoaContextLike } from './http'
export { WebSocket, FrameFormatter } from './websocket'
export type {
  Frame,
  FrameError,
  Invalid,
  Unsupported,
  JsonCodec,
  Formatters,
  UpgradeListener,
  WebSocketOptions
} from './websocket'
export type { Body, Chunked, ResponseHeaders, Whole } from './http'
