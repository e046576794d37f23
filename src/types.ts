/**
 * The public shape of the three types, as users see them: `Iteratee`, `Enumerator` and `Enumeratee`
 * (with `Step` and `K`, which their methods take and give).
 *
 * These are interfaces, with no run-time content. The classes that implement them live in
 * `internal/` (internal/iteratee.ts, internal/core.ts), and the published declarations show only
 * these: no representation field, no constructor, nothing from `internal/`. Each interface has a
 * brand, a `unique symbol` key that no entry point exports, so a structural look-alike does not
 * type-check: every value of these types is one the library made.
 *
 * Inside the library, internal/ adds the classes' representation fields to these interfaces
 * (module augmentation), so that code given a public `Iteratee` can read its state; the published
 * declarations never load that augmentation.
 *
 * This module imports nothing but `./Input`, so internal/ can import it without a cycle.
 *
 * @since 0.1.0
 */
import type { Input } from './Input'

// -------------------------------------------------------------------------------------
// brands
// -------------------------------------------------------------------------------------

/**
 * The key of the brand of `Iteratee`: declared only (it has no run-time value) and exported by no entry point, so
 * that no one outside the library can write an `Iteratee`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Done, Iteratee } from 'play-iteratees-ts'
 *
 * const real: Iteratee<number, string> = Done('ready')
 * // @ts-expect-error a look-alike lacks the brand, and so is no Iteratee
 * const fake: Iteratee<number, string> = { run: () => Promise.resolve('ready') }
 * assert.equal(await real.run(), 'ready')
 * assert.equal(await fake.run(), 'ready') // it runs, but the type checker refused it
 * ```
 *
 * @play none — Scala's classes are nominal; a TypeScript interface needs a brand to be
 */
export declare const IterateeTypeId: unique symbol
/**
 * The key of the brand of `Enumerator`: declared only (it has no run-time value) and exported by no entry point.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * // @ts-expect-error a look-alike lacks the brand, and so is no Enumerator
 * const fake: Enumerator<number> = { run: () => Promise.resolve([1]) }
 * assert.ok(fake)
 * assert.deepEqual(await Enumerator(1).run(Iteratee.getChunks()), [1])
 * ```
 *
 * @play none — Scala's classes are nominal; a TypeScript interface needs a brand to be
 */
export declare const EnumeratorTypeId: unique symbol
/**
 * The key of the brand of `Enumeratee`: declared only (it has no run-time value) and exported by no entry point.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee } from 'play-iteratees-ts'
 *
 * // @ts-expect-error a look-alike lacks the brand, and so is no Enumeratee
 * const fake: Enumeratee<number, number> = { compose: (other: unknown) => other }
 * assert.ok(fake)
 * assert.ok(Enumeratee.passAlong<number>().compose(Enumeratee.map((n: number) => n)))
 * ```
 *
 * @play none — Scala's classes are nominal; a TypeScript interface needs a brand to be
 */
export declare const EnumerateeTypeId: unique symbol

// -------------------------------------------------------------------------------------
// Step
// -------------------------------------------------------------------------------------

/**
 * What a `Cont` does with the next input: it gives the next iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Cont, Done, Enumerator, type Input, type K } from 'play-iteratees-ts'
 *
 * const k: K<number, number> = (input: Input<number>) => Done(input._tag === 'El' ? input.e : 0)
 * assert.equal(await Enumerator(7).run(Cont(k)), 7)
 * ```
 *
 * @play play.api.libs.iteratee.K
 */
export type K<E, A> = (input: Input<E>) => Iteratee<E, A>

/**
 * A step that is done: the result `a`, and the input the iteratee did not use.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Done, Input } from 'play-iteratees-ts'
 *
 * const step = await Done<string, number>(1, Input.El('rest')).unflatten()
 * assert.ok(step._tag === 'Done' && step.a === 1 && step.remaining._tag === 'El')
 * ```
 *
 * @play play.api.libs.iteratee.Step.Done
 */
export interface StepDone<E, A> {
  readonly _tag: 'Done'
  readonly a: A
  readonly remaining: Input<E>
}
/**
 * A step that wants input: `k` gives the next iteratee for it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const step = await Iteratee.getChunks<number>().unflatten()
 * assert.ok(step._tag === 'Cont')
 * assert.deepEqual(await Enumerator(1, 2).run(step.k({ _tag: 'El', e: 0 })), [0, 1, 2])
 * ```
 *
 * @play play.api.libs.iteratee.Step.Cont
 */
export interface StepCont<E, A> {
  readonly _tag: 'Cont'
  readonly k: K<E, A>
}
/**
 * A step that has failed: the message and the input it failed on.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Err, Input } from 'play-iteratees-ts'
 *
 * const step = await Err<number>('bad input', Input.El(1)).unflatten()
 * assert.ok(step._tag === 'Error' && step.msg === 'bad input')
 * ```
 *
 * @play play.api.libs.iteratee.Step.Error
 */
export interface StepError<E> {
  readonly _tag: 'Error'
  readonly msg: string
  readonly input: Input<E>
}
/**
 * A step, as users see it: plain data (`Done`, `Cont` or `Error`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Iteratee } from 'play-iteratees-ts'
 *
 * assert.equal((await Iteratee.head<number>().unflatten())._tag, 'Cont')
 * ```
 *
 * @play play.api.libs.iteratee.Step
 */
export type Step<E, A> = StepDone<E, A> | StepCont<E, A> | StepError<E>

// -------------------------------------------------------------------------------------
// Iteratee
// -------------------------------------------------------------------------------------

/**
 * An iteratee: a consumer of a stream of `E` that computes an `A`, with Play's fluent methods.
 *
 * Users read an iteratee's state through `fold`/`unflatten`; its representation is the library's.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const words = Iteratee.getChunks<string>().map((ws) => ws.join(' '))
 * assert.equal(await Enumerator('kiki', 'foo').run(words), 'kiki foo')
 * ```
 *
 * @play play.api.libs.iteratee.Iteratee
 */
export interface Iteratee<in out E, out A> {
  /** The brand: only the library makes iteratees. */
  readonly [IterateeTypeId]: typeof IterateeTypeId

  /** Computes a value from the iteratee's step, once known. Play: `fold`. */
  fold<B>(folder: (step: Step<E, A>) => B | PromiseLike<B>): Promise<B>
  /** Play: `pureFold` (the same as `fold` here: a folder may return a value or a Promise). */
  pureFold<B>(folder: (step: Step<E, A>) => B): Promise<B>
  /** Play: `fold1`, the three-callback form of `fold`. */
  fold1<B>(
    onDone: (a: A, remaining: Input<E>) => B | PromiseLike<B>,
    onCont: (k: K<E, A>) => B | PromiseLike<B>,
    onError: (msg: string, input: Input<E>) => B | PromiseLike<B>
  ): Promise<B>
  /** The iteratee `folder` makes of this one's step. Play: `pureFlatFold`. */
  pureFlatFold<E2, B>(folder: (step: Step<E, A>) => Iteratee<E2, B>): Iteratee<E2, B>
  /** Like `pureFlatFold`, with a folder that may return a Promise. Play: `flatFold0`. */
  flatFold0<E2, B>(folder: (step: Step<E, A>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>): Iteratee<E2, B>
  /** Play: `flatFold`, the three-callback form of `flatFold0`. */
  flatFold<E2, B>(
    onDone: (a: A, remaining: Input<E>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>,
    onCont: (k: K<E, A>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>,
    onError: (msg: string, input: Input<E>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>
  ): Iteratee<E2, B>
  /** The step, once known. Play: `unflatten`. */
  unflatten(): Promise<Step<E, A>>
  /** Feeds one input. Play: `feed`. */
  feed(input: Input<E>): Promise<Iteratee<E, A>>
  /** Feeds EOF if needed and gives the result; rejects with `IterateeError` on an Error. Play: `run`. */
  run(): Promise<A>
  /** Play: `map`. */
  map<B>(f: (a: A) => B): Iteratee<E, B>
  /** Play: `mapM`. */
  mapM<B>(f: (a: A) => B | PromiseLike<B>): Iteratee<E, B>
  /** Play: `flatMap`. */
  flatMap<B>(f: (a: A) => Iteratee<E, B>): Iteratee<E, B>
  /** Play: `flatMapM`. */
  flatMapM<B>(f: (a: A) => Iteratee<E, B> | PromiseLike<Iteratee<E, B>>): Iteratee<E, B>
  /** Play: `flatMapInput`. */
  flatMapInput<B>(f: (step: Step<E, A>) => Iteratee<E, B>): Iteratee<E, B>
  /** Like flatMap; leftovers of both are concatenated (strings, arrays, Uint8Arrays). Play: `flatMapTraversable`. */
  flatMapTraversable<B>(f: (a: A) => Iteratee<E, B>): Iteratee<E, B>
  /** A value instead of an Error or a failure. Play: `recover`. */
  recover<B>(f: (e: unknown) => B): Iteratee<E, A | B>
  /** Play: `recoverM`. */
  recoverM<B>(f: (e: unknown) => B | PromiseLike<B>): Iteratee<E, A | B>
  /** An iteratee instead of an Error or a failure. Play: `recoverWith`. */
  recoverWith<B>(f: (e: unknown) => Iteratee<E, B>): Iteratee<E, A | B>
  /** On an iteratee whose result is an iteratee: that one's result, after EOF. Play: `joinI`. */
  joinI<X, B>(this: Iteratee<E, Iteratee<X, B>>): Iteratee<E, B>
  /** Like `joinI`, keeping the inner's leftover, concatenated. Play: `joinConcatI`. */
  joinConcatI<B>(this: Iteratee<E, Iteratee<E, B>>): Iteratee<E, B>
}

// -------------------------------------------------------------------------------------
// Enumerator
// -------------------------------------------------------------------------------------

/**
 * How an enumeration may be ended from outside: when `signal` aborts, every source feeding the
 * iteratee lets it go (a broadcast releases its subscription, a stream stops being read) and
 * `apply` resolves with the iteratee as it is then.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 *
 * const [chat] = Concurrent.broadcast<string>()
 * const leaving = new AbortController()
 * const listening = chat.apply(Iteratee.getChunks<string>(), { signal: leaving.signal })
 * leaving.abort()
 * assert.deepEqual(await (await listening).run(), [])
 * ```
 *
 * @play none — Play's enumerators have no cancellation; this is the consumer's end, as @most/core's `Disposable`
 */
export interface ApplyOptions {
  /** Ends the enumeration for this consumer when aborted. */
  readonly signal?: AbortSignal
}

/**
 * A producer of elements of type `E`, with Play's fluent methods. Enumerators never send EOF: only `run` does.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const numbers = Enumerator(1, 2).andThen(Enumerator(3)).through(Enumeratee.map((n: number) => n * 10))
 * assert.deepEqual(await numbers.run(Iteratee.getChunks()), [10, 20, 30])
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator
 */
export interface Enumerator<in out E> {
  /** The brand: only the library makes enumerators. */
  readonly [EnumeratorTypeId]: typeof EnumeratorTypeId

  /**
   * Feeds the iteratee (no EOF) and gives it back. With `options.signal`, the enumeration ends when it aborts.
   * Play: `apply`, `|>>`.
   */
  apply<A>(it: Iteratee<E, A>, options?: ApplyOptions): Promise<Iteratee<E, A>>
  /** Feeds the iteratee, then EOF, and gives its result. Play: `run`, `|>>>`. */
  run<A>(it: Iteratee<E, A>, options?: ApplyOptions): Promise<A>
  /** Feeds the iteratee (no EOF) and gives its step. Play: `|>>|`. */
  applyUnflatten<A>(it: Iteratee<E, A>, options?: ApplyOptions): Promise<Step<E, A>>
  /** This enumerator, then `next` (as long as the iteratee is Cont). Play: `andThen`, `>>>`. */
  andThen(next: Enumerator<E>): Enumerator<E>
  /** Elements of both, in the order they come. Play: `interleave`, `>-`. */
  interleave(other: Enumerator<E>): Enumerator<E>
  /** This enumerator transformed by an enumeratee. Play: `through`, `&>`. */
  through<To>(t: Enumeratee<E, To>): Enumerator<To>
  /** Runs `callback` once this enumerator has finished feeding an iteratee, whatever the outcome. Play: `onDoneEnumerating`. */
  onDoneEnumerating(callback: () => void): Enumerator<E>
  /** Play: `Enumerator#map`. */
  map<B>(f: (e: E) => B): Enumerator<B>
  /** Play: `Enumerator#mapInput`. */
  mapInput<B>(f: (input: Input<E>) => Input<B>): Enumerator<B>
  /** Each element's enumerator, one after the other. Play: `Enumerator#flatMap`. */
  flatMap<B>(f: (e: E) => Enumerator<B>): Enumerator<B>

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

// -------------------------------------------------------------------------------------
// Enumeratee
// -------------------------------------------------------------------------------------

/**
 * A transformer from a stream of `From` to a stream of `To`, with Play's fluent methods.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const evensDoubled = Enumeratee.filter((n: number) => n % 2 === 0).compose(Enumeratee.map((n: number) => n * 2))
 * assert.deepEqual(await Enumerator(1, 2, 3, 4).through(evensDoubled).run(Iteratee.getChunks()), [4, 8])
 * ```
 *
 * @play play.api.libs.iteratee.Enumeratee
 */
export interface Enumeratee<in out From, in out To> {
  /** The brand: only the library makes enumeratees. */
  readonly [EnumerateeTypeId]: typeof EnumerateeTypeId

  /** The inner iteratee, wrapped in one that takes `From`. Play: `applyOn`, `apply`, `&>`. */
  applyOn<A>(inner: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>>
  /** `applyOn`, then the inner iteratee's result when the outer is done. Play: `transform`, `&>>`. */
  transform<A>(inner: Iteratee<To, A>): Iteratee<From, A>
  /** This enumeratee, then `other`. Play: `compose`, `><>`. */
  compose<To2>(other: Enumeratee<To, To2>): Enumeratee<From, To2>
  /** Like `compose`, but leftovers of `other` are concatenated to the outer's. Play: `composeConcat`, `>+>`. */
  composeConcat(other: Enumeratee<To, To>): Enumeratee<From, To>

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
