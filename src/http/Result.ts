/**
 * A `Result` is what an `Action` answers: a status, headers, and a body that is either whole or chunked (an
 * enumerator, written chunk by chunk as it produces). Results are immutable values: `as` and `withHeaders` give new
 * ones.
 *
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Ok, Status } from 'play-iteratees-ts'
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
 *
 * Names are compared without regard to case.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Ok, type ResponseHeaders } from 'play-iteratees-ts'
 * const headers: ResponseHeaders = { 'Set-Cookie': ['a=1', 'b=2'], 'Cache-Control': 'no-store' }
 * const result = Ok('hi').withHeaders(headers).withHeaders({ 'cache-control': 'max-age=60' })
 * assert.deepStrictEqual(result.headers['Set-Cookie'], ['a=1', 'b=2'])
 * assert.strictEqual(result.headers['cache-control'], 'max-age=60') // replaced Cache-Control
 * assert.strictEqual(result.headers['Cache-Control'], undefined)
 * ```
 *
 * @play play.api.mvc.ResponseHeader#headers
 * @category model
 * @since 0.1.0
 */
export type ResponseHeaders = Readonly<Record<string, string | ReadonlyArray<string>>>

/**
 * A whole body: its bytes (a string is UTF-8), already encoded.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Ok } from 'play-iteratees-ts'
 * const { body } = Ok(Uint8Array.of(1, 2, 3))
 * assert.ok(body._tag === 'Whole' && body.data.length === 3)
 * ```
 *
 * @play none — Play 2.4's body is always an `Enumerator[Array[Byte]]`; Play 2.5 names this `HttpEntity.Strict`
 * @category model
 * @since 0.1.0
 */
export interface Whole {
  /** Tells a whole body from a chunked one. @play none — Scala tells them apart by class */
  readonly _tag: 'Whole'
  /** The body's bytes, or a string written as UTF-8. @play none — see `Whole` */
  readonly data: Uint8Array | string
}

/**
 * A chunked body: an enumerator and how its elements are written.
 *
 * Without a `Writeable`, each element is written by
 * its default instance (`Writeable.forValue`), and the `Content-Type` comes from the first chunk.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Ok } from 'play-iteratees-ts'
 * const { body } = Ok.chunked(Enumerator('a', 'b'))
 * assert.ok(body._tag === 'Chunked')
 * assert.deepStrictEqual(await body.enumerator.run(Iteratee.getChunks()), ['a', 'b'])
 * assert.strictEqual(body.writeable, undefined) // each chunk by its default Writeable
 * ```
 *
 * @play play.api.mvc.Results.Status#chunked — the body it makes; Play 2.5 names this `HttpEntity.Chunked`
 * @category model
 * @since 0.1.0
 */
export interface Chunked<E = unknown> {
  /** Tells a chunked body from a whole one. @play none — Scala tells them apart by class */
  readonly _tag: 'Chunked'
  /** The elements, each written as a chunk as soon as it is produced. @play play.api.mvc.Result#body */
  readonly enumerator: Enumerator<E>
  /**
   * How the elements are written; `undefined`: each by its default instance.
   *
   * @play play.api.mvc.Results.Status#chunked — its implicit `Writeable`
   */
  readonly writeable: Writeable<E> | undefined
}

/**
 * A response body: whole or chunked.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Ok, type Body } from 'play-iteratees-ts'
 * const describe = (body: Body) => (body._tag === 'Whole' ? `${body.data.length} bytes` : 'a stream')
 * assert.strictEqual(describe(Ok('hello').body), '5 bytes')
 * assert.strictEqual(describe(Ok.chunked(Enumerator('hello')).body), 'a stream')
 * ```
 *
 * @play play.api.mvc.Result#body
 * @category model
 * @since 0.1.0
 */
export type Body = Whole | Chunked

/**
 * What an action answers: a status, headers and a body.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Ok, Result } from 'play-iteratees-ts'
 * const json = Ok('{"ok":true}').as('application/json').withHeaders({ 'X-Request-Id': '42' })
 * assert.ok(json instanceof Result)
 * assert.strictEqual(json.status, 200)
 * assert.deepStrictEqual(json.headers, { 'Content-Type': 'application/json', 'X-Request-Id': '42' })
 * assert.throws(() => json.withHeaders({ 'X-Evil': 'a\r\nSet-Cookie: b' }), TypeError)
 * ```
 *
 * @play play.api.mvc.Result
 * @category model
 * @since 0.1.0
 */
export class Result {
  /** Makes the type nominal: a look-alike object is not a `Result` (as `Action` checks with `instanceof`). */
  declare private readonly brand: never
  /** The status code. @play play.api.mvc.ResponseHeader#status */
  readonly status: number
  /** The response headers. @play play.api.mvc.ResponseHeader#headers */
  readonly headers: ResponseHeaders
  /** The body, whole or chunked. @play play.api.mvc.Result#body */
  readonly body: Body

  /** Results are made by `Status(code)` and its shorthands (`Ok`, `NotFound`, …). */
  private constructor(status: number, headers: ResponseHeaders, body: Body) {
    this.status = status
    this.headers = Object.freeze({ ...headers })
    this.body = Object.freeze(body)
    Object.freeze(this)
  }

  /** @internal What `Status` uses to make a result (the constructor is private). */
  static make(status: number, headers: ResponseHeaders, body: Body): Result {
    return new Result(status, headers, body)
  }

  /**
   * The same result with this `Content-Type`.
   *
   * @example
   * ```ts
   * import assert from 'node:assert'
   * import { Enumerator, EventSource, Ok } from 'play-iteratees-ts'
   * const events = Ok.chunked(Enumerator('tick').through(EventSource())).as('text/event-stream')
   * assert.strictEqual(events.headers['Content-Type'], 'text/event-stream')
   * const page = Ok('<p>hi</p>').as('text/html; charset=utf-8') // a string is text/plain unless told otherwise
   * assert.strictEqual(page.headers['Content-Type'], 'text/html; charset=utf-8')
   * ```
   *
   * @play play.api.mvc.Result#as
   */
  as(contentType: string): Result {
    return this.withHeaders({ 'Content-Type': contentType })
  }

  /**
   * The same result with these headers added; a header already there (compared without regard to case) is replaced.
   *
   * A name or value that is not valid HTTP (a CR or LF in it, …) is a `TypeError`.
   *
   * @example
   * ```ts
   * import assert from 'node:assert'
   * import { Ok } from 'play-iteratees-ts'
   * const page = Ok('hi').withHeaders({ 'Cache-Control': 'no-cache' })
   * const cached = page.withHeaders({ 'cache-control': 'max-age=3600', ETag: '"v1"' })
   * assert.deepStrictEqual(cached.headers, {
   *   'Content-Type': 'text/plain; charset=utf-8',
   *   'cache-control': 'max-age=3600',
   *   ETag: '"v1"'
   * })
   * assert.strictEqual(page.headers['Cache-Control'], 'no-cache') // results are immutable
   * ```
   *
   * @play play.api.mvc.Result#withHeaders
   */
  withHeaders(headers: ResponseHeaders): Result {
    return new Result(this.status, withHeaders_(this.headers, headers), this.body)
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The results with one status code: `Status(404)('not here')`, `Status(200).chunked(enumerator)`.
 *
 * Without a
 * `Writeable`, the body's default instance is used (`Html`, string, `Uint8Array` or fp-ts `Json`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Html, Status, Writeable, type Status as StatusType } from 'play-iteratees-ts'
 * const Created: StatusType = Status(201)
 * assert.strictEqual(Created.status, 201)
 * assert.strictEqual(Created({ id: 7 }).headers['Content-Type'], 'application/json')
 * assert.strictEqual(Created(Html('<p>made</p>')).headers['Content-Type'], 'text/html; charset=utf-8')
 * const csv = Writeable.of((rows: Array<Array<string>>) => rows.map((r) => r.join(',')).join('\n'), 'text/csv')
 * const report = Created([['a', 'b']], csv)
 * assert.ok(report.body._tag === 'Whole' && report.body.data === 'a,b')
 * ```
 *
 * @play play.api.mvc.Results.Status
 * @category model
 * @since 0.1.0
 */
export interface Status {
  /** A whole body written by its default `Writeable`, or no body at all. @play play.api.mvc.Results.Status#apply */
  <A extends DefaultWriteable>(body?: A): Result
  /** A whole body written by `writeable`. @play play.api.mvc.Results.Status#apply */
  <A>(body: A, writeable: Writeable<A>): Result
  /** The status code. @play play.api.mvc.ResponseHeader#status */
  readonly status: number
  /**
   * A chunked body: each element of `enumerator` is written as a chunk as soon as it is produced.
   *
   * @example
   * ```ts
   * import assert from 'node:assert'
   * import { createServer } from 'node:http'
   * import type { AddressInfo } from 'node:net'
   * import { Action, Concurrent, Ok, Writeable } from 'play-iteratees-ts'
   * const [news, channel] = Concurrent.broadcast<string>()
   * const server = createServer(Action(() => Ok.chunked(news, Writeable.string)))
   * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
   * const { port } = server.address() as AddressInfo
   * // with the content type known (from the Writeable), the head goes out before the first chunk
   * const response = await fetch(`http://127.0.0.1:${port}/news`)
   * assert.strictEqual(response.headers.get('content-type'), 'text/plain; charset=utf-8')
   * const reader = response.body!.getReader()
   * channel.push('first ')
   * assert.strictEqual(new TextDecoder().decode((await reader.read()).value), 'first ')
   * channel.push('second')
   * channel.eofAndEnd()
   * assert.strictEqual(new TextDecoder().decode((await reader.read()).value), 'second')
   * assert.strictEqual((await reader.read()).done, true)
   * server.closeAllConnections()
   * await new Promise((resolve) => server.close(resolve))
   * ```
   *
   * @play play.api.mvc.Results.Status#chunked
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
 * The results with status `code` (an integer from 100 to 999).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Status } from 'play-iteratees-ts'
 * const Accepted = Status(202)
 * assert.strictEqual(Accepted('queued').status, 202)
 * assert.strictEqual(Status(204)().status, 204) // no body
 * assert.throws(() => Status(42), RangeError)
 * ```
 *
 * @play play.api.mvc.Results.Status
 * @category constructors
 * @since 0.1.0
 */
export const Status = (code: number): Status => {
  if (!Number.isInteger(code) || code < 100 || code > 999) {
    throw new RangeError(`Status: an HTTP status code is an integer from 100 to 999, got ${String(code)}`)
  }
  const whole = <A>(body?: A, writeable?: Writeable<A>): Result => {
    if (body === undefined && writeable === undefined) return Result.make(code, NO_HEADERS, { _tag: 'Whole', data: '' })
    const w = writeable ?? forValue(body as A)
    const data = w.toBytes(body as A)
    const headers = w.contentType === undefined ? NO_HEADERS : { 'Content-Type': w.contentType }
    return Result.make(code, headers, { _tag: 'Whole', data })
  }
  const chunked = <E>(enumerator: Enumerator<E>, writeable?: Writeable<E>): Result => {
    const headers =
      writeable === undefined || writeable.contentType === undefined
        ? STREAMING_HEADERS
        : { 'Content-Type': writeable.contentType, ...STREAMING_HEADERS }
    const body: Chunked<E> = { _tag: 'Chunked', enumerator, writeable }
    return Result.make(code, headers, body as unknown as Chunked)
  }
  return Object.freeze(Object.assign(whole, { status: code, chunked })) as Status
}

/**
 * The `200 OK` results: `Ok(body)`, `Ok.chunked(enumerator)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Comet, Enumerator, Ok } from 'play-iteratees-ts'
 * const server = createServer(
 *   Action((req) =>
 *     req.url === '/comet'
 *       ? Ok.chunked(Enumerator('kiki', 'foo').through(Comet.string('parent.cometMessage')))
 *       : Ok({ status: 'up' })
 *   )
 * )
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const health = await fetch(`http://127.0.0.1:${port}/health`)
 * assert.strictEqual(health.headers.get('content-type'), 'application/json')
 * assert.strictEqual(await health.text(), '{"status":"up"}')
 * const comet = await fetch(`http://127.0.0.1:${port}/comet`)
 * assert.strictEqual(comet.headers.get('content-type'), 'text/html; charset=utf-8') // from the first chunk, an Html
 * assert.ok((await comet.text()).endsWith(`<script type="text/javascript">parent.cometMessage('foo');</script>`))
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play play.api.mvc.Results.Ok
 * @category constructors
 * @since 0.1.0
 */
export const Ok: Status = Status(200)

/**
 * The `400 Bad Request` results.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { BadRequest } from 'play-iteratees-ts'
 * const result = BadRequest({ error: 'name is required' })
 * assert.strictEqual(result.status, 400)
 * assert.strictEqual(result.headers['Content-Type'], 'application/json')
 * ```
 *
 * @play play.api.mvc.Results.BadRequest
 * @category constructors
 * @since 0.1.0
 */
export const BadRequest: Status = Status(400)

/**
 * The `404 Not Found` results.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { NotFound } from 'play-iteratees-ts'
 * const result = NotFound('no such page')
 * assert.strictEqual(result.status, 404)
 * assert.ok(result.body._tag === 'Whole' && result.body.data === 'no such page')
 * ```
 *
 * @play play.api.mvc.Results.NotFound
 * @category constructors
 * @since 0.1.0
 */
export const NotFound: Status = Status(404)

/**
 * The `500 Internal Server Error` results.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { InternalServerError } from 'play-iteratees-ts'
 * const result = InternalServerError('try again later').withHeaders({ 'Retry-After': '30' })
 * assert.strictEqual(result.status, 500)
 * assert.strictEqual(result.headers['Retry-After'], '30')
 * ```
 *
 * @play play.api.mvc.Results.InternalServerError
 * @category constructors
 * @since 0.1.0
 */
export const InternalServerError: Status = Status(500)

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Whether `status` (or a HEAD request) allows no body: 1xx, 204 and 304.
 *
 * @internal Used by `Action` when it writes a result; not re-exported.
 */
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
