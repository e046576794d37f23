/**
 * Enumerators fed from outside, and enumeratees that decouple a producer from a slow consumer.
 *
 * - `broadcast()` gives an enumerator and a `Channel`: what is pushed goes to every iteratee the
 *   enumerator was applied to. `broadcast(enumerator)` shares one running enumerator the same way.
 * - `unicast(onStart)` gives each iteratee its own channel.
 * - `buffer`, `dropInputIfNotReady` and `lazyAndErrIfNotReady` decide what happens when the
 *   iteratee is slower than the enumerator.
 * - `patchPanel` lets enumerators take turns feeding one iteratee; `joined` connects an iteratee to
 *   an enumerator; `runPartial` runs an iteratee and keeps the rest of the input for later.
 *
 * Play's `Concurrent.broadcast` makes every push wait until every subscriber has taken it, and
 * queues pushes without bound, so one slow consumer stalls the others and memory grows. That is
 * the default here too, for fidelity. `broadcast({ bufferSize, overflow })` gives every subscriber
 * its own bounded queue instead: a slow one never delays the others and never holds more than
 * `bufferSize` elements; `overflow` says what happens when its queue is full. In every form a
 * subscriber whose iteratee is done (its client left) is released at once, and its `apply`
 * resolves then, not at the next push as in Play.
 *
 * Play: `play.api.libs.iteratee.Concurrent`.
 *
 * @since 0.1.0
 */
import { type Input, Input as In } from './Input'
import { IterateeError } from './IterateeError'
import * as C from './internal/core'
import { currentDeparture, whileFeeding } from './internal/departure'
import * as I from './internal/iteratee'
import type { Enumeratee } from './Enumeratee'
import type { Enumerator } from './Enumerator'
import type { Iteratee } from './Iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Pushes input to the iteratees an enumerator was applied to. Play: `Concurrent.Channel`. */
export interface Channel<E> {
  /** Pushes an element. Play: `push(e)`. */
  push(e: E): void
  /** Pushes an input (`Input.EOF` included). Play: `push(input)`. */
  pushInput(input: Input<E>): void
  /**
   * Ends the enumeration without sending EOF: `apply` resolves with the iteratee as it is (a Cont
   * still takes input). With an error, `apply` rejects with it. Play: `end`.
   */
  end(error?: unknown): void
  /** Pushes EOF, then ends. Play: `eofAndEnd`. */
  eofAndEnd(): void
}

/** What a bounded subscriber's full queue does with one more element. */
export type Overflow = 'dropOldest' | 'dropNewest' | 'disconnect'

/** Options of the bounded broadcast. */
export interface BroadcastOptions {
  /** Elements each subscriber may have waiting, at most (a positive integer). */
  readonly bufferSize: number
  /** When a subscriber's queue is full: drop its oldest element, drop the new one, or end its enumeration. */
  readonly overflow: Overflow
}

/**
 * Controls the enumerator that `broadcast(enumerator)` shares. Play: `Concurrent.Broadcaster`
 * (with the `getPatchCord` of Play's private `Hub`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Broadcaster<E = any> {
  /** Whether no iteratee is attached. */
  noCords(): boolean
  /**
   * Stops the shared enumerator once the input it is delivering has been taken by every iteratee
   * (when it is idle: after its next input, which is still delivered), as in Play.
   */
  close(): void
  /** Whether `close` was called. */
  closed(): boolean
  /** The broadcasting enumerator (the one `broadcast` returned). */
  getPatchCord(): Enumerator<E>
}

/** Lets enumerators take turns feeding one iteratee. Play: `Concurrent.PatchPanel`. */
export interface PatchPanel<E> {
  /**
   * From now on `e` feeds the iteratee; the enumerator patched in before stops at its next
   * input. False when the panel is closed.
   */
  patchIn(e: Enumerator<E>): boolean
  /** Whether the iteratee is done (or failed), so nothing more can be patched in. */
  closed(): boolean
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** A FIFO queue with O(1) `shift`. */
class Queue<A> {
  private items: Array<A | undefined> = []
  private head = 0
  get length(): number {
    return this.items.length - this.head
  }
  push(a: A): void {
    this.items.push(a)
  }
  shift(): A | undefined {
    if (this.head >= this.items.length) return undefined
    const a = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return a
  }
  clear(): void {
    this.items = []
    this.head = 0
  }
}

const noop = (): void => undefined

/**
 * Starts a pending iteratee's work now, rather than when somebody awaits it: a pending step that a
 * continuation returns (`pendingStep`, e.g. mapM's) waits for its driver; here nobody drives it,
 * and the callbacks must run even if nobody looks at the result.
 */
const force = <E, A>(it: Iteratee<E, A>): Iteratee<E, A> => {
  const s = I.settle(it)
  if (s._tag === 'Pending') void s._p
  return it
}

/** Feeds an input to the iteratee once it is known, if it is a Cont. */
const feed = <E, A>(it: Iteratee<E, A>, input: Input<E>): Iteratee<E, A> =>
  I.whenKnown(it, (k) => (k._tag === 'Cont' ? I.step(k, input) : k))

/** What a subscriber's apply gives when the enumeration ends: its iteratee, or a failure for `end(error)`. */
const endResult = <E, A>(it: Iteratee<E, A>, error: unknown): Iteratee<E, A> =>
  error === undefined ? it : I.whenKnown(it, () => I.failure<E, A>(error))

const TIMEOUT: unique symbol = Symbol('timeout')

/**
 * `p`'s value, or `TIMEOUT` after `ms`. The timer is cleared when `p` settles first, and unref'd,
 * so it never keeps the process alive. `p` must not reject (an internal pending iteratee's never does).
 */
const within = <X>(p: Promise<X>, ms: number): Promise<X | typeof TIMEOUT> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(TIMEOUT), ms)
    if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref()
    p.then((x) => {
      clearTimeout(timer)
      resolve(x)
    })
  })

/** A promise and its resolver. */
const deferred = <X>(): { readonly promise: Promise<X>; readonly resolve: (x: X) => void } => {
  let resolve!: (x: X) => void
  const promise = new Promise<X>((r) => (resolve = r))
  return { promise, resolve }
}

// -------------------------------------------------------------------------------------
// subscribers: what every broadcast shares
// -------------------------------------------------------------------------------------

interface Subscriber<E> {
  /** The iteratee, as fed so far (pending while it works on an input). */
  it: Iteratee<E, unknown>
  /** Inputs waiting for it (bounded form only). */
  readonly queue: Queue<Input<E>>
  /** Resolves the enumerator's apply with the iteratee. */
  readonly finish: (it: Iteratee<E, unknown>) => void
  /** What the apply resolved with, once released. */
  result: Iteratee<E, unknown> | undefined
  /** Bounded form: a drain waits for the pending iteratee. */
  waiting: boolean
  /** Bounded form: the end to apply once the queue is drained. */
  ending: { readonly error: unknown } | undefined
  /** Stops listening for the departure of its consumer (an HTTP client), if one was heard. */
  unlisten: (() => void) | undefined
}

/** The iteratees a broadcast enumerator was applied to, and how each one's enumeration ends. */
class Subscribers<E> {
  readonly set = new Set<Subscriber<E>>()
  /** Set once the enumeration has ended: later iteratees are handed back at once. Play: `redeemed`. */
  redeemed: { readonly error: unknown } | undefined = undefined

  /** `onLeave` runs when a subscriber leaves by itself (done or failed) and none is left. */
  constructor(private readonly onLeave: () => void = noop) {}

  /** Adds a subscriber, lets `start` look after it, and gives what the enumerator's feed returns. */
  attach<A>(it: Iteratee<E, A>, start: (s: Subscriber<E>) => void): Iteratee<E, A> {
    if (this.redeemed !== undefined) return endResult(it, this.redeemed.error)
    const d = deferred<Iteratee<E, A>>()
    const s: Subscriber<E> = {
      it,
      queue: new Queue(),
      finish: d.resolve as (it: Iteratee<E, unknown>) => void,
      result: undefined,
      waiting: false,
      ending: undefined,
      unlisten: undefined
    }
    this.set.add(s)
    start(s)
    // a consumer that goes away (its HTTP client left) is released at once, not at the next push
    const departure = currentDeparture()
    if (departure !== undefined && s.result === undefined)
      s.unlisten = departure.listen(() => this.release(s, s.it, true))
    return s.result !== undefined ? I.settle(s.result as Iteratee<E, A>) : I.flatten(d.promise)
  }

  /** Ends a subscriber's enumeration with `it`; `left` says it left by itself. */
  release(s: Subscriber<E>, it: Iteratee<E, unknown>, left: boolean): void {
    if (!this.set.delete(s)) return
    if (s.unlisten !== undefined) s.unlisten()
    s.queue.clear()
    s.result = it
    s.finish(it)
    if (left && this.set.size === 0) this.onLeave()
  }

  /** Releases the subscriber if its known iteratee is no longer Cont. */
  check(s: Subscriber<E>): void {
    const k = I.settle(s.it)
    if (k._tag !== 'Pending' && k._tag !== 'Cont') this.release(s, k, true)
  }

  /** Looks after a subscriber in lockstep: released as soon as its iteratee is done. */
  readonly watch = (s: Subscriber<E>): void => {
    const k = I.settle(s.it)
    if (k._tag === 'Pending') k._p!.then(() => this.check(s))
    else this.check(s)
  }

  /**
   * Feeds the input to every subscriber; a promise when some of them work on it asynchronously
   * (it settles when all have taken it), `undefined` when all took it at once.
   */
  deliver(input: Input<E>): Promise<unknown> | undefined {
    let pending: Array<Promise<unknown>> | undefined
    for (const s of Array.from(this.set)) {
      if (s.result !== undefined) continue
      s.it = feed(s.it, input)
      const k = I.settle(s.it)
      if (k._tag === 'Pending') (pending ??= []).push(k._p!.then(() => this.check(s)))
      else this.check(s)
    }
    return pending === undefined ? undefined : Promise.all(pending)
  }

  /** Ends the enumeration for every subscriber, and for every later one. */
  end(error: unknown): void {
    this.redeemed = { error }
    for (const s of Array.from(this.set)) this.release(s, endResult(s.it, error), false)
  }
}

// -------------------------------------------------------------------------------------
// broadcast
// -------------------------------------------------------------------------------------

/**
 * An enumerator and the channel that feeds it. Every iteratee the enumerator is applied to gets
 * what is pushed from then on; its `apply` resolves when the iteratee is done or the channel ends.
 * Each push waits until every iteratee has taken the previous one (pushes queue meanwhile).
 * Play: `Concurrent.broadcast[E]`.
 *
 * @example
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * const [events, channel] = Concurrent.broadcast<string>()
 * const received = events.run(Iteratee.getChunks())
 * channel.push('kiki')
 * channel.eofAndEnd()
 * await received // ['kiki']
 */
function broadcast<E>(): [Enumerator<E>, Channel<E>]
/**
 * A broadcast in which every iteratee has its own queue of at most `bufferSize` elements, so a
 * slow one neither delays the others nor grows memory. Not in Play.
 */
function broadcast<E>(options: BroadcastOptions): [Enumerator<E>, Channel<E>]
/**
 * Shares one enumerator among iteratees: it starts when the returned enumerator is first
 * applied, and each iteratee gets what it produces from the moment it is attached. Each input
 * waits until every attached iteratee has taken the previous one. `interestIsDownToZero` runs
 * when the last attached iteratee is done (it may run more than once). Play: `Concurrent.broadcast(e)`.
 */
function broadcast<E>(
  enumerator: Enumerator<E>,
  interestIsDownToZero?: (b: Broadcaster<E>) => void
): [Enumerator<E>, Broadcaster<E>]
function broadcast<E>(
  x?: BroadcastOptions | Enumerator<E>,
  interestIsDownToZero?: (b: Broadcaster<E>) => void
): [Enumerator<E>, Channel<E> | Broadcaster<E>] {
  if (x instanceof C.Enumerator) return fromEnumerator(x, interestIsDownToZero ?? noop)
  return x === undefined ? lockstep<E>() : bounded<E>(checkOptions(x as BroadcastOptions))
}

const checkOptions = (o: BroadcastOptions): BroadcastOptions => {
  if (!Number.isInteger(o.bufferSize) || o.bufferSize < 1) {
    throw new TypeError(`broadcast: bufferSize must be a positive integer, got ${String(o.bufferSize)}`)
  }
  if (o.overflow !== 'dropOldest' && o.overflow !== 'dropNewest' && o.overflow !== 'disconnect') {
    throw new TypeError(
      `broadcast: overflow must be 'dropOldest', 'dropNewest' or 'disconnect', got ${String(o.overflow)}`
    )
  }
  return o
}

interface EndMark {
  readonly _tag: 'End'
  readonly error: unknown
}

/**
 * Play's broadcast: a push goes to every subscriber, and the next waits until all have taken it.
 * As in Play, pushes after EOF or after `end` are ignored, and `end` takes effect once the pushes
 * before it are delivered; a later `end` changes what later subscribers get.
 */
const lockstep = <E>(): [Enumerator<E>, Channel<E>] => {
  const subscribers = new Subscribers<E>()
  const waiting = new Queue<Input<E> | EndMark>()
  let busy = false
  let open = true
  const drain = (): void => {
    while (!busy) {
      const x = waiting.shift()
      if (x === undefined) return
      if (x._tag === 'End') {
        subscribers.end(x.error)
        continue
      }
      const p = subscribers.deliver(x)
      if (p !== undefined) {
        busy = true
        p.then(() => {
          busy = false
          drain()
        })
      }
    }
  }
  const pushInput = (input: Input<E>): void => {
    if (!open) return
    if (input._tag === 'EOF') open = false
    waiting.push(input)
    drain()
  }
  const end = (error?: unknown): void => {
    open = false
    waiting.push({ _tag: 'End', error })
    drain()
  }
  const enumerator = new C.Enumerator(<A>(it: Iteratee<E, A>) => subscribers.attach(it, subscribers.watch))
  return [enumerator, channelOf(pushInput, end)]
}

/** The channel of a broadcast, from the two operations each form implements. */
const channelOf = <E>(pushInput: (input: Input<E>) => void, end: (error?: unknown) => void): Channel<E> => ({
  push: (e) => pushInput(In.El(e)),
  pushInput,
  end,
  eofAndEnd: () => {
    pushInput(In.EOF)
    end()
  }
})

/** Per-subscriber bounded queues: nobody waits for anybody. */
const bounded = <E>(options: BroadcastOptions): [Enumerator<E>, Channel<E>] => {
  const subscribers = new Subscribers<E>()
  let open = true
  /** Feeds the subscriber's queue while its iteratee takes input synchronously. */
  const drain = (s: Subscriber<E>): void => {
    while (s.result === undefined) {
      const k = I.settle(s.it)
      if (k._tag === 'Pending') {
        if (!s.waiting) {
          s.waiting = true
          k._p!.then(() => {
            s.waiting = false
            drain(s)
          })
        }
        return
      }
      if (k._tag !== 'Cont') return subscribers.release(s, k, true)
      const input = s.queue.shift()
      if (input === undefined) {
        if (s.ending !== undefined) subscribers.release(s, endResult(k, s.ending.error), false)
        return
      }
      s.it = I.step(k, input)
    }
  }
  const offer = (s: Subscriber<E>, input: Input<E>): void => {
    // EOF is not an element: it always goes in, so that the subscriber learns that the stream ended
    if (input._tag !== 'EOF' && s.queue.length >= options.bufferSize) {
      if (options.overflow === 'dropNewest') return
      if (options.overflow === 'disconnect') return subscribers.release(s, s.it, true)
      s.queue.shift()
    }
    s.queue.push(input)
    if (!s.waiting) drain(s)
  }
  const pushInput = (input: Input<E>): void => {
    if (!open) return
    if (input._tag === 'EOF') open = false
    for (const s of Array.from(subscribers.set)) offer(s, input)
  }
  const end = (error?: unknown): void => {
    open = false
    subscribers.redeemed = { error }
    for (const s of Array.from(subscribers.set)) {
      s.ending ??= { error }
      if (!s.waiting) drain(s)
    }
  }
  const enumerator = new C.Enumerator(<A>(it: Iteratee<E, A>) => subscribers.attach(it, drain))
  return [enumerator, channelOf(pushInput, end)]
}

/**
 * Play's `broadcast(e, interestIsDownToZero)` (its `Hub`): the source is applied, on the first
 * attach, to an iteratee that delivers each input to every subscriber in lockstep. The source
 * stops after EOF or after `close()`; when it stops (or fails), every subscriber is released.
 */
const fromEnumerator = <E>(
  source: Enumerator<E>,
  interestIsDownToZero: (b: Broadcaster<E>) => void
): [Enumerator<E>, Broadcaster<E>] => {
  let started = false
  let closeFlag = false
  let delivering = false
  let downToZero = false
  const interestGone = (): void => {
    if (delivering) downToZero = true
    else interestIsDownToZero(broadcaster)
  }
  const subscribers = new Subscribers<E>(interestGone)
  const step = (input: Input<E>): Iteratee<E, void> => {
    delivering = true
    downToZero = false
    const after = (): Iteratee<E, void> => {
      delivering = false
      if (downToZero) {
        downToZero = false
        interestIsDownToZero(broadcaster)
      }
      return input._tag === 'EOF' || closeFlag ? I.done<E, void>(undefined) : hub
    }
    const p = subscribers.deliver(input)
    return p === undefined ? I.guard(after) : I.suspend(p, after)
  }
  const hub: Iteratee<E, void> = I.cont(step)
  const enumerator: Enumerator<E> = new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    // the first iteratee is attached before the source starts, so it gets everything the source produces
    const attached = subscribers.attach(it, subscribers.watch)
    if (!started) {
      started = true
      force(
        I.whenKnown(
          // the source is shared: what it attaches to is no one consumer's, so hears no consumer's departure
          I.guard(() => whileFeeding(undefined, () => source._feed(hub))),
          (r) => {
            subscribers.end(I.isFailure(r) ? r._cause : undefined)
            return r
          }
        )
      )
    }
    return attached
  })
  const broadcaster: Broadcaster<E> = {
    noCords: () => subscribers.set.size === 0,
    close: () => {
      closeFlag = true
    },
    closed: () => closeFlag,
    getPatchCord: () => enumerator
  }
  return [enumerator, broadcaster]
}

// -------------------------------------------------------------------------------------
// unicast
// -------------------------------------------------------------------------------------

/**
 * The channel `unicast` hands to `onStart`, with what a producer needs for backpressure.
 *
 * @internal
 */
export interface UnicastChannel<E> extends Channel<E> {
  /** A promise that settles when the iteratee has taken everything pushed so far (`undefined`: it has). */
  whenIdle(): Promise<void> | undefined
  /** Whether pushes are ignored from now on: the iteratee is done or failed, or the channel ended. */
  isClosed(): boolean
}

/**
 * `unicast`, with the channel that `outputStream` needs.
 *
 * @internal
 */
export const unicastWith = <E>(
  onStart: (channel: UnicastChannel<E>) => void,
  onComplete: () => void = noop,
  onError: (msg: string, input: Input<E>) => void = noop
): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    const d = deferred<Iteratee<E, A>>()
    let result: Iteratee<E, A> | undefined
    let unlisten: (() => void) | undefined
    const finish = (x: Iteratee<E, A>): void => {
      if (result !== undefined) return
      result = x
      if (unlisten !== undefined) unlisten()
      d.resolve(x)
    }
    /** The iteratee after everything pushed so far; it takes no more once `open` is false. */
    let state: Iteratee<E, A> = force(
      I.whenKnown(it, (k) => {
        if (k._tag !== 'Cont') finish(k)
        return k
      })
    )
    let open = true
    /** Play calls onComplete / onError when a push leaves the iteratee Done / Error. */
    const afterPush = (n: Iteratee<E, A>): Iteratee<E, A> => {
      if (n._tag === 'Cont') return n
      open = false
      try {
        if (n._tag === 'Done') onComplete()
        else onError(n._msg!, n._in!)
        finish(n)
      } catch (thrown) {
        finish(I.failure<E, A>(thrown))
      }
      return n
    }
    const pushInput = (input: Input<E>): void => {
      if (!open) return
      // a push waits for the ones before it; once one has left the iteratee done, the rest pass by
      state = force(
        I.whenKnown(state, (k) => (k._tag === 'Cont' ? force(I.whenKnown(I.step(k, input), afterPush)) : k))
      )
    }
    /** The consumer went away: as if a push had left the iteratee done. */
    const leave = (): void => {
      if (!open) return
      open = false
      try {
        onComplete()
        finish(state)
      } catch (thrown) {
        finish(I.failure<E, A>(thrown))
      }
    }
    const end = (error?: unknown): void => {
      if (!open) return
      open = false
      state = force(
        I.whenKnown(state, (k) => {
          if (k._tag === 'Cont') finish(error === undefined ? k : I.failure<E, A>(error))
          return k
        })
      )
    }
    const channel: UnicastChannel<E> = {
      ...channelOf(pushInput, end),
      whenIdle: () => {
        const s = I.settle(state)
        return s._tag === 'Pending' ? s._p!.then(noop) : undefined
      },
      isClosed: () => !open || result !== undefined
    }
    try {
      onStart(channel)
    } catch (thrown) {
      return I.failure<E, A>(thrown)
    }
    // a consumer that goes away (its HTTP client left) completes the channel at once, even if nothing is pushed
    const departure = currentDeparture()
    if (departure !== undefined && result === undefined) unlisten = departure.listen(() => leave())
    return result !== undefined ? result : I.flatten(d.promise)
  })

/**
 * An enumerator that gives each iteratee it is applied to a channel of its own: `onStart(channel)`
 * runs at each `apply`, and what is pushed on that channel goes to that iteratee. `apply` resolves
 * when the channel ends (with the iteratee as it is) or when the iteratee is done or fails.
 * `onComplete` runs when a push leaves the iteratee done, `onError(msg, input)` when it leaves it
 * in an Error. Play: `Concurrent.unicast`.
 */
const unicast = <E>(
  onStart: (channel: Channel<E>) => void,
  onComplete?: () => void,
  onError?: (msg: string, input: Input<E>) => void
): Enumerator<E> => unicastWith(onStart, onComplete, onError)

// -------------------------------------------------------------------------------------
// enumeratees for slow consumers
// -------------------------------------------------------------------------------------

const one = (): number => 1

/**
 * Takes input as fast as it comes, queuing it for the iteratee, which consumes it at its own pace:
 * the enumerator is never slowed down. `length` gives each input's size (1 by default). When the
 * queue already holds more than `max`, the next input is refused with an Error step
 * `"buffer overflow"`, what was queued is dropped and the iteratee gets EOF. An iteratee that is
 * done before EOF leaves what was queued unused. Play: `Concurrent.buffer`.
 */
const buffer = <E>(max: number, length: (input: Input<E>) => number = one): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) => {
    type Outer = Iteratee<E, Iteratee<E, A>>
    const queue = new Queue<readonly [Input<E>, number]>()
    let size = 0
    /** The consumer waits for input (Play: `Waiting`). */
    let idle = false
    let eofFed = false
    /** The outer's last state, once the inner is done (Play: `DoneIt`). */
    let last: Outer | undefined
    const lastPromise = deferred<Outer>()
    let current: Iteratee<E, A> = inner
    const finish = (outer: Outer): void => {
      if (last !== undefined) return
      last = outer
      lastPromise.resolve(outer)
    }
    /** Feeds the inner from the queue (Play: `moreInput`). */
    const consume = (): void => {
      for (;;) {
        const k = I.settle(current)
        if (k._tag === 'Pending') {
          k._p!.then(consume)
          return
        }
        // after EOF nothing more comes: a Cont is handed back as it is (joinI then reports the divergence)
        if (k._tag !== 'Cont' || eofFed) return finish(I.done(k, In.Empty))
        const next = queue.shift()
        if (next === undefined) {
          idle = true
          size = 0
          return
        }
        size -= next[1]
        if (next[0]._tag === 'EOF') eofFed = true
        current = I.step(k, next[0])
      }
    }
    const give = (input: Input<E>): void => {
      idle = false
      if (input._tag === 'EOF') eofFed = true
      current = I.step(I.settle(current), input)
      consume()
    }
    const outer: Outer = I.cont((input: Input<E>): Outer => {
      if (last !== undefined) return last
      if (input._tag === 'EOF') {
        if (idle) give(input)
        else queue.push([input, 0])
        return last ?? I.flatten(lastPromise.promise)
      }
      let n: number
      try {
        n = length(input)
      } catch (thrown) {
        return I.failure(thrown, input)
      }
      if (idle) {
        give(input)
        return last ?? outer
      }
      if (max > 0 && size <= max) {
        queue.push([input, n])
        size += n
        return outer
      }
      queue.clear()
      queue.push([In.EOF, 0])
      return I.error('buffer overflow', input)
    })
    consume()
    return last ?? outer
  })

/**
 * Passes each input on if the iteratee is ready for it within `ms` milliseconds; otherwise drops
 * it, and drops what comes next at once until the iteratee is ready again. The enumerator is never
 * held up for longer than `ms`. EOF is not passed on. Play: `Concurrent.dropInputIfNotReady`.
 */
const dropInputIfNotReady = <E>(ms: number): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) => {
    type Outer = Iteratee<E, Iteratee<E, A>>
    let busy = false
    const go = (it: Iteratee<E, A>): Outer =>
      I.cont((input: Input<E>): Outer => {
        if (input._tag === 'EOF') return I.done(it, In.Empty)
        const ready = (k: Iteratee<E, A>): Outer => (k._tag === 'Cont' ? go(I.step(k, input)) : I.done(k, In.Empty))
        const k = I.settle(it)
        if (k._tag !== 'Pending') return ready(k)
        if (busy) return go(it)
        return I.suspend(within(k._p!, ms), (r): Outer => {
          if (r !== TIMEOUT) return ready(r)
          busy = true
          k._p!.then(() => (busy = false))
          return go(it)
        })
      })
    return go(inner)
  })

/**
 * Fails with an Error step `"iteratee is taking too long"` when the iteratee is not ready for an
 * input within `ms` milliseconds. Play: `Concurrent.lazyAndErrIfNotReady`.
 */
const lazyAndErrIfNotReady = <E>(ms: number): Enumeratee<E, E> =>
  new C.Enumeratee(<A>(inner: Iteratee<E, A>) => {
    type Outer = Iteratee<E, Iteratee<E, A>>
    const go = (it: Iteratee<E, A>): Outer =>
      I.cont((input: Input<E>): Outer => {
        if (input._tag === 'EOF') return I.done(it, In.EOF)
        const ready = (k: Iteratee<E, A>): Outer => (k._tag === 'Cont' ? go(I.step(k, input)) : I.done(k, input))
        const k = I.settle(it)
        if (k._tag !== 'Pending') return ready(k)
        return I.suspend(within(k._p!, ms), (r) =>
          r === TIMEOUT ? I.error<E, Iteratee<E, A>>('iteratee is taking too long', input) : ready(r)
        )
      })
    return go(inner)
  })

// -------------------------------------------------------------------------------------
// patch panel, joined, runPartial
// -------------------------------------------------------------------------------------

/**
 * An enumerator whose input comes from the enumerators patched in: at each `apply`,
 * `patcher(panel)` runs, and `panel.patchIn(e)` makes `e` feed the iteratee from then on (the
 * previous one stops at its next input). The enumerators' own ends do not end the enumeration:
 * `apply` resolves when the iteratee is done or fails. Play: `Concurrent.patchPanel`.
 */
const patchPanel = <E>(patcher: (panel: PatchPanel<E>) => void): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    const d = deferred<Iteratee<E, A>>()
    let result: Iteratee<E, A> | undefined
    let generation = 0
    const watch = (x: Iteratee<E, A>): Iteratee<E, A> =>
      force(
        I.whenKnown(x, (k) => {
          if (k._tag !== 'Cont' && result === undefined) {
            result = k
            d.resolve(k)
          }
          return k
        })
      )
    let current = watch(it)
    const stopped = I.done<E, void>(undefined)
    /** The iteratee an enumerator patched in feeds: it forwards to the panel's iteratee while it is the current one. */
    const cord = (gen: number): Iteratee<E, void> =>
      I.cont((input: Input<E>) => {
        if (gen !== generation || result !== undefined) return stopped
        current = watch(feed(current, input))
        return I.whenKnown(current, (k) => (k._tag === 'Cont' && gen === generation ? cord(gen) : stopped))
      })
    const panel: PatchPanel<E> = {
      closed: () => result !== undefined,
      patchIn: (e) => {
        if (result !== undefined) return false
        // nobody awaits the enumerator patched in: its own callbacks (onDoneEnumerating...) must run anyway
        force(e._feed(cord(++generation)))
        return true
      }
    }
    try {
      patcher(panel)
    } catch (thrown) {
      return I.failure<E, A>(thrown)
    }
    return result !== undefined ? result : I.flatten(d.promise)
  })

/**
 * An iteratee and an enumerator joined: the iteratee the enumerator is applied to consumes what
 * the joined iteratee is fed, EOF included. The enumerator can be applied once; its `apply`
 * resolves when that iteratee is done or fails. The joined iteratee is pending until then, and
 * done when that iteratee is. Play: `Concurrent.joined`.
 */
const joined = <A>(): [Iteratee<A, void>, Enumerator<A>] => {
  const promised = deferred<Iteratee<A, void>>()
  let applied = false
  const enumerator = new C.Enumerator(<B>(i: Iteratee<A, B>) => {
    if (applied) return I.failure<A, B>(new IterateeError('Concurrent.joined: the enumerator may only be applied once'))
    applied = true
    const d = deferred<Iteratee<A, B>>()
    let result: Iteratee<A, B> | undefined
    const wrap = (x: Iteratee<A, B>): Iteratee<A, B> =>
      force(
        I.whenKnown(x, (k) => {
          if (k._tag === 'Cont') return I.cont((input: Input<A>) => wrap(I.step(k, input)))
          result = k
          d.resolve(k)
          return k
        })
      )
    promised.resolve(I.map(wrap(i), noop))
    return result !== undefined ? result : I.flatten(d.promise)
  })
  return [I.flatten(promised.promise), enumerator]
}

/**
 * Runs the iteratee on the enumerator and gives its result together with an enumerator of the
 * input left over (the iteratee's leftover included). The enumerator is held where the iteratee
 * stopped until the remaining enumerator is applied. Play: `Concurrent.runPartial`.
 */
const runPartial = <E, A>(enumerator: Enumerator<E>, iteratee: Iteratee<E, A>): Promise<[A, Enumerator<E>]> =>
  new Promise((resolve, reject) => {
    enumerator
      .run(
        iteratee.flatMap((a) => {
          const [consumeRemaining, remaining] = joined<E>()
          resolve([a, remaining])
          return consumeRemaining
        })
      )
      .then(undefined, reject)
  })

/** Play's `object Concurrent`. */
export const Concurrent = {
  broadcast,
  unicast,
  buffer,
  dropInputIfNotReady,
  lazyAndErrIfNotReady,
  patchPanel,
  joined,
  runPartial
} as const
