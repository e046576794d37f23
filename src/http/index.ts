/**
 * HTTP on Node's `http`: `Action`, results (`Ok`, `Status`, `Ok.chunked`) and `Writeable`. The only part of the
 * library that touches `node:http`.
 *
 * @since 0.1.0
 */
export { Action, sendResult } from './Action'
export type { ActionBuilder, ActionOptions, OnError, RequestListener } from './Action'
export { clientErrorListener } from './clientError'
export { toFastify, toKoa } from './frameworks'
export { GracefulShutdown } from './GracefulShutdown'
export type { ShutdownOptions } from './GracefulShutdown'
export type { FastifyReplyLike, KoaContextLike } from './frameworks'
export { Result, Status, Ok, BadRequest, NotFound, InternalServerError } from './Result'
export type { Body, Chunked, ResponseHeaders, Whole } from './Result'
export { Writeable } from './Writeable'
export type { DefaultWriteable } from './Writeable'
