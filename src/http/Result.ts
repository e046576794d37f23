/**
 * A `Result` is what an `Action` answers: a status, headers, and a body that is either whole or chunked (an
 * enumerator, written chunk by chunk as it produces). Results are immutable values: `as` and `withHeaders` give new
 * ones.
 *
 * ```ts
 * import { Enumerator } from '../Enumerator'
 * import { Ok, Status } from './Result'
 *
 * const page = Ok('hello').as('text/html; charset=utf-8').withHeaders({ 'X-Hello': 'world' })
 * assert.strictEqual(page.status, 200)
 * assert.strictEqual(page.headers['Content-Type'], 'text/html; charset=utf-8')
 * const stream = Status(202).chunked(Enumerator('kiki', 'foo', 'bar'))
 * assert.strictEqual(stream.body._tag, 'Chunked')
 * ```
 *
 * Play: `play.api.mvc.Result`, `play.api.mvc.Results`.
 *
 * @since 0.1.0
 */
import { validateHeaderName, validateHeaderValue } from 'node:http'
import type { Enumerator } from '../Enumerator'
import { type DefaultWriteable, type Writeable, forValue } from './Writeable'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Response headers: a name and its value (several values for a header that may repeat, such as `Set-Cookie`).
 * Names are compared without regard to case.
 *
 * @category model
 * @since 0.1.0
 */
export type ResponseHeaders = Readonly<Record<string, string | ReadonlyArray<string>>>

/**
 * A whole body: its bytes (a string is UTF-8), already encoded.
 *
 * @category model
 * @since 0.1.0
 */
export interface Whole {
  readonly _tag: 'Whole'
  readonly data: Uint8Array | string
}

/**
 * A chunked body: an enumerator and how its elements are written. Without a `Writeable`, each element is written by
 * its default instance (`Writeable.forValue`), and the `Content-Type` comes from the first chunk.
 *
 * @category model
 * @since 0.1.0
 */
export interface Chunked<E = unknown> {
  readonly _tag: 'Chunked'
  readonly enumerator: Enumerator<E>
  readonly writeable: Writeable<E> | undefined
}

/**
 * A response body.
 *
 * @category model
 * @since 0.1.0
 */
export type Body = Whole | Chunked

/**
 * What an action answers. Play: `play.api.mvc.Result`.
 *
 * @category model
 * @since 0.1.0
 */
export class Result {
  readonly status: number
  readonly headers: ResponseHeaders
  readonly body: Body

  /** @internal Results are made by `Status(code)` and its shorthands (`Ok`, `NotFound`, …). */
  constructor(status: number, headers: ResponseHeaders, body: Body) {
    this.status = status
    this.headers = Object.freeze({ ...headers })
    this.body = Object.freeze(body)
    Object.freeze(this)
  }

  /** The same result with this `Content-Type`. Play: `Result#as`. */
  as(contentType: string): Result {
    return this.withHeaders({ 'Content-Type': contentType })
  }

  /**
   * The same result with these headers added; a header already there (compared without regard to case) is
   * replaced. A name or value that is not valid HTTP (a CR or LF in it, …) is a `TypeError`. Play:
   * `Result#withHeaders`.
   */
  withHeaders(headers: ResponseHeaders): Result {
    return new Result(this.status, withHeaders_(this.headers, headers), this.body)
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The results with one status code: `Status(404)('not here')`, `Status(200).chunked(enumerator)`. Without a
 * `Writeable`, the body's default instance is used (`Html`, string, `Uint8Array` or fp-ts `Json`). Play:
 * `Results.Status`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Status {
  /** A whole body written by its default `Writeable`, or no body at all. Play: `Status#apply`. */
  <A extends DefaultWriteable>(body?: A): Result
  /** A whole body written by `writeable`. Play: `Status#apply`. */
  <A>(body: A, writeable: Writeable<A>): Result
  /** The status code. */
  readonly status: number
  /**
   * A chunked body: each element of `enumerator` is written as a chunk as soon as it is produced. Play:
   * `Status#chunked`.
   */
  readonly chunked: {
    <E extends DefaultWriteable>(enumerator: Enumerator<E>): Result
    <E>(enumerator: Enumerator<E>, writeable: Writeable<E>): Result
  }
}

const NO_HEADERS: ResponseHeaders = Object.freeze({})

/**
 * Headers that keep proxies and compression from holding chunks back. `Transfer-Encoding: chunked` is added by Node
 * for an HTTP/1.1 response without a `Content-Length`.
 */
const STREAMING_HEADERS: ResponseHeaders = Object.freeze({
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no'
})

/**
 * The results with status `code` (an integer from 100 to 999). Play: `Results.Status(code)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const Status = (code: number): Status => {
  if (!Number.isInteger(code) || code < 100 || code > 999) {
    throw new RangeError(`Status: an HTTP status code is an integer from 100 to 999, got ${String(code)}`)
  }
  const whole = <A>(body?: A, writeable?: Writeable<A>): Result => {
    if (body === undefined && writeable === undefined) return new Result(code, NO_HEADERS, { _tag: 'Whole', data: '' })
    const w = writeable ?? forValue(body as A)
    const data = w.toBytes(body as A)
    const headers = w.contentType === undefined ? NO_HEADERS : { 'Content-Type': w.contentType }
    return new Result(code, headers, { _tag: 'Whole', data })
  }
  const chunked = <E>(enumerator: Enumerator<E>, writeable?: Writeable<E>): Result => {
    const headers =
      writeable === undefined || writeable.contentType === undefined
        ? STREAMING_HEADERS
        : { 'Content-Type': writeable.contentType, ...STREAMING_HEADERS }
    const body: Chunked<E> = { _tag: 'Chunked', enumerator, writeable }
    return new Result(code, headers, body as unknown as Chunked)
  }
  return Object.freeze(Object.assign(whole, { status: code, chunked })) as Status
}

/**
 * `200 OK`. Play: `Results.Ok`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const Ok: Status = Status(200)

/**
 * `400 Bad Request`. Play: `Results.BadRequest`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const BadRequest: Status = Status(400)

/**
 * `404 Not Found`. Play: `Results.NotFound`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const NotFound: Status = Status(404)

/**
 * `500 Internal Server Error`. Play: `Results.InternalServerError`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const InternalServerError: Status = Status(500)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Whether `status` (or a HEAD request) allows no body: 1xx, 204 and 304. */
export const bodyless = (status: number): boolean => status < 200 || status === 204 || status === 304

// Node's own checks, with the message kept and the error thrown as a TypeError of the caller's realm.
const validate = (name: string, value: unknown): void => {
  if (typeof value !== 'string') {
    throw new TypeError(`Result.withHeaders: the value of ${JSON.stringify(name)} must be a string or strings`)
  }
  try {
    validateHeaderName(name)
    validateHeaderValue(name, value)
  } catch (e) {
    throw new TypeError(`Result.withHeaders: ${e instanceof Error ? e.message : String(e)}`)
  }
}

const withHeaders_ = (current: ResponseHeaders, added: ResponseHeaders): ResponseHeaders => {
  const out: Record<string, string | ReadonlyArray<string>> = {}
  const addedNames = new Set<string>()
  for (const name of Object.keys(added)) {
    const value: unknown = added[name]
    if (Array.isArray(value)) for (const v of value) validate(name, v)
    else validate(name, value)
    addedNames.add(name.toLowerCase())
  }
  for (const name of Object.keys(current)) {
    if (!addedNames.has(name.toLowerCase())) out[name] = current[name]
  }
  for (const name of Object.keys(added)) {
    const value = added[name]
    out[name] = typeof value === 'string' ? value : Object.freeze(value.slice())
  }
  return out
}
