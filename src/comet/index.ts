/**
 * Comet, CometMessage, Html and EventSource: platform-free (no node:http here).
 *
 * @since 0.1.0
 */
export { Comet, defaultInitialChunk } from './Comet'
export { CometMessage } from './CometMessage'
export type { JsonCompatible } from './CometMessage'
export type { CometOptions } from './Comet'
export { EventSource } from './EventSource'
export type { EventSourceOptions, EventField } from './EventSource'
export type { Event as ServerSentEvent } from './eventSourceFrame'
export type { RequestLike } from './lastEventId'
export { Html, HtmlFormat, html, isHtml } from './Html'
export type { HtmlInterpolation } from './Html'
