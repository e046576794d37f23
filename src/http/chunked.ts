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
 * While the socket keeps up, each element is written at once, as its own chunk. Once a write is not taken at once
 * (the socket is backed up), the writer goes on taking elements until it holds as much as the response's buffer
 * (`writableHighWaterMark`), and only then waits for 'drain'; at 'drain' what it holds goes out as one chunk. The body
 * is byte for byte the same, nothing waits for a later element, and a client that cannot keep up costs one write per
 * buffer instead of one per element: W3 (100,000 messages to one client) writes one chunk per 16 KiB once the socket
 * is full. Memory stays bounded: the socket's buffer, plus at most that much held here.
 *
 * @internal
 */
import type { ServerResponse } from 'node:http'
import { type Input, Input as In } from '../Input'
import type { Lifetime } from '../internal/lifetime'
import { type Iteratee, cont, done, flatten } from '../internal/iteratee'

const noop = (): void => undefined

/** What a writer holds while the socket is backed up: one string, or the chunks in order when some are bytes. */
type Pending = string | Array<Uint8Array | string>

/** The chunks of `pending` as one. */
const joined = (pending: Pending): Uint8Array | string => {
  if (typeof pending === 'string') return pending
  if (pending.length === 1) return pending[0]
  return Buffer.concat(pending.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)))
}

/** Its length in bytes, or in UTF-16 units for a string: a bound for the buffer, not an exact count. */
const sizeOf = (chunk: Uint8Array | string): number => (typeof chunk === 'string' ? chunk.length : chunk.byteLength)

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
 * @internal A writer of chunks to `res`. `encode` gives the bytes of an element (a string is UTF-8); `onFirst` runs
 * just before the first non-empty chunk is written (while the headers can still change). The plumbing of `Action`'s
 * chunked bodies; not re-exported.
 */
export const chunkedWriter = <E>(
  res: ServerResponse,
  encode: (e: E) => Uint8Array | string,
  onFirst?: (e: E) => void,
  report: (error: unknown) => void = noop
): ChunkedWriter<E> => new Writer(res, encode, onFirst, report)

/**
 * The writer as one object whose methods live on the prototype: a server holds one per open response, so only what
 * must be a function of its own is one (the two listeners and the Cont's `k`). It is its own `lifetime`.
 */
class Writer<E> implements ChunkedWriter<E>, Lifetime {
  readonly iteratee: Iteratee<E, void>
  readonly lifetime: Lifetime = this
  private isClosed: boolean
  // a graceful shutdown asked the enumeration to end: the writer takes nothing more, the response ends complete
  private ending = false
  // after dispose the response is over (ended, or cut): a late input (a heartbeat timer) is refused, never written
  private disposed = false
  private started = false
  // while the socket is backed up (`full`, until 'drain'): the chunks taken since, not yet written, and their size
  private full = false
  private pending: Pending | undefined = undefined
  private pendingSize = 0
  private wake: ((next: Iteratee<E, void>) => void) | undefined = undefined
  // who wants to hear that the client left: in practice none, or the one broadcast the response subscribes to (kept
  // as the function itself then, an array only for more)
  private leavers: (() => void) | Array<() => void> | undefined = undefined
  /** The Cont the enumerator feeds; while the socket takes the chunks, `k` gives it back. */
  private readonly self: Iteratee<E, void>
  /**
   * Whether the response has `flush()` (Express's `compression()` adds it): a compressing response holds what is
   * written in its gzip buffer until it is flushed, and a stream's events must reach the client as they come.
   */
  private readonly flushes: boolean

  constructor(
    private readonly res: ServerResponse,
    private readonly encode: (e: E) => Uint8Array | string,
    private readonly onFirst: ((e: E) => void) | undefined,
    private readonly report: (error: unknown) => void
  ) {
    this.isClosed = res.destroyed || res.writableEnded
    this.flushes = typeof (res as { flush?: unknown }).flush === 'function'
    this.self = cont((input) => this.k(input))
    if (!this.isClosed) res.on('close', this.onClose)
    this.iteratee = this.isClosed ? this.done() : this.self
  }

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
    const ls = this.leavers
    this.leavers = ls === undefined ? leave : typeof ls === 'function' ? [ls, leave] : [...ls, leave]
    return () => {
      const now = this.leavers
      if (now === leave) this.leavers = undefined
      else if (Array.isArray(now)) this.leavers = now.filter((l) => l !== leave)
    }
  }

  dispose(): void {
    // what the enumeration gave goes out before the response ends (or is cut)
    if (!this.disposed && !this.isClosed) this.flush()
    this.pending = undefined
    this.disposed = true
    this.leavers = undefined
    this.res.removeListener('close', this.onClose)
    this.res.removeListener('drain', this.onDrain)
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

  /** Takes one element: written at once, or held while the socket is backed up; true when it takes more at once. */
  private take(e: E): boolean {
    const chunk = this.encode(e)
    const size = sizeOf(chunk)
    if (size === 0) return true
    if (!this.started) {
      this.started = true
      if (this.onFirst !== undefined) this.onFirst(e)
    }
    if (!this.full) {
      this.write(chunk)
      return true
    }
    this.hold(chunk, size)
    return this.pendingSize < this.res.writableHighWaterMark
  }

  /** Writes a chunk; a write not taken at once marks the socket as backed up until 'drain'. */
  private write(chunk: Uint8Array | string): void {
    const taken = this.res.write(chunk)
    if (this.flushes) (this.res as ServerResponse & { flush(): void }).flush()
    if (!taken && !this.full) {
      this.full = true
      this.res.on('drain', this.onDrain)
    }
  }

  private hold(chunk: Uint8Array | string, size: number): void {
    const p = this.pending
    if (p === undefined) this.pending = typeof chunk === 'string' ? chunk : [chunk]
    else if (typeof p === 'string') this.pending = typeof chunk === 'string' ? p + chunk : [p, chunk]
    else p.push(chunk)
    this.pendingSize += size
  }

  /** Writes what is held, as one chunk. */
  private flush(): void {
    const p = this.pending
    if (p === undefined) return
    this.pending = undefined
    this.pendingSize = 0
    this.write(joined(p))
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
    if (typeof ls === 'function') this.tell(ls)
    else if (ls !== undefined) for (const leave of ls) this.tell(leave)
  }

  /** A write waiting for 'drain' goes on with Done: nothing more is written. */
  private wakeDone(): void {
    if (this.wake !== undefined) {
      const w = this.wake
      this.wake = undefined
      this.res.removeListener('drain', this.onDrain)
      w(this.done())
    }
  }

  /**
   * Tells one listener that the client left. It runs user code (a broadcast's `interestIsDownToZero`, a unicast's
   * `onComplete`) inside the response's 'close' event: a throw is reported, never left to crash the process, and the
   * other listeners and a waiting write are still told.
   */
  private tell(leave: () => void): void {
    try {
      leave()
    } catch (thrown) {
      this.report(thrown)
    }
  }

  private readonly onDrain = (): void => {
    this.full = false
    this.res.removeListener('drain', this.onDrain)
    // what was held goes out now (it may back the socket up again: the writer then holds the next ones)
    if (!this.isClosed && !this.disposed) this.flush()
    if (this.wake !== undefined) {
      const w = this.wake
      this.wake = undefined
      w(this.isClosed || this.ending ? this.done() : this.self)
    }
  }
}
