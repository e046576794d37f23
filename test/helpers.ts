/**
 * Test helpers in the spirit of Play's `IterateeSpecification`: running enumerators and
 * enumeratees to a list, iteratees that are pending (now or at every step), random chunkings
 * for fast-check, and checks that a promise settles.
 */
import * as fc from 'fast-check'
import { Cont, Done, Enumeratee, Enumerator, Input, Iteratee, Step } from '../src'

// -------------------------------------------------------------------------------------
// time
// -------------------------------------------------------------------------------------

/** A promise that resolves after `ms` milliseconds (0: after one turn of the event loop). */
export const delay = (ms = 0): Promise<void> =>
  new Promise((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms)))

/** `value`, `ms` milliseconds later. */
export const later = <A>(value: A, ms = 0): Promise<A> => delay(ms).then(() => value)

/** A promise that rejects with `error`, `ms` milliseconds later. */
export const failLater = (error: unknown, ms = 0): Promise<never> => delay(ms).then(() => Promise.reject(error))

/**
 * `p`, or a rejection saying it is still pending after `ms` milliseconds: so a test that would
 * hang says so quickly instead of running into jest's timeout. The timer does not outlive `p`.
 */
export const settlesWithin = <A>(p: Promise<A>, ms = 2000): Promise<A> => {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)
  })
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer))
}

/** Whether `p` is still pending after the event loop had `turns` turns. */
export const isStillPending = async (p: Promise<unknown>, turns = 3): Promise<boolean> => {
  let settled = false
  p.then(
    () => (settled = true),
    () => (settled = true)
  )
  for (let i = 0; i < turns; i++) await delay(0)
  return !settled
}

// -------------------------------------------------------------------------------------
// running (Play's mustEnumerateTo / mustTransformTo)
// -------------------------------------------------------------------------------------

/** The elements an enumerator produces, collected by `Iteratee.getChunks` (Play: `enumeratorChunks`). */
export const enumeratorChunks = <E>(e: Enumerator<E>): Promise<ReadonlyArray<E>> =>
  settlesWithin(e.run(Iteratee.getChunks<E>()))

/** Play's `mustEnumerateTo(out: _*)(e)`. */
export const mustEnumerateTo = async <E>(e: Enumerator<E>, expected: ReadonlyArray<E>): Promise<void> => {
  expect(await enumeratorChunks(e)).toEqual(expected)
}

/**
 * Play's `mustTransformTo(in: _*)(out: _*)(e)`: `Enumerator(...input) |>>> e &>> getChunks`.
 * `wrap` turns the inner `getChunks` into another iteratee (a pending or slow one, say).
 */
export const mustTransformTo = async <E, A>(
  t: Enumeratee<E, A>,
  input: ReadonlyArray<E>,
  expected: ReadonlyArray<A>,
  wrap: <E2, X>(it: Iteratee<E2, X>) => Iteratee<E2, X> = (it) => it
): Promise<void> => {
  expect(await settlesWithin(Enumerator.enumerate(input).run(t.transform(wrap(Iteratee.getChunks<A>()))))).toEqual(
    expected
  )
}

/**
 * Play's `mustPropagateFailure(e)`: applying the enumerator to an iteratee that throws on its
 * first input rejects.
 */
export const mustPropagateFailure = async <E>(e: Enumerator<E>, thrown: unknown = new Error('boom')): Promise<void> => {
  await rejectsWith(
    e.apply(
      Cont<E, never>(() => {
        throw thrown
      })
    ),
    thrown
  )
}

/**
 * Expects `p` to reject with `value` itself (the very object, not a wrapper), as a Play Future
 * fails with the exception that failed it.
 */
export const rejectsWith = async (p: Promise<unknown>, value: unknown): Promise<void> => {
  let caught: unknown = NOT_REJECTED
  try {
    await settlesWithin(p)
  } catch (e) {
    caught = e
  }
  expect(caught).toBe(value)
}
const NOT_REJECTED = Symbol('the promise did not reject')

// -------------------------------------------------------------------------------------
// pending iteratees
// -------------------------------------------------------------------------------------

/** `it`, but pending: `Iteratee.flatten` of a promise that resolves `ms` milliseconds later. */
export const pendingIteratee = <E, A>(it: Iteratee<E, A>, ms = 0): Iteratee<E, A> => Iteratee.flatten(later(it, ms))

/**
 * `it` with every step pending: the iteratee and each iteratee its `k` returns are delivered
 * through a promise. Done, Error, a failure and leftovers are kept; a `k` that throws
 * still throws when it is called, so drivers see the throw as they would on `it`.
 */
export const slowIteratee = <E, A>(it: Iteratee<E, A>, ms = 0): Iteratee<E, A> =>
  Iteratee.flatten(
    delay(ms).then(() =>
      it.pureFlatFold<E, A>((s) =>
        s._tag === 'Cont' ? Cont<E, A>((input) => slowIteratee(s.k(input), ms)) : Step.it<E, A>(s)
      )
    )
  )

/** `getChunks` written with `foldM` and an async step, so every step is pending. */
export const slowGetChunks = <E>(ms = 0): Iteratee<E, ReadonlyArray<E>> =>
  Iteratee.foldM<E, ReadonlyArray<E>>([], async (acc, e) => {
    await delay(ms)
    return [...acc, e]
  })

/** The ways a test tries a combinator's inner iteratee: as it is, pending once, pending at every step. */
export const variants: ReadonlyArray<readonly [string, <E, A>(it: Iteratee<E, A>) => Iteratee<E, A>]> = [
  ['synchronous', (it) => it],
  ['pending', (it) => pendingIteratee(it)],
  ['slow (every step pending)', (it) => slowIteratee(it)]
]

// -------------------------------------------------------------------------------------
// fast-check: random chunkings
// -------------------------------------------------------------------------------------

/** Splits `xs` at the given cut points (sorted, distinct, in 1..length-1). */
export const splitAt = <E>(xs: ReadonlyArray<E>, cuts: ReadonlyArray<number>): ReadonlyArray<ReadonlyArray<E>> => {
  const out: Array<ReadonlyArray<E>> = []
  let from = 0
  for (const c of cuts) {
    out.push(xs.slice(from, c))
    from = c
  }
  out.push(xs.slice(from))
  return out
}

/**
 * All the ways of splitting `xs` into non-empty consecutive chunks (for `xs` empty: no chunk).
 * The chunks, concatenated, are `xs`.
 */
export const chunkings = <E>(xs: ReadonlyArray<E>): fc.Arbitrary<ReadonlyArray<ReadonlyArray<E>>> =>
  xs.length === 0
    ? fc.constant([])
    : fc
        .uniqueArray(fc.integer({ min: 1, max: Math.max(1, xs.length - 1) }), { maxLength: xs.length - 1 })
        .map((cuts) => splitAt(xs, xs.length === 1 ? [] : [...cuts].sort((a, b) => a - b)))

/** The same, for a string: non-empty consecutive substrings. */
export const stringChunkings = (s: string): fc.Arbitrary<ReadonlyArray<string>> =>
  chunkings(Array.from(s)).map((chunks) => chunks.map((c) => c.join('')))

/** An array from `arb` together with one of its chunkings. */
export const chunked = <E>(
  arb: fc.Arbitrary<ReadonlyArray<E>>
): fc.Arbitrary<readonly [ReadonlyArray<E>, ReadonlyArray<ReadonlyArray<E>>]> =>
  arb.chain((xs) => chunkings(xs).map((cs) => [xs, cs] as const))

/** A string together with one of its chunkings. */
export const chunkedString = (
  arb: fc.Arbitrary<string> = fc.string()
): fc.Arbitrary<readonly [string, ReadonlyArray<string>]> =>
  arb.chain((s) => stringChunkings(s).map((cs) => [s, cs] as const))

// -------------------------------------------------------------------------------------
// feeding and recording
// -------------------------------------------------------------------------------------

/**
 * Feeds `chunks` one enumerator after the other, each through `apply` (no EOF), handing the
 * iteratee from one to the next: so a combinator's state must survive enumerator boundaries.
 */
export const feedChunks = async <E, A>(
  chunks: ReadonlyArray<ReadonlyArray<E>>,
  it: Iteratee<E, A>
): Promise<Iteratee<E, A>> => {
  for (const chunk of chunks) it = await settlesWithin(Enumerator.enumerate(chunk).apply(it))
  return it
}

/** An iteratee that pushes every input it gets onto `log` and is done, with the log, at EOF. */
export const recordingIteratee = <E>(log: Array<Input<E>>): Iteratee<E, ReadonlyArray<Input<E>>> => {
  const go = (): Iteratee<E, ReadonlyArray<Input<E>>> =>
    Cont((input: Input<E>) => {
      log.push(input)
      return input._tag === 'EOF' ? Done<E, ReadonlyArray<Input<E>>>(log.slice(), Input.EOF) : go()
    })
  return go()
}
