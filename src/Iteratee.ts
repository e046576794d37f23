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
import type * as T from './types'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A consumer of a stream of `E` that computes an `A`; it is `Cont`, `Done` or `Error` (see the module comment).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const count: Iteratee<string, number> = Iteratee.fold(0, (n, _s: string) => n + 1)
 * assert.equal(await Enumerator('a', 'b').run(count), 2)
 *
 * // iteratees chain: the second one gets what the first did not take
 * const firstAndRest = Iteratee.head<string>().flatMap((first) =>
 *   Iteratee.getChunks<string>().map((rest) => ({ first, rest }))
 * )
 * const { first, rest } = await Enumerator('a', 'b', 'c').run(firstAndRest)
 * assert.equal(first._tag === 'Some' && first.value, 'a')
 * assert.deepEqual(rest, ['b', 'c'])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee
 * @category model
 */
export type Iteratee<E, A> = T.Iteratee<E, A>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * An iteratee that is done, with its result and the input it did not use. Play: `Done`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Done, Enumerator, Input } from 'play-iteratees-ts'
 *
 * // a Done iteratee takes no input: its result is there already
 * assert.equal(await Enumerator(1, 2).run(Done<number, string>('ready')), 'ready')
 * const step = await Done<number, string>('ready', Input.El(3)).unflatten()
 * assert.deepEqual(step, { _tag: 'Done', a: 'ready', remaining: Input.El(3) })
 * ```
 *
 * @play play.api.libs.iteratee.Done
 */
export const Done = <E, A>(a: A, remaining: NoInfer<Input<E>> = In.Empty): Iteratee<E, A> => I.done<E, A>(a, remaining)

/**
 * An iteratee that wants input: `k(input)` is the iteratee that follows. Play: `Cont`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Cont, Done, Enumerator, Err, Input, type Iteratee } from 'play-iteratees-ts'
 *
 * // the first element, doubled; an Error if the stream has none
 * const doubledHead: Iteratee<number, number> = Cont((input) =>
 *   input._tag === 'El' ? Done(input.e * 2) : input._tag === 'Empty' ? doubledHead : Err('empty stream', Input.EOF)
 * )
 * assert.equal(await Enumerator(21, 5).run(doubledHead), 42)
 * await assert.rejects(Enumerator<number>().run(doubledHead), /empty stream/)
 * ```
 *
 * @play play.api.libs.iteratee.Cont
 */
export const Cont = <E, A>(k: (input: Input<E>) => Iteratee<E, A>): Iteratee<E, A> => I.cont(k)

/**
 * An iteratee that has failed with a message on some input. Play: `Error` (renamed so as not to shadow the
 * global `Error`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Err, Input, IterateeError } from 'play-iteratees-ts'
 *
 * const failed = Err<number>('bad input', Input.Empty)
 * await assert.rejects(Enumerator(1).run(failed), new IterateeError('bad input'))
 * assert.equal(await Enumerator(1).run(failed.recover(() => 'recovered')), 'recovered')
 * ```
 *
 * @play play.api.libs.iteratee.Error
 */
export const Err = <E, A = never>(msg: string, input: NoInfer<Input<E>>): Iteratee<E, A> => I.error<E, A>(msg, input)

/**
 * The iteratee a promise will give, usable at once. Play: `Iteratee.flatten`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const later = Iteratee.flatten(Promise.resolve(Iteratee.getChunks<number>()))
 * assert.deepEqual(await Enumerator(1, 2).run(later), [1, 2])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.flatten
 */
const flatten = <E, A>(p: PromiseLike<Iteratee<E, A>>): Iteratee<E, A> => I.flatten(p)

/**
 * Whether the iteratee is Done or in an Error step, that is, wants no more input (a failed iteratee makes the
 * promise reject with what it failed with). Play: `Iteratee.isDoneOrError`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const head = Iteratee.head<number>()
 * assert.equal(await Iteratee.isDoneOrError(head), false)
 * assert.equal(await Iteratee.isDoneOrError(await Enumerator(1).apply(head)), true)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.isDoneOrError
 */
const isDoneOrError = <E, A>(it: Iteratee<E, A>): Promise<boolean> => I.knownOk(it).then((k) => !I.isCont(k))

// -------------------------------------------------------------------------------------
// folds: each has a fast path (a sink), so an enumerator pushes elements without an iteratee apiece
// -------------------------------------------------------------------------------------

const foldCont = I.foldCont

/**
 * Folds the elements into a state with `f`, from `state`; done at EOF with the last state.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const sum = Iteratee.fold(0, (s, n: number) => s + n)
 * assert.equal(await Enumerator(1, 2, 3).run(sum), 6)
 * // an iteratee is a value: it can be run again
 * assert.equal(await Enumerator(10).run(sum), 10)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.fold
 */
const fold = <E, S>(state: S, f: (s: S, e: E) => S): Iteratee<E, S> => foldCont(state, f)

/** `then` for a value or a promise of one. */
const andThen = <X, E, A>(x: X | PromiseLike<X>, f: (x: X) => Iteratee<E, A>, input?: Input<E>): Iteratee<E, A> =>
  I.isPromiseLike(x) ? I.suspend(x as PromiseLike<X>, f, input) : f(x as X)

/**
 * Like `fold`, with a step that may return a Promise; the next element waits for it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const saved: Array<string> = []
 * const save = async (line: string) => {
 *   saved.push(line)
 * }
 * const count = Iteratee.foldM(0, async (n, line: string) => {
 *   await save(line)
 *   return n + 1
 * })
 * assert.equal(await Enumerator('a', 'b').run(count), 2)
 * assert.deepEqual(saved, ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.foldM
 */
const foldM = <E, S>(state: S, f: (s: S, e: E) => S | PromiseLike<S>): Iteratee<E, S> => {
  const go = (s: S): Iteratee<E, S> =>
    I.cont((input) =>
      input._tag === 'El' ? andThen(f(s, input.e), go, input) : input._tag === 'Empty' ? go(s) : I.done(s, In.EOF)
    )
  return go(state)
}

/**
 * Like `foldM`; the step also says whether it is done (then the iteratee is Done at once).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * // sums until the total reaches 3, and leaves the rest of the stream alone
 * const upTo3 = Iteratee.fold2(0, (s, n: number) => [s + n, s + n >= 3] as const)
 * assert.equal(await Enumerator(1, 2, 3, 4).run(upTo3), 3)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.fold2
 */
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

/**
 * Like `foldM`, from an initial state that may be a Promise.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const loadTotal = async () => 10
 * const total = Iteratee.fold1(loadTotal(), (s, n: number) => s + n)
 * assert.equal(await Enumerator(1, 2).run(total), 13)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.fold1
 */
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

/**
 * All the elements, in order, as an array.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator('kiki', 'foo', 'bar').run(Iteratee.getChunks<string>()), ['kiki', 'foo', 'bar'])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.getChunks
 */
const getChunks = <E>(): Iteratee<E, ReadonlyArray<E>> => I.map(collected<E>(), toArray)

/**
 * The chunks concatenated: strings, arrays or Uint8Arrays.
 *
 * With no chunk at all the result is `empty` (default `''`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.equal(await Enumerator('kiki', 'foo', 'bar').run(Iteratee.consume<string>()), 'kikifoobar')
 *
 * const chunks = Enumerator<Uint8Array>(Uint8Array.of(1, 2), Uint8Array.of(3))
 * assert.deepEqual([...(await chunks.run(Iteratee.consume<Uint8Array>()))], [1, 2, 3])
 *
 * const none = await Enumerator<Uint8Array>().run(Iteratee.consume<Uint8Array>(new Uint8Array(0)))
 * assert.equal(none.length, 0)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.consume
 */
const consume = <E>(empty?: E): Iteratee<E, E> =>
  I.map(collected<E>(), (list) => I.concatAll(toArray(list), empty === undefined ? ('' as unknown as E) : empty))

/**
 * The first element, if any, as an fp-ts `Option`; the rest of the stream is left alone.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator(1, 2).run(Iteratee.head<number>()), some(1))
 * assert.deepEqual(await Enumerator<number>().run(Iteratee.head<number>()), none)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.head
 */
const head = <E>(): Iteratee<E, Option<E>> => {
  const self: Iteratee<E, Option<E>> = I.cont((input) =>
    input._tag === 'El' ? I.done(some(input.e), In.Empty) : input._tag === 'Empty' ? self : I.done(none, In.EOF)
  )
  return self
}

/**
 * Up to `n` elements: done after the `n`th, or at EOF with fewer.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator(1, 2, 3, 4).run(Iteratee.takeUpTo<number>(2)), [1, 2])
 * assert.deepEqual(await Enumerator(1).run(Iteratee.takeUpTo<number>(2)), [1])
 *
 * // what it does not take is there for the next iteratee
 * const split = Iteratee.takeUpTo<number>(2).flatMap((first) =>
 *   Iteratee.getChunks<number>().map((rest) => [first, rest])
 * )
 * assert.deepEqual(await Enumerator(1, 2, 3, 4).run(split), [[1, 2], [3, 4]])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.takeUpTo
 */
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

/**
 * Whether the stream is empty (has no element before EOF); leaves the first element unconsumed.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.equal(await Enumerator<number>().run(Iteratee.isEmpty<number>()), true)
 *
 * const check = Iteratee.isEmpty<number>().flatMap((empty) =>
 *   Iteratee.getChunks<number>().map((all) => ({ empty, all }))
 * )
 * assert.deepEqual(await Enumerator(1, 2).run(check), { empty: false, all: [1, 2] })
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.isEmpty
 */
const isEmpty = <E>(): Iteratee<E, boolean> => {
  const self: Iteratee<E, boolean> = I.cont((input) =>
    input._tag === 'El' ? I.done(false, input) : input._tag === 'Empty' ? self : I.done(true, input)
  )
  return self
}

/**
 * Ignores everything up to EOF, and is done there.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { some } from 'fp-ts/Option'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * // the first element, once the whole stream has gone by
 * const firstOfAll = Iteratee.head<number>().flatMap((first) => Iteratee.skipToEof<number>().map(() => first))
 * assert.deepEqual(await Enumerator(1, 2, 3).run(firstOfAll), some(1))
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.skipToEof
 */
const skipToEof = <E>(): Iteratee<E, void> => {
  const self: Iteratee<E, void> = I.cont((input) => (input._tag === 'EOF' ? I.done<E, void>(undefined, In.EOF) : self))
  return self
}

/**
 * `Right(eofValue)` at EOF, `Left(otherwise)` when an element comes (left unconsumed).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { left, right } from 'fp-ts/Either'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const atEnd = Iteratee.eofOrElse('more input')<string, number>('the end')
 * assert.deepEqual(await Enumerator<number>().run(atEnd), right('the end'))
 * assert.deepEqual(await Enumerator(1).run(atEnd), left('more input'))
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.eofOrElse
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

/**
 * Consumes everything and keeps nothing; its result is `undefined`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * // runs a source for its effects only
 * const logged: Array<number> = []
 * const source = Enumerator(1, 2, 3).map((n) => {
 *   logged.push(n)
 *   return n
 * })
 * assert.equal(await source.run(Iteratee.ignore<number>()), undefined)
 * assert.deepEqual(logged, [1, 2, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.ignore
 */
const ignore = <E>(): Iteratee<E, void> => fold<E, void>(undefined, () => undefined)

/**
 * Runs `f` on each element; done at EOF.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const seen: Array<string> = []
 * await Enumerator('a', 'b').run(Iteratee.foreach<string>((s) => seen.push(s)))
 * assert.deepEqual(seen, ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.foreach
 */
const foreach = <E>(f: (e: E) => void): Iteratee<E, void> =>
  fold<E, void>(undefined, (_, e) => {
    f(e)
  })

/**
 * Runs `it` again and again, collecting its results, until EOF.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const pairs = Iteratee.repeat(Iteratee.takeUpTo<number>(2))
 * assert.deepEqual(await Enumerator(1, 2, 3, 4, 5).run(pairs), [[1, 2], [3, 4], [5]])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee.repeat
 */
const repeat = <E, A>(it: Iteratee<E, A>): Iteratee<E, ReadonlyArray<A>> => {
  const go = (results: ReadonlyArray<A>): Iteratee<E, ReadonlyArray<A>> =>
    I.cont((input) => {
      if (input._tag === 'EOF') return I.done(results, In.EOF)
      if (input._tag === 'Empty') return go(results)
      return I.whenKnown(it, (s): Iteratee<E, ReadonlyArray<A>> => {
        if (I.isDone(s)) return I.done([...results, I.resultOf(s)], input)
        if (I.isError(s)) return s as unknown as Iteratee<E, ReadonlyArray<A>>
        return I.flatMap(I.continueWith(s, input), (a) => I.map(go([]), (rest) => [...results, a, ...rest]))
      })
    })
  return go([])
}

// -------------------------------------------------------------------------------------
// pipeables (data-last, for fp-ts `pipe`)
// -------------------------------------------------------------------------------------

/**
 * Data-last `it.map(f)`: the result of `it`, passed through `f`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const count = pipe(Iteratee.getChunks<string>(), Iteratee.map((all) => all.length))
 * assert.equal(await Enumerator('a', 'b', 'c').run(count), 3)
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee#map
 */
const map =
  <A, B>(f: (a: A) => B) =>
  <E>(it: Iteratee<E, A>): Iteratee<E, B> =>
    it.map(f)

/**
 * Data-last `it.flatMap(f)`: once `it` is done, `f(result)` goes on with the input `it` left.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const headerAndBody = pipe(
 *   Iteratee.takeUpTo<string>(1),
 *   Iteratee.flatMap((header) => Iteratee.getChunks<string>().map((body) => ({ header, body })))
 * )
 * assert.deepEqual(await Enumerator('h', 'b1', 'b2').run(headerAndBody), { header: ['h'], body: ['b1', 'b2'] })
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee#flatMap
 */
const flatMap =
  <E, A, B>(f: (a: A) => Iteratee<E, B>) =>
  (it: Iteratee<E, A>): Iteratee<E, B> =>
    it.flatMap(f)

/**
 * Data-last `it.recover(f)`: `f(error)` as the result instead of an Error or a failure.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const parsed = pipe(
 *   Iteratee.fold(0, (s, text: string) => {
 *     if (!/^[0-9]+$/.test(text)) throw new Error(`not a number: ${text}`)
 *     return s + Number(text)
 *   }),
 *   Iteratee.recover((e) => (e instanceof Error ? e.message : 'failed'))
 * )
 * assert.equal(await Enumerator('1', '2').run(parsed), 3)
 * assert.equal(await Enumerator('1', 'x').run(parsed), 'not a number: x')
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee#recover
 */
const recover =
  <B>(f: (e: unknown) => B) =>
  <E, A>(it: Iteratee<E, A>): Iteratee<E, A | B> =>
    it.recover(f)

// -------------------------------------------------------------------------------------
// type lambdas and instances
// -------------------------------------------------------------------------------------

/**
 * The fp-ts URI of `Iteratee`: the key its instances are registered under in fp-ts's `URItoKind2`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Iteratee } from 'play-iteratees-ts'
 * import { URI } from 'play-iteratees-ts/Iteratee'
 *
 * assert.equal(URI, 'iteratee/Iteratee')
 * assert.equal(Iteratee.Monad.URI, URI)
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category instances
 */
export const URI = 'iteratee/Iteratee'
/**
 * The type of `URI`: `Kind2<URI, E, A>` is `Iteratee<E, A>`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Kind2 } from 'fp-ts/HKT'
 * import { Done } from 'play-iteratees-ts'
 * import type { URI } from 'play-iteratees-ts/Iteratee'
 *
 * const it: Kind2<URI, string, number> = Done(1)
 * assert.equal(await it.run(), 1)
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category instances
 */
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

/**
 * The fp-ts `Functor2` instance of `Iteratee`: `map` maps the result.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const length = Iteratee.Functor.map(Iteratee.consume<string>(), (s) => s.length)
 * assert.equal(await Enumerator('ab', 'c').run(length), 3)
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `map` is a method, also here)
 */
const Functor: Functor2<URI> = { URI, map: _map }

/**
 * The fp-ts `Monad2` instance of `Iteratee`: `of` is `Done(a)`, `chain` is `flatMap`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const { chain, of } = Iteratee.Monad
 * const next = Iteratee.takeUpTo<number>(1)
 * const sumOfFirstTwo = chain(next, ([a]) => chain(next, ([b]) => of(a + b)))
 * assert.equal(await Enumerator(1, 2, 3).run(sumOfFirstTwo), 3)
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `flatMap` is a method, also here)
 */
const Monad: Monad2<URI> = { URI, map: _map, of: _of, ap: _ap, chain: _chain }

/**
 * The Iteratee statics (Play's `object Iteratee`), the pipeables and the fp-ts instances.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.equal(await Enumerator(1, 2, 3).run(Iteratee.fold(0, (s, n: number) => s + n)), 6)
 * assert.deepEqual(await Enumerator('a', 'b', 'c').run(Iteratee.takeUpTo<string>(2)), ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee
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
