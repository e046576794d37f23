/**
 * Channels: the one `Concurrent.broadcast` and `Concurrent.unicast` hand out, and `unicastWith`, the unicast that
 * `Enumerator.outputStream` (../streams) is built on, with a channel that also tells when the iteratee has taken
 * what was pushed. Here rather than in ../Concurrent so that ../streams reaches it without importing a public
 * module that would then have to export it.
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

/** A promise and its resolver. */
export const deferred = <X>(): { readonly promise: Promise<X>; readonly resolve: (x: X) => void } => {
  let resolve!: (x: X) => void
  const promise = new Promise<X>((r) => (resolve = r))
  return { promise, resolve }
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
      // already over (the consumer left while this push waited): the callbacks ran, or must not
      if (n._tag === 'Cont' || result !== undefined) return n
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
    if (result === undefined) {
      if (life.ended()) leave()
      else unlisten = life.onEnd(leave)
    }
    return result !== undefined ? result : I.flatten(d.promise)
  })
