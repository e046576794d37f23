/**
 * The exception this library raises: an Error step met by `run` (Play: `RuntimeException(msg)`) or
 * given to a recovery (Play: `IterateeException`), a diverging iteratee, a one-shot source enumerated
 * twice. A user function that throws is not wrapped: as with Play's failed Future, `run`, `apply` and
 * `fold` reject with the very value it threw.
 *
 * Play: `IterateeException`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Cont, Enumerator, Err, Iteratee, IterateeError } from 'play-iteratees-ts'
 *
 * // an Error step: run rejects with an IterateeError holding its message
 * const positive: Iteratee<number, number> = Cont((input) =>
 *   input._tag === 'El' && input.e < 0 ? Err(`negative: ${input.e}`, input) : positive
 * )
 * const error = await Enumerator(1, -1).run(positive).catch((e: unknown) => e)
 * assert.ok(error instanceof IterateeError)
 * assert.equal(error.message, 'negative: -1')
 *
 * // a throw: run rejects with what was thrown, not a wrapper
 * const tooBig = new RangeError('too big')
 * const capped = Iteratee.fold(0, (s, n: number) => {
 *   if (n > 9) throw tooBig
 *   return s + n
 * })
 * await assert.rejects(Enumerator(1, 10).run(capped), (e) => e === tooBig)
 * ```
 *
 * @play play.api.libs.iteratee.IterateeException
 * @category model
 * @since 0.1.0
 */
export class IterateeError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options)
    this.name = 'IterateeError'
  }
}
