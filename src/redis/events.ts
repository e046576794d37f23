/**
 * What a Redis broadcast's events become on the wire, and where a request says where to resume.
 *
 * The public surface is `./index`.
 */
import { type CometMessage, fromEncoder } from '../comet/CometMessage'
import type { EventSourceOptions } from '../comet/EventSource'
import type { StreamEvent } from './RedisBroadcast'

/**
 * The part of a request that says where to resume: Node's `IncomingMessage` is one.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { RedisBroadcast, type RequestLike } from 'play-iteratees-ts/redis'
 *
 * const reconnecting: RequestLike = { headers: { 'last-event-id': '1700000000000-3' }, url: '/events' }
 * assert.equal(RedisBroadcast.lastEventId(reconnecting), '1700000000000-3')
 * ```
 *
 * @play none — the request header and URL, as Play's `RequestHeader` gives them
 */
export interface RequestLike {
  /** The headers, with lower-case names (as Node gives them). */
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /** The request's path and query. */
  readonly url?: string | undefined
}

/**
 * Where the client wants to resume: its `Last-Event-ID` header (a browser's `EventSource` sends it when it
 * reconnects), else its `lastEventId` query parameter (what a Comet page, an `EventSource` polyfill or a first
 * connection can send); undefined when it has neither.
 */
export const lastEventId = (req: RequestLike): string | undefined => {
  const header = req.headers['last-event-id']
  const h = typeof header === 'string' ? header : header?.[0]
  if (h !== undefined && h !== '') return h
  const url = req.url ?? ''
  const q = url.indexOf('?')
  if (q < 0) return undefined
  const v = new URLSearchParams(url.slice(q + 1)).get('lastEventId')
  return v === null || v === '' ? undefined : v
}

/** What JSON makes of an encoded value; EventSource's default data for a value with no encoder. */
const dataOf = (u: unknown): string => (typeof u === 'string' ? u : JSON.stringify(u))

/**
 * `EventSource` options for a Redis broadcast's events: a message is an event with its stream id as `id:`, the gap
 * signal an event named `gap` whose data is `{"lastEventId": "..."}`. A message's data is the JSON of
 * `encoder.encode(value)` when an encoder (the stream's codec) is given, else the value as `EventSource` writes it
 * by default (a string as it is, anything else as JSON).
 */
export const eventSource = <A>(encoder?: {
  readonly encode: (a: A) => unknown
}): EventSourceOptions<StreamEvent<A>> => ({
  id: (e) => (e._tag === 'Message' ? e.id : undefined),
  name: (e) => (e._tag === 'Gap' ? 'gap' : undefined),
  data: (e) =>
    e._tag === 'Gap'
      ? JSON.stringify({ lastEventId: e.lastEventId })
      : encoder === undefined
        ? dataOf(e.value)
        : JSON.stringify(encoder.encode(e.value))
})

/**
 * The `CometMessage` of a Redis broadcast's events: a message is `{"id": "...", "data": ...}` (its value, or
 * `encoder.encode(value)`, as JSON), the gap signal `{"gap": {"lastEventId": "..."}}`. The page keeps the last
 * `id` and reopens its iframe with `?lastEventId=<id>` to resume.
 */
export const cometMessage = <A>(encoder?: { readonly encode: (a: A) => unknown }): CometMessage<StreamEvent<A>> =>
  fromEncoder({
    encode: (e: StreamEvent<A>) =>
      e._tag === 'Gap'
        ? { gap: { lastEventId: e.lastEventId } }
        : { id: e.id, data: encoder === undefined ? e.value : encoder.encode(e.value) }
  })
