/**
 * play-iteratees-ts: Play Framework 2.4's iteratees, Comet and server-sent events, in TypeScript.
 *
 * @since 0.1.0
 */
export { Input } from './Input'
export type { El, Empty, EOF } from './Input'
export { Step } from './Step'
export type { K } from './Step'
export { Iteratee, Done, Cont, Err } from './Iteratee'
export { Enumerator } from './Enumerator'
export { Enumeratee } from './Enumeratee'
export { IterateeError } from './IterateeError'
export { Concurrent } from './Concurrent'
export type { Channel, BroadcastOptions, Overflow } from './Concurrent'
export { Comet, CometMessage, EventSource, Html, HtmlFormat, html, isHtml, defaultInitialChunk } from './comet'
export type { CometOptions, EventSourceOptions, EventField, ServerSentEvent, HtmlInterpolation } from './comet'
