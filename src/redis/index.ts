/**
 * A broadcast across processes and machines on a Redis stream, with resumption by `Last-Event-ID`: the only part of
 * the library that talks to Redis. It needs the `redis` package (an optional peer dependency) only when it is
 * given a URL; loading this entry point loads no client.
 *
 * @since 0.1.0
 */
import { EventSource } from '../comet/EventSource'
import { connect } from './RedisBroadcast'
import { cometMessage, eventSource } from './events'

export { RedisBroadcastError } from './link'
export type { RedisClientLike, ReconnectOptions } from './link'
export type {
  MessageCodec,
  RedisBroadcastOptions,
  RedisHub,
  StreamChannel,
  StreamEnumerator,
  StreamEvent,
  StreamGap,
  StreamMessage,
  StreamOptions
} from './RedisBroadcast'
export type { RequestLike } from '../comet/lastEventId'

/**
 * Broadcasts across processes on Redis streams: `connect` to Redis, then `broadcast` on a stream, as
 * `Concurrent.broadcast` does in one process.
 *
 * Every process that opens the same stream gets every message pushed by any of them, in the stream's order, each
 * with its stream id; a subscriber resumes with `messages.after(lastEventId)`. Delivery is at most once: a message
 * a subscriber's queue drops (its `overflow` policy) or pushed while its process's reader was away is lost for it,
 * unless it resumes while the stream still holds it; when the stream no longer does, it gets a `StreamGap` instead
 * of a silent loss.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, EventSource, Iteratee } from 'play-iteratees-ts'
 * import { RedisBroadcast, type StreamEvent } from 'play-iteratees-ts/redis'
 *
 * // connect({ url }) or connect({ client }), then: const [messages, channel] = await hub.broadcast('chat', t.string)
 * assert.equal(typeof RedisBroadcast.connect, 'function')
 *
 * // the helpers work without Redis: where a request resumes, and how events are written
 * const req = { headers: {}, url: '/chat/events?lastEventId=1700000000000-0' }
 * assert.equal(EventSource.lastEventId(req), '1700000000000-0')
 * assert.equal(RedisBroadcast.lastEventId, EventSource.lastEventId) // an alias, kept for compatibility
 * const events = Enumerator<StreamEvent<string>>({ _tag: 'Message', id: '1700000000001-0', value: 'hello' })
 * const frames = await events.through(EventSource(RedisBroadcast.eventSource<string>())).run(Iteratee.getChunks())
 * assert.deepEqual(frames, ['id: 1700000000001-0\ndata: hello\n\n'])
 * ```
 *
 * @play none — Play's `Concurrent.broadcast` reaches one process; this is its counterpart across processes
 */
export const RedisBroadcast = {
  /**
   * Connects to Redis (`url`, or the application's `client`); resolves with a hub, or rejects naming the address.
   *
   * @play none — Play has no Redis broadcast
   */
  connect,
  /**
   * Where a request resumes: its `Last-Event-ID` header, else its `lastEventId` query parameter. An alias of
   * `EventSource.lastEventId` (the very same function), kept for compatibility: new code calls that one.
   *
   * @play none — Play's `request.headers.get("Last-Event-ID")`
   */
  lastEventId: EventSource.lastEventId,
  /** `EventSource` options for the events: `id:` per message, an event named `gap` for the gap signal. @play none */
  eventSource,
  /** The `CometMessage` of the events: `{id, data}` per message, `{gap: {lastEventId}}` for the gap signal. @play none */
  cometMessage
} as const
