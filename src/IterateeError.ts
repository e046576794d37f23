/**
 * The exception this library raises: an Error step met by `run`, a diverging iteratee, a one-shot
 * source enumerated twice, or a user function that threw (kept as `cause`).
 *
 * Play: `IterateeException`.
 *
 * @category model
 * @since 0.1.0
 */
export class IterateeError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options)
    this.name = 'IterateeError'
  }
}

/** The message of anything thrown, for an Error step made from it. @internal */
export const messageOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : String(thrown)

/** The rejection a public Promise carries for a failure: an `IterateeError` keeping the original. @internal */
export const toIterateeError = (msg: string, cause: unknown): IterateeError =>
  cause instanceof IterateeError ? cause : new IterateeError(msg, cause === undefined ? undefined : { cause })
