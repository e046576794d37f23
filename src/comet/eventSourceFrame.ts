/**
 * Frames of the WHATWG event-stream format (`text/event-stream`), the wire format of server-sent events.
 *
 * ```
 * event: NAME        only with a name
 * id: ID             only with an id
 * data: line 1       one data line per line of data
 * data: line 2
 *                    a blank line dispatches the event
 * ```
 *
 * Play wrote the event name as a `name:` field, which browsers ignore, so named events arrived as plain `message`
 * events; the field is `event:`. Play also dropped trailing empty lines of the data (Java's `split`); here every line
 * is kept, so the browser's `event.data` is the data that was sent, line breaks normalised to `\n`.
 *
 * Play: `play.api.libs.EventSource.Event#formatted`.
 *
 * @since 0.1.0
 */
import { show } from './scriptSafe'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One server-sent event: its data, and optionally an id and an event name.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { EventSource, type ServerSentEvent } from 'play-iteratees-ts'
 * const joined: ServerSentEvent = { data: 'kiki joined', name: 'presence', id: '42' }
 * assert.strictEqual(EventSource.event(joined), 'event: presence\nid: 42\ndata: kiki joined\n\n')
 * ```
 *
 * @play play.api.libs.EventSource.Event
 * @category model
 * @since 0.1.0
 */
export interface Event {
  /** The event's data; each of its lines becomes a `data:` line. @play play.api.libs.EventSource.Event#data */
  readonly data: string
  /** The event's id (`id:`), which a reconnecting browser sends back. @play play.api.libs.EventSource.Event#id */
  readonly id?: string
  /**
   * The event's name (`event:`); without one, the browser dispatches a `message` event.
   *
   * @play play.api.libs.EventSource.Event#name
   */
  readonly name?: string
}

// -------------------------------------------------------------------------------------
// frames
// -------------------------------------------------------------------------------------

// The format's line breaks. A field value cannot hold one, and the data is split on them.
const lineBreak = /\r\n|\r|\n/

// In a name or id, a line break would start a field of the sender's choosing (`data:`, `retry:`), and a NUL makes
// browsers ignore an id.
const fieldBreaker = /[\r\n\0]/

const checkField = (field: 'id' | 'name', value: string): string => {
  if (typeof value !== 'string' || fieldBreaker.test(value)) {
    throw new TypeError(`EventSource: an event ${field} must be a string without CR, LF or NUL, got ${show(value)}`)
  }
  return value
}

// The space after the colon is part of the format: a reader drops one space there, so a value that starts with a
// space keeps it.
const lines = (field: string, text: string): string => {
  let out = ''
  for (const line of text.split(lineBreak)) out += field + ': ' + line + '\n'
  return out
}

/**
 * An event as a frame of the event-stream format.
 *
 * `event:` (if named), `id:` (if any; it may be empty, which resets the browser's last event
 * id), then one `data:` line per line of data, then a blank line. Throws a `TypeError` naming the field when the
 * name or id holds CR, LF or NUL.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { EventSource } from 'play-iteratees-ts'
 * assert.strictEqual(EventSource.event({ data: 'line 1\r\nline 2' }), 'data: line 1\ndata: line 2\n\n')
 * assert.throws(() => EventSource.event({ data: 'x', id: '1\ndata: injected' }), TypeError)
 * ```
 *
 * @play play.api.libs.EventSource.Event#formatted
 * @category frames
 * @since 0.1.0
 */
export const formatEvent = (event: Event): string => {
  let out = ''
  if (event.name !== undefined) out += 'event: ' + checkField('name', event.name) + '\n'
  if (event.id !== undefined) out += 'id: ' + checkField('id', event.id) + '\n'
  return out + lines('data', String(event.data)) + '\n'
}

/**
 * A frame that sets the browser's reconnection delay, in milliseconds: `retry: N`.
 *
 * Throws a `TypeError` unless `ms`
 * is a non-negative safe integer (browsers ignore anything but ASCII digits).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { EventSource } from 'play-iteratees-ts'
 * assert.strictEqual(EventSource.retry(3000), 'retry: 3000\n\n')
 * assert.throws(() => EventSource.retry(1.5), TypeError)
 * ```
 *
 * @play none — Play's EventSource writes no `retry:` field
 * @category frames
 * @since 0.1.0
 */
export const formatRetry = (ms: number): string => {
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new TypeError(`EventSource: retry must be a non-negative integer of milliseconds, got ${show(ms)}`)
  }
  return 'retry: ' + ms + '\n\n'
}

/**
 * A comment frame, which browsers ignore: one `: ` line per line of text, then a blank line.
 *
 * Sent when idle, it keeps proxies and load balancers from closing the connection.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { EventSource } from 'play-iteratees-ts'
 * assert.strictEqual(EventSource.comment('still here'), ': still here\n\n')
 * ```
 *
 * @play none — Play's EventSource writes no comments
 * @category frames
 * @since 0.1.0
 */
export const formatComment = (text: string): string => lines('', String(text)) + '\n'
