/**
 * An enumerator produces a stream of `E` and feeds it to an iteratee. It is a value: applying it
 * twice feeds two iteratees, independently. It never sends EOF (only `run` does), so `andThen`
 * is a lawful monoid with `empty()` as identity:
 *
 * ```
 * e.andThen(Enumerator.empty()) = e = Enumerator.empty().andThen(e)
 * a.andThen(b).andThen(c) = a.andThen(b.andThen(c))
 * ```
 *
 * Play: `play.api.libs.iteratee.Enumerator`.
 *
 * @since 0.1.0
 */
import type { Functor1 } from 'fp-ts/Functor'
import type { Monad1 } from 'fp-ts/Monad'
import type { Monoid } from 'fp-ts/Monoid'
import type { Option } from 'fp-ts/Option'
import { type Input, Input as In } from './Input'
import { IterateeError } from './IterateeError'
import * as C from './internal/core'
import * as I from './internal/iteratee'
import type { Iteratee } from './Iteratee'
import type { Enumeratee } from './Enumeratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @category model */
export type Enumerator<E> = C.Enumerator<E>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const EMPTY: Enumerator<unknown> = new C.Enumerator<unknown>(<A>(it: Iteratee<unknown, A>) => it)
const EOF: Enumerator<unknown> = C.enumInput<unknown>(In.EOF)

/** An enumerator that produces nothing. Play: `Enumerator.empty`. */
const empty = <E>(): Enumerator<E> => EMPTY as Enumerator<E>

/** An enumerator that feeds EOF, and nothing else. Play: `Enumerator.eof`. */
const eof = <E>(): Enumerator<E> => EOF as Enumerator<E>

/** Feeds one input. Play: `Enumerator.enumInput`. */
const enumInput = <E>(input: Input<E>): Enumerator<E> => C.enumInput(input)

/**
 * The elements of an iterable. An array (or any iterable whose `[Symbol.iterator]` gives a new
 * iterator) can be enumerated again and again; a one-shot iterator (a generator) refuses a
 * second `apply` with an `IterateeError` rather than silently enumerating nothing.
 * Play: `Enumerator.enumerate`.
 */
const enumerate = <E>(iterable: Iterable<E>): Enumerator<E> => {
  if (Array.isArray(iterable)) {
    const arr: ReadonlyArray<E> = iterable
    return new C.Enumerator(<A>(it: Iteratee<E, A>) => C.syncSource(it, arr, undefined))
  }
  const oneShot = (iterable[Symbol.iterator]() as unknown) === iterable
  let used = false
  return new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    if (oneShot) {
      if (used) {
        return I.failure<E, A>(
          new IterateeError(
            'Enumerator.enumerate: this iterator has been enumerated already; a one-shot iterator can be applied once (enumerate an array or another re-iterable instead)'
          )
        )
      }
      used = true
    }
    const iterator = iterable[Symbol.iterator]()
    return C.syncSource(
      it,
      undefined,
      () => {
        const r = iterator.next()
        return r.done === true ? C.END : r.value
      },
      () => iterator.return?.()
    )
  })
}

/**
 * `Enumerator(a, b, c)`: an enumerator of the given elements. Play: `Enumerator.apply`.
 *
 * @example
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 * await Enumerator('kiki', 'foo', 'bar').run(Iteratee.getChunks()) // ['kiki', 'foo', 'bar']
 */
const fromElements = <E>(...elements: ReadonlyArray<E>): Enumerator<E> =>
  elements.length === 0 ? empty<E>() : enumerate(elements as Array<E>)

/** The enumerator a promise will give. Play: `Enumerator.flatten`. */
const flatten = <E>(p: PromiseLike<Enumerator<E>>): Enumerator<E> => {
  I.markHandled(p)
  return new C.Enumerator(<A>(it: Iteratee<E, A>) => I.suspend(p, (e: Enumerator<E>) => e._feed(it)))
}

/** Elements of all the enumerators, in the order they come. Play: `Enumerator.interleave`. */
function interleave<E>(enumerators: ReadonlyArray<Enumerator<E>>): Enumerator<E>
function interleave<E>(first: Enumerator<E>, ...rest: ReadonlyArray<Enumerator<E>>): Enumerator<E>
function interleave<E>(
  first: Enumerator<E> | ReadonlyArray<Enumerator<E>>,
  ...rest: ReadonlyArray<Enumerator<E>>
): Enumerator<E> {
  return C.interleave(Array.isArray(first) ? first : [first as Enumerator<E>, ...rest])
}

/** Elements from a state: `f(s)` is `Some([next state, element])`, or `None` at the end. Play: `Enumerator.unfold`. */
const unfold = <S, E>(s: S, f: (s: S) => Option<readonly [S, E]>): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    let state = s
    return C.syncSource(it, undefined, () => {
      const o = f(state)
      if (o._tag === 'None') return C.END
      state = o.value[0]
      return o.value[1]
    })
  })

/** `unfold` with a step that may return a Promise. Play: `Enumerator.unfoldM`. */
const unfoldM = <S, E>(
  s: S,
  f: (s: S) => Option<readonly [S, E]> | PromiseLike<Option<readonly [S, E]>>
): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    let state = s
    const next = (o: Option<readonly [S, E]>): E | C.End => {
      if (o._tag === 'None') return C.END
      state = o.value[0]
      return o.value[1]
    }
    return C.asyncSource(it, () => {
      const r = f(state)
      return I.isPromiseLike(r)
        ? (r as PromiseLike<Option<readonly [S, E]>>).then(next)
        : next(r as Option<readonly [S, E]>)
    })
  })

/** `f()` again and again, for as long as the iteratee wants. Play: `Enumerator.repeat`. */
const repeat = <E>(f: () => E): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => C.syncSource(it, undefined, f))

/** `repeat` with a producer that may return a Promise. Play: `Enumerator.repeatM`. */
const repeatM = <E>(f: () => E | PromiseLike<E>): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => C.asyncSource(it, f))

const elementOrEnd = <E>(o: Option<E>): E | C.End => (o._tag === 'None' ? C.END : o.value)

/** Elements from `f` until it gives `None`. Play: `Enumerator.generateM`. */
const generateM = <E>(f: () => Option<E> | PromiseLike<Option<E>>): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) =>
    C.asyncSource(it, () => {
      const r = f()
      return I.isPromiseLike(r) ? (r as PromiseLike<Option<E>>).then(elementOrEnd) : elementOrEnd(r as Option<E>)
    })
  )

/**
 * Elements from a callback: `retriever(isFirstCall)` gives the next element or `None` at the end.
 * `onComplete` runs when the enumeration ends well, `onError(msg, input)` when the iteratee
 * ends in an Error. Unlike Play's, it sends no EOF at the end (enumerators never do; `run` does).
 * Play: `Enumerator.fromCallback1`.
 */
const fromCallback1 = <E>(
  retriever: (first: boolean) => Option<E> | PromiseLike<Option<E>>,
  onComplete: () => void = () => undefined,
  onError: (msg: string, input: Input<E>) => void = () => undefined
): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    let first = true
    const fed = C.asyncSource(it, () => {
      const r = retriever(first)
      first = false
      return I.isPromiseLike(r) ? (r as PromiseLike<Option<E>>).then(elementOrEnd) : elementOrEnd(r as Option<E>)
    })
    return I.whenKnown(fed, (r) => {
      if (r._tag === 'Error') onError(r._msg!, r._in!)
      else onComplete()
      return r
    })
  })

// -------------------------------------------------------------------------------------
// pipeables (data-last, for fp-ts `pipe`)
// -------------------------------------------------------------------------------------

/** Data-last `e.through(t)`. */
const through =
  <E, To>(t: Enumeratee<E, To>) =>
  (e: Enumerator<E>): Enumerator<To> =>
    e.through(t)

/** Data-last `e.andThen(next)`. */
const andThen =
  <E>(next: Enumerator<E>) =>
  (e: Enumerator<E>): Enumerator<E> =>
    e.andThen(next)

/** Data-last `e.map(f)`. */
const map =
  <E, B>(f: (e: E) => B) =>
  (e: Enumerator<E>): Enumerator<B> =>
    e.map(f)

/** Data-last `e.flatMap(f)`. */
const flatMap =
  <E, B>(f: (e: E) => Enumerator<B>) =>
  (e: Enumerator<E>): Enumerator<B> =>
    e.flatMap(f)

/** Data-last `e.mapInput(f)`. */
const mapInput =
  <E, B>(f: (input: Input<E>) => Input<B>) =>
  (e: Enumerator<E>): Enumerator<B> =>
    e.mapInput(f)

/** Data-last `e.onDoneEnumerating(callback)`. */
const onDoneEnumerating =
  (callback: () => void) =>
  <E>(e: Enumerator<E>): Enumerator<E> =>
    e.onDoneEnumerating(callback)

/** Data-last `e.run(it)`. */
const run =
  <E, A>(it: Iteratee<E, A>) =>
  (e: Enumerator<E>): Promise<A> =>
    e.run(it)

// -------------------------------------------------------------------------------------
// type lambdas and instances
// -------------------------------------------------------------------------------------

/** @category instances */
export const URI = 'iteratee/Enumerator'
/** @category instances */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind<A> {
    readonly [URI]: Enumerator<A>
  }
}

const _map: Functor1<URI>['map'] = (fa, f) => fa.map(f)
const _chain: Monad1<URI>['chain'] = (fa, f) => fa.flatMap(f)

/** fp-ts `Functor1` for `Enumerator`. */
const Functor: Functor1<URI> = { URI, map: _map }

/** fp-ts `Monad1` for `Enumerator`: `of(a)` is `Enumerator(a)`, `chain` is `flatMap` (concatenation). */
const Monad: Monad1<URI> = {
  URI,
  map: _map,
  of: (a) => fromElements(a),
  ap: (fab, fa) => fab.flatMap((f) => fa.map(f)),
  chain: _chain
}

/** The monoid of enumerators under `andThen`, with `empty()` as identity. */
const getMonoid = <E>(): Monoid<Enumerator<E>> => ({ concat: (x, y) => x.andThen(y), empty: empty<E>() })

/** The monoid of enumerators under `interleave`, with `empty()` as identity. */
const getInterleaveMonoid = <E>(): Monoid<Enumerator<E>> => ({ concat: (x, y) => x.interleave(y), empty: empty<E>() })

/**
 * `Enumerator(...elements)` and Play's `object Enumerator` statics, the pipeables and the fp-ts
 * instances.
 */
export const Enumerator = Object.assign(fromElements, {
  enumerate,
  enumInput,
  empty,
  eof,
  flatten,
  interleave,
  unfold,
  unfoldM,
  repeat,
  repeatM,
  generateM,
  fromCallback1,
  through,
  andThen,
  map,
  flatMap,
  mapInput,
  onDoneEnumerating,
  run,
  URI,
  Functor,
  Monad,
  getMonoid,
  getInterleaveMonoid
})
