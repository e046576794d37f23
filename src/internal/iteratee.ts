/**
 * The representation of iteratees and the primitives every module builds on.
 *
 * An iteratee's state is either known now (`Done`, `Cont`, `Error`) or `Pending` (a Promise of an
 * iteratee, made only by `flatten` and by steps that really wait). Drivers inspect a known state
 * synchronously and await only a pending one, so a synchronous pipeline pays no Promise per element.
 *
 * Failures: a user function that throws (or whose promise rejects) becomes an `Error` state that
 * keeps the thrown value as `_cause`. Such a failure plays the part of Play's failed Future: `fold`,
 * `unflatten`, `feed`, `Enumerator#apply` and `run` reject with that very value, and no folder sees
 * it as a step. An Error step proper (`Err`, `Step.Error`: no `_cause`) is data: folders see it, and
 * `run` rejects on it with an `IterateeError` (Play: `RuntimeException(msg)`). A pending iteratee's
 * promise never rejects, so no rejection can go unhandled inside the library.
 *
 * @internal
 */
import { type Input, Input as In } from '../Input'
import { IterateeError } from '../IterateeError'
import type * as T from '../types'
import type { K, Step } from '../types'

export type { K, Step, StepCont, StepDone, StepError } from '../types'

// -------------------------------------------------------------------------------------
// errors
// -------------------------------------------------------------------------------------

/** The message of anything thrown, for an Error step made from it. */
const thrownMessage = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : String(thrown)

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A mutable consumer that a `Cont` may offer, so that a synchronous producer can push elements one
 * after the other without building an input and an iteratee per element (the fast path of folds,
 * map/filter/collect, take and flatMap chains).
 *
 * It is the element-at-a-time protocol with the allocations taken out, and nothing else: each
 * `push` runs everything the element causes (every stage's user function, the consumer's effect)
 * before the producer pulls the next one, so user functions run exactly as often and in the same
 * interleaving as through `k`, and whatever a failure interrupts was already consumed. `end` gives
 * the iteratee that the pushed elements led to, which behaves exactly as if each had been fed
 * through `k`.
 *
 * @internal
 */
export interface Sink<E, A> {
  /** Takes one element; false once the iteratee takes no more this way (ask `end` what it became). */
  push(e: E): boolean
  /**
   * Takes `arr[from..to)` as so many `push`es would: `to` when it took them all and takes more, or
   * `-(i + 1)` when it takes no more after `arr[i]`. Most sinks use `pushEach`; a few run a loop of
   * their own, where the state stays in local variables (each says what that gains).
   */
  pushRun(arr: ArrayLike<E>, from: number, to: number): number
  end(): Iteratee<E, A>
  /**
   * For a sink whose element may have to wait (mapM's): after a `push` that answered false, the
   * promise that element waits for (the user's own), or `undefined` when it answered false for any
   * other reason. A driver may await it itself and hand the outcome to `resume`, then go on pushing
   * into the same sink; any other owner calls `end`, which gives the pending iteratee the element
   * led to (what `k` would have returned).
   */
  waiting?(): PromiseLike<unknown> | undefined
  /**
   * The promise of `waiting` settled with `x` (`ok`) or failed with it: the element goes on as the
   * pending step would have, and the answer is `push`'s. Never throws: a failure (a rejection, a
   * throw further on) is what `end` then gives, as the pending step would have become.
   */
  resume?(ok: boolean, x: unknown): boolean
}

/** `Sink#pushRun` as `push`es, one after the other. */
export const pushEach = <E>(sink: Sink<E, unknown>, arr: ArrayLike<E>, from: number, to: number): number => {
  for (let i = from; i < to; i++) if (!sink.push(arr[i])) return -(i + 1)
  return to
}

/** @internal */
export type Tag = 'Done' | 'Cont' | 'Error' | 'Pending'

/**
 * An iteratee, as the library handles it: the public interface, which inside the library carries the fields of
 * `IterateeClass` (see ./representation.d.ts). Internal code uses only this type, never the class's, so that there
 * is one type to compare.
 *
 * @internal
 */
export type Iteratee<E, A> = T.Iteratee<E, A>

/**
 * The implementation of `Iteratee` (see ../types): one class for every state, with fixed fields,
 * so that property access stays monomorphic. The fields are internal; users read an iteratee
 * through `fold`/`unflatten`.
 *
 * @internal
 */
export class IterateeClass<in out E, out A> implements T.Iteratee<E, A> {
  declare readonly [T.IterateeTypeId]: typeof T.IterateeTypeId
  /** @internal */ readonly _tag: Tag
  // Five slots, whose meaning depends on the tag (read through the accessors below): an iteratee is 72 bytes rather
  // than 120 with a field per meaning, and a server holds four of them per idle connection (W4).
  /** Done: the result. Cont: the continuation. Error: the message. Pending: what it waits for. */
  private _0: unknown
  /** Done, Error and Pending: the input (Done's remaining, Error's failed, Pending's). Cont: the fast path. */
  private _1: unknown
  /** Cont: what flatMap binds. Error: the cause. Pending: what the awaited value becomes. */
  private _2: unknown
  /** Pending: the promise of its known state, made only when somebody asks (see `_p`). */
  private _3: unknown
  /** Pending: what it became, once `_src` settled (itself perhaps pending). */
  private _4: unknown

  /** @internal */
  constructor(tag: Tag, _0: unknown, _1: unknown, _2: unknown) {
    this._tag = tag
    this._0 = _0
    this._1 = _1
    this._2 = _2
    this._3 = undefined
    this._4 = undefined
  }

  /** @internal Done: the result. */
  get _a(): A | undefined {
    return this._tag === 'Done' ? (this._0 as A) : undefined
  }
  /** @internal Done: remaining input; Error: the input that failed; Pending: the input it works on. */
  get _in(): Input<E> | undefined {
    return this._tag !== 'Cont' ? (this._1 as Input<E>) : undefined
  }
  /** @internal Cont: the continuation. */
  get _k(): K<E, A> | undefined {
    return this._tag === 'Cont' ? (this._0 as K<E, A>) : undefined
  }
  /** @internal Cont: the fast path, when this Cont has one. */
  get _sink(): (() => Sink<E, A>) | undefined {
    return this._tag === 'Cont' ? (this._1 as () => Sink<E, A>) : undefined
  }
  /** @internal Cont made by flatMap: what it binds, so chains stay flat. */
  get _bind(): Bind<E, A> | undefined {
    return this._tag === 'Cont' ? (this._2 as Bind<E, A>) : undefined
  }
  /** @internal Error: the message. */
  get _msg(): string | undefined {
    return this._tag === 'Error' ? (this._0 as string) : undefined
  }
  /** @internal Error: what was thrown, when the Error stands for a failure. */
  get _cause(): unknown {
    return this._tag === 'Error' ? this._2 : undefined
  }
  /** @internal Pending: what it waits for. */
  get _src(): PromiseLike<unknown> | undefined {
    return this._tag === 'Pending' ? (this._0 as PromiseLike<unknown>) : undefined
  }
  set _src(src: undefined) {
    this._0 = src
  }
  /** @internal Pending: what the awaited value becomes. */
  get _on(): ((x: any) => Iteratee<E, A>) | undefined {
    return this._tag === 'Pending' ? (this._2 as (x: any) => Iteratee<E, A>) : undefined
  }
  set _on(on: undefined) {
    this._2 = on
  }
  /** @internal Pending: the promise of its known state, made only when somebody asks (see `_p`). */
  get _pp(): Promise<Iteratee<E, A>> | undefined {
    return this._tag === 'Pending' ? (this._3 as Promise<Iteratee<E, A>>) : undefined
  }
  /** @internal Pending: what it became, once `_src` settled (itself perhaps pending). */
  get _r(): Iteratee<E, A> | undefined {
    return this._tag === 'Pending' ? (this._4 as Iteratee<E, A>) : undefined
  }
  set _r(r: Iteratee<E, A>) {
    this._4 = r
  }

  /**
   * @internal Pending: a promise of the known state, which never rejects. It is made lazily: the
   * producer driver awaits `_src` itself, so an asynchronous element costs one microtask hop.
   */
  get _p(): Promise<Iteratee<E, A>> | undefined {
    if (this._tag !== 'Pending') return undefined
    if (this._3 === undefined) {
      this._3 = Promise.resolve(this._src).then(
        (x) => knownOf(resolvePending(this, true, x)),
        (thrown) => knownOf(resolvePending(this, false, thrown))
      )
    }
    return this._3 as Promise<Iteratee<E, A>>
  }

  /**
   * Computes a value from the iteratee's step, once known. Play: `fold`. When the folder throws or its
   * promise rejects, or the iteratee has failed (`Iteratee.flatten` of a rejected promise, a function
   * that threw), the promise rejects with that very value, and the folder is not called for a failure.
   */
  fold<B>(folder: (step: Step<E, A>) => B | PromiseLike<B>): Promise<B> {
    return knownOk(this).then((k) => folder(toStep(k)))
  }

  /** Play: `pureFold` (the same as `fold` here: a folder may return a value or a Promise). */
  pureFold<B>(folder: (step: Step<E, A>) => B): Promise<B> {
    return this.fold(folder)
  }

  /** Play: `fold1`, the three-callback form of `fold`. */
  fold1<B>(
    onDone: (a: A, remaining: Input<E>) => B | PromiseLike<B>,
    onCont: (k: K<E, A>) => B | PromiseLike<B>,
    onError: (msg: string, input: Input<E>) => B | PromiseLike<B>
  ): Promise<B> {
    return this.fold((s) =>
      s._tag === 'Done' ? onDone(s.a, s.remaining) : s._tag === 'Cont' ? onCont(s.k) : onError(s.msg, s.input)
    )
  }

  /** The iteratee `folder` makes of this one's step (a failure stays one). Play: `pureFlatFold`. */
  pureFlatFold<E2, B>(folder: (step: Step<E, A>) => Iteratee<E2, B>): Iteratee<E2, B> {
    return whenKnown(this, (k) => (isFailure(k) ? failureOf(k) : guard(() => folder(toStep(k)))))
  }

  /** Like `pureFlatFold`, with a folder that may return a Promise. Play: `flatFold0`. */
  flatFold0<E2, B>(folder: (step: Step<E, A>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>): Iteratee<E2, B> {
    return whenKnown(this, (k) => (isFailure(k) ? failureOf(k) : guard(() => orFlatten(folder(toStep(k))))))
  }

  /** Play: `flatFold`, the three-callback form of `flatFold0`. */
  flatFold<E2, B>(
    onDone: (a: A, remaining: Input<E>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>,
    onCont: (k: K<E, A>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>,
    onError: (msg: string, input: Input<E>) => Iteratee<E2, B> | PromiseLike<Iteratee<E2, B>>
  ): Iteratee<E2, B> {
    return this.flatFold0((s) =>
      s._tag === 'Done' ? onDone(s.a, s.remaining) : s._tag === 'Cont' ? onCont(s.k) : onError(s.msg, s.input)
    )
  }

  /** The step, once known; rejects with what a failed iteratee failed with. Play: `unflatten`. */
  unflatten(): Promise<Step<E, A>> {
    return knownOk(this).then(toStep)
  }

  /** Feeds one input; rejects with what the iteratee failed with, if it fails. Play: `feed`. */
  feed(input: Input<E>): Promise<Iteratee<E, A>> {
    return knownOk(feedInput(this, input))
  }

  /**
   * Feeds EOF if needed and gives the result. Rejects with `IterateeError` on an Error step or a Cont
   * that diverges after EOF, and with the very value thrown on a failure. Play: `run`.
   */
  run(): Promise<A> {
    return run(this)
  }

  /** Play: `map`. */
  map<B>(f: (a: A) => B): Iteratee<E, B> {
    return map(this, f)
  }

  /** Play: `mapM`. */
  mapM<B>(f: (a: A) => B | PromiseLike<B>): Iteratee<E, B> {
    return flatMap(this, (a) => orFlatten(thenDone<E, B>(f(a))))
  }

  /** Play: `flatMap`. */
  flatMap<B>(f: (a: A) => Iteratee<E, B>): Iteratee<E, B> {
    return flatMap(this, f)
  }

  /** Play: `flatMapM`. */
  flatMapM<B>(f: (a: A) => Iteratee<E, B> | PromiseLike<Iteratee<E, B>>): Iteratee<E, B> {
    return flatMap(this, (a) => orFlatten(f(a)))
  }

  /** Play: `flatMapInput`. */
  flatMapInput<B>(f: (step: Step<E, A>) => Iteratee<E, B>): Iteratee<E, B> {
    return this.pureFlatFold(f)
  }

  /** Like flatMap; leftovers of both are concatenated (strings, arrays, Uint8Arrays). Play: `flatMapTraversable`. */
  flatMapTraversable<B>(f: (a: A) => Iteratee<E, B>): Iteratee<E, B> {
    return flatMapTraversable(this, f)
  }

  /** A value instead of an Error or a failure. Play: `recover`. */
  recover<B>(f: (e: unknown) => B): Iteratee<E, A | B> {
    return recoverWith(this, (e) => done<E, B>(f(e)))
  }

  /** Play: `recoverM`. */
  recoverM<B>(f: (e: unknown) => B | PromiseLike<B>): Iteratee<E, A | B> {
    return recoverWith(this, (e) => orFlatten(thenDone<E, B>(f(e))))
  }

  /** An iteratee instead of an Error or a failure. Play: `recoverWith`. */
  recoverWith<B>(f: (e: unknown) => Iteratee<E, B>): Iteratee<E, A | B> {
    return recoverWith(this, f)
  }

  /** On an iteratee whose result is an iteratee: that one's result, after EOF. Play: `joinI`. */
  joinI<X, B>(this: Iteratee<E, Iteratee<X, B>>): Iteratee<E, B> {
    return joinI(this)
  }

  /** Like `joinI`, keeping the inner's leftover, concatenated. Play: `joinConcatI`. */
  joinConcatI<B>(this: Iteratee<E, Iteratee<E, B>>): Iteratee<E, B> {
    return joinConcatI(this)
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

export const done = <E, A>(a: A, remaining: NoInfer<Input<E>> = In.Empty): Iteratee<E, A> =>
  new IterateeClass<E, A>('Done', a, remaining, undefined)

export const cont = <E, A>(k: K<E, A>, sink?: () => Sink<E, A>): Iteratee<E, A> =>
  new IterateeClass<E, A>('Cont', k, sink, undefined)

export const error = <E, A = never>(msg: string, input: NoInfer<Input<E>>, cause?: unknown): Iteratee<E, A> =>
  new IterateeClass<E, A>('Error', msg, input, cause)

const THREW_UNDEFINED = 'a function threw or rejected with undefined'

/**
 * An Error standing for something thrown (Play: a failed Future). `undefined` cannot be told from
 * "no cause", so a throw of `undefined` becomes an `IterateeError` saying so.
 */
export const failure = <E, A = never>(thrown: unknown, input: NoInfer<Input<E>> = In.Empty): Iteratee<E, A> =>
  thrown === undefined
    ? error<E, A>(THREW_UNDEFINED, input, new IterateeError(THREW_UNDEFINED))
    : error<E, A>(thrownMessage(thrown), input, thrown)

/** Is this an Error that stands for a failure (something thrown), rather than an Error step? */
export const isFailure = (it: Iteratee<any, any>): boolean => it._tag === 'Error' && it._cause !== undefined

/** The same failure, as an iteratee of another type. */
const failureOf = <E, A>(it: Iteratee<any, any>): Iteratee<E, A> => error<E, A>(it._msg!, In.Empty, it._cause)

/** Whether `x` is an iteratee (and not, say, a promise of one). */
export const isIteratee = (x: unknown): x is Iteratee<any, any> => x instanceof IterateeClass

export const isPromiseLike = (x: unknown): x is PromiseLike<unknown> =>
  x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as any).then === 'function'

/**
 * A pending iteratee: `p` settles, `onValue` turns its value into the next iteratee. A rejection,
 * a throw in `onValue` or a value that is not an iteratee become a failure, so `_p` never rejects.
 */
export const suspend = <X, E, A>(
  p: PromiseLike<X>,
  onValue: (x: X) => Iteratee<E, A>,
  input: Input<E> = In.Empty
): Iteratee<E, A> => {
  const it = pendingStep(p, onValue, input)
  // start at once, as a Future does: `onValue` runs when `p` settles, whether or not anybody is
  // looking yet (it may have effects), and a rejection is handled now, not reported as unhandled
  void it._p
  return it
}

/**
 * Marks a promise's rejection as handled now (whoever awaits it later still gets it), for a
 * promise kept to be used later, such as `Enumerator.flatten`'s.
 */
export const markHandled = (p: PromiseLike<unknown>): void => {
  if (p instanceof Promise) p.then(undefined, ignoreRejection)
}
const ignoreRejection = (): void => undefined

/**
 * A pending step that a continuation `k` returns to whoever fed it an input: that driver awaits
 * `p` in the same turn (directly, see `driveAsync`), so neither a handler nor a promise of its own
 * is made here, and an asynchronous element costs one microtask hop. Use `suspend` anywhere else.
 */
export const pendingStep = <X, E, A>(
  p: PromiseLike<X>,
  onValue: (x: X) => Iteratee<E, A>,
  input: Input<E> = In.Empty
): Iteratee<E, A> => new IterateeClass<E, A>('Pending', p, input, onValue)

/**
 * What a pending iteratee became, once its source settled with `x` (`ok`) or failed with it.
 * Runs `onValue` once: whoever comes first (the driver or a `_p` observer) records it in `_r`.
 */
export const resolvePending = <E, A>(it: Iteratee<E, A>, ok: boolean, x: unknown): Iteratee<E, A> => {
  if (it._r !== undefined) return it._r
  let next: unknown
  if (ok) {
    try {
      next = it._on!(x)
    } catch (thrown) {
      next = failure(thrown, it._in!)
    }
  } else next = failure(x, it._in!)
  if (!isIteratee(next)) {
    next = failure(new TypeError(`expected an Iteratee, got ${typeof next}`))
  }
  it._r = next as Iteratee<E, A>
  // what it waited for is no longer needed: let it be collected
  it._src = undefined
  it._on = undefined
  return it._r
}

/**
 * @internal What `onKnown` tells once an iteratee's state is known: an object, so that a caller that has one (the HTTP
 * writer) needs no closure of its own.
 */
export interface KnownListener {
  known(it: Iteratee<any, any>): void
}

/**
 * @internal The source of a pending iteratee that a call resolves (`Outcome#finish`, see ./unicast), rather than a
 * promise; and of the pending iteratees that `whenKnown` and `checkDone` derive from it, and the listeners `onKnown`
 * adds. A broadcast holds such an iteratee for each subscriber for as long as it stays, and an HTTP response builds a
 * chain of them on it (`through`'s EOF and join, the writer's completion): they make no promise, handler or microtask
 * per level, only an entry here, and all of them are resolved in order, in one microtask, when `resolve` is called.
 * It is a `PromiseLike`, so that whoever awaits one of these iteratees (`_p`, a driver) still can.
 */
export class Hold implements PromiseLike<unknown> {
  /** The pending iteratee this hold resolves, once `pending()` has made it. */
  private root: Iteratee<any, any> | undefined = undefined
  /**
   * What waits, in the order it came: the iteratee waited on (the root or one derived from it), then a derived pending
   * iteratee to resolve with `_on` of its known state, or a `KnownListener`. The first two in fields (an idle HTTP
   * response has two: `through`'s join, the writer), the others in `more`, two slots each.
   */
  private up0: Iteratee<any, any> | undefined = undefined
  private w0: Iteratee<any, any> | KnownListener | undefined = undefined
  private up1: Iteratee<any, any> | undefined = undefined
  private w1: Iteratee<any, any> | KnownListener | undefined = undefined
  private more: Array<Iteratee<any, any> | KnownListener> | undefined = undefined
  /** Who awaits it as a thenable. */
  private thens: Array<() => void> | undefined = undefined
  /** 0: waiting; 1: resolving (what comes now waits its turn); 2: resolved (what comes now goes on at once). */
  private state: 0 | 1 | 2 = 0

  /** Whether `pending()` made the root. */
  get held(): boolean {
    return this.root !== undefined
  }

  /** The pending iteratee that becomes what `resolve` is given (the same one at each call, until then). */
  pending<E, A>(): Iteratee<E, A> {
    return (this.root ??= pendingStep<Iteratee<E, A>, E, A>(this as PromiseLike<any>, identityIt))
  }

  /** A pending iteratee that becomes `f` of `up`'s known state (`up` pending on this hold). */
  derive<E, A, E2, B>(up: Iteratee<E, A>, f: (known: Iteratee<E, A>) => Iteratee<E2, B>): Iteratee<E2, B> {
    const it = pendingStep<unknown, E2, B>(this, f as (x: unknown) => Iteratee<E2, B>)
    this.wait(up, it)
    return it
  }

  /** `waiter` (a pending iteratee `derive` made, or a listener) waits for `up`'s known state (`up` pending on this hold). */
  wait(up: Iteratee<any, any>, waiter: Iteratee<any, any> | KnownListener): void {
    // once resolved, `up` is too (it was resolved with the others): the waiter goes on at once
    if (this.state === 2) settleWaiter(up, waiter)
    else if (this.w0 === undefined) {
      this.up0 = up
      this.w0 = waiter
    } else if (this.w1 === undefined) {
      this.up1 = up
      this.w1 = waiter
    } else (this.more ??= []).push(up, waiter)
  }

  /** Resolves the root with `it`, then, in order, what waits on it; then whoever awaits the hold. Call it once. */
  resolve(it: Iteratee<any, any>): void {
    if (this.state !== 0) return
    this.state = 1
    if (this.root !== undefined) resolvePending(this.root, true, it)
    this.root = undefined
    // a waiter that waits on an earlier one comes after it; one added meanwhile is taken in turn too
    if (this.w0 !== undefined) settleWaiter(this.up0!, this.w0)
    if (this.w1 !== undefined) settleWaiter(this.up1!, this.w1)
    const more = this.more
    if (more !== undefined)
      for (let i = 0; i < more.length; i += 2) settleWaiter(more[i] as Iteratee<any, any>, more[i + 1])
    this.up0 = this.w0 = this.up1 = this.w1 = this.more = undefined
    this.state = 2
    const t = this.thens
    this.thens = undefined
    if (t !== undefined) for (const go of t) go()
  }

  then<R1 = unknown, R2 = never>(
    onOk?: ((x: unknown) => R1 | PromiseLike<R1>) | null,
    _onError?: ((reason: unknown) => R2 | PromiseLike<R2>) | null
  ): PromiseLike<R1 | R2> {
    // it never rejects; awaited as a thenable, it is given `resolve` functions, and what it resolves with does not
    // matter: whoever awaits it looks at the pending iteratee's `_r`, set by then
    return new Promise<R1 | R2>((resolve) => {
      const go = (): void => resolve(onOk == null ? (undefined as R1) : (onOk(undefined) as R1))
      if (this.state === 2) go()
      else (this.thens ??= []).push(go)
    })
  }
}

/** What a `Hold` does for a waiter once `up` is resolved: the waiter goes on with `up`'s known state. */
const settleWaiter = (up: Iteratee<any, any>, waiter: Iteratee<any, any> | KnownListener): void => {
  const k = settle(up)
  if (isIteratee(waiter)) {
    if (k._tag !== 'Pending') resolvePending(waiter, true, k)
    else if (waiter._r === undefined) {
      // `up` became another pending iteratee: the waiter becomes what it derives from that one
      const f = waiter._on!
      waiter._src = undefined
      waiter._on = undefined
      waiter._r = whenKnown(k, f)
    }
  } else if (k._tag !== 'Pending') waiter.known(k)
  else onKnown(k, waiter)
}

/**
 * @internal Tells `listener` the known state of `it`, in a later microtask: without a promise or a closure when `it`
 * waits on a `Hold`.
 */
export const onKnown = (it: Iteratee<any, any>, listener: KnownListener): void => {
  const s = settle(it)
  if (s._tag !== 'Pending') void Promise.resolve(s).then((k) => listener.known(k))
  else if (s._src instanceof Hold) s._src.wait(s, listener)
  else void s._p!.then((k) => listener.known(k))
}

/** The known state, or the promise of it. */
const knownOf = <E, A>(it: Iteratee<E, A>): Iteratee<E, A> | Promise<Iteratee<E, A>> => {
  const s = settle(it)
  return s._tag === 'Pending' ? s._p! : s
}

/** Play's `Iteratee.flatten`. */
export const flatten = <E, A>(p: PromiseLike<Iteratee<E, A>>): Iteratee<E, A> => suspend(p, identityIt)
const identityIt = <E, A>(it: Iteratee<E, A>): Iteratee<E, A> => it

/** Skips over pending iteratees whose promise has already settled. */
export const settle = <E, A>(it: Iteratee<E, A>): Iteratee<E, A> => {
  while (it._tag === 'Pending' && it._r !== undefined) it = it._r
  return it
}

/** `f` on the known state of `it`: at once when it is known, after it settles when pending. */
export const whenKnown = <E, A, E2, B>(
  it: Iteratee<E, A>,
  f: (known: Iteratee<E, A>) => Iteratee<E2, B>
): Iteratee<E2, B> => {
  const s = settle(it)
  return s._tag !== 'Pending' ? f(s) : s._src instanceof Hold ? s._src.derive(s, f) : suspend(s._p!, f)
}

/** A promise of the known state. */
export const known = <E, A>(it: Iteratee<E, A>): Promise<Iteratee<E, A>> => {
  const s = settle(it)
  return s._tag === 'Pending' ? s._p! : Promise.resolve(s)
}

/** A promise of the known state that rejects, as Play's failed Future, with what a failure failed with. */
export const knownOk = <E, A>(it: Iteratee<E, A>): Promise<Iteratee<E, A>> =>
  known(it).then((k) => (isFailure(k) ? Promise.reject(k._cause) : k))

/** Feeds one input to a Cont, turning a throw into a failure. Drivers call this, not `_k`. */
export const step = <E, A>(it: Iteratee<E, A>, input: Input<E>): Iteratee<E, A> => {
  try {
    return it._k!(input)
  } catch (thrown) {
    return failure(thrown, input)
  }
}

/**
 * Feeds `input` to the iteratee once its state is known, if it is a Cont; any other state is given back as it is.
 * A known Cont takes it at once, without a closure (a broadcast feeds every subscriber every input).
 */
export const feedInput = <E, A>(it: Iteratee<E, A>, input: Input<E>): Iteratee<E, A> => {
  const s = settle(it)
  if (s._tag === 'Cont') return step(s, input)
  return s._tag === 'Pending' ? suspend(s._p!, (k: Iteratee<E, A>) => (k._tag === 'Cont' ? step(k, input) : k)) : s
}

// -------------------------------------------------------------------------------------
// reading a state: what the modules outside internal/ use instead of the fields
// -------------------------------------------------------------------------------------
// Each is one field read or one comparison, so that V8 inlines it where the field was read. Ask a settled
// iteratee (see `settle`): a pending one is none of Done, Cont and Error.

/** Whether the iteratee is Done. */
export const isDone = (it: Iteratee<any, any>): boolean => it._tag === 'Done'

/** Whether the iteratee is a Cont: it wants input. */
export const isCont = (it: Iteratee<any, any>): boolean => it._tag === 'Cont'

/** Whether the iteratee is an Error: an Error step, or a failure (see `isFailure`). */
export const isError = (it: Iteratee<any, any>): boolean => it._tag === 'Error'

/** Whether the iteratee is pending: its state is not known yet (`known` and `whenKnown` wait for it). */
export const isPending = (it: Iteratee<any, any>): boolean => it._tag === 'Pending'

/** A Done iteratee's result. */
export const resultOf = <A>(done: Iteratee<any, A>): A => done._a as A

/** A Done iteratee's remaining input (Play's `Done(a, remaining)`). */
export const remainingOf = <E>(done: Iteratee<E, any>): Input<E> => done._in!

/** An Error's message. */
export const messageOf = (error: Iteratee<any, any>): string => error._msg!

/** The input an Error failed on. */
export const inputOf = <E>(error: Iteratee<E, any>): Input<E> => error._in!

/** What a failure failed with (the very value thrown); `undefined` for any other state, an Error step included. */
export const causeOf = (it: Iteratee<any, any>): unknown => it._cause

/** A Cont's continuation, Play's `k`. */
export const continuationOf = <E, A>(c: Iteratee<E, A>): K<E, A> => c._k!

/**
 * Feeds one input to a Cont, as Play's `k(input)`: a throw goes up to whoever fed the iteratee that calls this (an
 * enumeratee's outer iteratee, whose driver makes it a failure there). Drivers call `step`, which catches it.
 */
export const continueWith = <E, A>(c: Iteratee<E, A>, input: Input<E>): Iteratee<E, A> => c._k!(input)

/** The fast-path consumer of a Cont: its own, or one that goes through `k`. */
export const openSink = <E, A>(it: Iteratee<E, A>): Sink<E, A> =>
  it._sink !== undefined ? it._sink() : new StepSink(it)

/**
 * The sink of a Cont without a fast path: each element through `k`, for as long as that gives a Cont
 * without a fast path of its own (one with a fast path is handed back, so that its sink is used).
 */
class StepSink<E, A> implements Sink<E, A> {
  constructor(private it: Iteratee<E, A>) {}
  push(e: E): boolean {
    const next = settle(this.it._k!(In.El(e)))
    this.it = next
    return next._tag === 'Cont' && next._sink === undefined
  }
  pushRun(arr: ArrayLike<E>, from: number, to: number): number {
    return pushEach(this, arr, from, to)
  }
  end(): Iteratee<E, A> {
    return this.it
  }
}

// -------------------------------------------------------------------------------------
// folds: the fast path of `fold` and of what is built on it (foreach, ignore, getChunks...)
// -------------------------------------------------------------------------------------

/** Play's `Iteratee.fold`: a Cont with a sink, so a producer pushes elements without an iteratee apiece. */
export const foldCont = <E, S>(s: S, f: (s: S, e: E) => S): Iteratee<E, S> => {
  const self: Iteratee<E, S> = cont(
    (input) => (input._tag === 'El' ? foldCont(f(s, input.e), f) : input._tag === 'Empty' ? self : done(s, In.EOF)),
    () => new FoldSink(s, f)
  )
  return self
}

/** The sink of a fold; the filter-map stages run fused loops into it (see `core.ts`). */
export class FoldSink<E, S> implements Sink<E, S> {
  /** Keeps this class's field layout alive (see `FilterMapSink.layout`); its state is an object, as a fold's may be. */
  static readonly layout: Sink<unknown, unknown> = new FoldSink<unknown, unknown>(undefined, (s) => s)
  constructor(
    public s: S,
    readonly f: (s: S, e: E) => S
  ) {}
  push(e: E): boolean {
    this.s = this.f(this.s, e)
    return true
  }
  pushRun(arr: ArrayLike<E>, from: number, to: number): number {
    const s = this.s
    // a number state gets a loop of its own (see `foldRun`)
    return typeof s === 'number' ? foldRun(this, arr, from, to, +s as S) : foldRun(this, arr, from, to, s)
  }
  end(): Iteratee<E, S> {
    return foldCont(this.s, this.f)
  }
}

/**
 * A fold's loop, with its state in a local variable, stored back even when `f` throws.
 *
 * Its callers call it twice, with `+s` where the state is a number, because V8 inlines it into both calls and
 * types each copy's state from what it is given. A state read from a field could be anything, so the loop would
 * box every sum in a fresh heap number; started from `+s`, a number sum stays an unboxed double. W1 (`npm run bench
 * -- W1`): 1.85 ms without, 1.4 ms with, against 1.2 ms for the plain loop. The filter-map sinks do the same.
 */
const foldRun = <E, S>(fold: FoldSink<E, S>, arr: ArrayLike<E>, from: number, to: number, s: S): number => {
  const f = fold.f
  try {
    for (let i = from; i < to; i++) s = f(s, arr[i])
  } finally {
    fold.s = s
  }
  return to
}

// -------------------------------------------------------------------------------------
// steps as data
// -------------------------------------------------------------------------------------

/** The user-facing step of a known iteratee. */
export const toStep = <E, A>(it: Iteratee<E, A>): Step<E, A> => {
  switch (it._tag) {
    case 'Done':
      return { _tag: 'Done', a: it._a as A, remaining: it._in! }
    case 'Cont':
      return { _tag: 'Cont', k: it._k! }
    default:
      return { _tag: 'Error', msg: it._msg!, input: it._in! }
  }
}

/** Play's `Step#it`. */
export const fromStep = <E, A>(s: Step<E, A>): Iteratee<E, A> =>
  s._tag === 'Done' ? done(s.a, s.remaining) : s._tag === 'Cont' ? cont(s.k) : error(s.msg, s.input)

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

const DIVERGED = 'diverging iteratee after Input.EOF'

/** Feeds EOF to a Cont; the result is Done, Error, or (pending) one of those. */
export const eofTo = <E, A>(it: Iteratee<E, A>): Iteratee<E, A> =>
  whenKnown(it, (s) =>
    s._tag !== 'Cont' ? s : whenKnown(step(s, In.EOF), (r) => (r._tag === 'Cont' ? error<E, A>(DIVERGED, In.EOF) : r))
  )

/**
 * The rejection for an Error state: for a failure, the very value thrown (Play's failed Future); for
 * an Error step, an `IterateeError` with its message (Play's `run`: `RuntimeException(msg)`).
 */
export const rejection = (it: Iteratee<any, any>): unknown =>
  it._cause !== undefined ? it._cause : new IterateeError(it._msg!)

/** Play's `Iteratee#run`. */
export const run = <E, A>(it: Iteratee<E, A>): Promise<A> => {
  const r = settle(eofTo(it))
  if (r._tag === 'Done') return Promise.resolve(r._a as A)
  if (r._tag === 'Error') return Promise.reject(rejection(r))
  return r._p!.then((k) => (k._tag === 'Done' ? (k._a as A) : Promise.reject(rejection(k))))
}

// -------------------------------------------------------------------------------------
// flatMap, kept flat: a Cont made by flatMap holds its base Cont and the functions to apply,
// so chaining a hundred thousand flatMaps neither nests closures nor grows the stack.
// -------------------------------------------------------------------------------------

/** @internal */
type Fn = (a: any) => Iteratee<any, any>

/**
 * The functions a flatMap chain has still to apply, in order, as a persistent binary tree: a leaf
 * is `fs[from..]`, a node is `left` then `right`. Putting an inner chain in front of the rest of an
 * outer one, or appending functions, is one node, never a copy: a chain of n flatMaps runs in O(n)
 * however it is nested (to the left, to the right, or through pending iteratees).
 *
 * @internal
 */
class Fns {
  constructor(
    readonly fs: ReadonlyArray<Fn> | undefined,
    readonly from: number,
    readonly left: Fns | undefined,
    readonly right: Fns | undefined
  ) {}
}

/** `fs[from..]`; nothing for an exhausted array. */
const leaf = (fs: ReadonlyArray<Fn>, from: number): Fns | undefined =>
  from < fs.length ? new Fns(fs, from, undefined, undefined) : undefined

/** `a` then `b`. */
const cat = (a: Fns | undefined, b: Fns | undefined): Fns | undefined =>
  a === undefined ? b : b === undefined ? a : new Fns(undefined, 0, a, b)

/** @internal What a Cont made by flatMap binds: the Cont it waits on, then the functions, in order. */
interface Bind<E, A> {
  readonly base: Iteratee<E, any>
  readonly fns: Fns | undefined
  /** phantom */ readonly _A?: A
}

const bindCont = <E, A>(base: Iteratee<E, any>, fns: Fns | undefined): Iteratee<E, A> => {
  const b: Bind<E, A> = { base, fns }
  const k: K<E, A> = (input) => runBinds(base._k!(input), fns)
  const sink =
    base._sink === undefined
      ? undefined
      : (): Sink<E, A> => {
          const inner = base._sink!()
          return {
            push: (e) => inner.push(e),
            pushRun: (arr, from, to) => inner.pushRun(arr, from, to),
            // an element that waits (mapM's, under `transform`) waits here too
            waiting: () => (inner.waiting === undefined ? undefined : inner.waiting()),
            resume: (ok, x) => inner.resume!(ok, x),
            end: () => runBinds(inner.end(), fns)
          }
        }
  return new IterateeClass<E, A>('Cont', k, sink, b)
}

const NO_FUNCTIONS: ReadonlyArray<Fn> = []

/** Applies the functions of `fns` in turn, in a loop. */
const runBinds = (it: Iteratee<any, any>, fns: Fns | undefined): Iteratee<any, any> => {
  let fs = NO_FUNCTIONS
  let i = 0
  let rest = fns
  for (;;) {
    it = settle(it)
    if (i >= fs.length) {
      if (rest === undefined) return it
      // the leftmost leaf of `rest`; what follows it becomes the new rest
      let t: Fns = rest
      let after: Fns | undefined = undefined
      while (t.left !== undefined) {
        after = cat(t.right, after)
        t = t.left
      }
      fs = t.fs!
      i = t.from
      rest = after
      continue
    }
    switch (it._tag) {
      case 'Done': {
        let next: Iteratee<any, any>
        try {
          next = fs[i++](it._a)
        } catch (thrown) {
          return failure(thrown)
        }
        it = it._in!._tag === 'Empty' ? next : withRemaining(next, it._in!)
        break
      }
      case 'Cont':
        if (it._bind !== undefined) {
          return bindCont(it._bind.base, cat(it._bind.fns, cat(leaf(fs, i), rest)))
        }
        return bindCont(it, cat(leaf(fs, i), rest))
      case 'Error':
        return it
      default: {
        const remaining = cat(leaf(fs, i), rest)
        return suspend(it._p!, (k) => runBinds(k, remaining))
      }
    }
  }
}

/** Play's flatMap on `Done(a, e)` with `e` not Empty: the next iteratee gets `e` too. */
const withRemaining = <E, B>(next: Iteratee<E, B>, e: Input<E>): Iteratee<E, B> =>
  whenKnown(next, (n) => (n._tag === 'Done' ? done(n._a as B, e) : n._tag === 'Cont' ? n._k!(e) : n))

/** Play's `Iteratee#flatMap`. */
export const flatMap = <E, A, B>(it: Iteratee<E, A>, f: (a: A) => Iteratee<E, B>): Iteratee<E, B> => {
  const s = settle(it)
  if (s._tag === 'Cont' && s._bind !== undefined) {
    // appending is one node: a chain of n flatMaps is built in O(n), and run in O(n) however it is nested
    return bindCont(s._bind.base, cat(s._bind.fns, leaf([f], 0)))
  }
  return runBinds(s, leaf([f], 0))
}

/** Play's `Iteratee#map`. */
export const map = <E, A, B>(it: Iteratee<E, A>, f: (a: A) => B): Iteratee<E, B> => flatMap(it, (a) => done<E, B>(f(a)))

// -------------------------------------------------------------------------------------
// leftovers: concatenation of chunks (strings, arrays, Uint8Arrays)
// -------------------------------------------------------------------------------------

/** Concatenates two chunks of the same kind. */
export const concat2 = <E>(a: E, b: E): E => concatAll([a, b])

/** Concatenates chunks: strings, arrays or Uint8Arrays (a Buffer is one). */
export const concatAll = <E>(chunks: ReadonlyArray<E>, empty?: E): E => {
  if (chunks.length === 0) return empty as E
  if (chunks.length === 1) return chunks[0]
  const first: unknown = chunks[0]
  if (typeof first === 'string') return (chunks as ReadonlyArray<unknown> as ReadonlyArray<string>).join('') as E
  if (Array.isArray(first)) return ([] as Array<unknown>).concat(...(chunks as ReadonlyArray<any>)) as E
  if (first instanceof Uint8Array) {
    let length = 0
    for (const c of chunks as ReadonlyArray<unknown> as ReadonlyArray<Uint8Array>) length += c.length
    const out = new Uint8Array(length)
    let at = 0
    for (const c of chunks as ReadonlyArray<unknown> as ReadonlyArray<Uint8Array>) {
      out.set(c, at)
      at += c.length
    }
    return out as E
  }
  throw new TypeError(`cannot concatenate chunks of type ${typeof first}: strings, arrays or Uint8Arrays only`)
}

/** `a` then `b`, copying only when both have bytes. */
export const concatBytes = (a: Uint8Array, b: Uint8Array): Uint8Array =>
  a.length === 0 ? b : b.length === 0 ? a : concatAll([a, b])

/** Concatenates two leftover inputs, as Play's `flatMapTraversable` does. */
export const concatInputs = <E>(e: Input<E>, eIn: Input<E>): Input<E> => {
  if (e._tag === 'Empty') return eIn
  if (eIn._tag === 'Empty') return e
  if (e._tag === 'EOF') return In.EOF
  if (eIn._tag === 'EOF') return e
  return In.El(concat2(e.e, eIn.e))
}

// -------------------------------------------------------------------------------------
// joining an iteratee of iteratees
// -------------------------------------------------------------------------------------

const DIVERGENT = 'divergent inner iteratee on joinI after EOF'

/** The inner iteratee's result, after EOF if it still wants input. `leftover` says what the result keeps. */
const finishInner = <E, X, A>(inner: Iteratee<X, A>, leftover: (remaining: Input<X>) => Input<E>): Iteratee<E, A> =>
  whenKnown(inner, (i) => {
    if (i._tag === 'Done') return done<E, A>(i._a as A, leftover(i._in!))
    if (i._tag === 'Error') return error<E, A>(i._msg!, In.Empty, i._cause)
    return whenKnown(step(i, In.EOF), (r) =>
      r._tag === 'Done'
        ? done<E, A>(r._a as A, leftover(r._in!))
        : r._tag === 'Cont'
          ? error<E, A>(DIVERGENT, In.EOF)
          : error<E, A>(r._msg!, In.EOF, r._cause)
    )
  })

const emptyLeftover = (): Input<never> => In.Empty

/** Play's `Iteratee#joinI`. */
export const joinI = <E, X, A>(outer: Iteratee<E, Iteratee<X, A>>): Iteratee<E, A> =>
  flatMap(outer, (inner) => finishInner<E, X, A>(inner, emptyLeftover))

/** Play's `Iteratee#joinConcatI`: the inner's leftover is kept and concatenated to the outer's. */
export const joinConcatI = <E, A>(outer: Iteratee<E, Iteratee<E, A>>): Iteratee<E, A> =>
  flatMapTraversable(outer, (inner) => finishInner<E, E, A>(inner, (remaining) => remaining))

/** Play's `Iteratee#flatMapTraversable`: like flatMap, and leftovers of both are concatenated. */
export const flatMapTraversable = <E, A, B>(it: Iteratee<E, A>, f: (a: A) => Iteratee<E, B>): Iteratee<E, B> =>
  whenKnown(it, (s) => {
    switch (s._tag) {
      case 'Done': {
        const e = s._in!
        if (e._tag === 'Empty') return f(s._a as A)
        return whenKnown(f(s._a as A), (n) =>
          n._tag === 'Done' ? done<E, B>(n._a as B, concatInputs(e, n._in!)) : n._tag === 'Cont' ? n._k!(e) : n
        )
      }
      case 'Cont':
        return cont((input: Input<E>) => flatMapTraversable(s._k!(input), f))
      default:
        return s as unknown as Iteratee<E, B>
    }
  })

// -------------------------------------------------------------------------------------
// recovery
// -------------------------------------------------------------------------------------

/** Runs `f`, turning a throw into a failure. */
export const guard = <E, A>(f: () => Iteratee<E, A>): Iteratee<E, A> => {
  try {
    return f()
  } catch (thrown) {
    return failure(thrown)
  }
}

/** An iteratee, or a pending one for a promise of an iteratee. */
export const orFlatten = <E, A>(x: Iteratee<E, A> | PromiseLike<Iteratee<E, A>>): Iteratee<E, A> =>
  isIteratee(x) ? x : flatten(x as PromiseLike<Iteratee<E, A>>)

/** `Done(b)`, or a promise of it for a promise of `b`. */
const thenDone = <E, B>(b: B | PromiseLike<B>): Iteratee<E, B> | PromiseLike<Iteratee<E, B>> =>
  isPromiseLike(b) ? (b as PromiseLike<B>).then((v) => done<E, B>(v)) : done<E, B>(b as B)

/**
 * Play's `recoverWith`: every step of the iteratee is watched; an Error step (as an
 * `IterateeError`) or a failure (the value thrown) goes to `f`, whose iteratee takes over.
 */
export const recoverWith = <E, A, B>(it: Iteratee<E, A>, f: (e: unknown) => Iteratee<E, B>): Iteratee<E, A | B> => {
  const recovered = (e: unknown): Iteratee<E, A | B> => guard(() => f(e))
  const watch = (x: Iteratee<E, A>): Iteratee<E, A | B> =>
    whenKnown(x, (s): Iteratee<E, A | B> => {
      if (s._tag === 'Done') return s
      if (s._tag === 'Error') return recovered(s._cause !== undefined ? s._cause : new IterateeError(s._msg!))
      return cont((input: Input<E>) => {
        let next: Iteratee<E, A>
        try {
          next = s._k!(input)
        } catch (thrown) {
          return recovered(thrown)
        }
        return watch(next)
      })
    })
  return watch(it)
}

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
  if (s._tag === 'Pending') return whenKnown(s, (n: Iteratee<To, A>) => checkDone(n, onCont))
  return done(s, In.Empty)
}
