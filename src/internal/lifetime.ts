/**
 * A consumer's lifetime: how the end of whoever an enumeration feeds (an HTTP client that leaves,
 * a WebSocket that closes, a user who aborts) reaches the sources that feed it.
 *
 * Play's enumerators learn that an iteratee is done only when they feed it, so a hot source that
 * holds an idle subscriber (a broadcast in a quiet chat) would keep it until its next push, which
 * may be never. Here the lifetime is part of what an enumerator is applied with, as @most/core's
 * `run(sink, scheduler)` carries its `Disposable`: every enumerator and enumeratee passes on the
 * lifetime it was given, so a source reached after any number of asynchronous steps (an `andThen`
 * after a pending head, a `flatten` of a promised enumerator) still gets it, and a source releases
 * exactly what it made for that consumer. Nothing is ambient: a subscription made by user code
 * (a logger attached from inside `onStart`) has the lifetime its own `apply` was given.
 *
 * @internal
 */

/**
 * @internal How a source hears that its consumer has gone. Call both as methods (`life.onEnd(f)`): the HTTP writer
 * implements them on its prototype.
 */
export interface Lifetime {
  /** Whether the consumer has gone already (then `onEnd` calls nothing). */
  ended(): boolean
  /** Calls `leave` once when the consumer goes; the function it gives stops listening. */
  onEnd(leave: () => void): () => void
  /**
   * Optional: `onEnd` for an object that is told by its `leave` method, with nothing made for it (no function to
   * call, none to stop listening with); `unlisten(leaver)` stops listening. A broadcast's subscriber uses it, when
   * there, to hold no closure per idle connection (the HTTP writer has it).
   */
  listen?(leaver: Leaver): void
  /** Stops `listen(leaver)`. */
  unlisten?(leaver: Leaver): void
}

/** @internal What `Lifetime#listen` tells that the consumer has gone. */
export interface Leaver {
  leave(): void
}

const noop = (): void => undefined
const never = (): boolean => false

/** @internal The lifetime of a consumer that never leaves on its own (`apply` without a signal). */
export const FOREVER: Lifetime = { ended: never, onEnd: () => noop }

/** @internal The lifetime an `AbortSignal` gives: the consumer has gone once it is aborted. */
export const fromSignal = (signal: AbortSignal): Lifetime => {
  if (typeof signal !== 'object' || signal === null || typeof signal.addEventListener !== 'function') {
    throw new TypeError(`apply: options.signal must be an AbortSignal, got ${String(signal)}`)
  }
  return {
    ended: () => signal.aborted,
    onEnd: (leave) => {
      if (signal.aborted) return noop
      signal.addEventListener('abort', leave, { once: true })
      return () => signal.removeEventListener('abort', leave)
    }
  }
}
