/**
 * Where a client wants its server-sent events to resume: the `Last-Event-ID` request header, else the
 * `lastEventId` query parameter. Platform-free: it reads a structural request (`headers`, `url`), which Node's
 * `IncomingMessage` is, and imports nothing from `node:http`.
 *
 * @internal The public surface is `EventSource.lastEventId` (and its alias `RedisBroadcast.lastEventId`).
 */
import { utf8Length } from './chunker'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The part of a request that says where to resume: Node's `IncomingMessage` is one (so is Express's `req`, Koa's
 * `ctx.req`, Fastify's `request.raw`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { EventSource, type RequestLike } from 'play-iteratees-ts'
 *
 * const reconnecting: RequestLike = { headers: { 'last-event-id': '1700000000000-3' }, url: '/events' }
 * assert.equal(EventSource.lastEventId(reconnecting), '1700000000000-3')
 * ```
 *
 * @play none — the request header and URL, as Play's `RequestHeader` gives them
 */
export interface RequestLike {
  /** The headers, with lower-case names (as Node gives them). */
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>
  /**
   * Each header's values, one per time it was sent (Node's `headersDistinct`, which tells a repeated header from
   * one whose value holds a comma).
   */
  readonly headersDistinct?: Readonly<Record<string, ReadonlyArray<string> | undefined>> | undefined
  /** The request's path and query. */
  readonly url?: string | undefined
}

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/** The longest id read, in UTF-8 bytes: stream ids, counters and UUIDs are far shorter. */
export const MAX_LAST_EVENT_ID_BYTES = 1024

// A browser never sends back an id holding one of them (its parser ends the field at a line break and ignores an
// id with a NUL), and `EventSource.event` refuses to write one.
const notInAnId = /[\r\n\0]/

const usable = (id: string): boolean => id !== '' && !notInAnId.test(id) && utf8Length(id) <= MAX_LAST_EVENT_ID_BYTES

/**
 * A header value as the client meant it. A browser sends the id UTF-8 encoded, and Node hands header bytes over
 * one per character (latin1): such a value is decoded back, so a non-ASCII id comes back as it was written. A value
 * that is not UTF-8 (or was decoded already) is left as it is.
 */
const fromHeaderBytes = (value: string): string => {
  let ascii = true
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c > 0xff) return value
    if (c >= 0x80) ascii = false
  }
  if (ascii) return value
  const bytes = new Uint8Array(value.length)
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i)
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return value
  }
}

/** The one id that `values` agree on, or `undefined`: none, several different ones, or one that no id can be. */
const single = (values: ReadonlyArray<string>): string | undefined => {
  const first = values[0]
  if (first === undefined) return undefined
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return undefined
  return usable(first) ? first : undefined
}

const headerValues = (req: RequestLike): ReadonlyArray<string> => {
  const distinct = req.headersDistinct?.['last-event-id']
  const raw = distinct ?? req.headers['last-event-id']
  const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw
  return values.map(fromHeaderBytes)
}

const queryValues = (url: string | undefined): ReadonlyArray<string> => {
  if (url === undefined) return []
  const q = url.indexOf('?')
  return q < 0 ? [] : new URLSearchParams(url.slice(q + 1)).getAll('lastEventId')
}

/**
 * The id after which the client wants the events, or `undefined`.
 *
 * A browser's `EventSource` sends a `Last-Event-ID` header when it reconnects, with the id of the last event it
 * received; the `lastEventId` query parameter, read when the header gives no id, is what EventSource polyfills send,
 * and what a page that reconnects by hand (or a Comet iframe) can send. A header is read as UTF-8, as browsers send
 * it (Node hands its bytes over as latin1). A value that no id can be counts as absent, and the query parameter is
 * looked at next: an empty one (an empty id resets the browser's last id), one longer than 1 KiB in UTF-8, one
 * holding CR, LF or NUL (no event id can hold them), and a header, or a parameter, repeated with different values
 * (which one to trust?); the same value repeated is that value. `req` is Node's request (Express's `req`, Koa's
 * `ctx.req`, Fastify's `request.raw`), or any `{ headers, url }`.
 */
export const lastEventId = (req: RequestLike): string | undefined =>
  single(headerValues(req)) ?? single(queryValues(req.url))
