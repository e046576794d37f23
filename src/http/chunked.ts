/**
 * The iteratee that writes a chunked body to a `ServerResponse`.
 *
 * ```
 *   El(e)  ──toBytes──▶ '' or empty?  skip (never res.write(''): that would be no chunk, or the terminal one)
 *                       otherwise      res.write(chunk) ── true  ──▶ Cont (the same iteratee: no allocation)
 *                                                       └─ false ──▶ pending until 'drain' or 'close'
 *   'close' before the end (the client left)  ──▶ Done: the enumerator stops, its onDoneEnumerating runs
 *                                             ──▶ `departure` listeners: a broadcast that holds the idle writer
 *                                                 lets it go at once, without waiting to feed it
 *   EOF    ──▶ Done (the caller ends the response)
 * ```
 *
 * While the socket takes the chunks, `k` gives back the very same Cont: a synchronous enumerator writes without an
 * iteratee or a Promise per element. The writer adds one `'close'` listener for its whole life and one
 * `'drain'` listener only while it waits; `dispose` removes whatever is left.
 *
 * @internal
 */
import type { ServerResponse } from 'node:http'
import { Input as In } from '../Input'
import type { Departure } from '../internal/departure'
import { type Iteratee, cont, done, flatten } from '../internal/iteratee'

const noop = (): void => undefined

/** @internal The writer, and what the caller needs to finish the response. */
export interface ChunkedWriter<E> {
  /** The iteratee to feed the enumerator into. */
  readonly iteratee: Iteratee<E, void>
  /** Whether the response closed before it was ended (the client went away). */
  readonly closed: () => boolean
  /** Removes the listeners the writer added; call it once the enumeration is over, whatever its outcome. */
  readonly dispose: () => void
  /** Tells a broadcast that holds the writer (idle, so not fed) that the client left, so it lets go at once. */
  readonly departure: Departure
}

/**
 * @internal A writer of chunks to `res`. `encode` gives the bytes of an element (a string is UTF-8); `onFirst` runs
 * just before the first non-empty chunk is written (while the headers can still change).
 */
export const chunkedWriter = <E>(
  res: ServerResponse,
  encode: (e: E) => Uint8Array | string,
  onFirst?: (e: E) => void
): ChunkedWriter<E> => {
  let closed = res.destroyed || res.writableEnded
  // after dispose the response is over (ended, or cut): a late input (a heartbeat timer) is refused, never written
  let disposed = false
  let started = false
  let wake: ((next: Iteratee<E, void>) => void) | undefined
  // who wants to hear that the client left: in practice none, or the one broadcast the response subscribes to
  let leavers: Array<() => void> | undefined
  const DONE: Iteratee<E, void> = done<E, void>(undefined, In.Empty)

  const onClose = (): void => {
    closed = true
    if (leavers !== undefined) {
      const ls = leavers
      leavers = undefined
      for (const leave of ls) leave()
    }
    if (wake !== undefined) {
      const w = wake
      wake = undefined
      res.removeListener('drain', onDrain)
      w(DONE)
    }
  }
  const onDrain = (): void => {
    res.removeListener('drain', onDrain)
    if (wake !== undefined) {
      const w = wake
      wake = undefined
      w(closed ? DONE : self)
    }
  }
  const waitForDrain = (): Iteratee<E, void> =>
    flatten(
      new Promise<Iteratee<E, void>>((resolve) => {
        wake = resolve
        res.on('drain', onDrain)
      })
    )

  /** Writes one element; true when the response takes more at once. */
  const write = (e: E): boolean => {
    const chunk = encode(e)
    if (typeof chunk === 'string' ? chunk.length === 0 : chunk.byteLength === 0) return true
    if (!started) {
      started = true
      if (onFirst !== undefined) onFirst(e)
    }
    return res.write(chunk)
  }

  /** What comes after a write that the response did not take at once. */
  const afterFull = (): Iteratee<E, void> => (closed ? DONE : waitForDrain())

  const self: Iteratee<E, void> = cont((input) => {
    switch (input._tag) {
      case 'El':
        if (closed || disposed) return done<E, void>(undefined, input)
        return write(input.e) ? self : afterFull()
      case 'Empty':
        return closed || disposed ? DONE : self
      default:
        return done<E, void>(undefined, In.EOF)
    }
  })

  if (!closed) res.on('close', onClose)

  const departure: Departure = {
    listen: (leave) => {
      // a closed writer is DONE: whoever holds it lets go the first time it looks, with no need to hear anything
      if (closed || disposed) return noop
      ;(leavers ??= []).push(leave)
      return () => {
        if (leavers !== undefined) leavers = leavers.filter((l) => l !== leave)
      }
    }
  }

  return {
    iteratee: closed ? DONE : self,
    closed: () => closed,
    departure,
    dispose: () => {
      disposed = true
      leavers = undefined
      res.removeListener('close', onClose)
      res.removeListener('drain', onDrain)
      if (wake !== undefined) {
        // nothing is left pending forever: a writer still waiting (its enumerator gave up on it) is done
        const w = wake
        wake = undefined
        w(DONE)
      }
    }
  }
}
