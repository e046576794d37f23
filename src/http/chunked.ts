/**
 * The iteratee that writes a chunked body to a `ServerResponse`.
 *
 * ```
 *   El(e)  ──toBytes──▶ '' or empty?  skip (never res.write(''): that would be no chunk, or the terminal one)
 *                       otherwise      res.write(chunk) ── true  ──▶ Cont (the same iteratee: no allocation)
 *                                                       └─ false ──▶ pending until 'drain' or 'close'
 *   'close' before the end (the client left)  ──▶ Done: the enumerator stops, its onDoneEnumerating runs
 *                                             ──▶ `lifetime` listeners: a broadcast that holds the idle writer
 *                                                 lets it go at once, without waiting to feed it
 *   EOF    ──▶ Done (the caller ends the response)
 * ```
 *
 * While the socket takes the chunks, `k` gives back the very same Cont: a synchronous enumerator writes without an
 * iteratee or a Promise per element. The writer adds one `'close'` listener for its whole life and one
 * `'drain'` listener only while it waits; `dispose` removes whatever is left.
 *
 * Each element is its own HTTP chunk, as in Play. On a plain HTTP/1.1 response (no middleware that replaces
 * `res.write`, such as `compression()`), the writer frames the chunks itself and gives the socket the chunks of a
 * tick in one write at the end of the tick: the bytes on the wire are those of a `res.write` apiece, and no byte
 * leaves later (Node corks the socket until the end of the tick anyway), but Node's four socket writes per chunk and
 * their buffering are spared: a broadcast of 100 messages is one socket write per connection. While the socket is
 * backed up, it holds up to the socket's buffer size of framed chunks, then waits for 'drain'. Otherwise (a replaced
 * `write`, a response whose headers are not out yet) it writes each element with `res.write`. See
 * docs/benchmarks.md (W3, W4).
 *
 * @internal
 */
import { ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { type Input, Input as In } from '../Input'
import type { Leaver, Lifetime } from '../internal/lifetime'
import { type Iteratee, cont, done, flatten } from '../internal/iteratee'
import type { ResponseHeaders } from './Result'
import { type Writeable, forValue } from './Writeable'

const noop = (): void => undefined

// the bits of `Writer#flags`
const CLOSED = 1
const ENDING = 2
const DISPOSED = 4
const STARTED = 8
const FULL = 16
const FLUSHES = 32
const TYPE_FROM_FIRST = 64
/** Some piece of `pending` is bytes: what is pending goes out as one buffer, not as one string. */
const HOLDS_BYTES = 128

/** Who hears that the client left: a function (`onEnd`) or an object (`listen`). */
type Listener = (() => void) | Leaver

const CRLF = '\r\n'

/**
 * The chunk heads of the common sizes, made once: a broadcast frames the same few sizes for every connection, and
 * a head made per chunk is two strings more per delivery for the collector.
 */
const HEADS: ReadonlyArray<string> = Array.from({ length: 2048 }, (_, size) => size.toString(16) + CRLF)

/** The chunk framing of `size` bytes: its length in hex, then CRLF (what Node's `res.write` writes before a chunk). */
const chunkHead = (size: number): string => (size < HEADS.length ? HEADS[size] : size.toString(16) + CRLF)

/** Scheduled once per tick by a writer that holds framed chunks: `process.nextTick(writeAtTickEnd, writer)`. */
const writeAtTickEnd = (writer: Writer<unknown>): void => {
  writer.tickEnd()
}

/** Pieces some of which are bytes, as one buffer. */
const joinedBytes = (pieces: ReadonlyArray<Uint8Array | string>): Uint8Array =>
  Buffer.concat(pieces.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)))

/**
 * The socket a writer may frame chunks onto itself: that of a plain HTTP/1.1 chunked response whose head is out, whose
 * `write` is Node's own, and that is the one its connection is serving (not a pipelined response waiting its turn),
 * with nothing of the response's own left in Node's buffer. It relies on `ServerResponse` fields that Node has had
 * since 0.x (`chunkedEncoding`, `_headerSent`, `outputData`, the socket's `_httpMessage`); when one of them is not as
 * expected, the writer uses `res.write`.
 */
const ownSocket = (res: ServerResponse): Socket | undefined => {
  const r = res as ServerResponse & {
    chunkedEncoding?: boolean
    _headerSent?: boolean
    outputData?: ReadonlyArray<unknown>
  }
  const socket = res.socket as (Socket & { _httpMessage?: unknown }) | null
  if (
    socket === null ||
    socket._httpMessage !== res ||
    !socket.writable ||
    r.chunkedEncoding !== true ||
    r._headerSent !== true ||
    r.outputData === undefined ||
    r.outputData.length !== 0 ||
    res.write !== ServerResponse.prototype.write
  )
    return undefined
  return socket
}

/** @internal The writer, and what the caller needs to finish the response. Used by `Action` only; not re-exported. */
export interface ChunkedWriter<E> {
  /** The iteratee to feed the enumerator into. */
  readonly iteratee: Iteratee<E, void>
  /** Whether the response closed before it was ended (the client went away). */
  readonly closed: () => boolean
  /** Removes the listeners the writer added; call it once the enumeration is over, whatever its outcome. */
  readonly dispose: () => void
  /** The response's lifetime: a broadcast that holds the writer (idle, so not fed) hears at once that the client left. */
  readonly lifetime: Lifetime
  /**
   * Ends the enumeration as if the client had left, but keeps the response open for its terminal chunk: a graceful
   * shutdown. The writer takes nothing more.
   */
  readonly end: () => void
}

/**
 * What a writer becomes once its response is over: Done, with no element of its own, so one instance serves every
 * writer.
 */
const DONE: Iteratee<unknown, void> = done<unknown, void>(undefined, In.Empty)

/**
 * @internal A writer of chunks to `res`. `writeable` gives the bytes of an element (a string is UTF-8; without one,
 * each element's default `Writeable`); with `typeFromFirst`, the first non-empty chunk's default `Writeable` sets the
 * response's `Content-Type`, just before it is written (while the headers can still change). The plumbing of
 * `Action`'s chunked bodies (which extends it with what ends the response); not re-exported.
 *
 * The writer is one object whose methods live on the prototype: a server holds one per open response, so only what
 * must be a function of its own is one (the two listeners and the Cont's `k`). It is its own `lifetime`.
 */
export class Writer<E> implements ChunkedWriter<E>, Lifetime {
  // framed chunks not yet given to the socket (this tick's, or those held while it is backed up), and their size
  // (their pieces in order, joined when written: a string appended to per chunk would hold three string nodes a
  // chunk until then, and a broadcast holds every connection's chunks of a tick at once)
  private pending: Array<Uint8Array | string> | undefined = undefined
  private pendingSize = 0
  // the socket the chunks are framed onto, once it may be (see `ownSocket`)
  private socket: Socket | undefined = undefined
  // its high-water mark, read with it (not per chunk: a broadcast's chunk should touch the writer, not the socket)
  private limit = 0
  private drainFrom: Socket | ServerResponse | undefined = undefined
  private wake: ((next: Iteratee<E, void>) => void) | undefined = undefined
  // who wants to hear that the client left: in practice none, or the one broadcast subscriber of the response (kept
  // as itself then, an array only for more)
  private leavers: Listener | Array<Listener> | undefined = undefined
  /** The Cont the enumerator feeds; while the socket takes the chunks, `k` gives it back. */
  // a field, so that its function shares one context with `onClose` (the writer holds both for its whole life)
  private readonly self: Iteratee<E, void> = cont((input: Input<E>) => this.k(input))
  /** The writer's yes-or-no states, one bit each (see the accessors below): one field, not seven. */
  private flags = 0

  /**
   * The head still to write, when the writer writes it (`writeHead`) rather than Node from headers set one by one:
   * Node then keeps no map of the headers for the rest of the response (a server holds one per open stream).
   */
  private head: ResponseHeaders | undefined

  constructor(
    protected readonly res: ServerResponse,
    private readonly writeable: Writeable<E> | undefined,
    typeFromFirst: boolean,
    head: ResponseHeaders | undefined = undefined
  ) {
    this.head = head
    this.typeFromFirst = typeFromFirst
    this.isClosed = res.destroyed || res.writableEnded
    this.flushes = typeof (res as { flush?: unknown }).flush === 'function'
    if (!this.isClosed) res.on('close', this.onClose)
  }

  /** The iteratee to feed the enumerator into: Done when the response was over when asked (no field of its own). */
  get iteratee(): Iteratee<E, void> {
    return this.isClosed || this.disposed || this.ending ? this.done() : this.self
  }

  /** The response's lifetime: the writer itself. */
  get lifetime(): Lifetime {
    return this
  }

  /** The response closed before it was ended (the client went away). */
  private get isClosed(): boolean {
    return (this.flags & CLOSED) !== 0
  }
  private set isClosed(on: boolean) {
    this.flag(CLOSED, on)
  }

  /** A graceful shutdown asked the enumeration to end: the writer takes nothing more, the response ends complete. */
  private get ending(): boolean {
    return (this.flags & ENDING) !== 0
  }
  private set ending(on: boolean) {
    this.flag(ENDING, on)
  }

  /** After dispose the response is over (ended, or cut): a late input (a heartbeat timer) is refused, never written. */
  private get disposed(): boolean {
    return (this.flags & DISPOSED) !== 0
  }
  private set disposed(on: boolean) {
    this.flag(DISPOSED, on)
  }

  /** A non-empty chunk was taken. */
  private get started(): boolean {
    return (this.flags & STARTED) !== 0
  }
  private set started(on: boolean) {
    this.flag(STARTED, on)
  }

  /** The last write was not taken at once: until 'drain' (of `drainFrom`), framed chunks are held, not written. */
  private get full(): boolean {
    return (this.flags & FULL) !== 0
  }
  private set full(on: boolean) {
    this.flag(FULL, on)
  }

  /**
   * Whether the response has `flush()` (Express's `compression()` adds it): a compressing response holds what is
   * written in its gzip buffer until it is flushed, and a stream's events must reach the client as they come.
   */
  private get flushes(): boolean {
    return (this.flags & FLUSHES) !== 0
  }
  private set flushes(on: boolean) {
    this.flag(FLUSHES, on)
  }

  /** The first non-empty chunk's default `Writeable` sets the response's `Content-Type`. */
  private get typeFromFirst(): boolean {
    return (this.flags & TYPE_FROM_FIRST) !== 0
  }
  private set typeFromFirst(on: boolean) {
    this.flag(TYPE_FROM_FIRST, on)
  }

  private flag(bit: number, on: boolean): void {
    this.flags = on ? this.flags | bit : this.flags & ~bit
  }

  /** Writes the head the writer holds, if any (it goes out with the first chunk, or at `flushHeaders`). */
  writeHead(): void {
    const head = this.head
    if (head === undefined) return
    this.head = undefined
    if (!this.res.headersSent) this.res.writeHead(this.res.statusCode, head as Record<string, string | Array<string>>)
  }

  /**
   * Sets the headers the writer holds, if any, on the response, one by one, as Node's own: for a response that ends
   * before its head went out, whose head Node then writes itself (with `Content-Length: 0` for an empty body).
   */
  setHead(): void {
    const head = this.head
    if (head === undefined) return
    this.head = undefined
    if (this.res.headersSent) return
    for (const name of Object.keys(head)) this.res.setHeader(name, head[name] as string | Array<string>)
  }

  /** Where a failure of a listener told that the client left goes; nowhere by default. */
  protected report(_error: unknown): void {}

  closed(): boolean {
    return this.isClosed
  }

  ended(): boolean {
    return this.isClosed || this.disposed || this.ending
  }

  end(): void {
    if (this.ending || this.isClosed || this.disposed) return
    this.ending = true
    this.tellLeavers()
    this.wakeDone()
  }

  onEnd(leave: () => void): () => void {
    // a closed writer is DONE: whoever holds it lets go the first time it looks, with no need to hear anything
    if (this.isClosed || this.disposed || this.ending) return noop
    this.listen(leave)
    return () => this.unlisten(leave)
  }

  listen(leaver: Listener): void {
    if (this.isClosed || this.disposed || this.ending) return
    const ls = this.leavers
    this.leavers = ls === undefined ? leaver : Array.isArray(ls) ? [...ls, leaver] : [ls, leaver]
  }

  unlisten(leaver: Listener): void {
    const now = this.leavers
    if (now === leaver) this.leavers = undefined
    else if (Array.isArray(now)) this.leavers = now.filter((l) => l !== leaver)
  }

  dispose(): void {
    // what the enumeration gave goes out before the response ends (or is cut)
    if (!this.disposed && !this.isClosed) this.flush()
    this.drop()
    this.disposed = true
    this.leavers = undefined
    this.res.removeListener('close', this.onClose)
    this.stopListeningForDrain()
    if (this.wake !== undefined) {
      // nothing is left pending forever: a writer still waiting (its enumerator gave up on it) is done
      const w = this.wake
      this.wake = undefined
      w(this.done())
    }
  }

  private done(): Iteratee<E, void> {
    return DONE as unknown as Iteratee<E, void>
  }

  private k(input: Input<E>): Iteratee<E, void> {
    switch (input._tag) {
      case 'El':
        if (this.isClosed || this.disposed || this.ending) return done<E, void>(undefined, input)
        return this.take(input.e) ? this.self : this.afterFull()
      case 'Empty':
        return this.isClosed || this.disposed || this.ending ? this.done() : this.self
      default:
        return done<E, void>(undefined, In.EOF)
    }
  }

  /** Takes one element; true when the response takes more at once. */
  private take(e: E): boolean {
    const w = this.writeable
    const chunk = w !== undefined ? w.toBytes(e) : forValue(e).toBytes(e)
    if (typeof chunk === 'string' ? chunk.length === 0 : chunk.byteLength === 0) return true
    if (!this.started) {
      this.started = true
      if (this.typeFromFirst) {
        const contentType = forValue(e).contentType
        if (contentType !== undefined) {
          if (this.head !== undefined) this.head = { ...this.head, 'Content-Type': contentType }
          else this.res.setHeader('Content-Type', contentType)
        }
      }
      this.writeHead()
    }
    let socket = this.socket
    if (this.pending === undefined) {
      socket = this.socket = ownSocket(this.res)
      if (socket !== undefined) this.limit = socket.writableHighWaterMark
    }
    if (socket === undefined) return this.writeThroughResponse(chunk)
    const size = typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.byteLength
    if (this.pending === undefined && !this.full) process.nextTick(writeAtTickEnd, this)
    this.hold(chunkHead(size), chunk)
    this.pendingSize += size
    const limit = this.limit
    // a tick that gives a socket's buffer of chunks writes them now; a backed-up socket is waited for once as much
    // is held
    if (!this.full) {
      if (this.pendingSize >= limit) this.flush()
      return true
    }
    return this.pendingSize < limit
  }

  /** Node's way: `res.write` frames the chunk; false when it is not taken at once (then the writer waits for 'drain'). */
  private writeThroughResponse(chunk: Uint8Array | string): boolean {
    const taken = this.res.write(chunk)
    if (this.flushes) (this.res as ServerResponse & { flush(): void }).flush()
    if (!taken) this.listenForDrain(this.res)
    return taken
  }

  /** Adds a framed chunk to what is pending (a UTF-8 string is kept as it is, and written as UTF-8). */
  private hold(head: string, chunk: Uint8Array | string): void {
    if (typeof chunk !== 'string') this.flag(HOLDS_BYTES, true)
    if (this.pending === undefined) this.pending = [head, chunk, CRLF]
    else this.pending.push(head, chunk, CRLF)
  }

  /** Forgets what is pending. */
  private drop(): void {
    this.pending = undefined
    this.pendingSize = 0
    this.flag(HOLDS_BYTES, false)
  }

  /** Gives what is pending to the socket, in one write. */
  private flush(): void {
    const p = this.pending
    const socket = this.socket
    if (p === undefined || socket === undefined) return
    const bytes = (this.flags & HOLDS_BYTES) !== 0
    this.drop()
    if (socket.destroyed) return
    // a string of framing and UTF-8 text: written as UTF-8 (framing is ASCII, so the same bytes either way)
    const taken = bytes ? socket.write(joinedBytes(p)) : socket.write(p.join(''), 'utf8')
    if (!taken) this.listenForDrain(socket)
  }

  /** @internal The end of the tick in which chunks were framed: they go out now, unless the socket is backed up. */
  tickEnd(): void {
    if (this.full || this.pending === undefined) return
    if (this.isClosed || this.disposed || this.res.destroyed) {
      this.drop()
      return
    }
    this.flush()
  }

  private listenForDrain(from: Socket | ServerResponse): void {
    if (this.full) return
    this.full = true
    this.drainFrom = from
    // made the first time the socket backs up: an idle response never needs it
    from.on('drain', (this.onDrain ??= () => this.drained()))
  }

  private stopListeningForDrain(): void {
    if (this.drainFrom !== undefined) this.drainFrom.removeListener('drain', this.onDrain!)
    this.drainFrom = undefined
  }

  /** What comes after a write that the response did not take at once. */
  private afterFull(): Iteratee<E, void> {
    return this.isClosed || this.ending ? this.done() : this.waitForDrain()
  }

  /** Pending until 'drain' (whose listener `write` added when the socket backed up) or 'close'. */
  private waitForDrain(): Iteratee<E, void> {
    return flatten(
      new Promise<Iteratee<E, void>>((resolve) => {
        this.wake = resolve
      })
    )
  }

  private readonly onClose = (): void => {
    this.isClosed = true
    this.tellLeavers()
    this.wakeDone()
  }

  /** Tells whoever listens that the consumer has gone, once. */
  private tellLeavers(): void {
    const ls = this.leavers
    this.leavers = undefined
    if (Array.isArray(ls)) for (const leave of ls) this.tell(leave)
    else if (ls !== undefined) this.tell(ls)
  }

  /** A write waiting for 'drain' goes on with Done: nothing more is written. */
  private wakeDone(): void {
    if (this.wake !== undefined) {
      const w = this.wake
      this.wake = undefined
      this.stopListeningForDrain()
      w(this.done())
    }
  }

  /**
   * Tells one listener that the client left. It runs user code (a broadcast's `interestIsDownToZero`, a unicast's
   * `onComplete`) inside the response's 'close' event: a throw is reported, never left to crash the process, and the
   * other listeners and a waiting write are still told.
   */
  private tell(leave: Listener): void {
    try {
      if (typeof leave === 'function') leave()
      else leave.leave()
    } catch (thrown) {
      this.report(thrown)
    }
  }

  /** The 'drain' listener, once needed. */
  private onDrain: (() => void) | undefined = undefined

  private drained(): void {
    this.full = false
    this.stopListeningForDrain()
    // what was held goes out now (it may back the socket up again: the writer then holds the next ones)
    if (!this.isClosed && !this.disposed) this.flush()
    if (this.wake !== undefined) {
      const w = this.wake
      this.wake = undefined
      w(this.isClosed || this.ending ? this.done() : this.self)
    }
  }
}
