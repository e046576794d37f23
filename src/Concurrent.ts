/**
 * Enumerators fed from outside: a `Channel` pushes elements to every iteratee the enumerator was
 * applied to.
 *
 * Play's `Concurrent.broadcast` makes every push wait until every subscriber has taken it, and
 * queues pushes without bound, so one slow consumer stalls the others and memory grows. That is
 * the default here too, for fidelity. `broadcast({ bufferSize, overflow })` gives every subscriber
 * its own bounded queue instead: a slow one never delays the others and never holds more than
 * `bufferSize` elements; `overflow` says what happens when its queue is full. In both forms a
 * subscriber whose iteratee is done (its client left) is released at once.
 *
 * Play: `play.api.libs.iteratee.Concurrent`.
 *
 * @since 0.1.0
 */
import { type Input, Input as In } from './Input'
import * as C from './internal/core'
import * as I from './internal/iteratee'
import type { Enumerator } from './Enumerator'
import type { Iteratee } from './Iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** Pushes input to the iteratees a broadcast enumerator was applied to. Play: `Concurrent.Channel`. */
export interface Channel<E> {
  /** Pushes an element. Play: `push(e)`. */
  push(e: E): void
  /** Pushes an input (`Input.EOF` included). Play: `push(input)`. */
  pushInput(input: Input<E>): void
  /** Ends the enumeration for every subscriber (with an error: their `apply` rejects). Play: `end`. */
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

interface Subscriber<E> {
  /** The iteratee, as fed so far (pending while it works on an input). */
  it: Iteratee<E, any>
  /** Inputs waiting for it (bounded form only). */
  readonly queue: Array<Input<E>>
  /** Ends its enumeration: resolves the enumerator's apply with the iteratee. */
  readonly finish: (it: Iteratee<E, any>) => void
}

// -------------------------------------------------------------------------------------
// broadcast
// -------------------------------------------------------------------------------------

/**
 * An enumerator and the channel that feeds it. Every iteratee the enumerator is applied to gets
 * what is pushed from then on; its `apply` resolves when the iteratee is done or the channel ends.
 * Play: `Concurrent.broadcast`.
 *
 * @example
 * import { Concurrent, Iteratee } from 'play-iteratees-ts'
 * const [events, channel] = Concurrent.broadcast<string>()
 * const received = events.run(Iteratee.getChunks())
 * channel.push('kiki')
 * channel.eofAndEnd()
 * await received // ['kiki']
 */
const broadcast = <E>(options?: BroadcastOptions): readonly [Enumerator<E>, Channel<E>] =>
  options === undefined ? lockstep<E>() : bounded<E>(checkOptions(options))

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

/** The state both forms share: subscribers, and how each one's enumeration ends. */
const hub = <E>() => {
  const subscribers = new Set<Subscriber<E>>()
  let ended: { readonly error: unknown } | undefined
  const release = (s: Subscriber<E>, it: Iteratee<E, any>): void => {
    if (subscribers.delete(s)) s.finish(it)
  }
  /** Releases the subscriber once its iteratee is no longer Cont. */
  const watch = (s: Subscriber<E>): void => {
    const k = I.settle(s.it)
    if (k._tag === 'Pending') {
      k._p!.then(() => {
        if (s.queue.length === 0) watch(s)
      })
    } else if (k._tag !== 'Cont') release(s, k)
  }
  const enumerator: Enumerator<E> = new C.Enumerator(<A>(it: Iteratee<E, A>) => {
    if (ended !== undefined) return endResult(it, ended.error)
    let resolve!: (it: Iteratee<E, A>) => void
    const result = new Promise<Iteratee<E, A>>((r) => (resolve = r))
    const s: Subscriber<E> = { it, queue: [], finish: resolve as (it: Iteratee<E, any>) => void }
    subscribers.add(s)
    watch(s)
    return subscribers.has(s) ? I.flatten(result) : I.settle(s.it)
  })
  const end = (error: unknown, whenIdle: (s: Subscriber<E>, then: () => void) => void): void => {
    if (ended !== undefined) return
    ended = { error }
    for (const s of [...subscribers]) whenIdle(s, () => release(s, endResult(s.it, error)))
  }
  return { subscribers, release, watch, enumerator, end }
}

/** What a subscriber's apply gives when the channel ends: its iteratee, or a failure for `end(error)`. */
const endResult = <E, A>(it: Iteratee<E, A>, error: unknown): Iteratee<E, A> =>
  error === undefined ? it : I.whenKnown(it, () => I.failure<E, A>(error))

const feed = <E>(it: Iteratee<E, any>, input: Input<E>): Iteratee<E, any> =>
  I.whenKnown(it, (k) => (k._tag === 'Cont' ? I.step(k, input) : k))

/** Play's broadcast: a push goes to every subscriber, and the next waits until all have taken it. */
const lockstep = <E>(): readonly [Enumerator<E>, Channel<E>] => {
  const h = hub<E>()
  const waiting: Array<Input<E>> = []
  let busy: Promise<unknown> | undefined
  const deliver = (input: Input<E>): void => {
    const pending: Array<Promise<unknown>> = []
    for (const s of h.subscribers) {
      s.it = feed(s.it, input)
      const k = I.settle(s.it)
      if (k._tag === 'Pending') pending.push(k._p!.then(() => h.watch(s)))
      else h.watch(s)
    }
    if (pending.length > 0) {
      busy = Promise.all(pending).then(() => {
        busy = undefined
        drain()
      })
    }
  }
  const drain = (): void => {
    while (busy === undefined && waiting.length > 0) deliver(waiting.shift()!)
  }
  const pushInput = (input: Input<E>): void => {
    waiting.push(input)
    drain()
  }
  const whenIdle = (_: Subscriber<E>, then: () => void): void => {
    if (busy === undefined && waiting.length === 0) then()
    else (busy ?? Promise.resolve()).then(() => whenIdle(_, then))
  }
  const channel: Channel<E> = {
    push: (e) => pushInput(In.El(e)),
    pushInput,
    end: (error) => h.end(error, whenIdle),
    eofAndEnd: () => {
      pushInput(In.EOF)
      h.end(undefined, whenIdle)
    }
  }
  return [h.enumerator, channel]
}

/** Per-subscriber bounded queues: nobody waits for anybody. */
const bounded = <E>(options: BroadcastOptions): readonly [Enumerator<E>, Channel<E>] => {
  const h = hub<E>()
  const endings = new Map<Subscriber<E>, () => void>()
  /** Feeds the subscriber's queue while its iteratee takes input synchronously. */
  const drain = (s: Subscriber<E>): void => {
    for (;;) {
      const k = I.settle(s.it)
      if (k._tag === 'Pending') {
        k._p!.then(() => drain(s))
        return
      }
      if (k._tag !== 'Cont') return h.release(s, k)
      const input = s.queue.shift()
      if (input === undefined) {
        const ending = endings.get(s)
        if (ending !== undefined) {
          endings.delete(s)
          ending()
        }
        return
      }
      s.it = I.step(k, input)
    }
  }
  const offer = (s: Subscriber<E>, input: Input<E>): void => {
    const idle = s.queue.length === 0 && I.settle(s.it)._tag !== 'Pending'
    if (s.queue.length >= options.bufferSize) {
      if (options.overflow === 'dropNewest') return
      if (options.overflow === 'disconnect') return h.release(s, s.it)
      s.queue.shift()
    }
    s.queue.push(input)
    if (idle) drain(s)
  }
  const pushInput = (input: Input<E>): void => {
    for (const s of [...h.subscribers]) offer(s, input)
  }
  const whenIdle = (s: Subscriber<E>, then: () => void): void => {
    if (s.queue.length === 0 && I.settle(s.it)._tag !== 'Pending') then()
    else endings.set(s, then)
  }
  const channel: Channel<E> = {
    push: (e) => pushInput(In.El(e)),
    pushInput,
    end: (error) => h.end(error, whenIdle),
    eofAndEnd: () => {
      pushInput(In.EOF)
      h.end(undefined, whenIdle)
    }
  }
  return [h.enumerator, channel]
}

/**
 * Play's `object Concurrent`. This release has `broadcast` (Play's form and the bounded form);
 * the rest of Play's Concurrent comes with its own issue.
 */
export const Concurrent = { broadcast } as const
