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
import type { Lifetime } from './internal/lifetime'
import type * as T from './types'
import type { Iteratee } from './Iteratee'
import { fromAsyncIterable, fromFile, fromStream, outputStream, toAsyncIterable } from './streams'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A producer of a stream of `E`, which feeds an iteratee: `apply` hands the iteratee back, `run` gives its result.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const users: Enumerator<string> = Enumerator('Guillaume', 'Sadek', 'Peter')
 * assert.equal(await users.run(Iteratee.consume<string>()), 'GuillaumeSadekPeter')
 *
 * // apply feeds and hands the iteratee back, still wanting input
 * const fed = await users.apply(Iteratee.getChunks<string>())
 * assert.deepEqual(await Enumerator('Erwan').run(fed), ['Guillaume', 'Sadek', 'Peter', 'Erwan'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator
 * @category model
 */
export type Enumerator<E> = T.Enumerator<E>

export type { ApplyOptions } from './types'

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const EMPTY: Enumerator<unknown> = new C.Enumerator<unknown>(<A>(it: Iteratee<unknown, A>) => it)
const EOF: Enumerator<unknown> = C.enumInput<unknown>(In.EOF)

/**
 * An enumerator that produces nothing: the identity of `andThen` and `interleave`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator.empty<number>().run(Iteratee.getChunks()), [])
 * assert.deepEqual(await Enumerator(1).andThen(Enumerator.empty()).run(Iteratee.getChunks()), [1])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.empty
 */
const empty = <E>(): Enumerator<E> => EMPTY as Enumerator<E>

/**
 * An enumerator that feeds EOF, and nothing else: the end of the stream for whatever follows it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const cut = Enumerator(1, 2).andThen(Enumerator.eof()).andThen(Enumerator(3))
 * assert.deepEqual(await cut.run(Iteratee.getChunks()), [1, 2])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.eof
 */
const eof = <E>(): Enumerator<E> => EOF as Enumerator<E>

/**
 * An enumerator that feeds one input (an element, `Input.Empty` or `Input.EOF`), and nothing else.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * const one = Enumerator.enumInput(Input.El('a'))
 * assert.deepEqual(await one.andThen(Enumerator.enumInput<string>(Input.Empty)).run(Iteratee.getChunks()), ['a'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.enumInput
 */
const enumInput = <E>(input: Input<E>): Enumerator<E> => C.enumInput(input)

/**
 * The elements of an iterable, pulled as the iteratee asks for them.
 *
 * An array (or any iterable whose `[Symbol.iterator]` gives a new iterator) can be enumerated
 * again and again; a one-shot iterator (a generator) refuses a second `apply` with an
 * `IterateeError` rather than silently enumerating nothing.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee, IterateeError } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator.enumerate(new Set([3, 1, 3])).run(Iteratee.getChunks()), [3, 1])
 *
 * function* countdown(from: number) {
 *   for (let n = from; n > 0; n--) yield n
 * }
 * const once = Enumerator.enumerate(countdown(3))
 * assert.deepEqual(await once.run(Iteratee.getChunks()), [3, 2, 1])
 * await assert.rejects(once.run(Iteratee.getChunks()), IterateeError)
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.enumerate
 */
const enumerate = <E>(iterable: Iterable<E>): Enumerator<E> => {
  if (Array.isArray(iterable)) {
    const arr: ReadonlyArray<E> = iterable
    return new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => C.syncSource(it, life, arr, undefined))
  }
  const oneShot = (iterable[Symbol.iterator]() as unknown) === iterable
  let used = false
  return new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
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
    return C.syncSource<E, A>(
      it,
      life,
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
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator('kiki', 'foo', 'bar').run(Iteratee.getChunks()), ['kiki', 'foo', 'bar'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.apply
 */
const fromElements = <E>(...elements: ReadonlyArray<E>): Enumerator<E> =>
  elements.length === 0 ? empty<E>() : enumerate(elements as Array<E>)

/**
 * The enumerator a promise will give, usable at once.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const fetchRows = async () => Enumerator('row 1', 'row 2')
 * const rows = Enumerator.flatten(fetchRows())
 * assert.deepEqual(await rows.run(Iteratee.getChunks()), ['row 1', 'row 2'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.flatten
 */
const flatten = <E>(p: PromiseLike<Enumerator<E>>): Enumerator<E> => {
  I.markHandled(p)
  return new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) =>
    I.suspend(p, (e: Enumerator<E>) => C.feedFor(e, it, life))
  )
}

/**
 * The elements of all the enumerators, run at the same time, in the order they come.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const all = await Enumerator.interleave(Enumerator(1, 2), Enumerator(3)).run(Iteratee.getChunks())
 * assert.deepEqual([...all].sort(), [1, 2, 3])
 * const fromArray = await Enumerator.interleave([Enumerator('a'), Enumerator('b')]).run(Iteratee.getChunks())
 * assert.deepEqual([...fromArray].sort(), ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.interleave
 */
function interleave<E>(enumerators: ReadonlyArray<Enumerator<E>>): Enumerator<E>
function interleave<E>(first: Enumerator<E>, ...rest: ReadonlyArray<Enumerator<E>>): Enumerator<E>
function interleave<E>(
  first: Enumerator<E> | ReadonlyArray<Enumerator<E>>,
  ...rest: ReadonlyArray<Enumerator<E>>
): Enumerator<E> {
  return C.interleave(Array.isArray(first) ? first : [first as Enumerator<E>, ...rest])
}

/**
 * Elements from a state: `f(s)` is `Some([next state, element])`, or `None` at the end.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * type Pair = readonly [number, number]
 * const fibs = Enumerator.unfold<Pair, number>([0, 1], ([a, b]) => (a < 20 ? some([[b, a + b], a]) : none))
 * assert.deepEqual(await fibs.run(Iteratee.getChunks()), [0, 1, 1, 2, 3, 5, 8, 13])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.unfold
 */
const unfold = <S, E>(s: S, f: (s: S) => Option<readonly [S, E]>): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    let state = s
    return C.syncSource(it, life, undefined, () => {
      const o = f(state)
      if (o._tag === 'None') return C.END
      state = o.value[0]
      return o.value[1]
    })
  })

/**
 * Like `unfold`, with a step that may return a Promise.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * // pages fetched one by one, until there is none left
 * const pages = [['a', 'b'], ['c']]
 * const fetchPage = async (n: number) => pages[n]
 * const items = Enumerator.unfoldM(0, async (n) => {
 *   const page = await fetchPage(n)
 *   return page === undefined ? none : some([n + 1, page] as const)
 * })
 * assert.deepEqual(await items.run(Iteratee.consume<Array<string>>()), ['a', 'b', 'c'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.unfoldM
 */
const unfoldM = <S, E>(
  s: S,
  f: (s: S) => Option<readonly [S, E]> | PromiseLike<Option<readonly [S, E]>>
): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    let state = s
    const next = (o: Option<readonly [S, E]>): E | C.End => {
      if (o._tag === 'None') return C.END
      state = o.value[0]
      return o.value[1]
    }
    return C.asyncSource(it, life, () => {
      const r = f(state)
      return I.isPromiseLike(r)
        ? (r as PromiseLike<Option<readonly [S, E]>>).then(next)
        : next(r as Option<readonly [S, E]>)
    })
  })

/**
 * `f()` again and again, for as long as the iteratee wants (an endless source).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * let calls = 0
 * const ticks = Enumerator.repeat(() => ++calls)
 * assert.deepEqual(await ticks.run(Iteratee.takeUpTo(3)), [1, 2, 3])
 * assert.equal(calls, 3)
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.repeat
 */
const repeat = <E>(f: () => E): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => C.syncSource(it, life, undefined, f))

/**
 * Like `repeat`, with a producer that may return a Promise; the next call waits for the iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
 * let n = 0
 * const slowCounter = Enumerator.repeatM(async () => {
 *   await sleep(1)
 *   return ++n
 * })
 * assert.deepEqual(await slowCounter.run(Iteratee.takeUpTo(3)), [1, 2, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.repeatM
 */
const repeatM = <E>(f: () => E | PromiseLike<E>): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => C.asyncSource(it, life, f))

const elementOrEnd = <E>(o: Option<E>): E | C.End => (o._tag === 'None' ? C.END : o.value)

/**
 * Elements from `f()` (which may return a Promise) until it gives `None`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const queue = ['job 1', 'job 2']
 * const jobs = Enumerator.generateM(async () => {
 *   const job = queue.shift()
 *   return job === undefined ? none : some(job)
 * })
 * assert.deepEqual(await jobs.run(Iteratee.getChunks()), ['job 1', 'job 2'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.generateM
 */
const generateM = <E>(f: () => Option<E> | PromiseLike<Option<E>>): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) =>
    C.asyncSource(it, life, () => {
      const r = f()
      return I.isPromiseLike(r) ? (r as PromiseLike<Option<E>>).then(elementOrEnd) : elementOrEnd(r as Option<E>)
    })
  )

/**
 * Elements from a callback: `retriever(isFirstCall)` gives the next element or `None` at the end.
 *
 * `onComplete` runs when the enumeration ends well, `onError(msg, input)` when the iteratee
 * ends in an Error. Unlike Play's, it sends no EOF at the end (enumerators never do; `run` does).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const log: Array<string> = []
 * const lines = ['header', 'row 1']
 * const reader = Enumerator.fromCallback1(
 *   (first) => {
 *     log.push(first ? 'open' : 'next')
 *     const line = lines.shift()
 *     return line === undefined ? none : some(line)
 *   },
 *   () => log.push('complete')
 * )
 * assert.deepEqual(await reader.run(Iteratee.getChunks()), ['header', 'row 1'])
 * assert.deepEqual(log, ['open', 'next', 'next', 'complete'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.fromCallback1
 */
const fromCallback1 = <E>(
  retriever: (first: boolean) => Option<E> | PromiseLike<Option<E>>,
  onComplete: () => void = () => undefined,
  onError: (msg: string, input: Input<E>) => void = () => undefined
): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    let first = true
    const fed = C.asyncSource(it, life, () => {
      const r = retriever(first)
      first = false
      return I.isPromiseLike(r) ? (r as PromiseLike<Option<E>>).then(elementOrEnd) : elementOrEnd(r as Option<E>)
    })
    return I.whenKnown(fed, (r) => {
      if (I.isError(r)) onError(I.messageOf(r), I.inputOf(r))
      else onComplete()
      return r
    })
  })

// -------------------------------------------------------------------------------------
// pipeables (data-last, for fp-ts `pipe`)
// -------------------------------------------------------------------------------------

/**
 * Data-last `e.through(t)`: the enumerator of the stream `t` makes of `e`'s.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const lengths = pipe(Enumerator('kiki', 'foo'), Enumerator.through(Enumeratee.map((s: string) => s.length)))
 * assert.deepEqual(await lengths.run(Iteratee.getChunks()), [4, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#through
 */
const through =
  <E, To>(t: T.Enumeratee<E, To>) =>
  (e: Enumerator<E>): Enumerator<To> =>
    e.through(t)

/**
 * Data-last `e.andThen(next)`: the elements of `e`, then those of `next`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const colors = pipe(Enumerator('Red', 'Blue'), Enumerator.andThen(Enumerator('Grey')))
 * assert.deepEqual(await colors.run(Iteratee.getChunks()), ['Red', 'Blue', 'Grey'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#andThen
 */
const andThen =
  <E>(next: Enumerator<E>) =>
  (e: Enumerator<E>): Enumerator<E> =>
    e.andThen(next)

/**
 * Data-last `e.map(f)`: each element becomes `f(e)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const doubled = pipe(Enumerator(1, 2, 3), Enumerator.map((n) => n * 2))
 * assert.deepEqual(await doubled.run(Iteratee.getChunks()), [2, 4, 6])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#map
 */
const map =
  <E, B>(f: (e: E) => B) =>
  (e: Enumerator<E>): Enumerator<B> =>
    e.map(f)

/**
 * Data-last `e.flatMap(f)`: each element becomes an enumerator, and their streams are concatenated.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const expanded = pipe(Enumerator(1, 2), Enumerator.flatMap((n) => Enumerator(n, n * 10)))
 * assert.deepEqual(await expanded.run(Iteratee.getChunks()), [1, 10, 2, 20])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#flatMap
 */
const flatMap =
  <E, B>(f: (e: E) => Enumerator<B>) =>
  (e: Enumerator<E>): Enumerator<B> =>
    e.flatMap(f)

/**
 * Data-last `e.mapInput(f)`: each input (element or Empty) becomes `f(input)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * // negative numbers become Empty, which the iteratee skips
 * const positives = pipe(
 *   Enumerator(1, -2, 3),
 *   Enumerator.mapInput((input: Input<number>) => (input._tag === 'El' && input.e < 0 ? Input.Empty : input))
 * )
 * assert.deepEqual(await positives.run(Iteratee.getChunks()), [1, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#mapInput
 */
const mapInput =
  <E, B>(f: (input: Input<E>) => Input<B>) =>
  (e: Enumerator<E>): Enumerator<B> =>
    e.mapInput(f)

/**
 * Data-last `e.onDoneEnumerating(callback)`: `callback` runs each time `e` has finished feeding an iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * let released = 0
 * const source = pipe(
 *   Enumerator(1, 2, 3),
 *   Enumerator.onDoneEnumerating(() => released++)
 * )
 * assert.deepEqual(await source.run(Iteratee.takeUpTo(2)), [1, 2])
 * assert.equal(released, 1)
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#onDoneEnumerating
 */
const onDoneEnumerating =
  (callback: () => void) =>
  <E>(e: Enumerator<E>): Enumerator<E> =>
    e.onDoneEnumerating(callback)

/**
 * Data-last `e.run(it)`: feeds `it`, then EOF, and resolves with its result.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const total = await pipe(
 *   Enumerator(1, 2, 3),
 *   Enumerator.run(Iteratee.fold(0, (s, n: number) => s + n))
 * )
 * assert.equal(total, 6)
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator#run
 */
const run =
  <E, A>(it: Iteratee<E, A>) =>
  (e: Enumerator<E>): Promise<A> =>
    e.run(it)

// -------------------------------------------------------------------------------------
// type lambdas and instances
// -------------------------------------------------------------------------------------

/**
 * The fp-ts URI of `Enumerator`: the key its instances are registered under in fp-ts's `URItoKind`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator } from 'play-iteratees-ts'
 * import { URI } from 'play-iteratees-ts/Enumerator'
 *
 * assert.equal(URI, 'iteratee/Enumerator')
 * assert.equal(Enumerator.Monad.URI, URI)
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category instances
 */
export const URI = 'iteratee/Enumerator'
/**
 * The type of `URI`: `Kind<URI, E>` is `Enumerator<E>`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Kind } from 'fp-ts/HKT'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 * import type { URI } from 'play-iteratees-ts/Enumerator'
 *
 * const e: Kind<URI, number> = Enumerator(1, 2)
 * assert.deepEqual(await e.run(Iteratee.getChunks()), [1, 2])
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category instances
 */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind<A> {
    readonly [URI]: Enumerator<A>
  }
}

const _map: Functor1<URI>['map'] = (fa, f) => fa.map(f)
const _chain: Monad1<URI>['chain'] = (fa, f) => fa.flatMap(f)

/**
 * The fp-ts `Functor1` instance of `Enumerator`: `map` maps each element.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const lengths = Enumerator.Functor.map(Enumerator('ab', 'c'), (s) => s.length)
 * assert.deepEqual(await lengths.run(Iteratee.getChunks()), [2, 1])
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `map` is a method, also here)
 */
const Functor: Functor1<URI> = { URI, map: _map }

/**
 * The fp-ts `Monad1` instance of `Enumerator`: `of(a)` is `Enumerator(a)`, `chain` is `flatMap` (concatenation).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const { chain, of } = Enumerator.Monad
 * const pairs = chain(Enumerator('a', 'b'), (x) => chain(Enumerator(1, 2), (n) => of(`${x}${n}`)))
 * assert.deepEqual(await pairs.run(Iteratee.getChunks()), ['a1', 'a2', 'b1', 'b2'])
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `flatMap` is a method, also here)
 */
const Monad: Monad1<URI> = {
  URI,
  map: _map,
  of: (a) => fromElements(a),
  ap: (fab, fa) => fab.flatMap((f) => fa.map(f)),
  chain: _chain
}

/**
 * The fp-ts monoid of enumerators under `andThen`, with `empty()` as identity.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { concatAll } from 'fp-ts/Monoid'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const all = concatAll(Enumerator.getMonoid<number>())([Enumerator(1), Enumerator(2, 3), Enumerator(4)])
 * assert.deepEqual(await all.run(Iteratee.getChunks()), [1, 2, 3, 4])
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `andThen` and `Enumerator.empty` are also here)
 */
const getMonoid = <E>(): Monoid<Enumerator<E>> => ({ concat: (x, y) => x.andThen(y), empty: empty<E>() })

/**
 * The fp-ts monoid of enumerators under `interleave`, with `empty()` as identity.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { concatAll } from 'fp-ts/Monoid'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const merged = concatAll(Enumerator.getInterleaveMonoid<number>())([Enumerator(1), Enumerator(2), Enumerator(3)])
 * assert.deepEqual([...(await merged.run(Iteratee.getChunks()))].sort(), [1, 2, 3])
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `interleave` and `Enumerator.empty` are also here)
 */
const getInterleaveMonoid = <E>(): Monoid<Enumerator<E>> => ({ concat: (x, y) => x.interleave(y), empty: empty<E>() })

/**
 * `Enumerator(...elements)` and Play's `object Enumerator` statics, with those of `./streams` (`fromStream`,
 * `fromFile`, `outputStream`, `fromAsyncIterable`, `toAsyncIterable`), the pipeables and the fp-ts instances.
 *
 * The same object from `play-iteratees-ts/Enumerator` and from the package root. Loading it loads no `node:`
 * module: the Node statics find Node's modules when they are called (see `./streams`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { Enumerator } from 'play-iteratees-ts/Enumerator'
 * import { Enumeratee, Iteratee, Enumerator as RootEnumerator } from 'play-iteratees-ts'
 *
 * const numbers = Enumerator(1, 2, 3).andThen(Enumerator.enumerate([4, 5]))
 * const evens = numbers.through(Enumeratee.filter((n: number) => n % 2 === 0))
 * assert.deepEqual(await evens.run(Iteratee.getChunks()), [2, 4])
 *
 * // one object, wherever it is imported from, with the Node statics
 * assert.equal(Enumerator, RootEnumerator)
 * const lines = Enumerator('one', 'two').andThen(Enumerator.fromStream<string>(Readable.from(['three'])))
 * assert.deepEqual(await lines.run(Iteratee.getChunks()), ['one', 'two', 'three'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator
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
  fromStream,
  fromFile,
  outputStream,
  fromAsyncIterable,
  toAsyncIterable,
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
} as const)
