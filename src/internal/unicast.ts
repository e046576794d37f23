/**
 * Channels: the one `Concurrent.broadcast` and `Concurrent.unicast` hand out, and `unicastWith`, the unicast that
 * `Enumerator.outputStream` (../streams) is built on, with a channel that also tells when the iteratee has taken
 * what was pushed; and `Outcome`, what an enumerator fed from outside gives back. Here rather than in ../Concurrent
 * so that ../streams reaches them without importing a public module that would then have to export them.
 *
 * @internal
 */
import { type Input, Input as In } from '../Input'
import * as C from './core'
import * as I from './iteratee'
import type { Lifetime } from './lifetime'
import type { Iteratee } from './iteratee'

const noop = (): void => undefined

/** What a channel does (Play's `Concurrent.Channel`; the public interface is ../Concurrent's `Channel`). */
export interface Channel<E> {
  push(e: E): void
  pushInput(input: Input<E>): void
  end(error?: unknown): void
  eofAndEnd(): void
}

/**
 * Starts a pending iteratee's work now, rather than when somebody awaits it: a pending step that a
 * continuation returns (`pendingStep`, e.g. mapM's) waits for its driver; here nobody drives it,
 * and the callbacks must run even if nobody looks at the result.
 */
export const force = <E, A>(it: Iteratee<E, A>): Iteratee<E, A> => {
  const s = I.settle(it)
  if (s._tag === 'Pending') void s._p
  return it
}

/**
 * What an enumerator fed from outside (a unicast, a broadcast's subscriber, a patch panel, `joined`; `buffer`'s outer
 * iteratee too) gives back: the iteratee it finishes with, known only once the iteratee is done or fails, or the
 * feeding ends.
 *
 * `finish(it)` records it, once (a later call changes nothing and gives false, so the caller knows whether to clean
 * up); `iteratee()` gives it, or, before that, a pending iteratee that becomes it.
 */
export class Outcome<E, A> extends I.Hold {
  private result: Iteratee<E, A> | undefined = undefined
  /** Not lazy: the promise of the pending iteratee and its resolve. */
  private promise: Promise<Iteratee<E, A>> | undefined = undefined
  private resolvePromise: ((it: Iteratee<E, A>) => void) | undefined = undefined

  /**
   * `lazy`: the pending iteratee waits on the outcome itself, a `Hold` (see ./iteratee), so that neither it nor what
   * is derived from it makes a promise until somebody awaits it (a broadcast holds one per subscriber for as long as
   * the subscriber stays); otherwise it starts at once, as `Iteratee.flatten`'s does.
   */
  constructor(private readonly lazy: boolean = false) {
    super()
  }

  /** Whether `finish` was called. */
  get finished(): boolean {
    return this.result !== undefined
  }

  /** Records the iteratee the enumeration finishes with; false when it had finished already. */
  finish(it: Iteratee<E, A>): boolean {
    if (this.result !== undefined) return false
    this.result = it
    if (this.resolvePromise !== undefined) this.resolvePromise(it)
    // what waits on the hold goes on in a microtask, as it would after a promise: never inside the caller's step
    if (this.held) queueMicrotask(() => this.resolve(it))
    return true
  }

  /** The iteratee `finish` recorded, or a pending iteratee that becomes it. */
  iteratee(): Iteratee<E, A> {
    if (this.result !== undefined) return this.result
    if (this.lazy) return this.pending<E, A>()
    this.promise ??= new Promise<Iteratee<E, A>>((resolve) => (this.resolvePromise = resolve))
    return I.flatten(this.promise)
  }
}

/** The channel of a broadcast or a unicast, from the two operations each form implements. */
export const channelOf = <E>(pushInput: (input: Input<E>) => void, end: (error?: unknown) => void): Channel<E> => ({
  push: (e) => pushInput(In.El(e)),
  pushInput,
  end,
  eofAndEnd: () => {
    pushInput(In.EOF)
    end()
  }
})

/**
 * The channel `unicast` hands to `onStart`, with what a producer needs for backpressure: `Enumerator.outputStream`
 * (../streams) must wait for the iteratee before it takes more writes. `Concurrent.unicast`'s channel stays Play's
 * `Channel` (the same object, seen through the public type).
 */
export interface UnicastChannel<E> extends Channel<E> {
  /** A promise that settles when the iteratee has taken everything pushed so far (`undefined`: it has). */
  whenIdle(): Promise<void> | undefined
  /** Whether pushes are ignored from now on: the iteratee is done or failed, or the channel ended. */
  isClosed(): boolean
}

/** `Concurrent.unicast`, with the channel that `Enumerator.outputStream` needs. */
export const unicastWith = <E>(
  onStart: (channel: UnicastChannel<E>) => void,
  onComplete: () => void = noop,
  onError: (msg: string, input: Input<E>) => void = noop
): C.Enumerator<E> =>
  new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    const outcome = new Outcome<E, A>()
    let unlisten: (() => void) | undefined
    const finish = (x: Iteratee<E, A>): void => {
      if (outcome.finish(x) && unlisten !== undefined) unlisten()
    }
    /** The iteratee after everything pushed so far; it takes no more once `open` is false. */
    let state: Iteratee<E, A> = force(
      I.whenKnown(it, (k) => {
        if (!I.isCont(k)) finish(k)
        return k
      })
    )
    let open = true
    /** Play calls onComplete / onError when a push leaves the iteratee Done / Error. */
    const afterPush = (n: Iteratee<E, A>): Iteratee<E, A> => {
      // already over (the consumer left while this push waited): the callbacks ran, or must not
      if (I.isCont(n) || outcome.finished) return n
      open = false
      try {
        if (I.isDone(n)) onComplete()
        else onError(I.messageOf(n), I.inputOf(n))
        finish(n)
      } catch (thrown) {
        finish(I.failure<E, A>(thrown))
      }
      return n
    }
    const pushInput = (input: Input<E>): void => {
      if (!open) return
      // a push waits for the ones before it; once one has left the iteratee done, the rest pass by
      state = force(I.whenKnown(state, (k) => (I.isCont(k) ? force(I.whenKnown(I.step(k, input), afterPush)) : k)))
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
          if (I.isCont(k)) finish(error === undefined ? k : I.failure<E, A>(error))
          return k
        })
      )
    }
    const channel: UnicastChannel<E> = {
      ...channelOf(pushInput, end),
      whenIdle: () => {
        const s = I.settle(state)
        return I.isPending(s) ? I.known(s).then(noop) : undefined
      },
      isClosed: () => !open || outcome.finished
    }
    try {
      onStart(channel)
    } catch (thrown) {
      return I.failure<E, A>(thrown)
    }
    // a consumer that goes away (its HTTP client left) completes the channel at once, even if nothing is pushed
    if (!outcome.finished) {
      if (life.ended()) leave()
      else unlisten = life.onEnd(leave)
    }
    return outcome.iteratee()
  })
