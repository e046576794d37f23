/**
 * Play's `WebSocket.using`, `tryAccept` and `adapter` on Node: each gives a listener for the HTTP server's `'upgrade'`
 * event, `(req, socket, head) => void`, as `Action` gives one for `'request'`. The socket's messages feed an
 * `Iteratee` (in), and an `Enumerator` feeds the socket (out), built on `ws` (`noServer` + `handleUpgrade`).
 *
 * ```
 *   client ──frame──▶ fromFrame ──▶ queue ──▶ in: Iteratee<In, unknown>   (Done: close 1000)
 *   client ◀──frame── toFrame  ◀── writer ◀── out: Enumerator<Out>        (EOF: close 1000; merely ends: stays open)
 *   client closes, or the socket closes for any reason ──▶ in gets EOF; out is stopped once (its lifetime ends)
 * ```
 *
 * What can go wrong, and what happens:
 * - a bad upgrade request (not GET, no `Upgrade: websocket`, a missing or malformed `Sec-WebSocket-Key`, an unknown
 *   `Sec-WebSocket-Version`): `405`/`400` with a short text, before any user code runs; the connection is closed;
 * - the block throws, rejects or gives something else than what it should: `500`, reported;
 * - a frame of the wrong kind: close 1003; content the formatter cannot read: close 1007 with the reason; a message
 *   over `maxMessageSize`: close 1009; each is reported;
 * - the in iteratee fails or ends in an Error step, the out enumerator fails, a formatter throws while writing: close
 *   1011, reported;
 * - a peer that stops answering pings (with `keepAliveMs`): cut.
 * Failures go to `options.onError`, or else to `Action.onError`, with the request of the upgrade; nothing is thrown
 * into Node's event loop, and the other sockets go on.
 *
 * Play: `play.api.mvc.WebSocket`, and the WebSocket handler of Play's Netty server.
 *
 * @since 0.2.0
 */
import { type IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import * as E from 'fp-ts/Either'
import { type RawData, type WebSocket as Ws, WebSocketServer } from 'ws'
import type { Enumeratee } from '../Enumeratee'
import type { Enumerator } from '../Enumerator'
import { Input as In, type Input } from '../Input'
import { type OnError, report as reportFailure, sendResult } from '../http/Action'
import { BadRequest, InternalServerError, NotFound, Result, Status } from '../http/Result'
import { Enumerator as EnumeratorClass, Enumeratee as EnumerateeClass, applyFor, applyOnFor } from '../internal/core'
import {
  cont,
  isCont,
  isError,
  isIteratee,
  isPending,
  done,
  flatten,
  isPromiseLike,
  joinI,
  known,
  rejection,
  settle,
  step
} from '../internal/iteratee'
import type { Lifetime } from '../internal/lifetime'
import type { Iteratee } from '../types'
import { checkDuration, checkSize } from '../internal/options'
import { type Frame, type FrameError, type FrameFormatter, invalid, stringFrame } from './FrameFormatter'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A listener for Node's `'upgrade'` event: `server.on('upgrade', listener)`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http'
 * import { Enumerator, Iteratee, WebSocket, type UpgradeListener } from 'play-iteratees-ts'
 * const hello: UpgradeListener = WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator('Hello!')])
 * const server = createServer()
 * server.on('upgrade', hello)
 * ```
 *
 * @play none — Node's `'upgrade'` listener, what a Play `WebSocket` is to Play's server
 * @category model
 * @since 0.2.0
 */
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

/**
 * Formatters for sockets whose two directions carry different types: `in` reads what the client sends, `out` writes
 * what the enumerator produces.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import type { Json } from 'fp-ts/Json'
 * import { FrameFormatter, type Formatters } from 'play-iteratees-ts'
 * // commands come as text, answers go as JSON
 * const formatters: Formatters<string, Json> = { in: FrameFormatter.stringFrame, out: FrameFormatter.jsonFrame }
 * assert.strictEqual(formatters.out.toFrame({ ok: true }), '{"ok":true}')
 * ```
 *
 * @play none — Play 2.4 takes one implicit formatter per type (`WebSocket[In, Out]` needs one for each)
 * @category model
 * @since 0.2.0
 */
export interface Formatters<In, Out> {
  /** Reads the client's frames. @play play.api.mvc.WebSocket#inFormatter */
  readonly in: FrameFormatter<In>
  /** Writes the frames sent to the client. @play play.api.mvc.WebSocket#outFormatter */
  readonly out: FrameFormatter<Out>
}

/**
 * The options of one WebSocket endpoint.
 *
 * @example
 * ```ts
 * import { Enumerator, FrameFormatter, Iteratee, WebSocket, type WebSocketOptions } from 'play-iteratees-ts'
 * const options: WebSocketOptions = { maxMessageSize: 16 * 1024, keepAliveMs: 30_000 }
 * const listener = WebSocket.using(
 *   () => [Iteratee.ignore<string>(), Enumerator<string>()],
 *   FrameFormatter.stringFrame,
 *   options
 * )
 * void listener
 * ```
 *
 * @play play.websocket.buffer.limit (maxMessageSize); the others are this port's
 * @category model
 * @since 0.2.0
 */
export interface WebSocketOptions {
  /**
   * The largest message taken, in bytes (default 65,536); a larger one closes the socket with 1009.
   *
   * @play play.websocket.buffer.limit
   */
  readonly maxMessageSize?: number
  /**
   * Pings the client every so many milliseconds (default: never); a client that has sent nothing, not even a pong,
   * since the previous ping is cut. Proxies and load balancers then keep an idle socket open.
   *
   * @play none — Play 2.4 has no keep-alive; Akka HTTP's `periodic-keep-alive-max-idle` is the same idea
   */
  readonly keepAliveMs?: number
  /**
   * How many bytes may wait to be sent before the out enumerator waits (default 65,536): a slow client holds at most
   * about this much in the server's memory.
   *
   * @play none — Play's Netty handler waits for each write instead
   */
  readonly highWaterMark?: number
  /**
   * Where this endpoint's failures go, instead of `Action.onError`.
   *
   * @play play.api.http.HttpErrorHandler
   */
  readonly onError?: OnError
  /**
   * Shuts the endpoint down: when it aborts, every socket it holds closes with 1001 (going away) and later upgrade
   * requests get `503`.
   *
   * @play none — Play closes its sockets when the application stops
   */
  readonly signal?: AbortSignal
}

// -------------------------------------------------------------------------------------
// configuration
// -------------------------------------------------------------------------------------

/** Play's `play.websocket.buffer.limit`. */
const DEFAULT_MAX_MESSAGE = 64 * 1024
const DEFAULT_HIGH_WATER_MARK = 64 * 1024
/**
 * How many received messages may wait while the in iteratee is busy before the socket stops reading: a few, so that
 * a fast iteratee never waits for the network, and a slow one never holds more than a few (plus what one read of
 * the socket already brought in).
 */
const IN_FLIGHT = 4
/** The longest close reason a close frame carries (RFC 6455: 125 bytes of payload, 2 of them the code). */
const MAX_REASON_BYTES = 123

/** What a listener fixes once, for all its sockets. */
interface Config<In, Out> {
  readonly inF: FrameFormatter<In>
  readonly outF: FrameFormatter<Out>
  readonly highWaterMark: number
  readonly keepAliveMs: number | undefined
}

// `jsonFrame` is a function that is also a formatter
const isFormatter = (u: unknown): u is FrameFormatter<unknown> =>
  (typeof u === 'object' || typeof u === 'function') &&
  u !== null &&
  typeof (u as FrameFormatter<unknown>).toFrame === 'function' &&
  typeof (u as FrameFormatter<unknown>).fromFrame === 'function'

const formattersOf = <In, Out>(
  where: string,
  formatters: FrameFormatter<In & Out> | Formatters<In, Out> | undefined
): Formatters<In, Out> => {
  if (formatters === undefined) return { in: stringFrame, out: stringFrame } as unknown as Formatters<In, Out>
  if (isFormatter(formatters)) return { in: formatters as FrameFormatter<In>, out: formatters as FrameFormatter<Out> }
  const f = formatters as Partial<Formatters<In, Out>> | null
  if (typeof f !== 'object' || f === null || !isFormatter(f.in) || !isFormatter(f.out)) {
    throw new TypeError(`${where}: expected a FrameFormatter, or { in, out } formatters`)
  }
  return { in: f.in, out: f.out }
}

const isAbortSignal = (u: unknown): u is AbortSignal =>
  typeof u === 'object' &&
  u !== null &&
  typeof (u as AbortSignal).aborted === 'boolean' &&
  typeof (u as AbortSignal).addEventListener === 'function'

// -------------------------------------------------------------------------------------
// the handshake
// -------------------------------------------------------------------------------------

/** RFC 6455 4.1: the key is 16 random bytes in base64. The same test as `ws`. */
const KEY = /^[+/0-9A-Za-z]{22}==$/

/**
 * What is wrong with an upgrade request, as the HTTP answer it gets, or undefined when it is a WebSocket handshake
 * `ws` will take. Checked before any user code runs: a block must not run for a request that cannot become a socket.
 */
const handshakeProblem = (req: IncomingMessage): Result | undefined => {
  if (req.method !== 'GET')
    return Status(405)('Invalid HTTP method: a WebSocket handshake is a GET').withHeaders({ Allow: 'GET' })
  const upgrade = req.headers.upgrade
  if (upgrade === undefined || upgrade.toLowerCase() !== 'websocket') return BadRequest('Invalid Upgrade header')
  const key = req.headers['sec-websocket-key']
  if (key === undefined || !KEY.test(key)) return BadRequest('Missing or invalid Sec-WebSocket-Key header')
  const version = req.headers['sec-websocket-version']
  if (version !== '13' && version !== '8') {
    // RFC 6455 4.4: say which versions are understood
    return BadRequest('Missing or invalid Sec-WebSocket-Version header').withHeaders({
      'Sec-WebSocket-Version': '13, 8'
    })
  }
  return undefined
}

/**
 * Answers an upgrade request with an HTTP result, then closes the connection. A `ServerResponse` on the raw socket
 * writes it, so every kind of result (whole, chunked, HEAD-less, with any headers) goes out as `Action` would send it.
 */
const answer = (req: IncomingMessage, socket: Duplex, result: Result, onError: OnError | undefined): void => {
  if (socket.destroyed) return
  const res = new ServerResponse(req)
  // the connection carries this one answer: `Connection: close`, then the socket is ended
  res.shouldKeepAlive = false
  res.assignSocket(socket as Socket)
  res.once('finish', () => {
    res.detachSocket(socket as Socket)
    // FIN once everything is written, then let the socket go: nothing hangs on a client that does not close
    socket.once('finish', () => socket.destroy())
    socket.end()
  })
  sendResult(req, res, result, onError === undefined ? undefined : { onError })
}

const INTERNAL = 'Internal Server Error'

// -------------------------------------------------------------------------------------
// reporting and closing
// -------------------------------------------------------------------------------------

const reporter =
  (req: IncomingMessage, onError: OnError | undefined) =>
  (error: unknown): void => {
    try {
      reportFailure(onError === undefined ? undefined : { onError }, error, req)
    } catch {
      // a failing hook must not take the server down
    }
  }

/** A close reason that fits in a close frame: at most 123 bytes of UTF-8, cut between characters. */
const clip = (reason: string): string => {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason
  let out = ''
  let bytes = 0
  for (const ch of reason) {
    const n = Buffer.byteLength(ch)
    // room for the ellipsis (3 bytes)
    if (bytes + n > MAX_REASON_BYTES - 3) break
    out += ch
    bytes += n
  }
  return out + '…'
}

const codeOf = (e: FrameError): number => (e._tag === 'Unsupported' ? 1003 : 1007)

const messageOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : String(thrown)

const noop = (): void => undefined

/** The lifetime of a consumer that is gone before it starts (a socket that closed during the handshake). */
const GONE: Lifetime = { ended: () => true, onEnd: () => noop }

// -------------------------------------------------------------------------------------
// a socket
// -------------------------------------------------------------------------------------

/** What a socket runs: an iteratee and an enumerator (`using`, `tryAccept`), or an enumeratee between them (`adapter`). */
type Plan<In, Out> =
  | { readonly _tag: 'Using'; readonly inbound: Iteratee<In, unknown>; readonly outbound: Enumerator<Out> }
  | { readonly _tag: 'Adapter'; readonly through: Enumeratee<In, Out> }

/**
 * One open socket. It is the lifetime of its outbound enumeration (see internal/lifetime): when the socket ends, for
 * whatever reason, every source the enumerator reached lets the writer go at once, so a broadcast on a quiet channel
 * releases the subscription it made for this socket, and the enumerator's `onDoneEnumerating` runs once.
 *
 * The writer (`self`) gives itself back while `ws` holds less than the high-water mark, so a synchronous enumerator
 * sends without an iteratee or a Promise per message; past it, its next step waits for the socket's `'drain'` (all
 * written). `ws`'s send callback would say the same per frame, but a callback on every send costs Node a deferred
 * call per write: a third of the CPU of a broadcast to a thousand sockets.
 */
class Connection<In, Out> implements Lifetime {
  /** The socket is over for us: we closed it, or it closed. */
  private ending = false
  private leavers: Array<() => void> | undefined = undefined
  // inbound
  private inbound: Iteratee<In, unknown> | undefined = undefined
  private queue: Array<Input<In> | undefined> = []
  private head = 0
  /** The in iteratee is pending: inputs wait in the queue. */
  private busy = false
  private paused = false
  // outbound
  readonly self: Iteratee<Out, void>
  private wake: ((next: Iteratee<Out, void>) => void) | undefined = undefined
  /** The socket is corked until the end of this tick: the frames sent in one tick leave in one write. */
  private corked = false
  // keep-alive
  private timer: ReturnType<typeof setInterval> | undefined = undefined
  private alive = true

  constructor(
    private readonly ws: Ws,
    /** The socket `ws` writes to (the one Node handed over): its 'drain' says when the frames sent are written. */
    private readonly socket: Duplex,
    private readonly config: Config<In, Out>,
    private readonly report: (error: unknown) => void,
    private readonly forget: (c: Connection<In, Out>) => void
  ) {
    this.self = cont((input) => this.k(input))
  }

  start(plan: Plan<In, Out>): void {
    const ws = this.ws
    ws.on('message', this.onMessage)
    ws.on('close', this.onClose)
    ws.on('error', this.onError)
    if (this.config.keepAliveMs !== undefined) {
      ws.on('pong', this.onPong)
      this.timer = setInterval(this.onTick, this.config.keepAliveMs)
    }
    if (plan._tag === 'Using') {
      // out first: what a synchronous enumerator sends goes before a close that a Done in iteratee asks for
      let applied: Promise<Iteratee<Out, void>>
      try {
        applied = applyFor(plan.outbound, this.self, this)
      } catch (thrown) {
        applied = Promise.reject(thrown)
      }
      applied.then(this.onOutboundOver, this.onOutboundFailed)
      this.inbound = plan.inbound
    } else {
      try {
        // Play's adapter: `in &> enumeratee |>> out`; the enumeratee gets the socket's lifetime for what it reaches
        this.inbound = joinI(applyOnFor(plan.through, this.self, this))
      } catch (thrown) {
        // an enumeratee whose making runs user code that throws (a `heading` of a broken enumerator)
        this.report(thrown)
        this.closeWith(1011, 'internal error')
        return
      }
    }
    this.pump()
  }

  /** Closes the socket with `code` (once; later calls do nothing). */
  closeWith(code: number, reason = ''): void {
    if (this.ending) return
    this.end()
    try {
      this.ws.close(code, clip(reason))
    } catch (thrown) {
      this.report(thrown)
      this.ws.terminate()
    }
  }

  // -- the lifetime ---------------------------------------------------------------------

  ended(): boolean {
    return this.ending
  }

  onEnd(leave: () => void): () => void {
    if (this.ending) return noop
    const ls = (this.leavers ??= [])
    ls.push(leave)
    return () => {
      const now = this.leavers
      if (now === undefined) return
      const i = now.indexOf(leave)
      if (i >= 0) now.splice(i, 1)
    }
  }

  /**
   * The socket is over: the writer is done at once; the sources holding it and the in iteratee (EOF) hear it in a
   * microtask, so that no user code runs inside the step that ended the socket (an enumerator's EOF, an iteratee's
   * Done), where a broadcast may be in the middle of a delivery.
   */
  private end(): void {
    this.ending = true
    this.forget(this)
    if (this.timer !== undefined) {
      clearInterval(this.timer)
      this.timer = undefined
    }
    if (this.wake !== undefined) {
      const w = this.wake
      this.wake = undefined
      this.socket.removeListener('drain', this.onDrain)
      w(this.done())
    }
    queueMicrotask(this.afterEnd)
  }

  private readonly afterEnd = (): void => {
    const ls = this.leavers
    this.leavers = undefined
    if (ls !== undefined) for (const leave of ls) this.tell(leave)
    // Play: the in iteratee gets EOF when the socket closes
    if (this.inbound !== undefined) this.enqueue(In.EOF)
  }

  /** A leaver runs user code (a broadcast's `interestIsDownToZero`): a throw is reported, the others still run. */
  private tell(leave: () => void): void {
    try {
      leave()
    } catch (thrown) {
      this.report(thrown)
    }
  }

  // -- ws events --------------------------------------------------------------------------

  private readonly onMessage = (data: RawData, isBinary: boolean): void => {
    if (this.ending) return
    this.alive = true
    // `ws` gives Buffers (binaryType 'nodebuffer'); text has been checked as UTF-8 by `ws` (else it closed with 1007)
    const frame: Frame = isBinary ? (data as Buffer) : (data as Buffer).toString()
    let read: E.Either<FrameError, In>
    try {
      read = this.config.inF.fromFrame(frame)
    } catch (thrown) {
      // a formatter that throws on what it is given: content it cannot read
      this.refuse(invalid(messageOf(thrown)), thrown)
      return
    }
    if (E.isLeft(read)) this.refuse(read.left, undefined)
    else this.enqueue(In.El(read.right))
  }

  private refuse(error: FrameError, thrown: unknown): void {
    const code = codeOf(error)
    this.report(
      thrown !== undefined ? thrown : new Error(`WebSocket: closing with ${code}: ${error.reason}`, { cause: error })
    )
    this.closeWith(code, error.reason)
  }

  private readonly onClose = (): void => {
    const ws = this.ws
    ws.removeListener('message', this.onMessage)
    ws.removeListener('close', this.onClose)
    ws.removeListener('error', this.onError)
    ws.removeListener('pong', this.onPong)
    if (!this.ending) this.end()
  }

  /** `ws` reports a protocol error (a message too big, bad UTF-8, a bad opcode) and closes the socket itself. */
  private readonly onError = (error: Error): void => {
    this.report(error)
  }

  private readonly onPong = (): void => {
    this.alive = true
  }

  private readonly onTick = (): void => {
    if (!this.alive) {
      // nothing since the previous ping, not even its pong: the peer is gone or stuck
      this.end()
      this.ws.terminate()
      return
    }
    this.alive = false
    try {
      this.ws.ping()
    } catch (thrown) {
      this.report(thrown)
    }
  }

  // -- inbound ------------------------------------------------------------------------------

  private enqueue(input: Input<In>): void {
    this.queue.push(input)
    if (!this.busy) this.pump()
    else if (!this.paused && this.queue.length - this.head >= IN_FLIGHT && !this.ending) {
      // the iteratee is busy and a few messages wait: stop reading, the client's sends back up in TCP
      this.paused = true
      this.ws.pause()
    }
  }

  /** Feeds the waiting inputs to the in iteratee, for as long as its state is known. */
  private pump(): void {
    for (;;) {
      const it = settle(this.inbound!)
      if (isPending(it)) {
        this.busy = true
        known(it).then(this.onInboundKnown)
        return
      }
      if (!isCont(it)) {
        this.inboundOver(it)
        return
      }
      const waiting = this.queue.length - this.head
      if (waiting === 0) {
        this.queue.length = 0
        this.head = 0
        if (this.paused) {
          this.paused = false
          if (!this.ending) this.ws.resume()
        }
        return
      }
      const input = this.queue[this.head]!
      this.queue[this.head++] = undefined
      // keep the array short when it never empties (a steady stream into a slow iteratee)
      if (this.head >= 64 && this.head * 2 >= this.queue.length) {
        this.queue = this.queue.slice(this.head)
        this.head = 0
      }
      this.inbound = step(it, input)
    }
  }

  private readonly onInboundKnown = (): void => {
    this.busy = false
    this.pump()
  }

  /** The in iteratee is no longer Cont: Done closes the socket with 1000 (Play), an Error or a failure with 1011. */
  private inboundOver(it: Iteratee<In, unknown>): void {
    this.inbound = undefined
    this.queue = []
    this.head = 0
    if (isError(it)) {
      this.report(rejection(it))
      this.closeWith(1011, 'internal error')
    } else this.closeWith(1000)
  }

  // -- outbound -----------------------------------------------------------------------------

  private done(): Iteratee<Out, void> {
    return DONE as unknown as Iteratee<Out, void>
  }

  private k(input: Input<Out>): Iteratee<Out, void> {
    switch (input._tag) {
      case 'El': {
        // readyState: the client's close frame may have come before the 'close' event
        if (this.ending || this.ws.readyState !== OPEN) return done<Out, void>(undefined, input)
        const frame = this.config.outF.toFrame(input.e)
        if (typeof frame !== 'string' && !(frame instanceof Uint8Array)) {
          throw new TypeError(`WebSocket: toFrame must give a string or a Uint8Array, got ${typeof frame}`)
        }
        if (!this.corked) {
          this.corked = true
          this.socket.cork()
          process.nextTick(this.uncork)
        }
        this.ws.send(frame)
        // past the mark, and Node's socket says so too (it will emit 'drain'): wait until it is written
        return this.ws.bufferedAmount <= this.config.highWaterMark || !this.socket.writableNeedDrain
          ? this.self
          : this.waitForDrain()
      }
      case 'Empty':
        return this.ending ? this.done() : this.self
      default:
        // Play: the out enumerator's EOF closes the socket
        this.closeWith(1000)
        return done<Out, void>(undefined, In.EOF)
    }
  }

  /**
   * The end of the tick in which frames were sent: they go to the kernel together. `ws` writes each frame's header
   * and payload under a cork of its own; without this one, every frame is a system call (most of the CPU of an echo
   * or a broadcast), with it, what one read of the socket or one burst of pushes produced is one.
   */
  private readonly uncork = (): void => {
    this.corked = false
    this.socket.uncork()
  }

  private waitForDrain(): Iteratee<Out, void> {
    return flatten(
      new Promise<Iteratee<Out, void>>((resolve) => {
        this.wake = resolve
        this.socket.once('drain', this.onDrain)
      })
    )
  }

  private readonly onDrain = (): void => {
    const w = this.wake
    if (w === undefined) return
    this.wake = undefined
    w(this.ending ? this.done() : this.self)
  }

  /** Done: the socket ended (or EOF closed it); Cont: the enumerator merely ended, and the socket stays open (Play). */
  private readonly onOutboundOver = (it: Iteratee<Out, void>): void => {
    const r = settle(it)
    if (isError(r)) this.onOutboundFailed(rejection(r))
  }

  private readonly onOutboundFailed = (error: unknown): void => {
    this.report(error)
    this.closeWith(1011, 'internal error')
  }
}

const OPEN = 1

/** What the writer becomes once the socket is over: Done, with no element of its own, so one instance serves all. */
const DONE: Iteratee<unknown, void> = done<unknown, void>(undefined, In.Empty)

/**
 * A plan whose socket closed during the handshake: the enumerator is applied to a Done iteratee, so its
 * `onDoneEnumerating` runs, and the iteratee gets EOF, as for a socket that closes.
 */
const abandon = <In, Out>(plan: Plan<In, Out>, report: (error: unknown) => void): void => {
  const inbound =
    plan._tag === 'Using' ? plan.inbound : joinI(applyOnFor(plan.through, DONE as unknown as Iteratee<Out, void>, GONE))
  if (plan._tag === 'Using') applyFor(plan.outbound, DONE as unknown as Iteratee<Out, void>, GONE).catch(report)
  known(settle(inbound)).then((it) => {
    if (isCont(it)) {
      known(step(it, In.EOF)).then((r) => {
        if (isError(r)) report(rejection(r))
      })
    }
  })
}

// -------------------------------------------------------------------------------------
// listeners
// -------------------------------------------------------------------------------------

type Decision<In, Out> = E.Either<Result, Plan<In, Out>>

/**
 * The listener every constructor makes: checks the handshake, asks `decide`, then answers with a result or hands the
 * socket to `ws` and runs the plan.
 */
const listener = <In, Out>(
  where: string,
  decide: (req: IncomingMessage) => Decision<In, Out> | PromiseLike<Decision<In, Out>>,
  formatters: Formatters<In, Out>,
  options: WebSocketOptions | undefined
): UpgradeListener => {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`${where}: options must be an object`)
  }
  const maxMessageSize =
    options?.maxMessageSize === undefined
      ? DEFAULT_MAX_MESSAGE
      : checkSize(where, 'maxMessageSize', 'bytes', options.maxMessageSize)
  const highWaterMark =
    options?.highWaterMark === undefined
      ? DEFAULT_HIGH_WATER_MARK
      : checkSize(where, 'highWaterMark', 'bytes', options.highWaterMark)
  const keepAliveMs =
    options?.keepAliveMs === undefined ? undefined : checkDuration(where, 'keepAliveMs', options.keepAliveMs)
  const onError = options?.onError
  if (onError !== undefined && typeof onError !== 'function')
    throw new TypeError(`${where}: onError must be a function`)
  const signal = options?.signal
  if (signal !== undefined && !isAbortSignal(signal)) throw new TypeError(`${where}: signal must be an AbortSignal`)
  const config: Config<In, Out> = {
    inF: formatters.in,
    outF: formatters.out,
    highWaterMark,
    keepAliveMs
  }
  // one ws server per listener, for its options only: it listens to nothing and tracks no client
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: maxMessageSize,
    perMessageDeflate: false
  })
  // the sockets open now, for the signal to close; kept only when there is a signal
  const open = signal === undefined ? undefined : new Set<Connection<In, Out>>()
  const forget = open === undefined ? noop : (c: Connection<In, Out>): void => void open.delete(c)
  signal?.addEventListener(
    'abort',
    () => {
      for (const c of [...open!]) c.closeWith(1001, 'going away')
    },
    { once: true }
  )

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer, plan: Plan<In, Out>): void => {
    const report = reporter(req, onError)
    // the client left while the block was deciding: nothing to upgrade, but what was made for it is released
    if (socket.destroyed || !socket.readable || !socket.writable) {
      socket.destroy()
      abandon(plan, report)
      return
    }
    server.handleUpgrade(req, socket, head, (ws) => {
      socket.removeListener('error', destroyOnError)
      const c = new Connection<In, Out>(ws, socket, config, report, forget)
      open?.add(c)
      c.start(plan)
    })
  }

  const go = (req: IncomingMessage, socket: Duplex, head: Buffer, d: unknown): void => {
    const report = reporter(req, onError)
    const tag = typeof d === 'object' && d !== null ? (d as { _tag?: unknown })._tag : undefined
    if (tag !== 'Left' && tag !== 'Right') {
      report(new TypeError(`${where}: the block must give an Either, got ${describe(d)}`))
      answer(req, socket, InternalServerError(INTERNAL), onError)
      return
    }
    const decision = d as Decision<In, Out>
    if (E.isLeft(decision)) {
      if (decision.left instanceof Result) answer(req, socket, decision.left, onError)
      else {
        report(new TypeError(`${where}: a Left must hold a Result, got ${describe(decision.left)}`))
        answer(req, socket, InternalServerError(INTERNAL), onError)
      }
      return
    }
    if (signal?.aborted === true) {
      abandon(decision.right, report)
      answer(req, socket, Status(503)('Service Unavailable'), onError)
      return
    }
    upgrade(req, socket, head, decision.right)
  }

  return (req, socket, head) => {
    // Node removed its own 'error' listener from an upgraded socket: a reset before the answer must not crash
    socket.on('error', destroyOnError)
    const report = reporter(req, onError)
    try {
      const problem = handshakeProblem(req)
      if (problem !== undefined) {
        answer(req, socket, problem, onError)
        return
      }
      if (signal?.aborted === true) {
        answer(req, socket, Status(503)('Service Unavailable'), onError)
        return
      }
      let d: Decision<In, Out> | PromiseLike<Decision<In, Out>>
      try {
        d = decide(req)
      } catch (thrown) {
        report(thrown)
        answer(req, socket, InternalServerError(INTERNAL), onError)
        return
      }
      if (isPromiseLike(d)) {
        ;(d as PromiseLike<Decision<In, Out>>).then(
          (x) => {
            try {
              go(req, socket, head, x)
            } catch (thrown) {
              report(thrown)
              socket.destroy()
            }
          },
          (error: unknown) => {
            report(error)
            answer(req, socket, InternalServerError(INTERNAL), onError)
          }
        )
      } else go(req, socket, head, d)
    } catch (thrown) {
      // nothing escapes into Node's 'upgrade' emit, which would crash the process
      report(thrown)
      socket.destroy()
    }
  }
}

function destroyOnError(this: Duplex): void {
  this.destroy()
}

const describe = (u: unknown): string =>
  u === null || u === undefined ? String(u) : typeof u === 'object' ? Object.prototype.toString.call(u) : typeof u

/** The pair a `using` or `tryAccept` block gives, checked, as a plan. */
const usingPlan = <In, Out>(where: string, pair: unknown): Plan<In, Out> => {
  if (!Array.isArray(pair) || pair.length !== 2 || !isIteratee(pair[0]) || !(pair[1] instanceof EnumeratorClass)) {
    throw new TypeError(`${where}: the block must give [Iteratee, Enumerator], got ${describe(pair)}`)
  }
  return { _tag: 'Using', inbound: pair[0] as Iteratee<In, unknown>, outbound: pair[1] as Enumerator<Out> }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A WebSocket endpoint from a block that gives, for the upgrade request, the iteratee that consumes what the client
 * sends and the enumerator that produces what it receives.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { WebSocket as Client } from 'ws'
 * import { Enumerator, Iteratee, WebSocket } from 'play-iteratees-ts'
 *
 * const received: Array<string> = []
 * const server = createServer()
 * server.on(
 *   'upgrade',
 *   WebSocket.using(() => [Iteratee.foreach<string>((m) => received.push(m)), Enumerator('Hello!')])
 * )
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const client = new Client(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`)
 * const [hello] = await once(client, 'message')
 * assert.equal(String(hello), 'Hello!')
 * client.send('hi')
 * client.close()
 * await once(client, 'close')
 * assert.deepEqual(received, ['hi'])
 * server.close()
 * ```
 *
 * @play play.api.mvc.WebSocket.using
 * @category constructors
 * @since 0.2.0
 */
export function using(
  f: (req: IncomingMessage) => readonly [Iteratee<string, unknown>, Enumerator<string>]
): UpgradeListener
export function using<A>(
  f: (req: IncomingMessage) => readonly [Iteratee<A, unknown>, Enumerator<A>],
  formatter: FrameFormatter<A>,
  options?: WebSocketOptions
): UpgradeListener
export function using<In, Out>(
  f: (req: IncomingMessage) => readonly [Iteratee<In, unknown>, Enumerator<Out>],
  formatters: Formatters<In, Out>,
  options?: WebSocketOptions
): UpgradeListener
export function using<In, Out>(
  f: (req: IncomingMessage) => readonly [Iteratee<In, unknown>, Enumerator<Out>],
  formatters?: FrameFormatter<In & Out> | Formatters<In, Out>,
  options?: WebSocketOptions
): UpgradeListener {
  const where = 'WebSocket.using'
  if (typeof f !== 'function') throw new TypeError(`${where}: the block must be a function`)
  return listener<In, Out>(where, (req) => E.right(usingPlan(where, f(req))), formattersOf(where, formatters), options)
}

/**
 * A WebSocket endpoint that may refuse: the block gives (or promises) `Left(result)`, and the upgrade request is
 * answered with that HTTP result (status, headers, body), or `Right([iteratee, enumerator])`, and the socket opens.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import * as E from 'fp-ts/Either'
 * import { WebSocket as Client } from 'ws'
 * import { Enumerator, Iteratee, Status, WebSocket } from 'play-iteratees-ts'
 *
 * const server = createServer()
 * server.on(
 *   'upgrade',
 *   WebSocket.tryAccept(async (req) =>
 *     req.headers.cookie === 'user=kiki'
 *       ? E.right([Iteratee.ignore<string>(), Enumerator('welcome, kiki')] as const)
 *       : E.left(Status(403)('log in first'))
 *   )
 * )
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`
 *
 * const stranger = new Client(url)
 * const [, refused] = await once(stranger, 'unexpected-response')
 * assert.equal(refused.statusCode, 403)
 * stranger.on('error', () => undefined) // ws reports the refused handshake as an error too
 *
 * const kiki = new Client(url, { headers: { cookie: 'user=kiki' } })
 * const [welcome] = await once(kiki, 'message')
 * assert.equal(String(welcome), 'welcome, kiki')
 * kiki.close()
 * await once(kiki, 'close')
 * server.close()
 * ```
 *
 * @play play.api.mvc.WebSocket.tryAccept
 * @category constructors
 * @since 0.2.0
 */
export function tryAccept(
  f: (
    req: IncomingMessage
  ) =>
    | E.Either<Result, readonly [Iteratee<string, unknown>, Enumerator<string>]>
    | PromiseLike<E.Either<Result, readonly [Iteratee<string, unknown>, Enumerator<string>]>>
): UpgradeListener
export function tryAccept<A>(
  f: (
    req: IncomingMessage
  ) =>
    | E.Either<Result, readonly [Iteratee<A, unknown>, Enumerator<A>]>
    | PromiseLike<E.Either<Result, readonly [Iteratee<A, unknown>, Enumerator<A>]>>,
  formatter: FrameFormatter<A>,
  options?: WebSocketOptions
): UpgradeListener
export function tryAccept<In, Out>(
  f: (
    req: IncomingMessage
  ) =>
    | E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>
    | PromiseLike<E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>>,
  formatters: Formatters<In, Out>,
  options?: WebSocketOptions
): UpgradeListener
export function tryAccept<In, Out>(
  f: (
    req: IncomingMessage
  ) =>
    | E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>
    | PromiseLike<E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>>,
  formatters?: FrameFormatter<In & Out> | Formatters<In, Out>,
  options?: WebSocketOptions
): UpgradeListener {
  const where = 'WebSocket.tryAccept'
  if (typeof f !== 'function') throw new TypeError(`${where}: the block must be a function`)
  const decide = (
    e: E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>
  ): E.Either<Result, Plan<In, Out>> => (E.isRight(e) ? E.right(usingPlan(where, e.right)) : e)
  return listener<In, Out>(
    where,
    (req) => {
      const r = f(req)
      return isPromiseLike(r)
        ? (r as PromiseLike<E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>>).then(decide)
        : decide(r as E.Either<Result, readonly [Iteratee<In, unknown>, Enumerator<Out>]>)
    },
    formattersOf(where, formatters),
    options
  )
}

/**
 * A WebSocket endpoint from an enumeratee: what the client sends goes through it, and what comes out is sent back.
 * When the enumeratee is done, the socket closes with 1000.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { WebSocket as Client } from 'ws'
 * import { Enumeratee, WebSocket } from 'play-iteratees-ts'
 *
 * const server = createServer()
 * // upper-cases what it gets, twice, then closes the socket
 * server.on('upgrade', WebSocket.adapter(() => Enumeratee.map((s: string) => s.toUpperCase()).compose(Enumeratee.take(2))))
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const client = new Client(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`)
 * await once(client, 'open')
 * const got: Array<string> = []
 * client.on('message', (m) => got.push(String(m)))
 * client.send('kiki')
 * client.send('foo')
 * const [code] = await once(client, 'close')
 * assert.equal(code, 1000)
 * assert.deepEqual(got, ['KIKI', 'FOO'])
 * server.close()
 * ```
 *
 * @play play.api.mvc.WebSocket.adapter
 * @category constructors
 * @since 0.2.0
 */
export function adapter(f: (req: IncomingMessage) => Enumeratee<string, string>): UpgradeListener
export function adapter<A>(
  f: (req: IncomingMessage) => Enumeratee<A, A>,
  formatter: FrameFormatter<A>,
  options?: WebSocketOptions
): UpgradeListener
export function adapter<In, Out>(
  f: (req: IncomingMessage) => Enumeratee<In, Out>,
  formatters: Formatters<In, Out>,
  options?: WebSocketOptions
): UpgradeListener
export function adapter<In, Out>(
  f: (req: IncomingMessage) => Enumeratee<In, Out>,
  formatters?: FrameFormatter<In & Out> | Formatters<In, Out>,
  options?: WebSocketOptions
): UpgradeListener {
  const where = 'WebSocket.adapter'
  if (typeof f !== 'function') throw new TypeError(`${where}: the block must be a function`)
  return listener<In, Out>(
    where,
    (req) => {
      const through = f(req)
      if (!(through instanceof EnumerateeClass)) {
        throw new TypeError(`${where}: the block must give an Enumeratee, got ${describe(through)}`)
      }
      return E.right({ _tag: 'Adapter', through })
    },
    formattersOf(where, formatters),
    options
  )
}

/**
 * One `'upgrade'` listener for several endpoints, picked by the request's path (the query string is ignored). A path
 * without an endpoint goes to `fallback` when there is one, or else gets `404`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { once } from 'node:events'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { WebSocket as Client } from 'ws'
 * import { Enumeratee, Enumerator, Iteratee, WebSocket } from 'play-iteratees-ts'
 *
 * const server = createServer()
 * server.on(
 *   'upgrade',
 *   WebSocket.router({
 *     '/echo': WebSocket.adapter(() => Enumeratee.passAlong<string>()),
 *     '/hello': WebSocket.using(() => [Iteratee.ignore<string>(), Enumerator('Hello!')])
 *   })
 * )
 * server.listen(0, '127.0.0.1')
 * await once(server, 'listening')
 * const base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
 *
 * const hello = new Client(`${base}/hello?from=docs`)
 * assert.equal(String((await once(hello, 'message'))[0]), 'Hello!')
 * const closed = once(hello, 'close')
 * hello.close()
 * const lost = new Client(`${base}/nowhere`)
 * lost.on('error', () => undefined)
 * assert.equal((await once(lost, 'unexpected-response'))[1].statusCode, 404)
 * await closed
 * server.close()
 * ```
 *
 * @play none — Play routes WebSockets with its router (`conf/routes`); this is the small Node counterpart
 * @category constructors
 * @since 0.2.0
 */
export const router = (
  routes: Readonly<Record<string, UpgradeListener>>,
  fallback?: UpgradeListener,
  options?: { readonly onError?: OnError }
): UpgradeListener => {
  if (typeof routes !== 'object' || routes === null) throw new TypeError('WebSocket.router: routes must be an object')
  // a copy: the table cannot change under the server
  const table = new Map<string, UpgradeListener>()
  for (const path of Object.keys(routes)) {
    const l = routes[path]
    if (typeof l !== 'function') throw new TypeError(`WebSocket.router: the route ${path} must be a listener`)
    table.set(path, l)
  }
  if (fallback !== undefined && typeof fallback !== 'function') {
    throw new TypeError('WebSocket.router: fallback must be a listener')
  }
  const onError = options?.onError
  return (req, socket, head) => {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const l = table.get(q < 0 ? url : url.slice(0, q))
    if (l !== undefined) l(req, socket, head)
    else if (fallback !== undefined) fallback(req, socket, head)
    else {
      socket.on('error', destroyOnError)
      try {
        answer(req, socket, NotFound('No WebSocket endpoint here'), onError)
      } catch (thrown) {
        reporter(req, onError)(thrown)
        socket.destroy()
      }
    }
  }
}
