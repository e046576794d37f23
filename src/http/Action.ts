/**
 * `Action(block)` turns a function from a request to a `Result` into a Node request listener, `(req, res) => void`,
 * for `http.createServer`, Express (`app.get('/path', action)`: the `next` argument is ignored) or any framework
 * that hands over Node's `req` and `res`.
 *
 * ```
 *   req ──block──▶ Result (or a Promise of one) ──▶ status + headers ──▶ whole body: res.end(bytes)
 *                                                                  └──▶ chunked: enumerator ──▶ writer ──▶ res.end()
 * ```
 *
 * What can go wrong, and what happens:
 * - the block throws, rejects or gives something that is not a `Result`: `500` with a short plain-text body;
 * - a chunked body's enumerator fails (or its `Writeable` throws): before anything was written, `500` as above;
 *   after, the connection is cut without the terminal zero-length chunk, so the client sees an incomplete body
 *   and can tell a broken stream from a finished one;
 * - the client goes away: the writer becomes Done, the enumerator stops and its `onDoneEnumerating` callbacks run.
 *
 * Each failure is reported to the action's `onError` option (by default, a line on `console.error`), with the value
 * it failed with (what a user function threw, not a wrapper; an `IterateeError` for an Error step); the server goes
 * on serving. `Action.withOptions(options)` makes actions that share options, such as one `onError` for a whole
 * server: nothing is set process-wide.
 *
 * Play: `play.api.mvc.Action`.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { contentTypeOf, feedFor } from '../internal/core'
import {
  type Iteratee,
  type KnownListener,
  done,
  isError,
  isPromiseLike,
  onKnown,
  rejection,
  settle
} from '../internal/iteratee'
import type { GracefulShutdown } from './GracefulShutdown'
import { Writer } from './chunked'
import { type Chunked, Result, type ResponseHeaders, bodyless } from './Result'
import type { Writeable } from './Writeable'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where failures go: a block that threw or rejected, an enumerator that failed.
 *
 * `req` is the request being served.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, type OnError } from 'play-iteratees-ts'
 * const failures: Array<string> = []
 * const record: OnError = (error, req) => failures.push(`${req.url}: ${String(error)}`)
 * const action = Action.withOptions({ onError: record }) // for every action it makes
 * const server = createServer(
 *   action(() => {
 *     throw new Error('boom')
 *   })
 * )
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const response = await fetch(`http://127.0.0.1:${port}/report`)
 * assert.strictEqual(response.status, 500)
 * assert.deepStrictEqual(failures, ['/report: Error: boom'])
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play play.api.http.HttpErrorHandler#onServerError
 * @category model
 * @since 0.1.0
 */
export type OnError = (error: unknown, req: IncomingMessage) => void

/**
 * The options of an action (or of the actions `Action.withOptions` makes): where its failures go.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, type ActionOptions } from 'play-iteratees-ts'
 * const failures: Array<unknown> = []
 * const options: ActionOptions = { onError: (error) => failures.push(error) }
 * const server = createServer(Action(() => Promise.reject(new Error('no database')), options))
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const response = await fetch(`http://127.0.0.1:${port}/`)
 * assert.strictEqual(response.status, 500)
 * assert.strictEqual(await response.text(), 'Internal Server Error')
 * assert.strictEqual((failures[0] as Error).message, 'no database')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play none — Play configures error handling per application (`HttpErrorHandler`), not per action
 * @category model
 * @since 0.1.0
 */
export interface ActionOptions {
  /**
   * Where the action's failures go. By default, a line on `console.error`:
   * `play-iteratees-ts: GET /path failed:` and the error.
   *
   * @play none — Play has one `HttpErrorHandler` per application
   */
  readonly onError?: OnError
  /**
   * The graceful shutdown that ends this action's open chunked responses (see `GracefulShutdown`); none by default.
   *
   * @play none — Play's server stops through its application lifecycle
   */
  readonly shutdown?: GracefulShutdown
}

/**
 * A Node request listener. The third argument (Express's `next`) is accepted and ignored.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Ok, type RequestListener } from 'play-iteratees-ts'
 * const hello: RequestListener = Action((req) => Ok(`hello from ${req.url}`))
 * const server = createServer(hello) // or app.get('/hello', hello) with Express
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * assert.strictEqual(await (await fetch(`http://127.0.0.1:${port}/hello`)).text(), 'hello from /hello')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play none — Node's `(req, res)` listener, what a Play `Action` is to Play's server
 * @category model
 * @since 0.1.0
 */
export type RequestListener<Req extends IncomingMessage = IncomingMessage> = (
  req: Req,
  res: ServerResponse,
  next?: unknown
) => void

// -------------------------------------------------------------------------------------
// sending a result
// -------------------------------------------------------------------------------------

const INTERNAL_SERVER_ERROR = 'Internal Server Error'

/** Where failures go when the options say nothing: a line on `console.error`. */
const defaultOnError: OnError = (error, req) => {
  console.error(`play-iteratees-ts: ${req.method ?? ''} ${req.url ?? ''} failed:`, error)
}

/**
 * Reports `error` to `options.onError`, or to the default; a hook that throws is ignored.
 *
 * @internal Also what `clientErrorListener` reports with.
 */
export const report = (options: ActionOptions | undefined, error: unknown, req: IncomingMessage): void => {
  try {
    ;(options?.onError ?? defaultOnError)(error, req)
  } catch {
    // a failing hook must not take the server down
  }
}

/**
 * Reports a failure of the action serving `req`. Under Express, `next` is the one it passed: failures go to the app's
 * error middleware, which answers (its default answers 500, or cuts a response already under way), and to an
 * `onError` the action was given, if any.
 */
const reportFor = (
  req: IncomingMessage,
  options: ActionOptions | undefined,
  next: ((error: unknown) => void) | undefined,
  error: unknown
): void => {
  if (next === undefined) return report(options, error, req)
  if (options?.onError !== undefined) report(options, error, req)
  try {
    next(error)
  } catch {
    // the framework's own failure must not take the server down
  }
}

/**
 * Closes the connection without ending the response: no terminal zero-length chunk, so the client sees an incomplete
 * body. What was written in this tick is still corked in the socket (Node corks a response's socket until the next
 * tick): it is handed to the kernel first, so the client gets every chunk written before the failure.
 */
const cut = (res: ServerResponse): void => {
  const socket = res.socket
  if (socket !== null) while (socket.writableCorked > 0) socket.uncork()
  res.destroy()
}

/**
 * A 500 when nothing was sent yet; otherwise the connection is cut, so the client sees an incomplete response. The
 * failure is reported; under Express (`next`), whoever hears it also answers the request, so no 500 is written here.
 */
const fail = (
  req: IncomingMessage,
  res: ServerResponse,
  options: ActionOptions | undefined,
  next: ((error: unknown) => void) | undefined,
  error: unknown
): void => {
  if (res.headersSent && !res.destroyed && !res.writableEnded) cut(res)
  reportFor(req, options, next, error)
  if (res.destroyed || res.writableEnded || res.headersSent || next !== undefined) return
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.statusCode = 500
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.end(INTERNAL_SERVER_ERROR)
}

/** Whether the headers name a content type (as Node compares names: without regard to case). */
const hasContentType = (headers: ResponseHeaders): boolean => {
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') return true
  return false
}

const setHeaders = (res: ServerResponse, headers: ResponseHeaders): void => {
  for (const name of Object.keys(headers)) res.setHeader(name, headers[name] as string | Array<string>)
}

/**
 * The writer of a chunked body, and what ends its response once the enumeration is over: it is told the iteratee the
 * enumeration finished with (`known`), so an idle response holds no closure or promise for that, only this object.
 */
class ResponseWriter<E> extends Writer<E> implements KnownListener {
  /** Lets the graceful shutdown forget the response, once the enumeration is over. */
  untrack: (() => void) | undefined = undefined

  constructor(
    private readonly req: IncomingMessage,
    res: ServerResponse,
    writeable: Writeable<E> | undefined,
    typeFromFirst: boolean,
    head: ResponseHeaders | undefined,
    private readonly options: ActionOptions | undefined,
    private readonly next: ((error: unknown) => void) | undefined
  ) {
    super(res, writeable, typeFromFirst, head)
  }

  protected override report(error: unknown): void {
    reportFor(this.req, this.options, this.next, error)
  }

  /** The enumeration is over, with `it` (known): the response ends, or is cut on a failure. */
  known(it: Iteratee<E, unknown>): void {
    const r = settle(it)
    if (isError(r)) this.over(true, rejection(r))
    else this.over(false, undefined)
  }

  /** The enumeration is over, failed (with `error`) or not. */
  over(failed: boolean, error: unknown): void {
    this.dispose()
    if (this.untrack !== undefined) this.untrack()
    this.untrack = undefined
    if (this.closed()) {
      // the client left; a failure on the way out (a unicast's onComplete that threw) is still reported
      if (failed) this.report(error)
      return
    }
    if (failed) fail(this.req, this.res, this.options, this.next, error)
    else {
      try {
        // no chunk went out: the head the writer holds goes with the end, as Node writes it (an empty body is
        // `Content-Length: 0`, not chunked)
        this.setHead()
      } catch (thrown) {
        fail(this.req, this.res, this.options, this.next, thrown)
        return
      }
      this.res.end()
    }
  }
}

const sendChunked = (
  req: IncomingMessage,
  res: ServerResponse,
  body: Chunked,
  headers: ResponseHeaders,
  noBody: boolean,
  options: ActionOptions | undefined,
  next: ((error: unknown) => void) | undefined
): void => {
  const w = body.writeable
  // With no header set on the response before (no middleware did), the writer writes the result's headers at once
  // with `writeHead` when the head goes out, rather than setting them one by one now: Node then keeps no map of them
  // for the life of the response (W4: a server holds one per open stream).
  let head: ResponseHeaders | undefined = res.getHeaderNames().length === 0 ? headers : undefined
  if (head === undefined) setHeaders(res, headers)
  let typed = head !== undefined ? hasContentType(head) : res.hasHeader('Content-Type')
  // an enumeratee that says what its stream is (EventSource: text/event-stream) sets the type, unless the result did
  const declared = contentTypeOf(body.enumerator)
  if (w === undefined && declared !== undefined && !typed) {
    if (head !== undefined) head = { ...head, 'Content-Type': declared }
    else res.setHeader('Content-Type', declared)
    typed = true
  }
  const typeFromFirst = w === undefined && !typed
  const writer = new ResponseWriter<unknown>(req, res, w, typeFromFirst, head, options, next)
  // With the content type known, the head goes out at once: the client sees the response start (an EventSource
  // opens) before the first element exists. Otherwise it goes with the first chunk, whose kind picks the type.
  // Without a body, it goes now too, so that Node does not announce `Content-Length: 0` for a HEAD request.
  if ((!typeFromFirst || noBody) && !writer.closed()) {
    writer.writeHead()
    res.flushHeaders()
  }
  // Without a body (HEAD, 204, 304) the enumerator still gets a Done iteratee, so its onDoneEnumerating runs.
  const it = noBody ? done<unknown, void>(undefined) : writer.iteratee
  // a graceful shutdown ends this response's enumeration; it forgets the response once that is over
  const shutdown = options?.shutdown
  if (shutdown !== undefined && !noBody) writer.untrack = shutdown.track(writer)
  let fed: Iteratee<unknown, unknown>
  try {
    // the response's lifetime travels with the enumeration: whatever source it reaches, now or after asynchronous
    // steps, lets the writer go at once when the client leaves (see internal/lifetime)
    fed = feedFor(body.enumerator, it, writer.lifetime)
  } catch (thrown) {
    void Promise.resolve().then(() => writer.over(true, thrown))
    return
  }
  // the writer hears when the enumeration is over (in a later microtask, as after a promise)
  onKnown(fed, writer)
}

/**
 * Writes `result` to `res`: status, headers, then the body.
 *
 * Failures go to `options.onError` (by default, `console.error`). `Action` uses it; a framework that has a `Result`
 * in hand can call it directly.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { NotFound, Ok, sendResult } from 'play-iteratees-ts'
 * // a plain Node handler that picks its result itself
 * const server = createServer((req, res) => {
 *   if (req.url === '/') sendResult(req, res, Ok('home'))
 *   else sendResult(req, res, NotFound(`no ${req.url}`))
 * })
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const missing = await fetch(`http://127.0.0.1:${port}/nope`)
 * assert.strictEqual(missing.status, 404)
 * assert.strictEqual(await missing.text(), 'no /nope')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play none — Play's server writes results itself; this is for Node frameworks that route on their own
 * @category utils
 * @since 0.1.0
 */
export const sendResult = (req: IncomingMessage, res: ServerResponse, result: Result, options?: ActionOptions): void =>
  send(req, res, result, options, undefined)

const send = (
  req: IncomingMessage,
  res: ServerResponse,
  result: unknown,
  options: ActionOptions | undefined,
  next: ((error: unknown) => void) | undefined
): void => {
  if (!(result instanceof Result)) {
    fail(req, res, options, next, new TypeError(`Action: the block must give a Result, got ${describe(result)}`))
    return
  }
  try {
    const noBody = req.method === 'HEAD' || bodyless(result.status)
    res.statusCode = result.status
    const body = result.body
    if (body._tag === 'Chunked') {
      sendChunked(req, res, body, result.headers, noBody, options, next)
      return
    }
    setHeaders(res, result.headers)
    if (noBody) res.end()
    else res.end(body.data)
  } catch (thrown) {
    fail(req, res, options, next, thrown)
  }
}

const describe = (u: unknown): string =>
  u === null || u === undefined ? String(u) : typeof u === 'object' ? Object.prototype.toString.call(u) : typeof u

// -------------------------------------------------------------------------------------
// Action
// -------------------------------------------------------------------------------------

function action<Req extends IncomingMessage = IncomingMessage>(
  block: (req: Req) => Result | PromiseLike<Result>,
  options?: ActionOptions
): RequestListener<Req> {
  if (typeof block !== 'function') throw new TypeError('Action: the block must be a function')
  return (req, res, next) => {
    const n = typeof next === 'function' ? (next as (error: unknown) => void) : undefined
    let r: Result | PromiseLike<Result>
    try {
      r = block(req)
    } catch (thrown) {
      fail(req, res, options, n, thrown)
      return
    }
    if (isPromiseLike(r)) {
      ;(r as PromiseLike<Result>).then(
        (result) => send(req, res, result, options, n),
        (error: unknown) => fail(req, res, options, n, error)
      )
    } else {
      send(req, res, r, options, n)
    }
  }
}

/**
 * What makes actions: `Action` itself, and what `Action.withOptions(options)` gives, which makes actions with those
 * options (an action's own options win over them).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, type ActionBuilder, Ok } from 'play-iteratees-ts'
 * const errors: Array<unknown> = []
 * const action: ActionBuilder = Action.withOptions({ onError: (error) => errors.push(error) })
 * const server = createServer((req, res) =>
 *   req.url === '/fine'
 *     ? action(() => Ok('fine'))(req, res)
 *     : action(() => {
 *         throw new Error('broken')
 *       })(req, res)
 * )
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * assert.strictEqual(await (await fetch(`http://127.0.0.1:${port}/fine`)).text(), 'fine')
 * assert.strictEqual((await fetch(`http://127.0.0.1:${port}/broken`)).status, 500)
 * assert.strictEqual((errors[0] as Error).message, 'broken')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play play.api.mvc.ActionBuilder
 * @category model
 * @since 0.1.0
 */
export interface ActionBuilder {
  /**
   * A request listener from a block that gives a `Result` (or a Promise of one) for a request.
   *
   * @play play.api.mvc.ActionBuilder#apply
   */
  <Req extends IncomingMessage = IncomingMessage>(
    block: (req: Req) => Result | PromiseLike<Result>,
    options?: ActionOptions
  ): RequestListener<Req>
  /**
   * A builder whose actions have these options, over this builder's (a field given here wins).
   *
   * @play none — Play composes `ActionBuilder`s; here the only thing to share is where failures go
   */
  readonly withOptions: (options: ActionOptions) => ActionBuilder
}

const builder = (shared: ActionOptions): ActionBuilder =>
  Object.assign(
    <Req extends IncomingMessage = IncomingMessage>(
      block: (req: Req) => Result | PromiseLike<Result>,
      options?: ActionOptions
    ): RequestListener<Req> => action(block, options === undefined ? shared : { ...shared, ...options }),
    { withOptions: (options: ActionOptions): ActionBuilder => builder({ ...shared, ...options }) }
  )

/**
 * A request listener from a block that gives a `Result` (or a Promise of one) for a request.
 *
 * Failures are reported to `options.onError`; by default they are written to `console.error`. `Action.withOptions`
 * makes actions that share options (one `onError` for all of them). Play's `Action { request => … }` and
 * `Action.async` are both this.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Enumerator, Ok } from 'play-iteratees-ts'
 * const server = createServer(
 *   Action(async (req) => {
 *     const name = new URL(req.url ?? '/', 'http://localhost').searchParams.get('name') ?? 'world'
 *     return Ok.chunked(Enumerator('hello, ', name, '!'))
 *   })
 * )
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const response = await fetch(`http://127.0.0.1:${port}/?name=kiki`)
 * assert.strictEqual(response.headers.get('transfer-encoding'), 'chunked')
 * assert.strictEqual(response.headers.get('content-type'), 'text/plain; charset=utf-8')
 * assert.strictEqual(await response.text(), 'hello, kiki!')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play play.api.mvc.Action
 * @category constructors
 * @since 0.1.0
 */
export const Action: ActionBuilder = builder({})
