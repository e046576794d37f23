/**
 * Enumerator and Enumeratee classes, the producer driver and the few enumeratees that the
 * classes' own methods need. They live together because `Enumerator#through` needs Enumeratee
 * and `Enumeratee.mapFlatten` needs Enumerator: this module is where that cycle is closed.
 *
 * @internal
 */
import { type Input, Input as In } from '../Input'
import { IterateeError } from '../IterateeError'
import type * as T from '../types'
import { aliases } from './aliases'
import { FOREVER, type Lifetime, fromSignal } from './lifetime'
import {
  type Iteratee,
  isIteratee,
  resolvePending,
  type Sink,
  type Step,
  done,
  eofTo,
  error,
  feedInput,
  failure,
  isFailure,
  known,
  openSink,
  FoldSink,
  pushEach,
  rejection,
  isPromiseLike,
  run,
  settle,
  step,
  suspend,
  toStep,
  whenKnown,
  cont as cont0,
  joinI,
  joinConcatI
} from './iteratee'

// -------------------------------------------------------------------------------------
// the driver: one loop for every producer
// -------------------------------------------------------------------------------------

/**
 * What an `Advance` returns when it must wait: a pending iteratee (the driver awaits what it waits
 * for, directly), or a promise of the iteratee to go on with.
 */
export class Wait<E, A> {
  constructor(public p: Iteratee<E, A> | PromiseLike<Iteratee<E, A>>) {}
}

/**
 * A source waits for one thing at a time, and the driver reads `p` at once: one `Wait` per source,
 * reused, spares an allocation per asynchronous element.
 */
const waitOn = <E, A>(w: Wait<E, A>, it: Iteratee<E, A>): Wait<E, A> => {
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
 * enumeration does not freeze a server. The clock is read once per `CHECK_EVERY` elements.
 */
const SLICE_MS = 10
const CHECK_MASK = 1023
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
  let i = 0
  const n = arr === undefined ? 0 : arr.length
  let ended = false
  const slice = slicer()
  const waiting = new Wait<E, A>(it0)
  const advance: Advance<E, A> = (it) => {
    slice.start()
    let count = 0
    // the consumer has gone (checked when the loop starts or resumes: a synchronous run is not interrupted)
    if (!ended && life.ended()) {
      ended = true
      if (stop !== undefined) stop()
    }
    for (;;) {
      it = settle(it)
      if (ended || (arr !== undefined && i >= n)) return it
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
            while (i < n) {
              const to = i + CHECK_MASK + 1 < n ? i + CHECK_MASK + 1 : n
              const next = sink.pushRun(arr, i, to)
              if (next < 0) {
                // the element at -next - 1 was the last one taken
                i = -next
                break
              }
              i = next
              if (slice.over()) {
                late = true
                break
              }
            }
          } else {
            while (more) {
              x = END
              x = pull!()
              if (x === END) {
                ended = true
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
          it = sink.end()
          if (late) return pause(it)
        } else {
          x = arr !== undefined ? arr[i++] : pull!()
          if (x === END) {
            ended = true
            return it
          }
          it = it._k!(In.El(x))
          if ((++count & CHECK_MASK) === 0 && slice.over()) return pause(it)
        }
      } catch (thrown) {
        // the enumeration ends here: let the source clean up (a generator's finally), as a for-of would
        if (stop !== undefined) {
          try {
            stop()
          } catch {
            // the original failure wins
          }
        }
        return failure(thrown, x === END ? In.Empty : In.El(x))
      }
    }
  }
  return drive(advance, it0)
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

// -------------------------------------------------------------------------------------
// Enumerator
// -------------------------------------------------------------------------------------

/** @internal What an enumerator does: feed an iteratee and hand it back (pending while it works). */
export type Feed<E> = <A>(it: Iteratee<E, A>, life: Lifetime) => Iteratee<E, A>

const lifetimeOf = (options: T.ApplyOptions | undefined): Lifetime =>
  options === undefined || options.signal === undefined ? FOREVER : fromSignal(options.signal)

/**
 * The implementation of `Enumerator` (see ../types).
 *
 * @internal
 */
export class Enumerator<in out E> implements T.Enumerator<E> {
  declare readonly [T.EnumeratorTypeId]: typeof T.EnumeratorTypeId
  /** @internal */ readonly _feed: Feed<E>
  /** @internal The enumerator and enumeratee this one is `through`, so adjacent filter-maps fuse. */
  readonly _through: { readonly source: Enumerator<any>; readonly via: Enumeratee<any, E> } | undefined
  /** @internal Made by `andThen`: the enumerators it runs one after the other. */
  readonly _sequence: Sequence<E> | undefined

  /** @internal Users build enumerators with `Enumerator(...)` and its statics. */
  constructor(
    feed: Feed<E>,
    through?: { readonly source: Enumerator<any>; readonly via: Enumeratee<any, E> },
    sequence?: Sequence<E>
  ) {
    this._feed = feed
    this._through = through
    this._sequence = sequence
  }

  /**
   * Feeds the iteratee (no EOF) and gives it back. With `options.signal`, the enumeration ends when it aborts.
   * Play: `apply`, `|>>`.
   */
  apply<A>(it: Iteratee<E, A>, options?: T.ApplyOptions): Promise<Iteratee<E, A>> {
    return settled(this._feed(it, lifetimeOf(options)))
  }

  /** Feeds the iteratee, then EOF, and gives its result. Play: `run`, `|>>>`. */
  run<A>(it: Iteratee<E, A>, options?: T.ApplyOptions): Promise<A> {
    return run(this._feed(it, lifetimeOf(options)))
  }

  /** Feeds the iteratee (no EOF) and gives its step. Play: `|>>|`. */
  applyUnflatten<A>(it: Iteratee<E, A>, options?: T.ApplyOptions): Promise<Step<E, A>> {
    return this.apply(it, options).then(toStep)
  }

  /** This enumerator, then `next` (as long as the iteratee is Cont). Play: `andThen`, `>>>`. */
  andThen(next: Enumerator<E>): Enumerator<E> {
    return sequence({ first: this, then: next, flat: undefined })
  }

  /** Elements of both, in the order they come. Play: `interleave`, `>-`. */
  interleave(other: Enumerator<E>): Enumerator<E> {
    return interleave([this, other])
  }

  /** This enumerator transformed by an enumeratee. Play: `through`, `&>`. */
  through<To>(t: Enumeratee<E, To>): Enumerator<To> {
    const previous = this._through
    if (previous !== undefined && previous.via._filterMap !== undefined && t._filterMap !== undefined) {
      return previous.source.through(previous.via.compose(t))
    }
    return new Enumerator<To>(
      <A>(inner: Iteratee<To, A>, life: Lifetime) => joinOuter(this._feed(t._applyOn(inner, life), life)),
      {
        source: this,
        via: t
      }
    )
  }

  /** Runs `callback` once this enumerator has finished feeding an iteratee, whatever the outcome. Play: `onDoneEnumerating`. */
  onDoneEnumerating(callback: () => void): Enumerator<E> {
    return new Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) =>
      whenKnown(this._feed(it, life), (r) => {
        try {
          callback()
        } catch {
          // as Play's Future#andThen: the callback's failure does not change the enumeration's outcome
        }
        return r
      })
    )
  }

  /** Play: `Enumerator#map`. */
  map<B>(f: (e: E) => B): Enumerator<B> {
    return this.through(filterMap([{ kind: 'map', f }]))
  }

  /** Play: `Enumerator#mapInput`. */
  mapInput<B>(f: (input: Input<E>) => Input<B>): Enumerator<B> {
    return this.through(mapInput(f))
  }

  /** Each element's enumerator, one after the other. Play: `Enumerator#flatMap`. */
  flatMap<B>(f: (e: E) => Enumerator<B>): Enumerator<B> {
    return this.through(mapFlatten(f))
  }
}

/** Play's operators on Enumerator: each the same function as the named method. */
export interface Enumerator<in out E> {
  /** Alias of {@link Enumerator.apply}. Play: `|>>`. */
  readonly '|>>': Enumerator<E>['apply']
  /** Alias of {@link Enumerator.run}. Play: `|>>>`. */
  readonly '|>>>': Enumerator<E>['run']
  /** Alias of {@link Enumerator.applyUnflatten}. Play: `|>>|`. */
  readonly '|>>|': Enumerator<E>['applyUnflatten']
  /** Alias of {@link Enumerator.andThen}. Play: `>>>`. */
  readonly '>>>': Enumerator<E>['andThen']
  /** Alias of {@link Enumerator.interleave}. Play: `>-`. */
  readonly '>-': Enumerator<E>['interleave']
  /** Alias of {@link Enumerator.through}. Play: `&>`. */
  readonly '&>': Enumerator<E>['through']
}
aliases(Enumerator.prototype, {
  '|>>': 'apply',
  '|>>>': 'run',
  '|>>|': 'applyUnflatten',
  '>>>': 'andThen',
  '>-': 'interleave',
  '&>': 'through'
})

/**
 * What `andThen` builds: a tree of enumerators to run in order. It is flattened once, with an
 * explicit stack, when first fed, so that a hundred thousand `andThen`s, nested either way, run
 * in one loop without growing the stack.
 *
 * @internal
 */
interface Sequence<E> {
  readonly first: Enumerator<E>
  readonly then: Enumerator<E>
  flat: ReadonlyArray<Enumerator<E>> | undefined
}

const flattenSequence = <E>(root: Sequence<E>): ReadonlyArray<Enumerator<E>> => {
  if (root.flat !== undefined) return root.flat
  const out: Array<Enumerator<E>> = []
  const todo: Array<Enumerator<E>> = [root.then, root.first]
  while (todo.length > 0) {
    const e = todo.pop()!
    const sq = e._sequence
    if (sq === undefined) out.push(e)
    else if (sq.flat !== undefined) for (const part of sq.flat) out.push(part)
    else todo.push(sq.then, sq.first)
  }
  root.flat = out
  return out
}

const sequence = <E>(sq: Sequence<E>): Enumerator<E> =>
  new Enumerator<E>(
    <A>(it0: Iteratee<E, A>, life: Lifetime) => {
      const parts = flattenSequence(sq)
      // the first enumerator gets the iteratee at once, pending or not (a broadcast must subscribe
      // now); each next one starts when the previous one is finished
      let i = 1
      const waiting = new Wait<E, A>(it0)
      return drive<E, A>(
        (it) => {
          for (;;) {
            it = settle(it)
            if (it._tag === 'Pending') return waitOn(waiting, it)
            // as Play's: the next enumerator runs only if this one did not fail; a Done iteratee is
            // handed on and each enumerator gives it back untouched
            if (i >= parts.length || isFailure(it)) return it
            it = parts[i++]._feed(it, life)
          }
        },
        parts[0]._feed(it0, life)
      )
    },
    undefined,
    sq
  )

/** `apply` for a consumer whose lifetime the library knows (the HTTP writer's, a WebSocket's). */
export const applyFor = <E, A>(
  enumerator: Enumerator<E>,
  it: Iteratee<E, A>,
  life: Lifetime
): Promise<Iteratee<E, A>> => settled(enumerator._feed(it, life))

/** The Promise a user gets from `apply`: a failure (something thrown) rejects, as Play's failed Future. */
export const settled = <E, A>(it: Iteratee<E, A>): Promise<Iteratee<E, A>> =>
  known(it).then((k) => (isFailure(k) ? Promise.reject(rejection(k)) : k))

/** What `through` does with the transformed iteratee: EOF to the enumeratee, then its inner iteratee. */
const joinOuter = <From, To, A>(outer: Iteratee<From, Iteratee<To, A>>): Iteratee<To, A> =>
  whenKnown(eofTo(outer), (r) =>
    r._tag === 'Done'
      ? (r._a as Iteratee<To, A>)
      : error<To, A>(r._msg!, In.Empty, r._cause === undefined ? new IterateeError(r._msg!) : r._cause)
  )

/**
 * Play's `Enumerator.interleave`: every source feeds the same iteratee, one input at a time, in
 * the order inputs arrive; done when all sources are done or the iteratee is no longer Cont.
 * As in Play, a source's EOF ends that source only; EOF reaches the iteratee once every source
 * has sent one.
 */
export const interleave = <E>(sources: ReadonlyArray<Enumerator<E>>): Enumerator<E> =>
  new Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    let current: Iteratee<E, A> = it
    let eofs = 0
    const feed = (input: Input<E>): void => {
      current = feedInput(current, input)
    }
    const proxy = (): Iteratee<E, void> => {
      let sentEOF = false
      const forward = (input: Input<E>): Iteratee<E, void> => {
        if (input._tag === 'EOF') {
          if (!sentEOF) {
            sentEOF = true
            if (++eofs === sources.length) feed(input)
          }
          return done<E, void>(undefined, In.Empty)
        }
        feed(input)
        return whenKnown(current, (c) => (c._tag === 'Cont' ? proxyCont : done<E, void>(undefined, In.Empty)))
      }
      const proxyCont = cont0(forward)
      return proxyCont
    }
    const results = sources.map((s) => s._feed(proxy(), life))
    const finish = (): Iteratee<E, A> => {
      for (const r of results) {
        const s = settle(r)
        if (isFailure(s)) return error(s._msg!, In.Empty, s._cause)
      }
      return current
    }
    if (results.every((r) => settle(r)._tag !== 'Pending')) return finish()
    return suspend(Promise.all(results.map(known)), finish)
  })

// -------------------------------------------------------------------------------------
// Enumeratee
// -------------------------------------------------------------------------------------

/** @internal What an enumeratee does: wrap an inner iteratee into an outer one that transforms its input. */
export type ApplyOn<From, To> = <A>(inner: Iteratee<To, A>, life: Lifetime) => Iteratee<From, Iteratee<To, A>>

/** @internal Marks an element that a filter-map drops. */
export const SKIP: unique symbol = Symbol('SKIP')
/** @internal */
export type Skip = typeof SKIP
/** @internal */
export type FilterMapFn<From, To> = (x: From) => To | Skip

/**
 * The implementation of `Enumeratee` (see ../types).
 *
 * @internal
 */
export class Enumeratee<in out From, in out To> implements T.Enumeratee<From, To> {
  declare readonly [T.EnumerateeTypeId]: typeof T.EnumerateeTypeId
  /** @internal */ readonly _applyOn: ApplyOn<From, To>
  /** @internal Set for map/filter/filterNot/collect: their stages, so adjacent ones fuse. */
  readonly _filterMap: FilterMap | undefined

  /** @internal Users build enumeratees with the `Enumeratee` statics. */
  constructor(applyOn: ApplyOn<From, To>, filterMap?: FilterMap) {
    this._applyOn = applyOn
    this._filterMap = filterMap
  }

  /** The inner iteratee, wrapped in one that takes `From`. Play: `applyOn`, `apply`, `&>`. */
  applyOn<A>(inner: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> {
    return this._applyOn(inner, FOREVER)
  }

  /** `applyOn`, then the inner iteratee's result when the outer is done. Play: `transform`, `&>>`. */
  transform<A>(inner: Iteratee<To, A>): Iteratee<From, A> {
    return joinI(this.applyOn(inner))
  }

  /** This enumeratee, then `other`. Play: `compose`, `><>`. */
  compose<To2>(other: Enumeratee<To, To2>): Enumeratee<From, To2> {
    const f = this._filterMap
    const g = other._filterMap
    if (f !== undefined && g !== undefined) return filterMap([...f.stages, ...g.stages])
    return new Enumeratee(<A>(inner: Iteratee<To2, A>, life: Lifetime) =>
      joinI(this._applyOn(other._applyOn(inner, life), life))
    )
  }

  /** Like `compose`, but leftovers of `other` are concatenated to the outer's. Play: `composeConcat`, `>+>`. */
  composeConcat(other: Enumeratee<To, To>): Enumeratee<From, To> {
    return new Enumeratee(<A>(inner: Iteratee<To, A>, life: Lifetime) =>
      this._applyOn(joinConcatI(other._applyOn(inner, life)), life)
    )
  }
}

/** Play's operators on Enumeratee: each the same function as the named method. */
export interface Enumeratee<in out From, in out To> {
  /** Alias of {@link Enumeratee.applyOn}. Play: `apply`. */
  readonly apply: Enumeratee<From, To>['applyOn']
  /** Alias of {@link Enumeratee.applyOn}. Play: `&>`. */
  readonly '&>': Enumeratee<From, To>['applyOn']
  /** Alias of {@link Enumeratee.transform}. Play: `&>>`. */
  readonly '&>>': Enumeratee<From, To>['transform']
  /** Alias of {@link Enumeratee.compose}. Play: `><>`. */
  readonly '><>': Enumeratee<From, To>['compose']
  /** Alias of {@link Enumeratee.composeConcat}. Play: `>+>`. */
  readonly '>+>': Enumeratee<From, To>['composeConcat']
}
aliases(Enumeratee.prototype, {
  apply: 'applyOn',
  '&>': 'applyOn',
  '&>>': 'transform',
  '><>': 'compose',
  '>+>': 'composeConcat'
})

// -------------------------------------------------------------------------------------
// Play's CheckDone
// -------------------------------------------------------------------------------------

/**
 * Play's `new CheckDone { def continue(k) = ... } &> next`: when `next` is a Cont, `onCont(next)`
 * goes on with it; otherwise the enumeratee is done and hands `next` back.
 * The Cont iteratee itself is passed on, not only its `k`, so its fast path is kept.
 */
export const checkDone = <From, To, A>(
  next: Iteratee<To, A>,
  onCont: (c: Iteratee<To, A>) => Iteratee<From, Iteratee<To, A>>
): Iteratee<From, Iteratee<To, A>> => {
  const s = settle(next)
  if (s._tag === 'Cont') return onCont(s)
  if (s._tag === 'Pending') return suspend(s._p!, (n: Iteratee<To, A>) => checkDone(n, onCont))
  return done(s, In.Empty)
}

// -------------------------------------------------------------------------------------
// filter-map: map, filter, filterNot and collect are one enumeratee with a list of stages
// -------------------------------------------------------------------------------------

/**
 * One step of a filter-map, kept as data (not wrapped in a closure) so that the fast path can run
 * the user's function from a loop written for its kind, where V8 can inline it.
 *
 * @internal
 */
export type Stage =
  | { readonly kind: 'map'; readonly f: (x: any) => unknown }
  | { readonly kind: 'filter'; readonly f: (x: any) => boolean }
  | { readonly kind: 'filterNot'; readonly f: (x: any) => boolean }
  | { readonly kind: 'collect'; readonly f: (x: any) => Option<unknown> }

/** @internal fp-ts's Option, structurally: collect's functions return one. */
type Option<A> = { readonly _tag: 'None' } | { readonly _tag: 'Some'; readonly value: A }

/** The stages as one element function (for the per-element path): the element, or `SKIP`. */
const elementFunction = (stages: ReadonlyArray<Stage>): FilterMapFn<any, any> => {
  if (stages.length === 1) {
    const { kind, f } = stages[0]
    if (kind === 'map') return f
    if (kind === 'filter') return (x) => (f(x) ? x : SKIP)
    if (kind === 'filterNot') return (x) => (f(x) ? SKIP : x)
  }
  return (x) => {
    for (const stage of stages) {
      switch (stage.kind) {
        case 'map':
          x = stage.f(x)
          break
        case 'filter':
          if (!stage.f(x)) return SKIP
          break
        case 'filterNot':
          if (stage.f(x)) return SKIP
          break
        default: {
          const o = stage.f(x)
          if (o._tag === 'None') return SKIP
          x = o.value
        }
      }
    }
    return x
  }
}

/** @internal What a filter-map enumeratee knows: its stages, and what is derived from them once. */
export interface FilterMap {
  readonly stages: ReadonlyArray<Stage>
  /** The element function of the per-element path. */
  readonly fm: FilterMapFn<any, any>
  /** Which sink the fast path opens (see `openFilterMapSink`). */
  readonly shape: Shape
}

/** @internal The sinks the fast path has: one per common stage list, a generic one for the rest. */
const enum Shape {
  Map,
  Filter,
  MapFilter,
  FilterMap,
  Generic
}

const shapeOf = (stages: ReadonlyArray<Stage>): Shape => {
  const kinds = stages.map((stage) => stage.kind).join(' ')
  switch (kinds) {
    case 'map':
      return Shape.Map
    case 'filter':
      return Shape.Filter
    case 'map filter':
      return Shape.MapFilter
    case 'filter map':
      return Shape.FilterMap
    default:
      return Shape.Generic
  }
}

/**
 * The enumeratee behind `map`, `filter`, `filterNot`, `collect` and `passAlong`: each element
 * goes through the stages, and is dropped when a filter says so; Empty passes through; EOF ends
 * it with the inner Cont (leftover EOF, as Play's; a fused composition reports EOF too, as the
 * unfused `compose` does, since `joinI` is a flatMap that keeps the outer's EOF).
 */
export const filterMap = <From, To>(stages: ReadonlyArray<Stage>): Enumeratee<From, To> => {
  const info: FilterMap = {
    stages,
    fm: elementFunction(stages),
    shape: shapeOf(stages)
  }
  return new Enumeratee(<A>(inner: Iteratee<To, A>) => filterMapOuter(info, inner), info)
}

const filterMapOuter = <From, To, A>(info: FilterMap, inner: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
  checkDone(inner, (c) => filterMapCont(info, c))

const filterMapCont = <From, To, A>(info: FilterMap, c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> => {
  const self: Iteratee<From, Iteratee<To, A>> = cont0(
    (input: Input<From>) => {
      // an inner iteratee that gives itself back (an HTTP writer whose socket takes the chunk) keeps this outer one
      // as it is: no new Cont and closures per element
      if (input._tag === 'El') {
        const y = info.fm(input.e)
        if (y === SKIP) return self
        const next = c._k!(In.El(y))
        return next === c ? self : filterMapOuter(info, next)
      }
      if (input._tag === 'Empty') {
        const next = c._k!(input)
        return next === c ? self : filterMapOuter(info, next)
      }
      return done(c, In.EOF)
    },
    () => openFilterMapSink<From, To, A>(info, openSink(c))
  )
  return self
}

/**
 * The fast path of a filter-map: each element goes through the stages and, unless a filter drops
 * it, straight into the inner sink, before the next element is looked at, exactly as through `k`.
 *
 * The common stage lists have a sink of their own, so that each call site sees one user function
 * and V8 can inline it. Into a fold (`FoldSink`), they run one loop with the fold's state in a
 * local variable: the same calls in the same order, without a store and a call per element. W1
 * (`npm run bench -- W1`, map then filter into a fold): 4.5 ms through `pushEach`, 2.3 ms with
 * that loop, against 1.15 ms for the plain loop.
 */
class FilterMapSink<From, To, A> implements Sink<From, Iteratee<To, A>> {
  constructor(
    protected readonly info: FilterMap,
    protected readonly inner: Sink<To, A>
  ) {}
  push(x: From): boolean {
    const y = this.info.fm(x)
    return y === SKIP ? true : this.inner.push(y as To)
  }
  pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    return pushEach(this, arr, from, to)
  }
  end(): Iteratee<From, Iteratee<To, A>> {
    return filterMapOuter(this.info, this.inner.end())
  }
}

class MapSink<From, To, A> extends FilterMapSink<From, To, A> {
  override push(x: From): boolean {
    return this.inner.push(this.info.stages[0].f(x) as To)
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const f = this.info.stages[0].f
    const g = fold.f
    let s = fold.s
    try {
      for (let i = from; i < to; i++) s = g(s, f(arr[i]))
    } finally {
      fold.s = s
    }
    return to
  }
}

class FilterSink<From, To, A> extends FilterMapSink<From, To, A> {
  override push(x: From): boolean {
    return this.info.stages[0].f(x) ? this.inner.push(x as unknown as To) : true
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const p = this.info.stages[0].f
    const g = fold.f
    let s = fold.s
    try {
      for (let i = from; i < to; i++) {
        const x = arr[i]
        if (p(x)) s = g(s, x)
      }
    } finally {
      fold.s = s
    }
    return to
  }
}

class MapFilterSink<From, To, A> extends FilterMapSink<From, To, A> {
  override push(x: From): boolean {
    const y = this.info.stages[0].f(x) as To
    return this.info.stages[1].f(y) ? this.inner.push(y) : true
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const f = this.info.stages[0].f
    const p = this.info.stages[1].f
    const g = fold.f
    let s = fold.s
    try {
      for (let i = from; i < to; i++) {
        const y = f(arr[i])
        if (p(y)) s = g(s, y)
      }
    } finally {
      fold.s = s
    }
    return to
  }
}

class FilterThenMapSink<From, To, A> extends FilterMapSink<From, To, A> {
  override push(x: From): boolean {
    return this.info.stages[0].f(x) ? this.inner.push(this.info.stages[1].f(x) as To) : true
  }
  override pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    const fold = this.inner
    if (!(fold instanceof FoldSink)) return pushEach(this, arr, from, to)
    const p = this.info.stages[0].f
    const f = this.info.stages[1].f
    const g = fold.f
    let s = fold.s
    try {
      for (let i = from; i < to; i++) {
        const x = arr[i]
        if (p(x)) s = g(s, f(x))
      }
    } finally {
      fold.s = s
    }
    return to
  }
}

const openFilterMapSink = <From, To, A>(info: FilterMap, inner: Sink<To, A>): Sink<From, Iteratee<To, A>> => {
  switch (info.shape) {
    case Shape.Map:
      return new MapSink(info, inner)
    case Shape.Filter:
      return new FilterSink(info, inner)
    case Shape.MapFilter:
      return new MapFilterSink(info, inner)
    case Shape.FilterMap:
      return new FilterThenMapSink(info, inner)
    default:
      return new FilterMapSink(info, inner)
  }
}

/** Play's `Enumeratee.mapInput`. */
export const mapInput = <From, To>(f: (input: Input<From>) => Input<To>): Enumeratee<From, To> => {
  const go = <A>(c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
    cont0((input: Input<From>) => (input._tag === 'EOF' ? done(c, In.EOF) : checkDone(c._k!(f(input)), go)))
  return new Enumeratee(<A>(inner: Iteratee<To, A>) => checkDone(inner, go))
}

/**
 * Play's `Enumeratee.mapInputFlatten`: each input becomes an enumerator, fed to the inner iteratee.
 * As in Play, EOF goes to `f` too (its enumerator may add a trailer, or send EOF); after it the
 * enumeratee is done (where Play's would diverge if the inner iteratee still wanted input).
 */
export const mapInputFlatten = <From, To>(f: (input: Input<From>) => Enumerator<To>): Enumeratee<From, To> => {
  const applyOn = <A>(inner: Iteratee<To, A>, life: Lifetime): Iteratee<From, Iteratee<To, A>> => {
    // each input's enumerator feeds the same consumer: it gets that consumer's lifetime
    const go = (c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
      cont0((input: Input<From>) =>
        input._tag === 'EOF'
          ? whenKnown(f(input)._feed(c, life), (r) => done<From, Iteratee<To, A>>(r, In.EOF))
          : checkDone(f(input)._feed(c, life), go)
      )
    return checkDone(inner, go)
  }
  return new Enumeratee(applyOn)
}

/** Play's `Enumeratee.mapFlatten`: each element becomes an enumerator, fed to the inner iteratee. */
export const mapFlatten = <From, To>(f: (e: From) => Enumerator<To>): Enumeratee<From, To> =>
  mapInputFlatten((input: Input<From>) =>
    input._tag === 'El'
      ? f(input.e)
      : input._tag === 'Empty'
        ? enumInput<To>(In.Empty)
        : new Enumerator<To>(<A>(it: Iteratee<To, A>) => it)
  )

/** Play's `Enumerator.enumInput`: feeds one input. */
export const enumInput = <E>(input: Input<E>): Enumerator<E> =>
  new Enumerator(<A>(it: Iteratee<E, A>) => feedInput(it, input))

export { isFailure }

// -------------------------------------------------------------------------------------
// writing enumeratees: what the modules outside internal/ build theirs with, instead of the fields
// -------------------------------------------------------------------------------------

/**
 * An enumeratee of the shape most of Play's share (its `CheckDone`): while the inner iteratee is a Cont, `onCont`
 * makes the outer iteratee from it (Play's `continue`); an inner iteratee that is not a Cont is handed back at once,
 * with nothing consumed.
 */
export const enumeratee = <From, To>(
  onCont: <A>(c: Iteratee<To, A>) => Iteratee<From, Iteratee<To, A>>
): Enumeratee<From, To> => new Enumeratee(<A>(inner: Iteratee<To, A>) => checkDone(inner, onCont))

/**
 * Feeds `input` to the inner Cont `c`, then goes on with `onCont` while the inner iteratee is a Cont (Play's
 * `new CheckDone { def continue ... } &> k(input)`). A throw goes up, as from Play's `k(input)`.
 */
export const feedInner = <From, To, A>(
  c: Iteratee<To, A>,
  input: Input<To>,
  onCont: (c: Iteratee<To, A>) => Iteratee<From, Iteratee<To, A>>
): Iteratee<From, Iteratee<To, A>> => checkDone(c._k!(input), onCont)

/** Feeds `it` with the enumerator, for a consumer of lifetime `life`: the iteratee it gives back (pending while it works). */
export const feedFor = <E, A>(enumerator: Enumerator<E>, it: Iteratee<E, A>, life: Lifetime): Iteratee<E, A> =>
  enumerator._feed(it, life)

/** The enumeratee's outer iteratee around `inner`, for a consumer of lifetime `life`. */
export const applyOnFor = <From, To, A>(
  t: Enumeratee<From, To>,
  inner: Iteratee<To, A>,
  life: Lifetime
): Iteratee<From, Iteratee<To, A>> => t._applyOn(inner, life)
