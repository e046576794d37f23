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
 * subscriber whose consumer has gone (its HTTP client left, the signal given to `apply` aborted)
 * is released at once, and its `apply` resolves then, not at the next push as in Play.
 *
 * Play: `play.api.libs.iteratee.Concurrent`.
 *
 * @since 0.1.0
 */
import { type Input, Input as In } from './Input'
import { IterateeError } from './IterateeError'
import * as C from './internal/core'
import * as I from './internal/iteratee'
import { FOREVER, type Leaver, type Lifetime } from './internal/lifetime'
import { checkDuration } from './internal/options'
import { Outcome, channelOf, force, unicastWith } from './internal/unicast'
import { shared } from './internal/shared'
import type { Enumeratee } from './Enumeratee'
import type { Enumerator } from './Enumerator'
import type { Iteratee } from './Iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * Pushes input to the iteratees an enumerator was applied to.
 *
 * `broadcast()` gives one channel for all the iteratees of its enumerator; `unicast` gives each
 * iteratee a channel of its own.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Input, Iteratee } from 'play-iteratees-ts'
 * const [events, channel] = Concurrent.broadcast<string>()
 * const received = events.run(Iteratee.getChunks())
 * channel.push('kiki')
 * channel.pushInput(Input.El('foo'))
 * channel.eofAndEnd()
 * assert.deepStrictEqual(await received, ['kiki', 'foo'])
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.Channel
 */
export interface Channel<E> {
  /** Pushes an element. @play play.api.libs.iteratee.Concurrent.Channel#push */
  push(e: E): void
  /** Pushes an input (`Input.EOF` included). @play play.api.libs.iteratee.Concurrent.Channel#push */
  pushInput(input: Input<E>): void
  /**
   * Ends the enumeration without sending EOF.
   *
   * `apply` resolves with the iteratee as it is (a Cont still takes input). With an error, `apply`
   * rejects with it.
   *
   * @play play.api.libs.iteratee.Concurrent.Channel#end
   */
  end(error?: unknown): void
  /** Pushes EOF, then ends. @play play.api.libs.iteratee.Concurrent.Channel#eofAndEnd */
  eofAndEnd(): void
}

/**
 * What a bounded subscriber's full queue does with one more element.
 *
 * `dropOldest` drops the element that waited longest, `dropNewest` the one that comes, and
 * `disconnect` ends that subscriber's enumeration (its `apply` resolves with its iteratee).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Iteratee, type Overflow } from 'play-iteratees-ts'
 * // a subscriber busy with its first element while three more are pushed, with room for one
 * const receive = async (overflow: Overflow) => {
 *   let release!: () => void
 *   const busy = new Promise<void>((resolve) => (release = resolve))
 *   const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 1, overflow })
 *   const slow = Iteratee.foldM<number, Array<number>>([], async (seen, n) => (await busy, [...seen, n]))
 *   const received = events.run(slow)
 *   for (const n of [1, 2, 3, 4]) channel.push(n)
 *   channel.eofAndEnd()
 *   release()
 *   return received
 * }
 * assert.deepStrictEqual(await receive('dropOldest'), [1, 4])
 * assert.deepStrictEqual(await receive('dropNewest'), [1, 2])
 * assert.deepStrictEqual(await receive('disconnect'), [1])
 * ```
 *
 * @play none — Play's broadcast has no bound: every push waits for every subscriber
 */
export type Overflow = 'dropOldest' | 'dropNewest' | 'disconnect'

/**
 * Options of the bounded broadcast: how many elements each subscriber may have waiting, and what then.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Iteratee, type BroadcastOptions } from 'play-iteratees-ts'
 * const latestOnly: BroadcastOptions = { bufferSize: 100, overflow: 'dropOldest' }
 * const [prices, channel] = Concurrent.broadcast<number>(latestOnly)
 * const fast = prices.run(Iteratee.getChunks())
 * channel.push(101)
 * channel.push(102)
 * channel.eofAndEnd()
 * assert.deepStrictEqual(await fast, [101, 102])
 * assert.throws(() => Concurrent.broadcast({ bufferSize: 0, overflow: 'dropOldest' }), TypeError)
 * ```
 *
 * @play none — this port's bounded form of `Concurrent.broadcast`; Play's queues without bound
 */
export interface BroadcastOptions {
  /** Elements each subscriber may have waiting, at most (a positive integer). @play none — not in Play */
  readonly bufferSize: number
  /**
   * When a subscriber's queue is full: drop its oldest element, drop the new one, or end its enumeration.
   *
   * @play none — not in Play
   */
  readonly overflow: Overflow
  /**
   * Runs after an iteratee subscribes, with how many are subscribed now (for presence: "3 people here").
   *
   * @play none — not in Play
   */
  readonly onSubscribe?: (subscribers: number) => void
  /**
   * Runs after a subscriber leaves (done, released because its consumer went, or ended by the channel), with how many
   * are left.
   *
   * @play none — not in Play
   */
  readonly onUnsubscribe?: (subscribers: number) => void
}

/**
 * The channel of a broadcast: Play's `Channel`, and how many iteratees are subscribed now.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 *
 * const [room, channel] = Concurrent.broadcast<string>({ bufferSize: 8, overflow: 'dropOldest' })
 * const leaving = new AbortController()
 * void room.apply(Iteratee.getChunks<string>(), { signal: leaving.signal })
 * void room.apply(Iteratee.getChunks<string>())
 * assert.equal(channel.subscribers(), 2)
 * leaving.abort()
 * assert.equal(channel.subscribers(), 1)
 * ```
 *
 * @play none — Play's channel does not count its iteratees
 */
export interface BroadcastChannel<E> extends Channel<E> {
  /** How many iteratees are subscribed now. @play none — not in Play */
  subscribers(): number
}

/**
 * Controls the enumerator that `broadcast(enumerator)` shares.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 * // stop the shared source once nobody listens any more
 * const [shared, broadcaster] = Concurrent.broadcast(Enumerator(1, 2, 3, 4, 5), (b) => b.close())
 * assert.strictEqual(broadcaster.getPatchCord(), shared)
 * const firstTwo = await shared.through(Enumeratee.take(2)).run(Iteratee.getChunks())
 * assert.deepStrictEqual(firstTwo, [1, 2])
 * assert.strictEqual(broadcaster.noCords(), true)
 * assert.strictEqual(broadcaster.closed(), true)
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.Broadcaster
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Broadcaster<E = any> {
  /** Whether no iteratee is attached. @play play.api.libs.iteratee.Concurrent.Broadcaster#noCords */
  noCords(): boolean
  /**
   * Stops the shared enumerator once the input it is delivering has been taken by every iteratee.
   *
   * It stops when it is idle: after its next input, which is still delivered, as in Play.
   *
   * @play play.api.libs.iteratee.Concurrent.Broadcaster#close
   */
  close(): void
  /** Whether `close` was called. @play play.api.libs.iteratee.Concurrent.Broadcaster#closed */
  closed(): boolean
  /**
   * The broadcasting enumerator (the one `broadcast` returned).
   *
   * @play none — `getPatchCord` of Play's private `Concurrent.Hub`, which `Broadcaster` does not expose
   */
  getPatchCord(): Enumerator<E>
}

/**
 * Lets enumerators take turns feeding one iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumeratee, Enumerator, Iteratee, type PatchPanel } from 'play-iteratees-ts'
 * let panel!: PatchPanel<string>
 * const lines = Concurrent.patchPanel<string>((p) => (panel = p))
 * const firstThree = lines.through(Enumeratee.take(3)).run(Iteratee.getChunks())
 * assert.strictEqual(panel.patchIn(Enumerator('a', 'b')), true)
 * panel.patchIn(Enumerator('c', 'd'))
 * assert.deepStrictEqual(await firstThree, ['a', 'b', 'c'])
 * assert.strictEqual(panel.closed(), true)
 * assert.strictEqual(panel.patchIn(Enumerator('e')), false)
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.PatchPanel
 */
export interface PatchPanel<E> {
  /**
   * From now on `e` feeds the iteratee; false when the panel is closed.
   *
   * The enumerator patched in before stops at its next input.
   *
   * @play play.api.libs.iteratee.Concurrent.PatchPanel#patchIn
   */
  patchIn(e: Enumerator<E>): boolean
  /**
   * Whether the iteratee is done (or failed), so nothing more can be patched in.
   *
   * @play play.api.libs.iteratee.Concurrent.PatchPanel#closed
   */
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

const feed = I.feedInput

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

// -------------------------------------------------------------------------------------
// subscribers: what every broadcast shares
// -------------------------------------------------------------------------------------

/**
 * One iteratee a broadcast enumerator was applied to. A class, not a literal with closures: a server holds one per
 * idle connection, and the subscriber is itself what its consumer's lifetime tells when the consumer leaves.
 */
class Subscriber<E> extends Outcome<E, unknown> implements Leaver {
  /** Inputs waiting for it (bounded form only), made when the first one waits. */
  queue: Queue<Input<E>> | undefined = undefined
  /** Bounded form: a drain waits for the pending iteratee. */
  waiting = false
  /** Bounded form: being stepped now (what it pushes meanwhile waits in the queues). */
  stepping = false
  /** Bounded form: the end to apply once the queue is drained. */
  ending: { readonly error: unknown } | undefined = undefined
  /**
   * How it stops listening for the end of its consumer (an HTTP client that leaves, an aborted signal): the lifetime
   * that holds the subscriber itself, or what its `onEnd` gave.
   */
  off: Lifetime | (() => void) | undefined = undefined

  constructor(
    private readonly owner: Subscribers<E>,
    /** The iteratee, as fed so far (pending while it works on an input). */
    public it: Iteratee<E, unknown>
  ) {
    // held for as long as the subscriber stays, so no promise of its own is made until somebody awaits it
    super(true)
  }

  /** What the enumerator's apply gives, the iteratee it is released with: the subscriber is its own (lazy) outcome. */
  get outcome(): Outcome<E, unknown> {
    return this
  }

  /** Its consumer has gone: it is released at once, not at the next push. */
  leave(): void {
    this.owner.release(this, this.it, true)
  }

  /** Listens for the end of its consumer. */
  listen(life: Lifetime): void {
    if (life.listen !== undefined) {
      life.listen(this)
      this.off = life
    } else this.off = life.onEnd(() => this.leave())
  }

  /** Stops listening for the end of its consumer. */
  unlisten(): void {
    const off = this.off
    this.off = undefined
    if (typeof off === 'function') off()
    else if (off !== undefined) off.unlisten!(this)
  }
}

/** The iteratees a broadcast enumerator was applied to, and how each one's enumeration ends. */
/** Runs a presence hook; its failure is its own (as Play's callbacks, it does not change the broadcast). */
const tell = (hook: ((subscribers: number) => void) | undefined, subscribers: number): void => {
  if (hook === undefined) return
  try {
    hook(subscribers)
  } catch {
    // the hook's failure does not change the broadcast
  }
}

class Subscribers<E> {
  readonly set = new Set<Subscriber<E>>()
  /** Set once the enumeration has ended: later iteratees are handed back at once. Play: `redeemed`. */
  redeemed: { readonly error: unknown } | undefined = undefined

  /**
   * `onLeave` runs when a subscriber leaves by itself (done or failed) and none is left; `presence` hears every
   * arrival and departure, with the count after it.
   */
  constructor(
    private readonly onLeave: () => void = noop,
    private readonly presence: Pick<BroadcastOptions, 'onSubscribe' | 'onUnsubscribe'> = {}
  ) {}

  /** Adds a subscriber, lets `start` look after it, and gives what the enumerator's feed returns. */
  attach<A>(it: Iteratee<E, A>, life: Lifetime, start: (s: Subscriber<E>) => void): Iteratee<E, A> {
    if (this.redeemed !== undefined) return endResult(it, this.redeemed.error)
    // a consumer that has gone already subscribes to nothing
    if (life.ended()) return it
    const s = new Subscriber<E>(this, it)
    this.set.add(s)
    tell(this.presence.onSubscribe, this.set.size)
    start(s)
    // a consumer that goes away (its HTTP client left) is released at once, not at the next push
    if (!s.outcome.finished) s.listen(life)
    return s.outcome.iteratee() as Iteratee<E, A>
  }

  /** Ends a subscriber's enumeration with `it`; `left` says it left by itself. */
  release(s: Subscriber<E>, it: Iteratee<E, unknown>, left: boolean): void {
    if (!this.set.delete(s)) return
    s.unlisten()
    s.queue = undefined
    s.outcome.finish(it)
    tell(this.presence.onUnsubscribe, this.set.size)
    if (left && this.set.size === 0) this.onLeave()
  }

  /** Releases the subscriber if its known iteratee is no longer Cont. */
  check(s: Subscriber<E>): void {
    const k = I.settle(s.it)
    if (!I.isPending(k) && !I.isCont(k)) this.release(s, k, true)
  }

  /** Looks after a subscriber in lockstep: released as soon as its iteratee is done. */
  readonly watch = (s: Subscriber<E>): void => {
    const k = I.settle(s.it)
    if (I.isPending(k)) I.known(k).then(() => this.check(s))
    else this.check(s)
  }

  /**
   * Feeds the input to every subscriber; a promise when some of them work on it asynchronously
   * (it settles when all have taken it), `undefined` when all took it at once.
   */
  deliver(pushed: Input<E>): Promise<unknown> | undefined {
    let pending: Array<Promise<unknown>> | undefined
    // one input for all: what a subscriber renders from it, the others like it need not render again
    const input = shared(pushed)
    for (const s of Array.from(this.set)) {
      if (s.outcome.finished) continue
      s.it = feed(s.it, input)
      const k = I.settle(s.it)
      if (I.isPending(k)) (pending ??= []).push(I.known(k).then(() => this.check(s)))
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
 * An enumerator and the channel that feeds it: what is pushed goes to every iteratee it was applied to.
 *
 * Every iteratee the enumerator is applied to gets
 * what is pushed from then on; its `apply` resolves when the iteratee is done or the channel ends.
 * Each push waits until every iteratee has taken the previous one (pushes queue meanwhile).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * const [chat, channel] = Concurrent.broadcast<string>()
 * const client1 = chat.run(Iteratee.getChunks())
 * const client2 = chat.run(Iteratee.fold(0, (n: number, m: string) => n + m.length))
 * channel.push('hello')
 * channel.push('world!')
 * channel.eofAndEnd()
 * assert.deepStrictEqual(await client1, ['hello', 'world!'])
 * assert.strictEqual(await client2, 11)
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.broadcast
 */
function broadcast<E>(): [Enumerator<E>, BroadcastChannel<E>]
/**
 * A broadcast in which every iteratee has its own queue of at most `bufferSize` elements.
 *
 * A slow iteratee neither delays the others nor grows memory; `overflow` says what its full queue
 * does with one more element. Not in Play.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * const [ticks, channel] = Concurrent.broadcast<number>({ bufferSize: 16, overflow: 'dropOldest' })
 * let release!: () => void
 * const stalled = new Promise<void>((resolve) => (release = resolve))
 * const slow = ticks.run(Iteratee.foldM(0, async (n: number) => (await stalled, n + 1)))
 * const fast = ticks.run(Iteratee.getChunks())
 * for (let i = 0; i < 100; i++) channel.push(i)
 * channel.eofAndEnd()
 * assert.strictEqual((await fast).length, 100) // the fast one never waited for the slow one
 * release()
 * assert.strictEqual(await slow, 17) // the one it was busy with, then the 16 latest
 * ```
 *
 * @play none — this port's bounded form; Play's broadcast makes every push wait for every iteratee
 */
function broadcast<E>(options: BroadcastOptions): [Enumerator<E>, BroadcastChannel<E>]
/**
 * Shares one enumerator among iteratees, each getting what it produces from the moment it is attached.
 *
 * The shared enumerator starts when the returned enumerator is first
 * applied, and each iteratee gets what it produces from the moment it is attached. Each input
 * waits until every attached iteratee has taken the previous one. `interestIsDownToZero` runs
 * when the last attached iteratee is done (it may run more than once).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumerator, Iteratee } from 'play-iteratees-ts'
 * let reads = 0
 * const source = Enumerator(1, 2, 3).map((n) => (reads++, n))
 * const [shared] = Concurrent.broadcast(source)
 * const sum = shared.run(Iteratee.fold(0, (s: number, n: number) => s + n))
 * assert.strictEqual(await sum, 6)
 * assert.strictEqual(reads, 3)
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.broadcast
 */
function broadcast<E>(
  enumerator: Enumerator<E>,
  interestIsDownToZero?: (b: Broadcaster<E>) => void
): [Enumerator<E>, Broadcaster<E>]
function broadcast<E>(
  x?: BroadcastOptions | Enumerator<E>,
  interestIsDownToZero?: (b: Broadcaster<E>) => void
): [Enumerator<E>, BroadcastChannel<E> | Broadcaster<E>] {
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
  for (const hook of ['onSubscribe', 'onUnsubscribe'] as const) {
    if (o[hook] !== undefined && typeof o[hook] !== 'function') {
      throw new TypeError(`broadcast: ${hook} must be a function, got ${String(o[hook])}`)
    }
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
const lockstep = <E>(): [Enumerator<E>, BroadcastChannel<E>] => {
  const subscribers = new Subscribers<E>()
  const waiting = new Queue<Input<E> | EndMark>()
  let busy = false
  // a subscriber that pushes from inside its step (a bot answering a message) must not start a delivery inside the
  // one under way: its push waits in `waiting`, behind the input being delivered, for everyone, the bot included
  let draining = false
  let open = true
  const drain = (): void => {
    if (draining) return
    draining = true
    try {
      deliverWaiting()
    } finally {
      draining = false
    }
  }
  const deliverWaiting = (): void => {
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
  const enumerator = new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) =>
    subscribers.attach(it, life, subscribers.watch)
  )
  return [enumerator, { ...channelOf(pushInput, end), subscribers: () => subscribers.set.size }]
}

/** Per-subscriber bounded queues: nobody waits for anybody. */
const bounded = <E>(options: BroadcastOptions): [Enumerator<E>, BroadcastChannel<E>] => {
  const subscribers = new Subscribers<E>(noop, options)
  let open = true
  /** Feeds the subscriber's queue while its iteratee takes input synchronously. */
  const drain = (s: Subscriber<E>): void => {
    // already being fed, further up the stack (it pushed from inside its step): that loop takes the queue
    if (s.stepping) return
    while (!s.outcome.finished) {
      const k = I.settle(s.it)
      if (I.isPending(k)) {
        if (!s.waiting) {
          s.waiting = true
          I.known(k).then(() => {
            s.waiting = false
            drain(s)
          })
        }
        return
      }
      if (!I.isCont(k)) return subscribers.release(s, k, true)
      const input = s.queue === undefined ? undefined : s.queue.shift()
      if (input === undefined) {
        if (s.ending !== undefined) subscribers.release(s, endResult(k, s.ending.error), false)
        return
      }
      stepSubscriber(s, k, input)
    }
  }
  /** Steps the subscriber; a push from inside the step waits in the queues, it does not step it again. */
  const stepSubscriber = (s: Subscriber<E>, k: Iteratee<E, unknown>, input: Input<E>): void => {
    s.stepping = true
    try {
      s.it = I.step(k, input)
    } finally {
      s.stepping = false
    }
  }
  const offer = (s: Subscriber<E>, input: Input<E>): void => {
    // the usual case: the subscriber took everything before and is ready, so it gets the input at once, as a drain
    // of a one-input queue would give it, without going through the queue
    if (!s.waiting && !s.stepping && !s.outcome.finished && (s.queue === undefined || s.queue.length === 0)) {
      const k = I.settle(s.it)
      if (I.isCont(k)) {
        stepSubscriber(s, k, input)
        drain(s)
        return
      }
    }
    // EOF is not an element: it always goes in, so that the subscriber learns that the stream ended
    const queue = (s.queue ??= new Queue())
    if (input._tag !== 'EOF' && queue.length >= options.bufferSize) {
      if (options.overflow === 'dropNewest') return
      if (options.overflow === 'disconnect') return subscribers.release(s, s.it, true)
      queue.shift()
    }
    queue.push(input)
    if (!s.waiting) drain(s)
  }
  // a push from inside a subscriber's step waits until the push under way has been offered to everyone
  const later = new Queue<Input<E>>()
  let offering = false
  const pushInput = (input: Input<E>): void => {
    if (!open) return
    if (input._tag === 'EOF') open = false
    if (offering) {
      later.push(input)
      return
    }
    offering = true
    try {
      for (let next: Input<E> | undefined = input; next !== undefined; next = later.shift()) {
        // one input for all: what a subscriber renders from it, the others like it need not render again
        const one = shared(next)
        for (const s of Array.from(subscribers.set)) offer(s, one)
      }
    } finally {
      offering = false
    }
  }
  const end = (error?: unknown): void => {
    open = false
    subscribers.redeemed = { error }
    for (const s of Array.from(subscribers.set)) {
      s.ending ??= { error }
      if (!s.waiting) drain(s)
    }
  }
  const enumerator = new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => subscribers.attach(it, life, drain))
  return [enumerator, { ...channelOf(pushInput, end), subscribers: () => subscribers.set.size }]
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
  const enumerator: Enumerator<E> = new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    // the first iteratee is attached before the source starts, so it gets everything the source produces
    const attached = subscribers.attach(it, life, subscribers.watch)
    if (!started) {
      started = true
      force(
        I.whenKnown(
          // the source is shared: it feeds no one consumer, so no consumer's end stops it
          I.guard(() => C.feedFor(source, hub, FOREVER)),
          (r) => {
            subscribers.end(I.isFailure(r) ? I.causeOf(r) : undefined)
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
/**
 * An enumerator that gives each iteratee it is applied to a channel of its own.
 *
 * `onStart(channel)` runs at each `apply`, and what is pushed on that channel goes to that iteratee. `apply`
 * resolves when the channel ends (with the iteratee as it is) or when the iteratee is done or fails.
 * `onComplete` runs when a push leaves the iteratee done, or, under `Action`, as soon as the HTTP client leaves
 * (even with nothing pushed); `onError(msg, input)` runs when a push leaves it in an Error.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { some } from 'fp-ts/Option'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * let completed = 0
 * const countdown = Concurrent.unicast<number>(
 *   (channel) => {
 *     for (let n = 3; n > 0; n--) channel.push(n)
 *     channel.eofAndEnd()
 *   },
 *   () => completed++
 * )
 * // each run gets its own channel, so its own countdown
 * assert.deepStrictEqual(await countdown.run(Iteratee.getChunks()), [3, 2, 1])
 * assert.deepStrictEqual(await countdown.run(Iteratee.head()), some(3))
 * assert.strictEqual(completed, 2) // a push left the iteratee done: EOF for getChunks, 3 for head
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.unicast
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
 * Takes input as fast as it comes and queues it for the iteratee, which consumes it at its own pace.
 *
 * The enumerator is never slowed down. `length` gives each input's size (1 by default). When the
 * queue already holds more than `max`, the next input is refused with an Error step
 * `"buffer overflow"`, what was queued is dropped and the iteratee gets EOF. An iteratee that is
 * done before EOF leaves what was queued unused.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumerator, Iteratee } from 'play-iteratees-ts'
 * let produced = 0
 * const rows = Enumerator(1, 2, 3, 4).map((n) => (produced++, n))
 * let release!: () => void
 * const stalled = new Promise<void>((resolve) => (release = resolve))
 * const slowSum = Iteratee.foldM(0, async (sum: number, n: number) => (await stalled, sum + n))
 * const total = rows.through(Concurrent.buffer(10)).run(slowSum)
 * await new Promise((resolve) => setImmediate(resolve))
 * assert.strictEqual(produced, 4) // the producer is done (its resources could be released) ...
 * release()
 * assert.strictEqual(await total, 10) // ... while the consumer is still at work
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.buffer
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
    const last = new Outcome<E, Iteratee<E, A>>()
    let current: Iteratee<E, A> = inner
    /** Feeds the inner from the queue (Play: `moreInput`). */
    const consume = (): void => {
      for (;;) {
        const k = I.settle(current)
        if (I.isPending(k)) {
          I.known(k).then(consume)
          return
        }
        // after EOF nothing more comes: a Cont is handed back as it is (joinI then reports the divergence)
        if (!I.isCont(k) || eofFed) {
          last.finish(I.done(k, In.Empty))
          return
        }
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
      if (last.finished) return last.iteratee()
      if (input._tag === 'EOF') {
        if (idle) give(input)
        else queue.push([input, 0])
        return last.iteratee()
      }
      let n: number
      try {
        n = length(input)
      } catch (thrown) {
        return I.failure(thrown, input)
      }
      if (idle) {
        give(input)
        return last.finished ? last.iteratee() : outer
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
    return last.finished ? last.iteratee() : outer
  })

/**
 * Passes each input on if the iteratee is ready for it within `ms` milliseconds; otherwise drops it.
 *
 * After a drop, what comes next is dropped at once until the iteratee is ready again. The
 * enumerator is never held up for longer than `ms`. EOF is not passed on.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * const [frames, channel] = Concurrent.broadcast<number>()
 * let release!: () => void
 * const stalled = new Promise<void>((resolve) => (release = resolve))
 * const render = Iteratee.foldM([] as Array<number>, async (shown, n: number) => {
 *   if (n === 1) await stalled // busy with the first frame
 *   return [...shown, n]
 * })
 * const shown = frames.through(Concurrent.dropInputIfNotReady(10)).run(render)
 * channel.push(1)
 * channel.push(2) // not taken within 10 ms: dropped
 * channel.push(3) // dropped at once
 * await new Promise((resolve) => setTimeout(resolve, 50))
 * release()
 * await new Promise((resolve) => setTimeout(resolve, 10))
 * channel.push(4) // ready again
 * channel.eofAndEnd()
 * assert.deepStrictEqual(await shown, [1, 4])
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.dropInputIfNotReady
 */
const dropInputIfNotReady = <E>(ms: number): Enumeratee<E, E> => {
  checkDuration('Concurrent.dropInputIfNotReady', 'the waiting time', ms)
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => {
    type Outer = Iteratee<E, Iteratee<E, A>>
    let busy = false
    const go = (it: Iteratee<E, A>): Outer =>
      I.cont((input: Input<E>): Outer => {
        if (input._tag === 'EOF') return I.done(it, In.Empty)
        const ready = (k: Iteratee<E, A>): Outer => (I.isCont(k) ? go(I.step(k, input)) : I.done(k, In.Empty))
        const k = I.settle(it)
        if (!I.isPending(k)) return ready(k)
        if (busy) return go(it)
        return I.suspend(within(I.known(k), ms), (r): Outer => {
          if (r !== TIMEOUT) return ready(r)
          busy = true
          I.known(k).then(() => (busy = false))
          return go(it)
        })
      })
    return go(inner)
  })
}

/**
 * Fails with an Error step `"iteratee is taking too long"` when the iteratee is not ready for an input within `ms`.
 *
 * `ms` is in milliseconds; EOF is passed on without waiting.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * const [jobs, channel] = Concurrent.broadcast<number>()
 * let release!: () => void
 * const stalled = new Promise<void>((resolve) => (release = resolve))
 * const worker = Iteratee.foldM<number, number>(0, async (done) => (await stalled, done + 1))
 * const result = jobs.through(Concurrent.lazyAndErrIfNotReady(10)).run(worker)
 * channel.push(1) // taken at once: the worker was ready
 * channel.push(2) // the worker is still busy after 10 ms
 * channel.eofAndEnd()
 * await assert.rejects(result, /iteratee is taking too long/)
 * release()
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.lazyAndErrIfNotReady
 */
const lazyAndErrIfNotReady = <E>(ms: number): Enumeratee<E, E> => {
  checkDuration('Concurrent.lazyAndErrIfNotReady', 'the waiting time', ms)
  return new C.Enumeratee(<A>(inner: Iteratee<E, A>) => {
    type Outer = Iteratee<E, Iteratee<E, A>>
    const go = (it: Iteratee<E, A>): Outer =>
      I.cont((input: Input<E>): Outer => {
        if (input._tag === 'EOF') return I.done(it, In.EOF)
        const ready = (k: Iteratee<E, A>): Outer => (I.isCont(k) ? go(I.step(k, input)) : I.done(k, input))
        const k = I.settle(it)
        if (!I.isPending(k)) return ready(k)
        return I.suspend(within(I.known(k), ms), (r) =>
          r === TIMEOUT ? I.error<E, Iteratee<E, A>>('iteratee is taking too long', input) : ready(r)
        )
      })
    return go(inner)
  })
}

// -------------------------------------------------------------------------------------
// patch panel, joined, runPartial
// -------------------------------------------------------------------------------------

/**
 * An enumerator whose input comes from the enumerators patched in, one at a time.
 *
 * At each `apply`,
 * `patcher(panel)` runs, and `panel.patchIn(e)` makes `e` feed the iteratee from then on (the
 * previous one stops at its next input). The enumerators' own ends do not end the enumeration:
 * `apply` resolves when the iteratee is done or fails.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumeratee, Enumerator, Iteratee } from 'play-iteratees-ts'
 * // a playlist: the second enumerator takes over when it is patched in
 * const playlist = Concurrent.patchPanel<string>((panel) => {
 *   panel.patchIn(Enumerator('intro'))
 *   setTimeout(() => panel.patchIn(Enumerator('song 1', 'song 2')), 1)
 * })
 * const played = await playlist.through(Enumeratee.take(3)).run(Iteratee.getChunks())
 * assert.deepStrictEqual(played, ['intro', 'song 1', 'song 2'])
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.patchPanel
 */
const patchPanel = <E>(patcher: (panel: PatchPanel<E>) => void): Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    const outcome = new Outcome<E, A>()
    let generation = 0
    let unlisten: (() => void) | undefined
    const finish = (k: Iteratee<E, A>): void => {
      if (!outcome.finish(k)) return
      // the enumerator patched in now stops at its next input
      generation++
      if (unlisten !== undefined) unlisten()
    }
    const watch = (x: Iteratee<E, A>): Iteratee<E, A> =>
      force(
        I.whenKnown(x, (k) => {
          if (!I.isCont(k)) finish(k)
          return k
        })
      )
    let current = watch(it)
    const stopped = I.done<E, void>(undefined)
    /** The iteratee an enumerator patched in feeds: it forwards to the panel's iteratee while it is the current one. */
    const cord = (gen: number): Iteratee<E, void> =>
      I.cont((input: Input<E>) => {
        if (gen !== generation || outcome.finished) return stopped
        current = watch(feed(current, input))
        return I.whenKnown(current, (k) => (I.isCont(k) && gen === generation ? cord(gen) : stopped))
      })
    const panel: PatchPanel<E> = {
      closed: () => outcome.finished,
      patchIn: (e) => {
        if (outcome.finished) return false
        // nobody awaits the enumerator patched in: its own callbacks (onDoneEnumerating...) must run anyway
        force(C.feedFor(e, cord(++generation), life))
        return true
      }
    }
    try {
      patcher(panel)
    } catch (thrown) {
      return I.failure<E, A>(thrown)
    }
    // the consumer that leaves ends the panel: what is patched in feeds it no more
    if (!outcome.finished) {
      if (life.ended()) finish(current)
      else unlisten = life.onEnd(() => finish(current))
    }
    return outcome.iteratee()
  })

/**
 * An iteratee and an enumerator joined: what the iteratee is fed goes to the iteratee the enumerator is applied to.
 *
 * The iteratee the enumerator is applied to consumes what
 * the joined iteratee is fed, EOF included. The enumerator can be applied once; its `apply`
 * resolves when that iteratee is done or fails. The joined iteratee is pending until then, and
 * done when that iteratee is.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumerator, Iteratee } from 'play-iteratees-ts'
 * const [sink, source] = Concurrent.joined<string>()
 * const words = source.run(Iteratee.getChunks()) // what is fed to sink, as an enumerator
 * await Enumerator('kiki', 'foo').run(sink)
 * assert.deepStrictEqual(await words, ['kiki', 'foo'])
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.joined
 */
const joined = <A>(): [Iteratee<A, void>, Enumerator<A>] => {
  const promised = new Outcome<A, void>()
  let applied = false
  const enumerator = new C.Enumerator(<B>(i: Iteratee<A, B>) => {
    if (applied) return I.failure<A, B>(new IterateeError('Concurrent.joined: the enumerator may only be applied once'))
    applied = true
    const outcome = new Outcome<A, B>()
    const wrap = (x: Iteratee<A, B>): Iteratee<A, B> =>
      force(
        I.whenKnown(x, (k) => {
          if (I.isCont(k)) return I.cont((input: Input<A>) => wrap(I.step(k, input)))
          outcome.finish(k)
          return k
        })
      )
    promised.finish(I.map(wrap(i), noop))
    return outcome.iteratee()
  })
  return [promised.iteratee(), enumerator]
}

/**
 * Runs the iteratee on the enumerator and gives its result with an enumerator of the input left over.
 *
 * The iteratee's leftover is part of what is left over. The enumerator is held where the
 * iteratee stopped until the remaining enumerator is applied.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { some } from 'fp-ts/Option'
 * import { Concurrent, Enumerator, Iteratee } from 'play-iteratees-ts'
 * const csv = Enumerator('name,age', 'kiki,3', 'foo,5')
 * const [header, rows] = await Concurrent.runPartial(csv, Iteratee.head<string>())
 * assert.deepStrictEqual(header, some('name,age'))
 * assert.deepStrictEqual(await rows.run(Iteratee.getChunks()), ['kiki,3', 'foo,5'])
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent.runPartial
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

/**
 * Enumerators fed from outside, and enumeratees that decouple a producer from a slow consumer.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Concurrent, Enumeratee, Iteratee } from 'play-iteratees-ts'
 * // a chat room: every member gets every message from the moment it joins
 * const [room, channel] = Concurrent.broadcast<string>()
 * const ann = room.run(Iteratee.getChunks())
 * channel.push('hello')
 * const bob = room.through(Enumeratee.map((m: string) => m.toUpperCase())).run(Iteratee.getChunks())
 * channel.push('bye')
 * channel.eofAndEnd()
 * assert.deepStrictEqual(await ann, ['hello', 'bye'])
 * assert.deepStrictEqual(await bob, ['BYE'])
 * ```
 *
 * @play play.api.libs.iteratee.Concurrent
 */
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
