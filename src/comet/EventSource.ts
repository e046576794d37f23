/**
 * Server-sent events: an enumeratee from events to the frames of a `text/event-stream`
 * response, in the WHATWG event-stream format (`event:`, `id:`, one `data:` line per line).
 *
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, EventSource, Ok } from 'play-iteratees-ts'
 * const events = Enumerator('kiki', 'foo')
 * const result = Ok.chunked(events.through(EventSource())).as('text/event-stream')
 * assert.strictEqual(result.headers['Content-Type'], 'text/event-stream')
 * ```
 *
 * Play: `play.api.libs.EventSource` (whose `name:` field was a bug: the field is `event:`).
 *
 * @since 0.1.0
 */
import type { Option } from 'fp-ts/Option'
import type { Enumeratee } from '../Enumeratee'
import type { Rendering } from '../internal/shared'
import { chunker, utf8Length } from './chunker'
import { formatComment, formatEvent, formatRetry } from './eventSourceFrame'
import { lastEventId as readLastEventId } from './lastEventId'
import { show } from './scriptSafe'

/**
 * An optional field of an event: a string, `undefined`, or an fp-ts `Option` (Play's extractors return one).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumerator, EventSource, Iteratee, type EventField } from 'play-iteratees-ts'
 * // the name as Play's extractors give it: an Option
 * const nameOf = (line: string): EventField => (line.startsWith('!') ? some('alert') : none)
 * const frames = await Enumerator('!fire', 'calm').through(EventSource({ name: nameOf })).run(Iteratee.getChunks())
 * assert.deepStrictEqual(frames, ['event: alert\ndata: !fire\n\n', 'data: calm\n\n'])
 * ```
 *
 * @play none — Play's extractors return `Option[String]`; a string or `undefined` is accepted too
 */
export type EventField = string | undefined | Option<string>

/**
 * How each element becomes an event, plus a `retry:` frame and heartbeats for the stream.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, EventSource, Iteratee, type EventSourceOptions } from 'play-iteratees-ts'
 * interface Order { readonly id: number; readonly status: string }
 * const orders: EventSourceOptions<Order> = {
 *   data: (o) => o.status,
 *   id: (o) => String(o.id), // a reconnecting browser sends it back as Last-Event-ID
 *   name: () => 'order',
 *   retry: 5000,
 *   heartbeatMs: 20_000
 * }
 * const frames = await Enumerator<Order>({ id: 7, status: 'shipped' })
 *   .through(EventSource(orders))
 *   .run(Iteratee.getChunks())
 * assert.deepStrictEqual(frames, ['retry: 5000\n\n', 'event: order\nid: 7\ndata: shipped\n\n'])
 * ```
 *
 * @play play.api.libs.EventSource.apply — its implicit `EventDataExtractor`, `EventIdExtractor`, `EventNameExtractor`
 */
export interface EventSourceOptions<E> {
  /**
   * The event's data. Default: a string as it is, anything else as JSON.
   *
   * @play play.api.libs.EventSource.EventDataExtractor
   */
  readonly data?: (e: E) => string
  /** The event's id (`id:`). Default: none. @play play.api.libs.EventSource.EventIdExtractor */
  readonly id?: (e: E) => EventField
  /**
   * The event's name (`event:`). Default: none (a `message` event).
   *
   * @play play.api.libs.EventSource.EventNameExtractor
   */
  readonly name?: (e: E) => EventField
  /**
   * Sent first: the reconnection time the browser should use (`retry:`), in milliseconds. Default: none, as in
   * Play (`EventSource.live`: 2000).
   *
   * @play none — Play's EventSource writes no `retry:` field
   */
  readonly retry?: number
  /**
   * While no event comes for this long, a comment frame is sent, so proxies keep the connection. Default: none, as
   * in Play (`EventSource.live`: 10 000).
   *
   * @play none — Play's EventSource sends no heartbeat
   */
  readonly heartbeatMs?: number
}

const defaultData = (e: unknown): string => (typeof e === 'string' ? e : JSON.stringify(e))
const none = (): undefined => undefined
const field = (value: EventField): string | undefined =>
  value === undefined || typeof value === 'string' ? value : value._tag === 'Some' ? value.value : undefined

const HEARTBEAT = formatComment('heartbeat')

/**
 * How EventSource renders an element: the frame of its event. Two EventSources with the same `data`, `id` and `name`
 * functions (the defaults included) render alike, so a broadcast element is rendered once for all the responses that
 * stream it with them (see ../internal/shared), even though each response builds its own EventSource.
 */
class EventRendering<E> implements Rendering<E, string> {
  constructor(
    private readonly data: (e: E) => string,
    private readonly id: (e: E) => EventField,
    private readonly name: (e: E) => EventField
  ) {}
  render(e: E): string {
    return formatEvent({ data: this.data(e), id: field(this.id(e)), name: field(this.name(e)) })
  }
  sameAs(other: Rendering<unknown, unknown>): boolean {
    return (
      other instanceof EventRendering && other.data === this.data && other.id === this.id && other.name === this.name
    )
  }
}

/**
 * The event-stream enumeratee: each element becomes the frame of one event.
 *
 * A name or id holding CR, LF or NUL is a TypeError (it would inject fields).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, EventSource, Iteratee } from 'play-iteratees-ts'
 * const events = Enumerator<unknown>('hello', 'two\nlines', { n: 1 }) // not a string: sent as JSON
 * const frames = await events.through(EventSource()).run(Iteratee.getChunks())
 * assert.deepStrictEqual(frames, ['data: hello\n\n', 'data: two\ndata: lines\n\n', 'data: {"n":1}\n\n'])
 * ```
 *
 * @play play.api.libs.EventSource.apply
 */
const eventSource = <E>(options: EventSourceOptions<E> = {}): Enumeratee<E, string> => {
  checkOptions('EventSource', options)
  const data = options.data ?? defaultData
  const id = options.id ?? none
  const name = options.name ?? none
  return chunker(new EventRendering(data, id, name), {
    name: 'EventSource',
    // served as such by `Ok.chunked` without `.as(...)`: a browser's EventSource refuses any other type
    contentType: 'text/event-stream; charset=utf-8',
    heading: options.retry === undefined ? undefined : formatRetry(options.retry),
    heartbeatMs: options.heartbeatMs,
    beat: HEARTBEAT,
    size: utf8Length
  })
}

const checkOptions = (where: string, options: unknown): void => {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`${where} options must be an object, got ${show(options)}`)
}

/**
 * The `retry` and `heartbeatMs` that `EventSource.live` uses when not given: a reconnection after 2 seconds, a
 * comment frame after 10 seconds without an event (better-sse's defaults).
 *
 * 2 seconds is quicker than browsers' own delay (3 seconds in Chrome, 5 in Firefox) yet no storm of reconnections;
 * 10 seconds is well under the idle timeouts of common proxies and load balancers (60 seconds by default for nginx
 * and AWS ALB, 55 for Heroku).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, EventSource, Iteratee } from 'play-iteratees-ts'
 * assert.deepEqual(EventSource.liveDefaults, { retry: 2000, heartbeatMs: 10_000 })
 * // the reconnection delay of live streams, without their heartbeat
 * const sse = EventSource<string>({ retry: EventSource.liveDefaults.retry })
 * assert.deepEqual(await Enumerator('a').through(sse).run(Iteratee.getChunks()), ['retry: 2000\n\n', 'data: a\n\n'])
 * ```
 *
 * @play none — Play's EventSource writes neither `retry:` nor heartbeats
 */
const liveDefaults: { readonly retry: number; readonly heartbeatMs: number } = Object.freeze({
  retry: 2000,
  heartbeatMs: 10_000
})

/**
 * `EventSource(options)` for a long-lived stream served to browsers: a `retry: 2000` frame first, and a `: heartbeat`
 * comment after 10 seconds without a frame, unless `options` say otherwise (`undefined` means not given).
 *
 * `EventSource()` itself keeps Play's frames to the byte (Play writes no `retry:` and no heartbeat), so code ported
 * from Play sends what it sent; `live` is the preset for what Play leaves out: a quick reconnection after a dropped
 * connection, and a stream that proxies do not close while it is idle. Its heartbeat timer is per response, as with
 * any `heartbeatMs`: build it inside the `Action`. For a stream without heartbeats, use `EventSource({ retry })`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Concurrent, EventSource, Iteratee } from 'play-iteratees-ts'
 * const [updates, channel] = Concurrent.broadcast<string>()
 * const frames: Array<string> = []
 * // live, with a 10 ms heartbeat instead of 10 s
 * const sse = EventSource.live<string>({ heartbeatMs: 10 })
 * const done = updates.through(sse).run(Iteratee.foreach((f: string) => void frames.push(f)))
 * while (frames.length < 2) await new Promise((resolve) => setTimeout(resolve, 10))
 * channel.push('update')
 * channel.eofAndEnd()
 * await done
 * assert.deepEqual(frames.slice(0, 2), ['retry: 2000\n\n', ': heartbeat\n\n'])
 * assert.equal(frames[frames.length - 1], 'data: update\n\n')
 * ```
 *
 * @play none — Play's EventSource has no retry nor heartbeat; the defaults are better-sse's
 */
const live = <E>(options: EventSourceOptions<E> = {}): Enumeratee<E, string> => {
  checkOptions('EventSource.live', options)
  return eventSource({
    ...options,
    retry: options.retry ?? liveDefaults.retry,
    heartbeatMs: options.heartbeatMs ?? liveDefaults.heartbeatMs
  })
}

/**
 * One event frame: `event:`, `id:`, then one `data:` line per line of data.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { EventSource } from 'play-iteratees-ts'
 * const frame = EventSource.event({ data: 'a\nb', name: 'note', id: '3' })
 * assert.strictEqual(frame, 'event: note\nid: 3\ndata: a\ndata: b\n\n')
 * ```
 *
 * @play play.api.libs.EventSource.Event#formatted
 */
const event = formatEvent

/** A `retry:` frame. @play none — Play's EventSource writes no `retry:` field */
const retry = formatRetry

/** A comment frame (`: text`), ignored by browsers. @play none — Play's EventSource writes no comments */
const comment = formatComment

/**
 * Where the client wants the stream to resume: its `Last-Event-ID` header, else its `lastEventId` query parameter.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { EventSource } from 'play-iteratees-ts'
 * assert.equal(EventSource.lastEventId({ headers: { 'last-event-id': '41' }, url: '/events?lastEventId=7' }), '41')
 * assert.equal(EventSource.lastEventId({ headers: {}, url: '/events?lastEventId=7' }), '7')
 * assert.equal(EventSource.lastEventId({ headers: { 'last-event-id': '' }, url: '/events' }), undefined)
 * assert.equal(EventSource.lastEventId({ headers: {}, url: '/events?lastEventId=a%0Ab' }), undefined)
 * ```
 *
 * @play none — Play reads `request.headers.get("Last-Event-ID")` by hand
 */
const lastEventId = readLastEventId

/**
 * Server-sent events: `EventSource(options)`, the enumeratee from elements to event-stream frames.
 *
 * Plus `live(options)`, the preset with a `retry:` frame and heartbeats (`liveDefaults`); the frame builders
 * `event`, `retry` and `comment`; and `lastEventId(req)`, where a reconnecting client wants to resume.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Enumerator, EventSource, Ok } from 'play-iteratees-ts'
 * interface Tick { readonly n: number }
 * const ticks = Enumerator<Tick>({ n: 1 }, { n: 2 })
 * const stream = Action(() =>
 *   Ok.chunked(ticks.through(EventSource({ id: (t: Tick) => String(t.n), retry: 2000 }))).as('text/event-stream')
 * )
 * const server = createServer(stream)
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const response = await fetch(`http://127.0.0.1:${port}/`)
 * assert.strictEqual(response.headers.get('content-type'), 'text/event-stream')
 * assert.strictEqual(await response.text(), 'retry: 2000\n\nid: 1\ndata: {"n":1}\n\nid: 2\ndata: {"n":2}\n\n')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play play.api.libs.EventSource
 */
export const EventSource = Object.assign(eventSource, {
  live,
  liveDefaults,
  event,
  retry,
  comment,
  lastEventId
} as const)
