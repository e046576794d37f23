/**
 * An enumeratee transforms a stream of `From` into a stream of `To`: it wraps an inner
 * `Iteratee<To, A>` into an outer `Iteratee<From, Iteratee<To, A>>`.
 *
 * ```
 *   Enumerator<From> ──&>──▶ Enumeratee<From, To> ──▶ Iteratee<To, A>
 * ```
 *
 * Enumeratees form a category: `compose` (`><>`) is associative and `passAlong()` is its
 * identity on both sides:
 *
 * ```
 * a.compose(b).compose(c) = a.compose(b.compose(c))
 * passAlong().compose(a) = a = a.compose(passAlong())
 * ```
 *
 * `map`, `filter`, `filterNot` and `collect` fuse when composed: `map(f).compose(filter(p))` is
 * one enumeratee that applies `f` then `p` to each element, without an iteratee between them.
 *
 * Play: `play.api.libs.iteratee.Enumeratee`.
 *
 * @since 0.1.0
 */
import type { Category2 } from 'fp-ts/Category'
import type { Option } from 'fp-ts/Option'
import type { Semigroupoid2 } from 'fp-ts/Semigroupoid'
import { type Input, Input as In } from './Input'
import { IterateeError } from './IterateeError'
import * as C from './internal/core'
import * as I from './internal/iteratee'
import type { Lifetime } from './internal/lifetime'
import type * as T from './types'
import { Enumerator } from './Enumerator'
import type { Iteratee } from './Iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A transformer from a stream of `From` into a stream of `To`, between an enumerator and an iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const toInt: Enumeratee<string, number> = Enumeratee.map((s: string) => parseInt(s, 10))
 * const sum = Iteratee.fold(0, (s, n: number) => s + n)
 *
 * // on the enumerator's side...
 * assert.equal(await Enumerator('1', '2').through(toInt).run(sum), 3)
 * // ...or on the iteratee's
 * assert.equal(await Enumerator('1', '2').run(toInt.transform(sum)), 3)
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee
 * @category model
 */
export type Enumeratee<From, To> = T.Enumeratee<From, To>

/**
 * The outer iteratee an enumeratee wraps its inner one in: it takes `From` and gives the inner iteratee back.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const outer = Enumeratee.map((n: number) => n + 1).applyOn(Iteratee.getChunks<number>())
 * const inner = await Enumerator(1, 2).run(outer)
 * assert.deepEqual(await inner.run(), [2, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee[From, Iteratee[To, A]] (what `Enumeratee#applyOn` gives)
 */
type Outer<From, To, A> = Iteratee<From, Iteratee<To, A>>

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** `f(x)` at once, or once the promise settles. */
const andThen = <X, E, A>(x: X | PromiseLike<X>, f: (x: X) => Iteratee<E, A>, input?: Input<E>): Iteratee<E, A> =>
  I.isPromiseLike(x) ? I.suspend(x as PromiseLike<X>, f, input) : f(x as X)

/**
 * An enumeratee of the shape most of Play's share (its `CheckDone` with one `step`): Empty goes to
 * the inner iteratee, EOF ends with the inner iteratee (leftover EOF), an element goes to `onEl`.
 * `state` is threaded from one element to the next.
 */
const elementwise = <From, To, S>(
  initial: S,
  onEl: <A>(
    e: From,
    s: S,
    c: Iteratee<To, A>,
    next: (s: S, c: Iteratee<To, A>) => Outer<From, To, A>
  ) => Outer<From, To, A>
): Enumeratee<From, To> => {
  const go =
    (s: S) =>
    <A>(c: Iteratee<To, A>): Outer<From, To, A> =>
      I.cont((input: Input<From>) =>
        input._tag === 'El'
          ? onEl(input.e, s, c, (s2, c2) => go(s2)(c2))
          : input._tag === 'Empty'
            ? C.feedInner(c, input, go(s))
            : I.done(c, In.EOF)
      )
  return C.enumeratee(go(initial))
}

const PASS_ALONG: Enumeratee<unknown, unknown> = C.filterMap([{ kind: 'map', f: (e: unknown) => e }])

// -------------------------------------------------------------------------------------
// constructors: transforming elements
// -------------------------------------------------------------------------------------

/**
 * Each element becomes `f(e)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const lengths = Enumerator('kiki', 'foo').through(Enumeratee.map((s: string) => s.length))
 * assert.deepEqual(await lengths.run(Iteratee.getChunks()), [4, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.map
 */
const map = <From, To>(f: (e: From) => To): Enumeratee<From, To> => C.filterMap([{ kind: 'map', f }])

/**
 * Each element becomes what `f(e)` (which may return a Promise) resolves to, in order.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const names = new Map([
 *   [1, 'ann'],
 *   [2, 'bob']
 * ])
 * const lookUp = async (id: number) => names.get(id) ?? 'unknown'
 * const users = Enumerator(1, 2, 3).through(Enumeratee.mapM(lookUp))
 * assert.deepEqual(await users.run(Iteratee.getChunks()), ['ann', 'bob', 'unknown'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapM
 */
const mapM = <From, To>(f: (e: From) => To | PromiseLike<To>): Enumeratee<From, To> =>
  C.enumeratee(<A>(c: Iteratee<To, A>) => mapMCont(f, c))

/**
 * mapM's outer Cont, written out rather than with `elementwise`: an asynchronous element should
 * cost its promise and little else (one closure for the continuation). Its sink (`MapMSink`) lets
 * a synchronous source push elements without an iteratee apiece, even while each waits.
 */
const mapMCont = <From, To, A>(f: (e: From) => To | PromiseLike<To>, c: Iteratee<To, A>): Outer<From, To, A> =>
  I.cont(
    (input: Input<From>) => {
      if (input._tag === 'EOF') return I.done(c, In.EOF)
      if (input._tag === 'Empty') return mapMNext(f, I.continueWith(c, input))
      const to = f(input.e)
      return I.isPromiseLike(to)
        ? mapMPending(f, c, to as PromiseLike<To>, input)
        : mapMNext(f, I.continueWith(c, In.El(to as To)))
    },
    () => new MapMSink<From, To, A>(f, I.openSink(c))
  )

/** What mapM's `k` gives for an element whose value is a promise: that value goes to `c` once it settles. */
const mapMPending = <From, To, A>(
  f: (e: From) => To | PromiseLike<To>,
  c: Iteratee<To, A>,
  to: PromiseLike<To>,
  input: Input<From>
): Outer<From, To, A> => I.pendingStep(to, (v: To) => mapMNext(f, I.continueWith(c, In.El(v))), input)

const mapMNext = <From, To, A>(f: (e: From) => To | PromiseLike<To>, next: Iteratee<To, A>): Outer<From, To, A> => {
  const s = I.settle(next)
  return I.isCont(s) ? mapMCont(f, s) : C.checkDone(s, (c) => mapMCont(f, c))
}

/**
 * The fast path of mapM: each element's value goes into the inner sink (a fold keeps its state
 * there: no Cont per element). An element whose value is a promise makes `push` answer false with
 * that promise as `waiting()`; the synchronous source's driver awaits it itself and hands the
 * outcome to `resume`, so that an asynchronous element costs its own promise and one await, as a
 * plain loop's `await` does. Any other owner calls `end`, which gives what `k` would have: the
 * pending step for that promise.
 */
class MapMSink<From, To, A> implements I.Sink<From, Iteratee<To, A>> {
  /** Keeps this class's field layout alive between enumerations (see `FilterMapSink.layout` in ./internal/fusion). */
  static readonly layout: I.Sink<unknown, unknown> = new MapMSink<unknown, unknown, unknown>(
    (x: unknown) => x,
    I.FoldSink.layout
  )
  /** The promise the last element waits for, while it waits. */
  private p: PromiseLike<To> | undefined = undefined
  /** That element (a failure of its promise fails on its input). */
  private x: From | undefined = undefined
  /** What a failure of a promise, or of the inner sink on its value, made of the outer iteratee. */
  private failed: Outer<From, To, A> | undefined = undefined
  constructor(
    private readonly f: (e: From) => To | PromiseLike<To>,
    private readonly inner: I.Sink<To, A>
  ) {}
  push(x: From): boolean {
    const to = this.f(x)
    if (I.isPromiseLike(to)) {
      this.p = to as PromiseLike<To>
      this.x = x
      return false
    }
    return this.inner.push(to as To)
  }
  pushRun(arr: ArrayLike<From>, from: number, to: number): number {
    return I.pushEach(this, arr, from, to)
  }
  waiting(): PromiseLike<unknown> | undefined {
    return this.p
  }
  resume(ok: boolean, x: unknown): boolean {
    const e = this.x as From
    this.p = undefined
    this.x = undefined
    if (ok) {
      try {
        return this.inner.push(x as To)
      } catch (thrown) {
        // as the pending step's continuation throwing: a failure on the element's input
        x = thrown
      }
    }
    this.failed = I.failure(x, In.El(e))
    return false
  }
  end(): Outer<From, To, A> {
    if (this.failed !== undefined) return this.failed
    const c = this.inner.end()
    return this.p === undefined ? mapMNext(this.f, c) : mapMPending(this.f, c, this.p, In.El(this.x as From))
  }
  /**
   * Calls `f` and the fold's function (`FoldSink#push`) with two functions each, so that those call
   * sites are megamorphic from the start. Otherwise V8 inlines the one function a call site has seen
   * and holds it weakly: a pipeline's functions are usually made for it (`mapM((x) => ...)`), and
   * at the first GC after it the optimized `push` and `resume` are thrown away, to be made again,
   * slowly, by the next pipeline. W2 (`npm run bench -- W2`, a full GC before each run): 10 ms a run
   * with this, 8 to 30 without. A function is given feedback only after a few calls: hence 20.
   */
  static {
    const fs: ReadonlyArray<(x: number) => number> = [(x) => x, (x) => x + 1]
    const gs: ReadonlyArray<(s: number, x: number) => number> = [(s, x) => s + x, (s) => s]
    for (let k = 0; k < 2; k++) {
      const sink = new MapMSink<number, number, number>(fs[k], new I.FoldSink(0, gs[k]))
      for (let i = 0; i < 20; i++) sink.push(i)
    }
  }
}

/**
 * Each input (element or Empty) becomes `f(input)`; EOF ends the enumeratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * // blank lines become Empty, which the iteratee skips
 * const skipBlank = Enumeratee.mapInput((input: Input<string>) =>
 *   input._tag === 'El' && input.e.trim() === '' ? Input.Empty : input
 * )
 * assert.deepEqual(await Enumerator('a', ' ', 'b').through(skipBlank).run(Iteratee.getChunks()), ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapInput
 */
const mapInput = <From, To>(f: (input: Input<From>) => Input<To>): Enumeratee<From, To> => C.mapInput(f)

/**
 * Like `mapInput`, with a function that may return a Promise.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * const upper = Enumeratee.mapInputM(async (input: Input<string>) => Input.map(input, (s) => s.toUpperCase()))
 * assert.deepEqual(await Enumerator('a', 'b').through(upper).run(Iteratee.getChunks()), ['A', 'B'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapInputM
 */
const mapInputM = <From, To>(f: (input: Input<From>) => Input<To> | PromiseLike<Input<To>>): Enumeratee<From, To> => {
  const go = <A>(c: Iteratee<To, A>): Outer<From, To, A> =>
    I.cont((input: Input<From>) =>
      input._tag === 'EOF' ? I.done(c, In.EOF) : andThen(f(input), (to: Input<To>) => C.feedInner(c, to, go), input)
    )
  return C.enumeratee(go)
}

/**
 * Each element becomes an enumerator, whose elements go to the inner iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const expanded = Enumerator(1, 2).through(Enumeratee.mapFlatten((n: number) => Enumerator(n, n * 10)))
 * assert.deepEqual(await expanded.run(Iteratee.getChunks()), [1, 10, 2, 20])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapFlatten
 */
const mapFlatten = <From, To>(f: (e: From) => Enumerator<To>): Enumeratee<From, To> => C.mapFlatten(f)

/**
 * Each input becomes an enumerator, whose inputs go to the inner iteratee; EOF goes to `f` too.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * // a trailer at the end of the stream
 * const withTrailer = Enumeratee.mapInputFlatten((input: Input<string>) =>
 *   input._tag === 'El' ? Enumerator(input.e) : input._tag === 'EOF' ? Enumerator('-- end --') : Enumerator<string>()
 * )
 * assert.deepEqual(await Enumerator('a', 'b').through(withTrailer).run(Iteratee.getChunks()), ['a', 'b', '-- end --'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapInputFlatten
 */
const mapInputFlatten = <From, To>(f: (input: Input<From>) => Enumerator<To>): Enumeratee<From, To> =>
  C.mapInputFlatten(f)

/**
 * Each element becomes several: the elements of the array `f(e)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const words = Enumerator('to be', 'or not').through(Enumeratee.mapConcat((line: string) => line.split(' ')))
 * assert.deepEqual(await words.run(Iteratee.getChunks()), ['to', 'be', 'or', 'not'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapConcat
 */
const mapConcat = <From, To>(f: (e: From) => ReadonlyArray<To>): Enumeratee<From, To> =>
  C.mapFlatten((e: From) => Enumerator.enumerate(f(e) as Array<To>))

/**
 * Each element becomes several inputs: those of the array `f(e)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * const withOpposites = Enumeratee.mapConcatInput((n: number) => [Input.El(n), Input.Empty, Input.El(-n)])
 * assert.deepEqual(await Enumerator(1, 2).through(withOpposites).run(Iteratee.getChunks()), [1, -1, 2, -2])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.mapConcatInput
 */
const mapConcatInput = <From, To>(f: (e: From) => ReadonlyArray<Input<To>>): Enumeratee<From, To> =>
  C.mapFlatten((e: From) => f(e).reduce((acc, input) => acc.andThen(C.enumInput(input)), Enumerator.empty<To>()))

/**
 * Only the elements that satisfy `p`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const evens = Enumerator(1, 2, 3, 4).through(Enumeratee.filter((n: number) => n % 2 === 0))
 * assert.deepEqual(await evens.run(Iteratee.getChunks()), [2, 4])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.filter
 */
const filter = <E>(p: (e: E) => boolean): Enumeratee<E, E> => C.filterMap([{ kind: 'filter', f: p }])

/**
 * Only the elements that do not satisfy `p`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const odds = Enumerator(1, 2, 3, 4).through(Enumeratee.filterNot((n: number) => n % 2 === 0))
 * assert.deepEqual(await odds.run(Iteratee.getChunks()), [1, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.filterNot
 */
const filterNot = <E>(p: (e: E) => boolean): Enumeratee<E, E> => C.filterMap([{ kind: 'filterNot', f: p }])

/**
 * The elements `f` gives `Some` for, mapped: a filter and a map in one (Play's partial function).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { none, some } from 'fp-ts/Option'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const numbers = Enumeratee.collect((s: string) => (/^[0-9]+$/.test(s) ? some(Number(s)) : none))
 * assert.deepEqual(await Enumerator('1', 'x', '22').through(numbers).run(Iteratee.getChunks()), [1, 22])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.collect
 */
const collect = <From, To>(f: (e: From) => Option<To>): Enumeratee<From, To> => C.filterMap([{ kind: 'collect', f }])

/**
 * Everything as it is, up to EOF: the identity of `compose`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const double = Enumeratee.map((n: number) => n * 2)
 * const same = Enumeratee.passAlong<number>().compose(double)
 * assert.deepEqual(await Enumerator(1, 2).through(same).run(Iteratee.getChunks()), [2, 4])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.passAlong
 */
const passAlong = <E>(): Enumeratee<E, E> => PASS_ALONG as Enumeratee<E, E>

/**
 * The running fold of the elements: each element becomes the state so far (the seed is not emitted).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const runningTotals = Enumerator(1, 2, 3).through(Enumeratee.scanLeft(0, (total, n: number) => total + n))
 * assert.deepEqual(await runningTotals.run(Iteratee.getChunks()), [1, 3, 6])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.scanLeft
 */
const scanLeft = <From, To>(seed: To, f: (acc: To, e: From) => To): Enumeratee<From, To> =>
  elementwise<From, To, To>(seed, (e, acc, c, next) => {
    const to = f(acc, e)
    return C.feedInner(c, In.El(to), (c2) => next(to, c2))
  })

/**
 * Groups elements with the iteratee `folder`: each result of it becomes one element.
 *
 * Each time `folder` is done, its result is emitted and a fresh `folder` starts, with the leftover.
 * At EOF the last group is emitted too.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const pairs = Enumerator(1, 2, 3, 4, 5).through(Enumeratee.grouped(Iteratee.takeUpTo<number>(2)))
 * assert.deepEqual(await pairs.run(Iteratee.getChunks()), [[1, 2], [3, 4], [5]])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.grouped
 */
const grouped = <From, To>(folder: Iteratee<From, To>): Enumeratee<From, To> => {
  const go =
    <A>(f: Iteratee<From, To>, c: Iteratee<To, A>) =>
    (input: Input<From>): Outer<From, To, A> => {
      if (input._tag === 'EOF') {
        return I.whenKnown(I.eofTo(f), (r) =>
          I.isDone(r)
            ? I.done(I.continueWith(c, In.El(I.resultOf(r))), In.EOF)
            : I.error<From, Iteratee<To, A>>(I.messageOf(r), In.EOF, I.causeOf(r) ?? new IterateeError(I.messageOf(r)))
        )
      }
      const fed = I.feedInput(f, input)
      return I.whenKnown(fed, (s): Outer<From, To, A> => {
        if (I.isCont(s)) return I.cont(go(s, c))
        if (I.isError(s)) return I.error(I.messageOf(s), input, I.causeOf(s))
        const left = I.remainingOf(s)
        return C.feedInner(c, In.El(I.resultOf(s)), (c2) =>
          left._tag === 'El' ? go(folder, c2)(left) : I.cont(go(folder, c2))
        )
      })
    }
  return C.enumeratee(<A>(c: Iteratee<To, A>) => I.cont(go(folder, c)))
}

// -------------------------------------------------------------------------------------
// constructors: slicing the stream
// -------------------------------------------------------------------------------------

/**
 * The first `count` elements; then the inner iteratee is handed back, and the rest is left over.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator(1, 2, 3, 4).through(Enumeratee.take(2)).run(Iteratee.getChunks()), [1, 2])
 *
 * // on the iteratee side, what it does not take goes on to the next iteratee
 * const firstTwoThenRest = Enumeratee.take<number>(2)
 *   .transform(Iteratee.getChunks<number>())
 *   .flatMap((first) => Iteratee.getChunks<number>().map((rest) => [first, rest]))
 * assert.deepEqual(await Enumerator(1, 2, 3, 4).run(firstTwoThenRest), [[1, 2], [3, 4]])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.take
 */
const take = <E>(count: number): Enumeratee<E, E> =>
  C.enumeratee(<A>(c: Iteratee<E, A>) => (count <= 0 ? I.done(c, In.EOF) : takeCont(count, c)))

const takeCont = <E, A>(remaining: number, c: Iteratee<E, A>): Outer<E, E, A> =>
  I.cont(
    (input: Input<E>) =>
      input._tag === 'El'
        ? remaining === 1
          ? I.done(I.continueWith(c, input), In.Empty)
          : C.feedInner(c, input, (c2) => takeCont(remaining - 1, c2))
        : input._tag === 'Empty'
          ? C.feedInner(c, input, (c2) => takeCont(remaining, c2))
          : I.done(c, In.EOF),
    () => {
      // the fast path: count down while pushing into the inner iteratee's own sink
      let left = remaining
      const sink = I.openSink(c)
      return {
        push: (e: E) => {
          left--
          return sink.push(e) && left > 0
        },
        pushRun: (arr: ArrayLike<E>, from: number, to: number) => {
          // the inner sink gets no more than `left` elements, and its own loop
          const upTo = to - from > left ? from + left : to
          const next = sink.pushRun(arr, from, upTo)
          const taken = next < 0 ? -next - from : next - from
          left -= taken
          return next < 0 ? next : left > 0 ? next : -next
        },
        end: () => {
          const next = sink.end()
          return left === 0 ? I.done(next, In.Empty) : C.checkDone(next, (c2) => takeCont(left, c2))
        }
      }
    }
  )

/**
 * Skips the first `count` elements, then passes everything along.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(await Enumerator(1, 2, 3, 4).through(Enumeratee.drop(2)).run(Iteratee.getChunks()), [3, 4])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.drop
 */
const drop = <E>(count: number): Enumeratee<E, E> => {
  const go = <A>(remaining: number, c: Iteratee<E, A>): Outer<E, E, A> => {
    const self: Outer<E, E, A> = I.cont((input: Input<E>) =>
      input._tag === 'EOF'
        ? I.done(c, In.EOF)
        : input._tag === 'Empty'
          ? self
          : remaining <= 0
            ? passAlong<E>().applyOn(I.continueWith(c, input))
            : remaining === 1
              ? passAlong<E>().applyOn(c)
              : go(remaining - 1, c)
    )
    return self
  }
  return C.enumeratee(<A>(c: Iteratee<E, A>) => go(count, c))
}

/**
 * Skips elements while `p` holds, then passes everything along.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const body = Enumerator('# a', '# b', 'text', '# c').through(Enumeratee.dropWhile((l: string) => l.startsWith('#')))
 * assert.deepEqual(await body.run(Iteratee.getChunks()), ['text', '# c'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.dropWhile
 */
const dropWhile = <E>(p: (e: E) => boolean): Enumeratee<E, E> => {
  const go = <A>(c: Iteratee<E, A>): Outer<E, E, A> => {
    const self: Outer<E, E, A> = I.cont((input: Input<E>) =>
      input._tag === 'EOF'
        ? I.done(c, In.EOF)
        : input._tag === 'Empty' || p(input.e)
          ? self
          : passAlong<E>().applyOn(I.continueWith(c, input))
    )
    return self
  }
  return C.enumeratee(go)
}

/**
 * Passes elements while `p` holds; the first that fails is left over.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const small = Enumerator(1, 2, 5, 1).through(Enumeratee.takeWhile((n: number) => n < 3))
 * assert.deepEqual(await small.run(Iteratee.getChunks()), [1, 2])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.takeWhile
 */
const takeWhile = <E>(p: (e: E) => boolean): Enumeratee<E, E> =>
  elementwise<E, E, undefined>(undefined, (e, s, c, next) =>
    p(e) ? C.feedInner(c, In.El(e), (c2) => next(s, c2)) : I.done(c, In.El(e))
  )

/**
 * Passes inputs (EOF included) until an element satisfies `p`, which is left over.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * // the header lines, up to the first blank one; the blank line and the body are left for what follows
 * const header = Enumeratee.breakE((line: string) => line === '').transform(Iteratee.getChunks<string>())
 * const message = header.flatMap((h) => Iteratee.getChunks<string>().map((rest) => ({ header: h, rest })))
 * const parsed = await Enumerator('From: a', 'To: b', '', 'Hello').run(message)
 * assert.deepEqual(parsed, { header: ['From: a', 'To: b'], rest: ['', 'Hello'] })
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.breakE
 */
const breakE = <E>(p: (e: E) => boolean): Enumeratee<E, E> => {
  const go =
    <A>(inner: Iteratee<E, A>) =>
    (input: Input<E>): Outer<E, E, A> => {
      if (input._tag === 'El' && p(input.e)) return I.done(inner, input)
      return I.whenKnown(inner, (s): Outer<E, E, A> => {
        if (!I.isCont(s)) return I.done(s, input)
        const next = I.continueWith(s, input)
        // EOF is never consumed: it stays over for what follows, as in Play
        return I.whenKnown(next, (n) =>
          I.isCont(n) ? I.cont(go(next)) : I.done(next, input._tag === 'EOF' ? In.EOF : In.Empty)
        )
      })
    }
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => I.cont(go(inner)))
}

// -------------------------------------------------------------------------------------
// constructors: around the stream
// -------------------------------------------------------------------------------------

/**
 * Feeds `enumerator` first, then passes everything along.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const withHeader = Enumerator('row 1', 'row 2').through(Enumeratee.heading(Enumerator('header')))
 * assert.deepEqual(await withHeader.run(Iteratee.getChunks()), ['header', 'row 1', 'row 2'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.heading
 */
const heading = <E>(enumerator: Enumerator<E>): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>, life: Lifetime) =>
    C.applyOnFor(passAlong<E>(), C.feedFor(enumerator, inner, life), life)
  )

/**
 * Passes everything along, then feeds `enumerator` at EOF.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const withFooter = Enumerator('row 1', 'row 2').through(Enumeratee.trailing(Enumerator('footer')))
 * assert.deepEqual(await withFooter.run(Iteratee.getChunks()), ['row 1', 'row 2', 'footer'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.trailing
 */
const trailing = <E>(enumerator: Enumerator<E>): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>, life: Lifetime) => {
    const go = (c: Iteratee<E, A>): Outer<E, E, A> =>
      I.cont((input: Input<E>) =>
        input._tag === 'EOF'
          ? I.whenKnown(C.feedFor(enumerator, c, life), (after) => I.done(after, In.EOF))
          : C.feedInner(c, input, go)
      )
    return C.checkDone(inner, go)
  })

/**
 * Passes everything along, and runs `action` when the inner iteratee is done.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * let finished = 0
 * const watched = Enumerator(1, 2, 3).through(Enumeratee.onIterateeDone<number>(() => finished++))
 * assert.deepEqual(await watched.run(Iteratee.takeUpTo(2)), [1, 2])
 * assert.equal(finished, 1)
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.onIterateeDone
 */
const onIterateeDone = <E>(action: () => void): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) =>
    I.map(passAlong<E>().applyOn(inner), (it) =>
      I.map(it, (a) => {
        action()
        return a
      })
    )
  )

/**
 * Passes everything along, and runs `action` when EOF comes.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const log: Array<string> = []
 * const logged = Enumerator('a', 'b').through(Enumeratee.onEOF<string>(() => log.push('end of stream')))
 * assert.deepEqual(await logged.run(Iteratee.getChunks()), ['a', 'b'])
 * assert.deepEqual(log, ['end of stream'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.onEOF
 */
const onEOF = <E>(action: () => void): Enumeratee<E, E> => {
  const go = <A>(c: Iteratee<E, A>): Outer<E, E, A> =>
    I.cont((input: Input<E>) => {
      if (input._tag !== 'EOF') return C.feedInner(c, input, go)
      action()
      return I.done(c, In.EOF)
    })
  return C.enumeratee(go)
}

/**
 * Shields the stream from an inner iteratee that throws: the input that made it throw is skipped.
 *
 * `f(error, input)` is told, the input is skipped and the inner iteratee goes on as it was. An
 * Error step of the inner iteratee is not a throw: it ends the enumeratee, as in Play.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * const failures: Array<string> = []
 * const eightBy = Enumeratee.map((n: number) => {
 *   if (n === 0) throw new Error('division by zero')
 *   return 8 / n
 * })
 * const onFailure = (error: unknown, input: Input<number>) =>
 *   failures.push(`${String(error)} on ${JSON.stringify(input)}`)
 * const results = Enumerator(0, 2, 4).through(Enumeratee.recover(onFailure)).through(eightBy)
 * assert.deepEqual(await results.run(Iteratee.getChunks()), [4, 2])
 * assert.deepEqual(failures, ['Error: division by zero on {"_tag":"El","e":0}'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.recover
 */
const recover = <E>(f: (error: unknown, input: Input<E>) => void = () => undefined): Enumeratee<E, E> => {
  const go =
    <A>(it: Iteratee<E, A>) =>
    (input: Input<E>): Outer<E, E, A> => {
      if (input._tag === 'EOF') return I.done(it, In.Empty)
      return I.whenKnown(it, (s): Outer<E, E, A> => {
        if (!I.isCont(s)) return I.done(s, input)
        let next: Iteratee<E, A>
        try {
          next = I.continueWith(s, input)
        } catch (thrown) {
          f(thrown, input)
          return I.cont(go(it))
        }
        return I.whenKnown(next, (n): Outer<E, E, A> => {
          if (I.isCont(n)) return I.cont(go(n))
          if (I.isFailure(n)) {
            f(I.causeOf(n), input)
            return I.cont(go(it))
          }
          return I.done(n, In.Empty)
        })
      })
    }
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => I.cont(go(inner)))
}

// -------------------------------------------------------------------------------------
// zipping iteratees
// -------------------------------------------------------------------------------------

/**
 * Feeds the same input to two iteratees and combines their results with `zipper`.
 *
 * When one is done first, the other goes on alone.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const count = Iteratee.fold(0, (n, _x: number) => n + 1)
 * const sum = Iteratee.fold(0, (s, x: number) => s + x)
 * const average = Enumeratee.zipWith(count, sum, (n, s) => s / n)
 * assert.equal(await Enumerator(1, 2, 3, 6).run(average), 3)
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.zipWith
 */
const zipWith = <E, A, B, Z>(
  inner1: Iteratee<E, A>,
  inner2: Iteratee<E, B>,
  zipper: (a: A, b: B) => Z
): Iteratee<E, Z> => {
  const next = (it1: Iteratee<E, A>, it2: Iteratee<E, B>): Iteratee<E, Z> =>
    I.whenKnown(it1, (x) =>
      I.whenKnown(it2, (y): Iteratee<E, Z> => {
        if (I.isError(x)) return I.error(I.messageOf(x), I.inputOf(x), I.causeOf(x))
        if (I.isError(y)) return I.error(I.messageOf(y), I.inputOf(y), I.causeOf(y))
        if (I.isDone(x) && I.isDone(y)) return I.done(zipper(I.resultOf(x), I.resultOf(y)), I.remainingOf(x))
        if (I.isDone(x)) return I.map(y, (b) => zipper(I.resultOf(x), b))
        if (I.isDone(y)) return I.map(x, (a) => zipper(a, I.resultOf(y)))
        return I.cont((input) => next(I.step(x, input), I.step(y, input)))
      })
    )
  return next(inner1, inner2)
}

/**
 * Feeds the same input to two iteratees, and pairs their results.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { some } from 'fp-ts/Option'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const firstAndAll = Enumeratee.zip(Iteratee.head<string>(), Iteratee.getChunks<string>())
 * assert.deepEqual(await Enumerator('a', 'b').run(firstAndAll), [some('a'), ['a', 'b']])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.zip
 */
const zip = <E, A, B>(inner1: Iteratee<E, A>, inner2: Iteratee<E, B>): Iteratee<E, readonly [A, B]> =>
  zipWith(inner1, inner2, (a, b) => [a, b] as const)

// -------------------------------------------------------------------------------------
// others
// -------------------------------------------------------------------------------------

/**
 * The enumeratee a promise will give, usable at once.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const loadRate = async () => 2
 * const converter = loadRate().then((rate) => Enumeratee.map((n: number) => n * rate))
 * const converted = Enumeratee.flatten<number, number>(converter)
 * assert.deepEqual(await Enumerator(1, 5).through(converted).run(Iteratee.getChunks()), [2, 10])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.flatten
 */
const flatten = <From, To>(p: PromiseLike<Enumeratee<From, To>>): Enumeratee<From, To> => {
  I.markHandled(p)
  return new C.Enumeratee(<A>(inner: Iteratee<To, A>) => I.suspend(p, (e: Enumeratee<From, To>) => e.applyOn(inner)))
}

/**
 * An enumeratee written the way Play's `CheckDone` trait writes one, from its `continue`.
 *
 * `cont(k)` is called when the inner iteratee wants input; otherwise the enumeratee is done at
 * once. Inside a step, go on with `checkDone(cont).applyOn(k(input))`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Cont, Done, Enumeratee, Enumerator, Input, Iteratee, type K } from 'play-iteratees-ts'
 *
 * // the lengths of strings, written out as Play's `new CheckDone[String, Int] { def continue... }`
 * const lengths: Enumeratee<string, number> = Enumeratee.checkDone(function step<A>(k: K<number, A>) {
 *   return Cont((input: Input<string>): Iteratee<string, Iteratee<number, A>> =>
 *     input._tag === 'EOF'
 *       ? Done(Cont(k), Input.EOF)
 *       : Enumeratee.checkDone<string, number>(step).applyOn(k(Input.map(input, (s) => s.length)))
 *   )
 * })
 * assert.deepEqual(await Enumerator('kiki', 'foo').through(lengths).run(Iteratee.getChunks()), [4, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee.CheckDone
 */
const checkDone = <From, To>(
  cont: <A>(k: (input: Input<To>) => Iteratee<To, A>) => Outer<From, To, A>
): Enumeratee<From, To> => C.enumeratee(<A>(c: Iteratee<To, A>) => cont(I.continuationOf(c)))

// -------------------------------------------------------------------------------------
// pipeables (data-last, in Play's order: `pipe(a, compose(b))` is `a.compose(b)`)
// -------------------------------------------------------------------------------------

/**
 * Data-last `self.compose(other)`: `self`, then `other`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const cleanLines = pipe(
 *   Enumeratee.map((s: string) => s.trim()),
 *   Enumeratee.compose(Enumeratee.filter((s: string) => s !== ''))
 * )
 * assert.deepEqual(await Enumerator(' a ', '   ', 'b').through(cleanLines).run(Iteratee.getChunks()), ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee#compose
 */
const compose =
  <To, To2>(other: Enumeratee<To, To2>) =>
  <From>(self: Enumeratee<From, To>): Enumeratee<From, To2> =>
    self.compose(other)

/**
 * Data-last `self.composeConcat(other)`: like `compose`, with the leftovers of both concatenated.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const firstTwoUpper = pipe(
 *   Enumeratee.map((s: string) => s.toUpperCase()),
 *   Enumeratee.composeConcat(Enumeratee.take<string>(2))
 * )
 * assert.deepEqual(await Enumerator('a', 'b', 'c').through(firstTwoUpper).run(Iteratee.getChunks()), ['A', 'B'])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee#composeConcat
 */
const composeConcat =
  <To>(other: Enumeratee<To, To>) =>
  <From>(self: Enumeratee<From, To>): Enumeratee<From, To> =>
    self.composeConcat(other)

/**
 * Data-last `self.transform(inner)`: `inner` made into an iteratee of the enumeratee's input.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/function'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const firstTwo = pipe(Enumeratee.take<number>(2), Enumeratee.transform(Iteratee.getChunks<number>()))
 * assert.deepEqual(await Enumerator(1, 2, 3).run(firstTwo), [1, 2])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee#transform
 */
const transform =
  <To, A>(inner: Iteratee<To, A>) =>
  <From>(self: Enumeratee<From, To>): Iteratee<From, A> =>
    self.transform(inner)

// -------------------------------------------------------------------------------------
// type lambdas and instances
// -------------------------------------------------------------------------------------

/**
 * The fp-ts URI of `Enumeratee`: the key its instances are registered under in fp-ts's `URItoKind2`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee } from 'play-iteratees-ts'
 * import { URI } from 'play-iteratees-ts/Enumeratee'
 *
 * assert.equal(URI, 'iteratee/Enumeratee')
 * assert.equal(Enumeratee.Category.URI, URI)
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category instances
 */
export const URI = 'iteratee/Enumeratee'
/**
 * The type of `URI`: `Kind2<URI, From, To>` is `Enumeratee<From, To>`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import type { Kind2 } from 'fp-ts/HKT'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 * import type { URI } from 'play-iteratees-ts/Enumeratee'
 *
 * const lengths: Kind2<URI, string, number> = Enumeratee.map((s: string) => s.length)
 * assert.deepEqual(await Enumerator('ab').through(lengths).run(Iteratee.getChunks()), [2])
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category instances
 */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind2<E, A> {
    readonly [URI]: Enumeratee<E, A>
  }
}

/**
 * The fp-ts `Semigroupoid2` instance of `Enumeratee`: `compose(bc, ab)` is `ab.compose(bc)`.
 *
 * fp-ts's `compose(bc, ab)` takes the later one first; Play's `ab.compose(bc)` reads left to right.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const trim = Enumeratee.map((s: string) => s.trim())
 * const nonEmpty = Enumeratee.filter((s: string) => s !== '')
 * const cleaned = Enumeratee.Semigroupoid.compose(nonEmpty, trim) // trim first
 * assert.deepEqual(await Enumerator(' a ', '  ').through(cleaned).run(Iteratee.getChunks()), ['a'])
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `compose` is a method, also here)
 */
const Semigroupoid: Semigroupoid2<URI> = { URI, compose: (bc, ab) => ab.compose(bc) }

/**
 * The fp-ts `Category2` instance of `Enumeratee`: `id` is `passAlong`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const { compose, id } = Enumeratee.Category
 * const double = Enumeratee.map((n: number) => n * 2)
 * assert.deepEqual(await Enumerator(1, 2).through(compose(double, id<number>())).run(Iteratee.getChunks()), [2, 4])
 * ```
 *
 * @play none — fp-ts instance, this port's own addition (Play's `passAlong` and `compose` are also here)
 */
const Category: Category2<URI> = { URI, compose: Semigroupoid.compose, id: passAlong }

/**
 * Play's `object Enumeratee` statics, the pipeables and the fp-ts instances.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const toInt = Enumeratee.map((s: string) => parseInt(s, 10))
 * const evens = Enumeratee.filter((n: number) => n % 2 === 0)
 * const evenInts = toInt.compose(evens).compose(Enumeratee.take(2))
 * assert.deepEqual(await Enumerator('1', '2', '3', '4', '6').through(evenInts).run(Iteratee.getChunks()), [2, 4])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee
 */
export const Enumeratee = {
  map,
  mapM,
  mapInput,
  mapInputM,
  mapConcat,
  mapConcatInput,
  mapFlatten,
  mapInputFlatten,
  filter,
  filterNot,
  collect,
  take,
  drop,
  takeWhile,
  dropWhile,
  breakE,
  scanLeft,
  grouped,
  passAlong,
  heading,
  trailing,
  onIterateeDone,
  onEOF,
  recover,
  zip,
  zipWith,
  flatten,
  checkDone,
  compose,
  composeConcat,
  transform,
  URI,
  Semigroupoid,
  Category
} as const
