/**
 * Server-sent events: an enumeratee from events to the frames of a `text/event-stream`
 * response, in the WHATWG event-stream format (`event:`, `id:`, one `data:` line per line).
 *
 * ```ts
 * Ok.chunked(events.through(EventSource())).as('text/event-stream')
 * ```
 *
 * Play: `play.api.libs.EventSource` (whose `name:` field was a bug: the field is `event:`).
 *
 * @since 0.1.0
 */
import type { Option } from 'fp-ts/Option'
import type { Enumeratee } from '../Enumeratee'
import { chunker, utf8Length } from './chunker'
import { formatComment, formatEvent, formatRetry } from './eventSourceFrame'
import { show } from './scriptSafe'

/** An optional field of an event: a string, `undefined`, or an fp-ts `Option` (Play's extractors return one). */
export type EventField = string | undefined | Option<string>

/** How each element becomes an event. Play: `EventDataExtractor`, `EventIdExtractor`, `EventNameExtractor`. */
export interface EventSourceOptions<E> {
  /** The event's data. Default: a string as it is, anything else as JSON. */
  readonly data?: (e: E) => string
  /** The event's id (`id:`). Default: none. */
  readonly id?: (e: E) => EventField
  /** The event's name (`event:`). Default: none (a `message` event). */
  readonly name?: (e: E) => EventField
  /** Sent first: the reconnection time the browser should use (`retry:`), in milliseconds. */
  readonly retry?: number
  /** While no event comes for this long, a comment frame is sent, so proxies keep the connection. */
  readonly heartbeatMs?: number
}

const defaultData = (e: unknown): string => (typeof e === 'string' ? e : JSON.stringify(e))
const none = (): undefined => undefined
const field = (value: EventField): string | undefined =>
  value === undefined || typeof value === 'string' ? value : value._tag === 'Some' ? value.value : undefined

const HEARTBEAT = formatComment('heartbeat')

/**
 * The event-stream enumeratee. A name or id holding CR, LF or NUL is a TypeError (it would inject
 * fields). Play: `EventSource()`.
 */
const eventSource = <E>(options: EventSourceOptions<E> = {}): Enumeratee<E, string> => {
  if (options === null || typeof options !== 'object')
    throw new TypeError(`EventSource options must be an object, got ${show(options)}`)
  const data = options.data ?? defaultData
  const id = options.id ?? none
  const name = options.name ?? none
  return chunker((e: E) => formatEvent({ data: data(e), id: field(id(e)), name: field(name(e)) }), {
    heading: options.retry === undefined ? undefined : formatRetry(options.retry),
    heartbeatMs: options.heartbeatMs,
    beat: HEARTBEAT,
    size: utf8Length
  })
}

/** `EventSource(options)`, plus the frame builders `event`, `retry` and `comment`. */
export const EventSource = Object.assign(eventSource, {
  /** One event frame. */
  event: formatEvent,
  /** A `retry:` frame. */
  retry: formatRetry,
  /** A comment frame (`: text`), ignored by browsers. */
  comment: formatComment
})
