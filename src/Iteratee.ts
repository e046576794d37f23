/**
 * An iteratee consumes a stream of `E` and computes an `A`. At any time it is in one of three
 * states, or on its way to one of them:
 *
 * ```
 *  Cont(k)            wants input: k(input) is the next iteratee
 *  Done(a, remaining) has its result a; remaining is input it did not use
 *  Error(msg, input)  has failed on input
 * ```
 *
 * An enumerator feeds it; `run` feeds EOF and gives the result. Leftover input in `Done` is what
 * lets iteratees be chained with `flatMap`: the next one gets what the first did not use.
 *
 * Laws (Monad, checked by running both sides): `Done(a).flatMap(f) = f(a)`,
 * `it.flatMap(Done) = it`, `it.flatMap(f).flatMap(g) = it.flatMap(a => f(a).flatMap(g))`.
 *
 * Play: `play.api.libs.iteratee.Iteratee`.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/Either'
import { left, right } from 'fp-ts/Either'
import type { Functor2 } from 'fp-ts/Functor'
import type { Monad2 } from 'fp-ts/Monad'
import type { Option } from 'fp-ts/Option'
import { none, some } from 'fp-ts/Option'
import { type Input, Input as In } from './Input'
import * as I from './internal/iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** @category model */
export type Iteratee<E, A> = I.Iteratee<E, A>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** An iteratee that is done, with its result and the input it did not use. Play: `Done`. */
export const Done = <E, A>(a: A, remaining: NoInfer<Input<E>> = In.Empty): Iteratee<E, A> => I.done<E, A>(a, remaining)

/** An iteratee that wants input: `k` says what comes next. Play: `Cont`. */
export const Cont = <E, A>(k: (input: Input<E>) => Iteratee<E, A>): Iteratee<E, A> => I.cont(k)

/** An iteratee that has failed. Play: `Error` (renamed so as not to shadow the global `Error`). */
export const Err = <E, A = never>(msg: string, input: NoInfer<Input<E>>): Iteratee<E, A> => I.error<E, A>(msg, input)

/** The iteratee a promise will give. Play: `Iteratee.flatten`. */
const flatten = <E, A>(p: PromiseLike<Iteratee<E, A>>): Iteratee<E, A> => I.flatten(p)

/** Whether the iteratee is done or has failed (not Cont). Play: `Iteratee.isDoneOrError`. */
const isDoneOrError = <E, A>(it: Iteratee<E, A>): Promise<boolean> => I.known(it).then((k) => k._tag !== 'Cont')

// -------------------------------------------------------------------------------------
// folds: each has a fast path (a sink), so an enumerator pushes elements without an iteratee apiece
// -------------------------------------------------------------------------------------

const foldCont = <E, S>(s: S, f: (s: S, e: E) => S): Iteratee<E, S> => {
  const self: Iteratee<E, S> = I.cont(
    (input) => (input._tag === 'El' ? foldCont(f(s, input.e), f) : input._tag === 'Empty' ? self : I.done(s, In.EOF)),
    () => new FoldSink(s, f)
  )
  return self
}

class FoldSink<E, S> implements I.Sink<E, S> {
  constructor(
    private s: S,
    private readonly f: (s: S, e: E) => S
  ) {}
  demand(): number {
    return Infinity
  }
  pushAll(arr: ArrayLike<E>, from: number, to: number): number {
    const f = this.f
    let s = this.s
    for (let i = from; i < to; i++) s = f(s, arr[i])
    this.s = s
    return to
  }
  end(): Iteratee<E, S> {
    return foldCont(this.s, this.f)
  }
}

/** Keeps FoldSink's hidden class (and V8's optimized code for it) alive; see `keepAlive` in internal/core. */
export const keepAlive: ReadonlyArray<unknown> = [new FoldSink<number, number>(0, (s) => s)]

/** Folds the elements into a state; done at EOF. Play: `Iteratee.fold`. */
const fold = <E, S>(state: S, f: (s: S, e: E) => S): Iteratee<E, S> => foldCont(state, f)

/** `then` for a value or a promise of one. */
const andThen = <X, E, A>(x: X | PromiseLike<X>, f: (x: X) => Iteratee<E, A>, input?: Input<E>): Iteratee<E, A> =>
  I.isPromiseLike(x) ? I.suspend(x as PromiseLike<X>, f, input) : f(x as X)

/** Like `fold`, with a step that may return a Promise. Play: `Iteratee.foldM`. */
const foldM = <E, S>(state: S, f: (s: S, e: E) => S | PromiseLike<S>): Iteratee<E, S> => {
  const go = (s: S): Iteratee<E, S> =>
    I.cont((input) =>
      input._tag === 'El' ? andThen(f(s, input.e), go, input) : input._tag === 'Empty' ? go(s) : I.done(s, In.EOF)
    )
  return go(state)
}

/** Like `foldM`; the step also says whether it is done (then the iteratee is Done at once). Play: `Iteratee.fold2`. */
const fold2 = <E, S>(
  state: S,
  f: (s: S, e: E) => readonly [S, boolean] | PromiseLike<readonly [S, boolean]>
): Iteratee<E, S> => {
  const go = (s: S): Iteratee<E, S> =>
    I.cont((input) =>
      input._tag === 'El'
        ? andThen(f(s, input.e), ([next, isDone]) => (isDone ? I.done<E, S>(next, In.Empty) : go(next)), input)
        : input._tag === 'Empty'
          ? go(s)
          : I.done(s, In.EOF)
    )
  return go(state)
}

/** Like `foldM`, from a promised initial state. Play: `Iteratee.fold1`. */
const fold1 = <E, S>(state: S | PromiseLike<S>, f: (s: S, e: E) => S | PromiseLike<S>): Iteratee<E, S> =>
  andThen(state, (s: S) => foldM(s, f))

/** A persistent list, so that a folding iteratee can be fed twice (iteratees are values). */
interface Cons<E> {
  readonly head: E
  readonly tail: Cons<E> | undefined
}
const cons = <E>(tail: Cons<E> | undefined, head: E): Cons<E> | undefined => ({ head, tail })
const toArray = <E>(list: Cons<E> | undefined): Array<E> => {
  const out: Array<E> = []
  for (let c = list; c !== undefined; c = c.tail) out.push(c.head)
  return out.reverse()
}
const collected = <E>(): Iteratee<E, Cons<E> | undefined> => fold<E, Cons<E> | undefined>(undefined, cons)

/** All the elements, in order. Play: `Iteratee.getChunks`. */
const getChunks = <E>(): Iteratee<E, ReadonlyArray<E>> => I.map(collected<E>(), toArray)

/**
 * The chunks concatenated: strings, arrays or Uint8Arrays. With no chunk at all the result is
 * `empty` (default `''`). Play: `Iteratee.consume`.
 */
const consume = <E>(empty?: E): Iteratee<E, E> =>
  I.map(collected<E>(), (list) => I.concatAll(toArray(list), empty === undefined ? ('' as unknown as E) : empty))

/** The first element, if any. Play: `Iteratee.head`. */
const head = <E>(): Iteratee<E, Option<E>> => {
  const self: Iteratee<E, Option<E>> = I.cont((input) =>
    input._tag === 'El' ? I.done(some(input.e), In.Empty) : input._tag === 'Empty' ? self : I.done(none, In.EOF)
  )
  return self
}

/** Up to `n` elements. Play: `Iteratee.takeUpTo`. */
const takeUpTo = <E>(n: number): Iteratee<E, ReadonlyArray<E>> => {
  if (n <= 0) return I.done<E, ReadonlyArray<E>>([], In.Empty)
  const go = (taken: Cons<E> | undefined, count: number): Iteratee<E, ReadonlyArray<E>> => {
    const self: Iteratee<E, ReadonlyArray<E>> = I.cont((input) => {
      if (input._tag === 'Empty') return self
      if (input._tag === 'EOF') return I.done(toArray(taken), In.EOF)
      const next = cons(taken, input.e)
      return count + 1 >= n ? I.done(toArray(next), In.Empty) : go(next, count + 1)
    })
    return self
  }
  return go(undefined, 0)
}

/** Whether the stream is empty; leaves the first element unconsumed. Play: `Iteratee.isEmpty`. */
const isEmpty = <E>(): Iteratee<E, boolean> => {
  const self: Iteratee<E, boolean> = I.cont((input) =>
    input._tag === 'El' ? I.done(false, input) : input._tag === 'Empty' ? self : I.done(true, input)
  )
  return self
}

/** Ignores everything up to EOF. Play: `Iteratee.skipToEof`. */
const skipToEof = <E>(): Iteratee<E, void> => {
  const self: Iteratee<E, void> = I.cont((input) => (input._tag === 'EOF' ? I.done<E, void>(undefined, In.EOF) : self))
  return self
}

/**
 * `Right(eofValue)` at EOF, `Left(otherwise)` when an element comes (left unconsumed).
 * Play: `Iteratee.eofOrElse`.
 */
const eofOrElse =
  <B>(otherwise: B) =>
  <A, E = never>(eofValue: A): Iteratee<E, Either<B, A>> => {
    const self: Iteratee<E, Either<B, A>> = I.cont((input) =>
      input._tag === 'El'
        ? I.done(left(otherwise), input)
        : input._tag === 'EOF'
          ? I.done(right(eofValue), input)
          : self
    )
    return self
  }

/** Consumes everything, keeps nothing. Play: `Iteratee.ignore`. */
const ignore = <E>(): Iteratee<E, void> => fold<E, void>(undefined, () => undefined)

/** Runs `f` on each element. Play: `Iteratee.foreach`. */
const foreach = <E>(f: (e: E) => void): Iteratee<E, void> =>
  fold<E, void>(undefined, (_, e) => {
    f(e)
  })

/** Runs `it` again and again, collecting its results, until EOF. Play: `Iteratee.repeat`. */
const repeat = <E, A>(it: Iteratee<E, A>): Iteratee<E, ReadonlyArray<A>> => {
  const go = (results: ReadonlyArray<A>): Iteratee<E, ReadonlyArray<A>> =>
    I.cont((input) => {
      if (input._tag === 'EOF') return I.done(results, In.EOF)
      if (input._tag === 'Empty') return go(results)
      return I.whenKnown(it, (s): Iteratee<E, ReadonlyArray<A>> => {
        if (s._tag === 'Done') return I.done([...results, s._a as A], input)
        if (s._tag === 'Error') return s as unknown as Iteratee<E, ReadonlyArray<A>>
        return I.flatMap(s._k!(input), (a) => I.map(go([]), (rest) => [...results, a, ...rest]))
      })
    })
  return go([])
}

// -------------------------------------------------------------------------------------
// pipeables (data-last, for fp-ts `pipe`)
// -------------------------------------------------------------------------------------

/** Data-last `it.map(f)`. */
const map =
  <A, B>(f: (a: A) => B) =>
  <E>(it: Iteratee<E, A>): Iteratee<E, B> =>
    it.map(f)

/** Data-last `it.flatMap(f)`. */
const flatMap =
  <E, A, B>(f: (a: A) => Iteratee<E, B>) =>
  (it: Iteratee<E, A>): Iteratee<E, B> =>
    it.flatMap(f)

/** Data-last `it.recover(f)`. */
const recover =
  <B>(f: (e: unknown) => B) =>
  <E, A>(it: Iteratee<E, A>): Iteratee<E, A | B> =>
    it.recover(f)

// -------------------------------------------------------------------------------------
// type lambdas and instances
// -------------------------------------------------------------------------------------

/** @category instances */
export const URI = 'iteratee/Iteratee'
/** @category instances */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind2<E, A> {
    readonly [URI]: Iteratee<E, A>
  }
}

const _map: Functor2<URI>['map'] = (fa, f) => fa.map(f)
const _of = <E, A>(a: A): Iteratee<E, A> => I.done<E, A>(a, In.Empty)
const _chain: Monad2<URI>['chain'] = (fa, f) => fa.flatMap(f)
const _ap: Monad2<URI>['ap'] = (fab, fa) => fab.flatMap((f) => fa.map(f))

/** fp-ts `Functor2` for `Iteratee`. */
const Functor: Functor2<URI> = { URI, map: _map }

/** fp-ts `Monad2` for `Iteratee`: `of` is `Done(a)`, `chain` is `flatMap`. */
const Monad: Monad2<URI> = { URI, map: _map, of: _of, ap: _ap, chain: _chain }

/**
 * The Iteratee statics (Play's `object Iteratee`), the pipeables and the fp-ts instances.
 *
 * @example
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 * await Enumerator(1, 2, 3).run(Iteratee.fold(0, (s, n: number) => s + n)) // 6
 */
export const Iteratee = {
  flatten,
  isDoneOrError,
  fold,
  foldM,
  fold2,
  fold1,
  consume,
  head,
  getChunks,
  takeUpTo,
  isEmpty,
  skipToEof,
  eofOrElse,
  ignore,
  foreach,
  repeat,
  map,
  flatMap,
  recover,
  URI,
  Functor,
  Monad
} as const
