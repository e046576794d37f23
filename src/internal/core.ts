/**
 * Enumerator and Enumeratee classes, the producer driver and the few enumeratees that the
 * classes' own methods need. They live together because `Enumerator#through` needs Enumeratee
 * and `Enumeratee.mapFlatten` needs Enumerator: this module is where that cycle is closed.
 *
 * @internal
 */
import { type Input, Input as In } from '../Input'
import { IterateeError } from '../IterateeError'
import { aliases } from './aliases'
import {
  type Iteratee,
  type Sink,
  type Step,
  done,
  eofTo,
  error,
  failure,
  isFailure,
  known,
  openSink,
  rejection,
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

/** What an `Advance` returns when it must wait: the iteratee to go on with, once `p` settles. */
export class Wait<E, A> {
  constructor(readonly p: PromiseLike<Iteratee<E, A>>) {}
}

/** Feeds the iteratee as far as it can synchronously: a final iteratee, or a `Wait`. */
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
    const r = advance(await w.p)
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

/** A `Wait` that gives the event loop a turn, then goes on with `it`. */
export const pause = <E, A>(it: Iteratee<E, A>): Wait<E, A> =>
  new Wait(new Promise<Iteratee<E, A>>((resolve) => macrotask(() => resolve(it))))

/** Marks the end of a pulled source. */
export const END: unique symbol = Symbol('END')
export type End = typeof END

/** Elements pushed between two looks at the clock. */
const BATCH = 4096

/**
 * Feeds a synchronous source: the elements of `arr`, or else what `pull` returns until `END`.
 * A Cont with a fast path gets the elements in batches through its sink (no iteratee per
 * element); an element is pulled only when the sink's demand says it will be taken.
 * `stop` runs when the iteratee is no longer Cont before the source is exhausted.
 */
export const syncSource = <E, A>(
  it0: Iteratee<E, A>,
  arr: ReadonlyArray<E> | undefined,
  pull: (() => E | End) | undefined,
  stop?: () => void
): Iteratee<E, A> => {
  let i = 0
  const n = arr === undefined ? 0 : arr.length
  let ended = false
  let pulled: Array<E> | undefined
  const advance: Advance<E, A> = (it) => {
    const started = now()
    let count = 0
    for (;;) {
      it = settle(it)
      if (ended || (arr !== undefined && i >= n)) return it
      if (it._tag === 'Pending') return new Wait(it._p!)
      if (it._tag !== 'Cont') {
        if (stop !== undefined) stop()
        return it
      }
      let x: E | End = END
      try {
        if (it._sink !== undefined) {
          const sink: Sink<E, A> = it._sink()
          if (arr !== undefined) {
            for (;;) {
              const upTo = i + BATCH < n ? i + BATCH : n
              const next = sink.pushAll(arr, i, upTo)
              i = next
              if (next < upTo || i >= n || now() - started > SLICE_MS) break
            }
          } else {
            pulled ??= []
            for (;;) {
              const d = sink.demand()
              if (d <= 0) break
              const want = d < BATCH ? d : BATCH
              let k = 0
              while (k < want) {
                x = pull!()
                if (x === END) {
                  ended = true
                  break
                }
                pulled[k++] = x
              }
              if (k > 0) sink.pushAll(pulled, 0, k)
              if (ended || now() - started > SLICE_MS) break
            }
            pulled.length = 0
          }
          it = sink.end()
          if (now() - started > SLICE_MS) return pause(it)
        } else {
          x = arr !== undefined ? arr[i++] : pull!()
          if (x === END) {
            ended = true
            return it
          }
          it = it._k!(In.El(x))
          if ((++count & CHECK_MASK) === 0 && now() - started > SLICE_MS) return pause(it)
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
  pull: () => E | End | PromiseLike<E | End>,
  stop?: () => void
): Iteratee<E, A> => {
  let ended = false
  let ready = false
  let value: E | End = END
  const advance: Advance<E, A> = (it) => {
    const started = now()
    let count = 0
    for (;;) {
      it = settle(it)
      if (ended) return it
      if (it._tag === 'Pending') return new Wait(it._p!)
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
        if (isThenable(x)) {
          const current = it
          return new Wait(
            (x as PromiseLike<E | End>).then((v) => {
              ready = true
              value = v
              return current
            })
          )
        }
      }
      if (x === END) {
        ended = true
        return it
      }
      it = step(it, In.El(x as E))
      if ((++count & CHECK_MASK) === 0 && now() - started > SLICE_MS) return pause(it)
    }
  }
  return drive(advance, it0)
}

const isThenable = (x: unknown): boolean =>
  x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as any).then === 'function'

// -------------------------------------------------------------------------------------
// Enumerator
// -------------------------------------------------------------------------------------

/** What an enumerator does: feed an iteratee and hand it back (pending while it works). */
export type Feed<E> = <A>(it: Iteratee<E, A>) => Iteratee<E, A>

/**
 * A producer of elements of type `E`. Enumerators never send EOF: only `run` does.
 * Play: `play.api.libs.iteratee.Enumerator`.
 */
export class Enumerator<in out E> {
  /** @internal */ readonly _feed: Feed<E>
  /** @internal The enumerator and enumeratee this one is `through`, so adjacent filter-maps fuse. */
  readonly _through: { readonly source: Enumerator<any>; readonly via: Enumeratee<any, E> } | undefined

  /** @internal Users build enumerators with `Enumerator(...)` and its statics. */
  constructor(feed: Feed<E>, through?: { readonly source: Enumerator<any>; readonly via: Enumeratee<any, E> }) {
    this._feed = feed
    this._through = through
  }

  /** Feeds the iteratee (no EOF) and gives it back. Play: `apply`, `|>>`. */
  apply<A>(it: Iteratee<E, A>): Promise<Iteratee<E, A>> {
    return settled(this._feed(it))
  }

  /** Feeds the iteratee, then EOF, and gives its result. Play: `run`, `|>>>`. */
  run<A>(it: Iteratee<E, A>): Promise<A> {
    return run(this._feed(it))
  }

  /** Feeds the iteratee (no EOF) and gives its step. Play: `|>>|`. */
  applyUnflatten<A>(it: Iteratee<E, A>): Promise<Step<E, A>> {
    return this.apply(it).then(toStep)
  }

  /** This enumerator, then `next` (as long as the iteratee is Cont). Play: `andThen`, `>>>`. */
  andThen(next: Enumerator<E>): Enumerator<E> {
    return new Enumerator(<A>(it: Iteratee<E, A>) =>
      whenKnown(this._feed(it), (r) => (isFailure(r) ? r : next._feed(r)))
    )
  }

  /** Elements of both, in the order they come. Play: `interleave`, `>-`. */
  interleave(other: Enumerator<E>): Enumerator<E> {
    return interleave([this, other])
  }

  /** This enumerator transformed by an enumeratee. Play: `through`, `&>`. */
  through<To>(t: Enumeratee<E, To>): Enumerator<To> {
    const previous = this._through
    if (previous !== undefined && previous.via._fm !== undefined && t._fm !== undefined) {
      return previous.source.through(previous.via.compose(t))
    }
    return new Enumerator<To>(<A>(inner: Iteratee<To, A>) => joinOuter(this._feed(t.applyOn(inner))), {
      source: this,
      via: t
    })
  }

  /** Runs `callback` once this enumerator has finished feeding an iteratee, whatever the outcome. Play: `onDoneEnumerating`. */
  onDoneEnumerating(callback: () => void): Enumerator<E> {
    return new Enumerator(<A>(it: Iteratee<E, A>) =>
      whenKnown(this._feed(it), (r) => {
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
    return this.through(filterMap(f, false))
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
  new Enumerator(<A>(it: Iteratee<E, A>) => {
    let current: Iteratee<E, A> = it
    let eofs = 0
    const feed = (input: Input<E>): void => {
      current = whenKnown(current, (c) => (c._tag === 'Cont' ? step(c, input) : c))
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
    const results = sources.map((s) => s._feed(proxy()))
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

/** What an enumeratee does: wrap an inner iteratee into an outer one that transforms its input. */
export type ApplyOn<From, To> = <A>(inner: Iteratee<To, A>) => Iteratee<From, Iteratee<To, A>>

/** Marks an element that a filter-map drops. */
export const SKIP: unique symbol = Symbol('SKIP')
export type Skip = typeof SKIP
export type FilterMapFn<From, To> = (x: From) => To | Skip

/**
 * A transformer from a stream of `From` to a stream of `To`.
 * Play: `play.api.libs.iteratee.Enumeratee`.
 */
export class Enumeratee<in out From, in out To> {
  /** @internal */ readonly _applyOn: ApplyOn<From, To>
  /** @internal Set for map/filter/collect: the element function, so adjacent ones fuse. */
  readonly _fm: FilterMapFn<From, To> | undefined
  /** @internal Whether `_fm` may drop elements (filter, collect) or never does (map). */
  readonly _fmSkips: boolean

  /** @internal Users build enumeratees with the `Enumeratee` statics. */
  constructor(applyOn: ApplyOn<From, To>, fm?: FilterMapFn<From, To>, fmSkips = true) {
    this._applyOn = applyOn
    this._fm = fm
    this._fmSkips = fmSkips
  }

  /** The inner iteratee, wrapped in one that takes `From`. Play: `applyOn`, `apply`, `&>`. */
  applyOn<A>(inner: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> {
    return this._applyOn(inner)
  }

  /** `applyOn`, then the inner iteratee's result when the outer is done. Play: `transform`, `&>>`. */
  transform<A>(inner: Iteratee<To, A>): Iteratee<From, A> {
    return joinI(this.applyOn(inner))
  }

  /** This enumeratee, then `other`. Play: `compose`, `><>`. */
  compose<To2>(other: Enumeratee<To, To2>): Enumeratee<From, To2> {
    const f = this._fm
    const g = other._fm
    if (f !== undefined && g !== undefined) return fusedFilterMap(f, g, this._fmSkips || other._fmSkips)
    return new Enumeratee(<A>(inner: Iteratee<To2, A>) => joinI(this.applyOn(other.applyOn(inner))))
  }

  /** Like `compose`, but leftovers of `other` are concatenated to the outer's. Play: `composeConcat`, `>+>`. */
  composeConcat(other: Enumeratee<To, To>): Enumeratee<From, To> {
    return new Enumeratee(<A>(inner: Iteratee<To, A>) => this.applyOn(joinConcatI(other.applyOn(inner))))
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
// filter-map: map, filter and collect are one enumeratee with an element function
// -------------------------------------------------------------------------------------

/**
 * The enumeratee behind `map`, `filter`, `collect` and `passAlong`: an element becomes `fm(e)`,
 * or is dropped when that is `SKIP`; Empty passes through; EOF ends it with the inner Cont.
 * `eofLeft` is the leftover it reports at EOF: `EOF`, as Play's. A fused composition reports
 * `EOF` too, as the unfused `compose` does (`joinI` is a flatMap, which keeps the outer's EOF).
 */
export const filterMap = <From, To>(fm: FilterMapFn<From, To>, skips: boolean): Enumeratee<From, To> =>
  new Enumeratee(<A>(inner: Iteratee<To, A>) => filterMapOuter(fm, In.EOF, skips, inner), fm, skips)

const fusedFilterMap = <A, B, C>(f: FilterMapFn<A, B>, g: FilterMapFn<B, C>, skips: boolean): Enumeratee<A, C> => {
  const fg: FilterMapFn<A, C> = (x) => {
    const y = f(x)
    return y === SKIP ? SKIP : g(y)
  }
  return new Enumeratee(<X>(inner: Iteratee<C, X>) => filterMapOuter(fg, In.EOF, skips, inner), fg, skips)
}

const filterMapOuter = <From, To, A>(
  fm: FilterMapFn<From, To>,
  eofLeft: Input<From>,
  skips: boolean,
  inner: Iteratee<To, A>
): Iteratee<From, Iteratee<To, A>> => checkDone(inner, (c) => filterMapCont(fm, eofLeft, skips, c))

const filterMapCont = <From, To, A>(
  fm: FilterMapFn<From, To>,
  eofLeft: Input<From>,
  skips: boolean,
  c: Iteratee<To, A>
): Iteratee<From, Iteratee<To, A>> => {
  const self: Iteratee<From, Iteratee<To, A>> = cont0(
    (input: Input<From>) => {
      if (input._tag === 'El') {
        const y = fm(input.e)
        return y === SKIP ? self : filterMapOuter(fm, eofLeft, skips, c._k!(In.El(y)))
      }
      if (input._tag === 'Empty') return filterMapOuter(fm, eofLeft, skips, c._k!(input))
      return done(c, eofLeft)
    },
    () => new FilterMapSink(fm, eofLeft, skips, openSink(c))
  )
  return self
}

/** Mapped elements handed to the inner sink at a time. */
const FILTER_MAP_BLOCK = 256

/**
 * The fast path of a filter-map: maps a block of elements into a buffer, hands the buffer to the
 * inner sink. It never maps an element the inner sink would not take (its demand is exact), so a
 * user function runs exactly as often as on the slow path.
 */
class FilterMapSink<From, To, A> implements Sink<From, Iteratee<To, A>> {
  private readonly buf: Array<To> = []
  constructor(
    private readonly fm: FilterMapFn<From, To>,
    private readonly eofLeft: Input<From>,
    private readonly skips: boolean,
    private readonly inner: Sink<To, A>
  ) {}
  demand(): number {
    const d = this.inner.demand()
    // a filter may drop any number of elements: with a bounded inner demand, one at a time is exact
    return d === Infinity || !this.skips || d <= 0 ? d : 1
  }
  pushAll(arr: ArrayLike<From>, from: number, to: number): number {
    const fm = this.fm
    const buf = this.buf
    const inner = this.inner
    let i = from
    while (i < to) {
      const d = inner.demand()
      if (d <= 0) break
      const limit = d < FILTER_MAP_BLOCK ? d : FILTER_MAP_BLOCK
      let n = 0
      while (i < to && n < limit) {
        const y = fm(arr[i++])
        if (y !== SKIP) buf[n++] = y
      }
      if (n > 0) inner.pushAll(buf, 0, n)
    }
    buf.length = 0
    return i
  }
  end(): Iteratee<From, Iteratee<To, A>> {
    return filterMapOuter(this.fm, this.eofLeft, this.skips, this.inner.end())
  }
}

/** Play's `Enumeratee.mapInput`. */
export const mapInput = <From, To>(f: (input: Input<From>) => Input<To>): Enumeratee<From, To> => {
  const go = <A>(c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
    cont0((input: Input<From>) => (input._tag === 'EOF' ? done(c, In.EOF) : checkDone(c._k!(f(input)), go)))
  return new Enumeratee(<A>(inner: Iteratee<To, A>) => checkDone(inner, go))
}

/** Play's `Enumeratee.mapInputFlatten`: each input becomes an enumerator, fed to the inner iteratee. */
export const mapInputFlatten = <From, To>(f: (input: Input<From>) => Enumerator<To>): Enumeratee<From, To> => {
  const go = <A>(c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
    cont0((input: Input<From>) => (input._tag === 'EOF' ? done(c, In.EOF) : checkDone(f(input)._feed(c), go)))
  return new Enumeratee(<A>(inner: Iteratee<To, A>) => checkDone(inner, go))
}

/** Play's `Enumeratee.mapFlatten`: each element becomes an enumerator, fed to the inner iteratee. */
export const mapFlatten = <From, To>(f: (e: From) => Enumerator<To>): Enumeratee<From, To> =>
  mapInputFlatten((input: Input<From>) => (input._tag === 'El' ? f(input.e) : enumInput(input as Input<To>)))

/** Play's `Enumerator.enumInput`: feeds one input. */
export const enumInput = <E>(input: Input<E>): Enumerator<E> =>
  new Enumerator(<A>(it: Iteratee<E, A>) => whenKnown(it, (s) => (s._tag === 'Cont' ? step(s, input) : s)))

export { isFailure }
