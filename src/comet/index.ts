/**
 * Comet, CometMessage, Html and EventSource: platform-free (no node:http here).
 *
 * @since 0.1.0
 */
import * as CM from './CometMessage'

export { Comet, defaultInitialChunk } from './Comet'
export type { CometOptions } from './Comet'
export { EventSource } from './EventSource'
export type { EventSourceOptions, EventField } from './EventSource'
export type { Event as ServerSentEvent } from './eventSourceFrame'
export { Html, HtmlFormat, html, isHtml } from './Html'
export type { HtmlInterpolation } from './Html'

/** The type class saying how a value becomes a JavaScript message. Play: `Comet.CometMessage`. */
export type CometMessage<A> = CM.CometMessage<A>

/** `CometMessage.of`, the `string` and `json` instances, `fromEncoder`, `contramap` and the fp-ts `Contravariant`. */
export const CometMessage = {
  of: CM.of,
  string: CM.string,
  json: CM.json,
  fromEncoder: CM.fromEncoder,
  contramap: CM.contramap,
  URI: CM.URI,
  Contravariant: CM.Contravariant
} as const
