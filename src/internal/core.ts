/**
 * The Enumerator and Enumeratee classes and the enumeratees their own methods need. They live
 * together because `Enumerator#through` needs Enumeratee and `Enumeratee.mapFlatten` needs
 * Enumerator: this module is where that cycle is closed. The driver (./driver) and filter-map
 * fusion (./fusion) are re-exported, so that the public modules have one internal module to use.
 *
 * @internal
 */
import { type Input, Input as In } from '../Input'
import { IterateeError } from '../IterateeError'
import type * as T from '../types'
import { aliases } from './aliases'
import { drive, Wait, waitOn } from './driver'
import { type FilterMap, filterMapInfo, filterMapOuter, type Stage } from './fusion'
import { FOREVER, type Lifetime, fromSignal } from './lifetime'
import {
  type Iteratee,
  type Step,
  checkDone,
  cont as cont0,
  done,
  eofTo,
  error,
  feedInput,
  isFailure,
  joinConcatI,
  joinI,
  known,
  rejection,
  run,
  settle,
  suspend,
  toStep,
  whenKnown
} from './iteratee'

export { type Advance, asyncSource, drive, END, type End, pause, syncSource, Wait } from './driver'
export { type FilterMap, type FilterMapFn, SKIP, type Skip, type Stage } from './fusion'
export { checkDone }

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
  /**
   * @internal The media type of what this enumerator produces, when an enumeratee it went through says so
   * (`EventSource`: `text/event-stream`), so that `Ok.chunked` serves it right without `.as(...)`.
   */
  readonly _contentType: string | undefined

  /** @internal Users build enumerators with `Enumerator(...)` and its statics. */
  constructor(
    feed: Feed<E>,
    through?: { readonly source: Enumerator<any>; readonly via: Enumeratee<any, E> },
    sequence?: Sequence<E>,
    contentType?: string
  ) {
    this._feed = feed
    this._through = through
    this._sequence = sequence
    this._contentType = contentType
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
      },
      undefined,
      t._contentType
    )
  }

  /** Runs `callback` once this enumerator has finished feeding an iteratee, whatever the outcome. Play: `onDoneEnumerating`. */
  onDoneEnumerating(callback: () => void): Enumerator<E> {
    return new Enumerator(
      <A>(it: Iteratee<E, A>, life: Lifetime) =>
        whenKnown(this._feed(it, life), (r) => {
          try {
            callback()
          } catch {
            // as Play's Future#andThen: the callback's failure does not change the enumeration's outcome
          }
          return r
        }),
      undefined,
      undefined,
      this._contentType
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
    sq,
    sharedContentType(sq.first._contentType, sq.then._contentType)
  )

/** The media type of two enumerators one after the other: the one they agree on, or the one that says (`undefined` on a conflict). */
const sharedContentType = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined || a === b ? a : undefined

/** `apply` for a consumer whose lifetime the library knows (the HTTP writer's, a WebSocket's). */
export const applyFor = <E, A>(
  enumerator: Enumerator<E>,
  it: Iteratee<E, A>,
  life: Lifetime
): Promise<Iteratee<E, A>> => settled(enumerator._feed(it, life))

/** The Promise a user gets from `apply`: a failure (something thrown) rejects, as Play's failed Future. */
export const settled = <E, A>(it: Iteratee<E, A>): Promise<Iteratee<E, A>> =>
  known(it).then((k) => (isFailure(k) ? Promise.reject(rejection(k)) : k))

/**
 * What `through` does with the transformed iteratee: EOF to the enumeratee, then its inner iteratee. One pending
 * iteratee while the outer one is (an idle broadcast subscriber's, held per connection), made with functions of the
 * module rather than closures.
 */
const joinOuter = <From, To, A>(outer: Iteratee<From, Iteratee<To, A>>): Iteratee<To, A> =>
  whenKnown(outer, joinKnown) as Iteratee<To, A>

/** `joinOuter` once the outer iteratee is known: a Cont gets EOF first. */
const joinKnown = (outer: Iteratee<any, Iteratee<any, any>>): Iteratee<any, any> =>
  outer._tag === 'Cont' ? whenKnown(eofTo(outer), joinEnded) : joinEnded(outer)

/** `joinOuter` once the outer iteratee has ended: its inner iteratee, or its failure. */
const joinEnded = (r: Iteratee<any, Iteratee<any, any>>): Iteratee<any, any> =>
  r._tag === 'Done'
    ? (r._a as Iteratee<any, any>)
    : error<any, any>(r._msg!, In.Empty, r._cause === undefined ? new IterateeError(r._msg!) : r._cause)

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
  /** @internal The media type of what it produces, when it defines one (`EventSource`); see `Enumerator#_contentType`. */
  readonly _contentType: string | undefined

  /** @internal Users build enumeratees with the `Enumeratee` statics. */
  constructor(applyOn: ApplyOn<From, To>, filterMap?: FilterMap, contentType?: string) {
    this._applyOn = applyOn
    this._filterMap = filterMap
    this._contentType = contentType
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
    return new Enumeratee(
      <A>(inner: Iteratee<To2, A>, life: Lifetime) => joinI(this._applyOn(other._applyOn(inner, life), life)),
      undefined,
      other._contentType
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

/**
 * The enumeratee behind `map`, `filter`, `filterNot`, `collect` and `passAlong`: each element
 * goes through the stages, and is dropped when a filter says so; Empty passes through; EOF ends
 * it with the inner Cont (leftover EOF, as Play's; a fused composition reports EOF too, as the
 * unfused `compose` does, since `joinI` is a flatMap that keeps the outer's EOF).
 */
export const filterMap = <From, To>(stages: ReadonlyArray<Stage>): Enumeratee<From, To> => {
  const info = filterMapInfo(stages)
  return new Enumeratee(<A>(inner: Iteratee<To, A>) => filterMapOuter(info, inner), info)
}

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

/** The media type an enumerator's stream declares (see `Enumerator#_contentType`), for `Ok.chunked`. */
export const contentTypeOf = (enumerator: T.Enumerator<unknown>): string | undefined => enumerator._contentType
