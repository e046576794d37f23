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
 * Each failure is reported to `options.onError`, or else to `Action.onError` (by default `console.error`); the
 * server goes on serving.
 *
 * Play: `play.api.mvc.Action`.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { whileFeeding } from '../internal/departure'
import { done, isPromiseLike, rejection, settle } from '../internal/iteratee'
import { chunkedWriter } from './chunked'
import { type Chunked, Result, type ResponseHeaders, bodyless } from './Result'
import { forValue } from './Writeable'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Where failures go: a block that threw or rejected, an enumerator that failed. `req` is the request being served.
 *
 * @category model
 * @since 0.1.0
 */
export type OnError = (error: unknown, req: IncomingMessage) => void

/**
 * @category model
 * @since 0.1.0
 */
export interface ActionOptions {
  /** Where this action's failures go, instead of `Action.onError`. */
  readonly onError?: OnError
}

/**
 * A Node request listener. The third argument (Express's `next`) is accepted and ignored.
 *
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

const reporter =
  (req: IncomingMessage, options: ActionOptions | undefined) =>
  (error: unknown): void => {
    try {
      ;(options?.onError ?? Action.onError)(error, req)
    } catch {
      // a failing hook must not take the server down
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

/** A 500 when nothing was sent yet; otherwise the connection is cut, so the client sees an incomplete response. */
const fail = (res: ServerResponse, error: unknown, report: (e: unknown) => void): void => {
  report(error)
  if (res.destroyed || res.writableEnded) return
  if (res.headersSent) {
    cut(res)
    return
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name)
  res.statusCode = 500
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.end(INTERNAL_SERVER_ERROR)
}

const setHeaders = (res: ServerResponse, headers: ResponseHeaders): void => {
  for (const name of Object.keys(headers)) res.setHeader(name, headers[name] as string | Array<string>)
}

const sendChunked = (res: ServerResponse, body: Chunked, noBody: boolean, report: (e: unknown) => void): void => {
  const w = body.writeable
  const encode: (e: unknown) => Uint8Array | string =
    w !== undefined ? (e) => w.toBytes(e) : (e) => forValue(e).toBytes(e)
  const onFirst =
    w !== undefined || res.hasHeader('Content-Type')
      ? undefined
      : (e: unknown): void => {
          const contentType = forValue(e).contentType
          if (contentType !== undefined) res.setHeader('Content-Type', contentType)
        }
  const writer = chunkedWriter(res, encode, onFirst)
  // With the content type known, the head goes out at once: the client sees the response start (an EventSource
  // opens) before the first element exists. Otherwise it goes with the first chunk, whose kind picks the type.
  // Without a body, it goes now too, so that Node does not announce `Content-Length: 0` for a HEAD request.
  if ((onFirst === undefined || noBody) && !writer.closed()) res.flushHeaders()
  // Without a body (HEAD, 204, 304) the enumerator still gets a Done iteratee, so its onDoneEnumerating runs.
  const it = noBody ? done<unknown, void>(undefined) : writer.iteratee
  let applied: Promise<unknown>
  try {
    // a broadcast this enumeration subscribes to hears at once that the client left (see internal/departure)
    applied = whileFeeding(writer.departure, () => body.enumerator.apply(it))
  } catch (thrown) {
    applied = Promise.reject(thrown)
  }
  applied.then(
    (result) => {
      writer.dispose()
      if (writer.closed()) return
      const r = settle(result as typeof it)
      if (r._tag === 'Error') fail(res, rejection(r), report)
      else res.end()
    },
    (error: unknown) => {
      writer.dispose()
      if (writer.closed()) report(error)
      else fail(res, error, report)
    }
  )
}

/**
 * Writes `result` to `res`: status, headers, then the body. Failures go to `options.onError`, or else to
 * `Action.onError`. `Action` uses it; a framework that has a `Result` in hand can call it directly.
 *
 * @category utils
 * @since 0.1.0
 */
export const sendResult = (req: IncomingMessage, res: ServerResponse, result: Result, options?: ActionOptions): void =>
  send(req, res, result, reporter(req, options))

const send = (req: IncomingMessage, res: ServerResponse, result: unknown, report: (e: unknown) => void): void => {
  if (!(result instanceof Result)) {
    fail(res, new TypeError(`Action: the block must give a Result, got ${describe(result)}`), report)
    return
  }
  try {
    const noBody = req.method === 'HEAD' || bodyless(result.status)
    res.statusCode = result.status
    setHeaders(res, result.headers)
    const body = result.body
    if (body._tag === 'Chunked') sendChunked(res, body, noBody, report)
    else if (noBody) res.end()
    else res.end(body.data)
  } catch (thrown) {
    fail(res, thrown, report)
  }
}

const describe = (u: unknown): string =>
  u === null || u === undefined ? String(u) : typeof u === 'object' ? Object.prototype.toString.call(u) : typeof u

// -------------------------------------------------------------------------------------
// Action
// -------------------------------------------------------------------------------------

const defaultOnError: OnError = (error, req) => {
  console.error(`play-iteratees-ts: ${req.method ?? ''} ${req.url ?? ''} failed:`, error)
}

function action<Req extends IncomingMessage = IncomingMessage>(
  block: (req: Req) => Result | PromiseLike<Result>,
  options?: ActionOptions
): RequestListener<Req> {
  if (typeof block !== 'function') throw new TypeError('Action: the block must be a function')
  return (req, res) => {
    const report = reporter(req, options)
    let r: Result | PromiseLike<Result>
    try {
      r = block(req)
    } catch (thrown) {
      fail(res, thrown, report)
      return
    }
    if (isPromiseLike(r)) {
      ;(r as PromiseLike<Result>).then(
        (result) => send(req, res, result, report),
        (error: unknown) => fail(res, error, report)
      )
    } else {
      send(req, res, r, report)
    }
  }
}

/**
 * A request listener from a block that gives a `Result` (or a Promise of one) for a request. Failures are reported
 * to `options.onError`, or else to `Action.onError`, which can be replaced (it is read at each failure); by default it
 * writes to `console.error`. Play: `Action { request => … }`, `Action.async`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const Action: {
  <Req extends IncomingMessage = IncomingMessage>(
    block: (req: Req) => Result | PromiseLike<Result>,
    options?: ActionOptions
  ): RequestListener<Req>
  /** Where failures go when an action has no `onError` option. Assign to replace it. */
  onError: OnError
} = Object.assign(action, { onError: defaultOnError })
