/**
 * play-iteratees-ts: Play Framework 2.4's iteratees, Comet, server-sent events and WebSockets, in TypeScript.
 *
 * @since 0.1.0
 * @module play-iteratees-ts
 */
export { Input } from './Input'
export type { El, Empty, EOF } from './Input'
export { Step } from './Step'
export type { K } from './Step'
export { Iteratee, Done, Cont, Err } from './Iteratee'
export { Enumerator } from './Enumerator'
export type { ApplyOptions } from './Enumerator'
export type { ReadableStreamLike } from './streams'
export { Enumeratee } from './Enumeratee'
export { IterateeError } from './IterateeError'
export { Concurrent } from './Concurrent'
export type { Channel, BroadcastChannel, BroadcastOptions, Overflow, Broadcaster, PatchPanel } from './Concurrent'
export { Comet, CometMessage, EventSource, Html, HtmlFormat, html, isHtml, defaultInitialChunk } from './comet'
export type {
  CometOptions,
  EventSourceOptions,
  EventField,
  ServerSentEvent,
  RequestLike,
  HtmlInterpolation,
  JsonCompatible
} from './comet'
export { Action, Result, Status, Ok, BadRequest, NotFound, InternalServerError, Writeable } from './http'
export type { ActionBuilder, ActionOptions, OnError, RequestListener, DefaultWriteable } from './http'
export { Parsing } from './Parsing'
export type { MatchInfo, Matched, Unmatched } from './Parsing'
export { Traversable } from './Traversable'
export type { TraversableLike, ElementOf } from './Traversable'
export { CharEncoding } from './CharEncoding'
export { sendResult, clientErrorListener, toFastify, toKoa, GracefulShutdown } from './http'
export type { ShutdownOptions } from './http'
export type { FastifyReplyLike, KoaContextLike } from './http'
export { WebSocket, FrameFormatter } from './websocket'
export type {
  Frame,
  FrameError,
  Invalid,
  Unsupported,
  JsonCodec,
  Formatters,
  UpgradeListener,
  WebSocketOptions
} from './websocket'
export type { Body, Chunked, ResponseHeaders, Whole } from './http'
