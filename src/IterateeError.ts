/**
 * The exception this library raises: an Error step met by `run`, a diverging iteratee, a one-shot
 * source enumerated twice, or a user function that threw (kept as `cause`).
 *
 * Play: `IterateeException`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee, IterateeError } from 'play-iteratees-ts'
 *
 * const positiveSum = Iteratee.fold(0, (s, n: number) => {
 *   if (n < 0) throw new RangeError(`negative: ${n}`)
 *   return s + n
 * })
 * const error = await Enumerator(1, -1).run(positiveSum).catch((e: unknown) => e)
 * assert.ok(error instanceof IterateeError)
 * assert.equal(error.message, 'negative: -1')
 * assert.ok(error.cause instanceof RangeError)
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
