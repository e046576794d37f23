/**
 * Comet, CometMessage, Html and EventSource: platform-free (no node:http here).
 *
 * @since 0.1.0
 */
import * as CM from './CometMessage'

export { Comet, defaultInitialChunk } from './Comet'
export type { CometOptions } from './Comet'
export { EventSource } from './EventSource'
export type { EventSourceOptions, EventField } from './EventSource'
export type { Event as ServerSentEvent } from './eventSourceFrame'
export { Html, HtmlFormat, html, isHtml } from './Html'
export type { HtmlInterpolation } from './Html'

/**
 * The type class saying how a value becomes a JavaScript message, the argument of the Comet callback.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CometMessage } from 'play-iteratees-ts'
 * const flag: CometMessage<boolean> = CometMessage.of((b) => (b ? 'true' : 'false'))
 * assert.strictEqual(flag.toJavascriptMessage(false), 'false')
 * ```
 *
 * @play play.api.libs.Comet.CometMessage
 */
export type CometMessage<A> = CM.CometMessage<A>

/**
 * The `CometMessage` instances and how to make more.
 *
 * `CometMessage.of`, the `string` and `json` instances, `fromEncoder`, `contramap` and the fp-ts `Contravariant`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { Comet, CometMessage, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * interface Score { readonly team: string; readonly points: number }
 * const score = pipe(CometMessage.json, CometMessage.contramap((s: Score) => ({ [s.team]: s.points })))
 * const [, chunk] = await Enumerator<Score>({ team: 'red', points: 3 })
 *   .through(Comet({ callback: 'parent.score', initialChunk: Html('') }, score))
 *   .run(Iteratee.getChunks())
 * assert.strictEqual(chunk.body, '<script type="text/javascript">parent.score({"red":3});</script>')
 * ```
 *
 * @play play.api.libs.Comet.CometMessage
 */
export const CometMessage = {
  /**
   * Makes an instance from a function that writes a JavaScript literal or JSON.
   *
   * @play play.api.libs.Comet.CometMessage.apply
   */
  of: CM.of,
  /** Strings as single-quoted JavaScript string literals. @play play.api.libs.Comet.CometMessage.stringMessages */
  string: CM.string,
  /** JSON for fp-ts `Json` values. @play play.api.libs.Comet.CometMessage.jsonMessages */
  json: CM.json,
  /**
   * Writes the JSON form of what an io-ts encoder or codec produces.
   *
   * @play none — io-ts encoders are this port's; Play writes JSON with `CometMessage.jsonMessages`
   */
  fromEncoder: CM.fromEncoder,
  /**
   * An instance for `B` from one for `A` and a function from `B` to `A`.
   *
   * @play none — Play 2.4's `CometMessage` is a plain case class; this is the fp-ts `Contravariant` map
   */
  contramap: CM.contramap,
  /** The key of `CometMessage` in fp-ts's registry of type constructors. @play none — fp-ts plumbing */
  URI: CM.URI,
  /** The fp-ts `Contravariant` instance. @play none — fp-ts type class instance; Play has no counterpart */
  Contravariant: CM.Contravariant
} as const
