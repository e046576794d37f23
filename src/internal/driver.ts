/**
 * The driver: one loop for every producer. A synchronous source runs as far as it can now; after
 * its first wait, one asynchronous loop goes on, so a long stream is a loop, not a growing promise
 * chain. A sink's fast path is used when the consumer offers one.
 *
 * @internal
 */
import { Input as In } from '../Input'
import { FOREVER, type Lifetime } from './lifetime'
import {
  type Iteratee,
  type Sink,
  failure,
  isIteratee,
  isPromiseLike,
  resolvePending,
  settle,
  step,
  suspend
} from './iteratee'

// -------------------------------------------------------------------------------------
// the driver: one loop for every producer
// -------------------------------------------------------------------------------------

/**
 * What an `Advance` returns when it must wait: a pending iteratee (the driver awaits what it waits
 * for, directly), or a promise of the iteratee to go on with.
 */
export class Wait<E, A> {
  /** Keeps this class's field layout alive between enumerations (see `FilterMapSink.layout` in ./fusion). */
  static readonly layout: Wait<unknown, unknown> = new Wait<unknown, unknown>(Promise.resolve(FOREVER as never))
  constructor(public p: Iteratee<E, A> | PromiseLike<Iteratee<E, A>>) {}
}

/**
 * A source waits for one thing at a time, and the driver reads `p` at once: one `Wait` per source,
 * reused, spares an allocation per asynchronous element.
 */
export const waitOn = <E, A>(w: Wait<E, A>, it: Iteratee<E, A>): Wait<E, A> => {
  w.p = it
  return w
}

/** @internal Feeds the iteratee as far as it can synchronously: a final iteratee, or a `Wait`. */
export type Advance<E, A> = (it: Iteratee<E, A>) => Iteratee<E, A> | Wait<E, A>

/**
 * Runs a producer. The synchronous part runs now; after the first wait, one async loop goes on,
 * awaiting each wait in turn, so a long asynchronous stream is a loop, not a growing promise chain.
 */
export const drive = <E, A>(advance: Advance<E, A>, it: Iteratee<E, A>): Iteratee<E, A> => {
  let r: Iteratee<E, A> | Wait<E, A>
  try {
    r = advance(it)
  } catch (thrown) {
    return failure(thrown)
  }
  return r instanceof Wait ? suspend(driveAsync(advance, r), (x: Iteratee<E, A>) => x) : r
}

const driveAsync = async <E, A>(advance: Advance<E, A>, w: Wait<E, A>): Promise<Iteratee<E, A>> => {
  for (;;) {
    const p = w.p
    let it: Iteratee<E, A>
    if (!isIteratee(p)) it = await p
    else if (p._r !== undefined) it = p._r
    else if (p._pp !== undefined) it = await p._pp
    else {
      // await what the pending iteratee waits for, directly: one microtask hop per element
      let ok = true
      let x: unknown
      try {
        x = await p._src
      } catch (thrown) {
        ok = false
        x = thrown
      }
      it = resolvePending(p, ok, x)
    }
    const r = advance(it)
    if (!(r instanceof Wait)) return r
    w = r
  }
}

/**
 * A long synchronous enumeration gives the event loop a turn after this long, so that one big
 * enumeration does not freeze a server. The clock is read once per `CHECK_MASK + 1` elements, and
 * less often over an array (see `MAX_GAP`).
 */
const SLICE_MS = 10
const CHECK_MASK = 1023
/**
 * An array goes to a sink in batches of `CHECK_MASK + 1` elements (short enough that V8 optimizes the
 * sink's loop as a function, with the user's closures inlined). The clock is read after batch 1, 3,
 * 7, 15..., the gaps doubling up to `MAX_GAP` batches: as long as the elements cost about the same,
 * a slice overruns `SLICE_MS` by at most its own length, and a long array pays a clock read per
 * 65,536 elements, not per 1,024. W1 (`npm run bench -- W1`): 1.8 ms with a read per batch, 1.4 ms
 * with these gaps (the plain loop: 1.2 ms).
 */
const MAX_GAP = 64
const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now()
const macrotask: (f: () => void) => void =
  typeof setImmediate === 'function' ? (f) => setImmediate(f) : (f) => setTimeout(f, 0)

/**
 * A clock for each run of `advance`, read only when a batch or `CHECK_MASK + 1` elements have
 * gone by (an asynchronous stream re-enters `advance` at every element: it must not pay a clock
 * read, nor an allocation, each time). `start()` at the top of `advance`, then `over()`.
 */
const slicer = () => {
  let started = -1
  return {
    start: (): void => {
      started = -1
    },
    over: (): boolean => {
      const t = now()
      if (started < 0) started = t
      return t - started > SLICE_MS
    }
  }
}

/** A `Wait` that gives the event loop a turn, then goes on with `it`. */
export const pause = <E, A>(it: Iteratee<E, A>): Wait<E, A> =>
  new Wait(new Promise<Iteratee<E, A>>((resolve) => macrotask(() => resolve(it))))

/** Marks the end of a pulled source. */
export const END: unique symbol = Symbol('END')
/** @internal */
export type End = typeof END

/**
 * Feeds a synchronous source: the elements of `arr`, or else what `pull` returns until `END`.
 * A Cont with a fast path gets the elements through its sink (no input or iteratee per element),
 * each pushed before the next is pulled, so nothing is pulled that would not be taken and no more
 * than one pulled element is alive at a time (Play's spec: ignoring more arrays than the heap can
 * hold). `stop` runs when the iteratee is no longer Cont before the source is exhausted.
 */
export const syncSource = <E, A>(
  it0: Iteratee<E, A>,
  life: Lifetime,
  arr: ReadonlyArray<E> | undefined,
  pull: (() => E | End) | undefined,
  stop?: () => void
): Iteratee<E, A> => {
  const feed = new SyncFeed<E>(life, arr, pull, stop)
  const n = feed.n
  const slice = slicer()
  const waiting = new Wait<E, A>(it0)
  const advance: Advance<E, A> = (it) => {
    slice.start()
    let count = 0
    // the consumer has gone (checked when the loop starts or resumes: a synchronous run is not interrupted)
    if (!feed.ended && life.ended()) {
      feed.ended = true
      if (stop !== undefined) stop()
    }
    for (;;) {
      it = settle(it)
      if (feed.ended || (arr !== undefined && feed.i >= n)) return it
      if (it._tag === 'Pending') return waitOn(waiting, it)
      if (it._tag !== 'Cont') {
        if (stop !== undefined) stop()
        return it
      }
      let x: E | End = END
      try {
        if (it._sink !== undefined) {
          // the fast path: the same elements, one at a time, without an input or an iteratee apiece
          const sink: Sink<E, A> = it._sink()
          let more = true
          let late = false
          if (arr !== undefined) {
            let batches = 0
            let gap = 1
            let check = 1
            while (feed.i < n) {
              const to = feed.i + CHECK_MASK + 1 < n ? feed.i + CHECK_MASK + 1 : n
              const next = sink.pushRun(arr, feed.i, to)
              if (next < 0) {
                // the element at -next - 1 was the last one taken
                feed.i = -next
                more = false
                break
              }
              feed.i = next
              if (++batches === check) {
                if (slice.over()) {
                  late = true
                  break
                }
                if (gap < MAX_GAP) gap *= 2
                check += gap
              }
            }
          } else {
            while (more) {
              x = END
              x = pull!()
              if (x === END) {
                feed.ended = true
                break
              }
              more = sink.push(x)
              if ((++count & CHECK_MASK) === 0 && slice.over()) {
                late = true
                break
              }
            }
          }
          x = END
          if (!more && sink.waiting !== undefined) {
            // the last element waits for a promise: await it here, and go on with the same sink
            const p = sink.waiting()
            if (p !== undefined) {
              waiting.p = sinkAsync(feed, sink, p)
              return waiting
            }
          }
          it = sink.end()
          if (late) return pause(it)
        } else {
          x = arr !== undefined ? arr[feed.i++] : pull!()
          if (x === END) {
            feed.ended = true
            return it
          }
          it = it._k!(In.El(x))
          if ((++count & CHECK_MASK) === 0 && slice.over()) return pause(it)
        }
      } catch (thrown) {
        // the enumeration ends here
        return feed.thrownAt(thrown, x)
      }
    }
  }
  return drive(advance, it0)
}

/**
 * What `syncSource` and `sinkAsync` share of a synchronous source: where it is, whether it has
 * ended. Not closures of `syncSource`: `sinkAsync` runs every element of an asynchronous stream,
 * and a function made per enumeration loses its optimized code at every GC that finds none alive.
 */
class SyncFeed<E> {
  /** Keeps this class's field layout alive (see `FilterMapSink.layout` in ./fusion). */
  static readonly layout: SyncFeed<unknown> = new SyncFeed<unknown>(FOREVER, [], undefined, undefined)
  /** The next element of `arr`. */
  i = 0
  /** The source is exhausted, or the consumer has gone. */
  ended = false
  readonly n: number
  constructor(
    readonly life: Lifetime,
    readonly arr: ReadonlyArray<E> | undefined,
    readonly pull: (() => E | End) | undefined,
    readonly stop: (() => void) | undefined
  ) {
    this.n = arr === undefined ? 0 : arr.length
  }
  /** Ends the enumeration on a throw: the source cleans up (a generator's finally), as a for-of would. */
  thrownAt<A>(thrown: unknown, x: E | End): Iteratee<E, A> {
    if (this.stop !== undefined) {
      try {
        this.stop()
      } catch {
        // the original failure wins
      }
    }
    return failure(thrown, x === END ? In.Empty : In.El(x))
  }
}

/**
 * The fast path of a sink whose elements wait for promises (mapM's): one loop that awaits each
 * element's promise (the user's own: no promise, input or iteratee of ours per element) and hands
 * the outcome to the sink, then pushes on until the next element waits. It stops where `advance`
 * would look at the iteratee again (the sink takes no more this way, the source is exhausted, the
 * consumer has gone) and gives `advance` the iteratee the elements led to. Its own slices give the
 * event loop a turn, between elements, while no user promise is outstanding.
 */
const sinkAsync = async <E, A>(
  feed: SyncFeed<E>,
  sink: Sink<E, A>,
  p: PromiseLike<unknown>
): Promise<Iteratee<E, A>> => {
  const { life, arr, pull } = feed
  let count = 0
  let started = now()
  for (;;) {
    let ok = true
    let v: unknown
    try {
      v = await p
    } catch (thrown) {
      ok = false
      v = thrown
    }
    // the element goes on; then, as after any wait, `advance` sees whether the consumer has gone
    if (!sink.resume!(ok, v) || life.ended()) return sink.end()
    let x: E | End = END
    try {
      for (;;) {
        if ((++count & CHECK_MASK) === 0 && now() - started > SLICE_MS) {
          await new Promise<void>((resolve) => macrotask(resolve))
          started = now()
          if (life.ended()) return sink.end()
        }
        if (arr !== undefined) {
          if (feed.i >= feed.n) return sink.end()
          x = arr[feed.i++]
        } else {
          x = END
          x = pull!()
          if (x === END) {
            feed.ended = true
            return sink.end()
          }
        }
        if (!sink.push(x)) break
      }
    } catch (thrown) {
      feed.ended = true
      return feed.thrownAt(thrown, x)
    }
    const next = sink.waiting!()
    if (next === undefined) return sink.end()
    p = next
  }
}

/**
 * Feeds an asynchronous source: `pull` returns an element, `END`, or a promise of one of those.
 * A rejected promise or a throw ends the enumeration with a failure.
 */
export const asyncSource = <E, A>(
  it0: Iteratee<E, A>,
  life: Lifetime,
  pull: () => E | End | PromiseLike<E | End>,
  stop?: () => void
): Iteratee<E, A> => {
  let ended = false
  let ready = false
  let value: E | End = END
  const slice = slicer()
  const waiting = new Wait<E, A>(it0)
  /** While a pull is awaited for a consumer that may go: goes on at once with the consumer as it is. */
  let wake: (() => void) | undefined
  let unlisten: (() => void) | undefined
  const leave = (): void => {
    if (ended) return
    ended = true
    if (stop !== undefined) stop()
    const w = wake
    wake = undefined
    if (w !== undefined) w()
  }
  const waitFor = (x: PromiseLike<E | End>, current: Iteratee<E, A>): Wait<E, A> => {
    if (life === FOREVER) {
      return new Wait(
        x.then((v) => {
          ready = true
          value = v
          return current
        })
      )
    }
    unlisten ??= life.onEnd(leave)
    const w = new Wait(
      new Promise<Iteratee<E, A>>((resolve, reject) => {
        wake = () => resolve(current)
        x.then(
          (v) => {
            if (wake === undefined) return
            wake = undefined
            ready = true
            value = v
            resolve(current)
          },
          (thrown) => {
            if (wake === undefined) return
            wake = undefined
            reject(thrown)
          }
        )
      })
    )
    // gone while this element was being pulled: `onEnd` tells nobody who has gone already
    if (life.ended()) leave()
    return w
  }
  const advance: Advance<E, A> = (it) => {
    const r = advanceSource(it)
    if (!(r instanceof Wait) && unlisten !== undefined) {
      unlisten()
      unlisten = undefined
    }
    return r
  }
  const advanceSource: Advance<E, A> = (it) => {
    slice.start()
    let count = 0
    if (life.ended()) leave()
    for (;;) {
      it = settle(it)
      if (ended) return it
      if (it._tag === 'Pending') return waitOn(waiting, it)
      if (it._tag !== 'Cont') {
        if (stop !== undefined) stop()
        return it
      }
      let x: E | End | PromiseLike<E | End>
      if (ready) {
        x = value
        ready = false
        value = END
      } else {
        try {
          x = pull()
        } catch (thrown) {
          return failure(thrown)
        }
        if (isPromiseLike(x)) return waitFor(x, it)
      }
      if (x === END) {
        ended = true
        return it
      }
      it = step(it, In.El(x as E))
      if ((++count & CHECK_MASK) === 0 && slice.over()) return pause(it)
    }
  }
  return drive(advance, it0)
}
