/**
 * What a Redis broadcast's events become on the wire.
 *
 * The public surface is `./index`.
 */
import { type CometMessage, fromEncoder } from '../comet/CometMessage'
import type { EventSourceOptions } from '../comet/EventSource'
import type { StreamEvent } from './RedisBroadcast'

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
