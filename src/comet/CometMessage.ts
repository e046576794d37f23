/**
 * `CometMessage<A>` says how a value of type `A` is written as a JavaScript expression, the argument of the Comet
 * callback in `<script type="text/javascript">CALLBACK(MESSAGE);</script>`.
 *
 * ```
 *   a: A ──toJavascriptMessage──▶ 'kiki' ──scriptSafe──▶ 'kiki' ──cometScript──▶ <script …>cb('kiki');</script>
 * ```
 *
 * Whatever instance wrote the text, Comet passes it through `scriptSafe` (see `toScriptMessage`), so an instance only
 * has to write a correct JavaScript literal or JSON; it cannot let a message end the script element. An instance must
 * not write operators or calls: the text is code in the page.
 *
 * Laws (`Contravariant`), where `≡` means "writes the same text":
 * 1. `pipe(M, contramap((a) => a)) ≡ M`
 * 2. `pipe(M, contramap(f), contramap(g)) ≡ pipe(M, contramap((x) => f(g(x))))`
 *
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { CometMessage } from 'play-iteratees-ts'
 *
 * interface User { readonly name: string }
 * const user: CometMessage<User> = pipe(CometMessage.string, CometMessage.contramap((u: User) => u.name))
 * assert.strictEqual(user.toJavascriptMessage({ name: 'kiki' }), "'kiki'")
 * ```
 *
 * Play: `play.api.libs.Comet.CometMessage`.
 *
 * @since 0.1.0
 */
import type { Contravariant1 } from 'fp-ts/Contravariant'
import type { Json } from 'fp-ts/Json'

/**
 * `A` itself when it is JSON: strings, finite numbers, booleans, null, and arrays and objects of those (an
 * `interface` too, not only a type alias with an index signature); a property that may be `undefined` is left out
 * by `JSON.stringify`, as it is. A function, a symbol or a `bigint` anywhere in `A` makes it `never`, so that
 * `Comet.json` refuses it.
 *
 * @example
 * ```ts
 * import type { JsonCompatible } from 'play-iteratees-ts'
 * interface Said {
 *   readonly from: string
 *   readonly at: number
 * }
 * const ok: JsonCompatible<Said> = { from: 'ann', at: 1 }
 * void ok
 * ```
 *
 * @play none — Play's JSON instance takes play-json's `JsValue`
 */
export type JsonCompatible<A> = A extends string | number | boolean | null
  ? A
  : A extends (...args: never) => unknown
    ? never
    : A extends symbol | bigint
      ? never
      : A extends ReadonlyArray<infer X>
        ? ReadonlyArray<JsonCompatible<X>>
        : { readonly [K in keyof A]: A[K] extends undefined ? A[K] : JsonCompatible<A[K]> }
import jsesc from 'jsesc'
import { assertCallback, scriptSafe, show } from './scriptSafe'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a value becomes the JavaScript expression passed to the Comet callback.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CometMessage } from 'play-iteratees-ts'
 * const flag: CometMessage<boolean> = { toJavascriptMessage: (b) => (b ? 'true' : 'false') }
 * assert.strictEqual(flag.toJavascriptMessage(true), 'true')
 * ```
 *
 * @play play.api.libs.Comet.CometMessage
 * @category model
 * @since 0.1.0
 */
export interface CometMessage<A> {
  /**
   * The JavaScript text of a value: a literal or JSON, never an operator or a call.
   *
   * @play play.api.libs.Comet.CometMessage#toJavascriptMessage
   */
  readonly toJavascriptMessage: (a: A) => string
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Makes an instance from a function that writes a JavaScript literal or JSON.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, CometMessage, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * // a point as a JavaScript array literal
 * const point = CometMessage.of(([x, y]: readonly [number, number]) => `[${x},${y}]`)
 * assert.strictEqual(point.toJavascriptMessage([3, 4]), '[3,4]')
 * const [, chunk] = await Enumerator<readonly [number, number]>([3, 4])
 *   .through(Comet({ callback: 'parent.moveTo', initialChunk: Html('') }, point))
 *   .run(Iteratee.getChunks())
 * assert.strictEqual(chunk.body, '<script type="text/javascript">parent.moveTo([3,4]);</script>')
 * ```
 *
 * @play play.api.libs.Comet.CometMessage.apply
 * @category constructors
 * @since 0.1.0
 */
export const of = <A>(toJavascriptMessage: (a: A) => string): CometMessage<A> => ({ toJavascriptMessage })

// JSON text holds non-ASCII characters and `<`, `>`, `&` only inside strings, never after an escaping backslash, so
// each can become a `\uXXXX` escape one code unit at a time. Non-ASCII goes too, so the message reads the same
// whatever charset the page is decoded with, and a lone surrogate stays a lone surrogate.
const jsonUnsafe = /[\u007f-\uffff<>&]/g

const unicodeEscape = (c: string): string => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')

// A JSON object is also a JavaScript object literal, except for one key: in a literal, `"__proto__": v` sets the
// prototype instead of making a property (and twice is a SyntaxError). A computed key makes a plain property, as
// JSON.parse does. The pattern cannot match inside a string: there every `"` is written `\"`.
const protoKey = /([{,])"__proto__":/g

// One path for `json` and `fromEncoder`: JSON.stringify decides what the value is as JSON (toJSON, undefined fields
// dropped, -0 as 0, NaN as null), which is what "treated as JSON" means; jsesc's json mode differs on some of these
// (it writes an undefined field as null) and is an order of magnitude slower.
const jsonToJavascript = (u: unknown): string => {
  const text = JSON.stringify(u)
  if (text === undefined) {
    throw new TypeError(`CometMessage.json: ${Object.prototype.toString.call(u)} has no JSON representation`)
  }
  return text.replace(jsonUnsafe, unicodeEscape).replace(protoKey, '$1["__proto__"]:')
}

/**
 * Writes the JSON form of what an io-ts encoder or codec produces.
 *
 * Either generation works: a classic `t.type({…})`
 * (`Encoder<A, O>`) or an experimental `Encoder<O, A>` / `Codec`. The output is read as JSON, so it is what
 * `JSON.stringify` makes of it; an output with no JSON form (undefined, a function) is a `TypeError`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'io-ts/Encoder'
 * import { CometMessage } from 'play-iteratees-ts'
 * const isoDate: E.Encoder<string, Date> = { encode: (d) => d.toISOString() }
 * const chatLine = E.struct({ at: isoDate, text: E.id<string>() })
 * const message = CometMessage.fromEncoder(chatLine)
 * assert.strictEqual(
 *   message.toJavascriptMessage({ at: new Date(Date.UTC(2024, 0, 1)), text: 'hi' }),
 *   '{"at":"2024-01-01T00:00:00.000Z","text":"hi"}'
 * )
 * ```
 *
 * @play none — Play writes JSON with `CometMessage.jsonMessages` after a `Writes`; io-ts encoders are this port's
 * @category constructors
 * @since 0.1.0
 */
export const fromEncoder = <A>(encoder: { readonly encode: (a: A) => unknown }): CometMessage<A> =>
  of((a) => jsonToJavascript(encoder.encode(a)))

// -------------------------------------------------------------------------------------
// primitives
// -------------------------------------------------------------------------------------

// A string of printable ASCII other than ' \ < > & is one that jsesc writes as it is: its literal is the string in
// quotes (a test checks this against jsesc for every code unit). Most messages are such, and this spares them jsesc's
// per-character work (about 0.6 µs a message: most of the gap between Comet and a raw res.write loop).
const plainLiteral = /^[\x20-\x25\x28-\x3b\x3d\x3f-\x5b\x5d-\x7e]*$/

/**
 * Strings as single-quoted JavaScript string literals, as Play writes them (`'kiki'`).
 *
 * Every non-ASCII code unit is escaped, so
 * lone surrogates and U+2028/U+2029 survive, and so does any charset.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CometMessage } from 'play-iteratees-ts'
 * assert.strictEqual(CometMessage.string.toJavascriptMessage('kiki'), "'kiki'")
 * assert.strictEqual(CometMessage.string.toJavascriptMessage("l'été"), String.raw`'l\'\xE9t\xE9'`)
 * ```
 *
 * @play play.api.libs.Comet.CometMessage.stringMessages
 * @category primitives
 * @since 0.1.0
 */
export const string: CometMessage<string> = of((s) =>
  plainLiteral.test(s) ? "'" + s + "'" : jsesc(s, { quotes: 'single', wrap: true, isScriptContext: true })
)

/**
 * JSON for fp-ts `Json` values.
 *
 * `-0` is written `0`, as in JSON. Unlike Play's, a `</script>` inside a string
 * cannot end the script element.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CometMessage } from 'play-iteratees-ts'
 * assert.strictEqual(CometMessage.json.toJavascriptMessage({ n: 1, tags: ['a'] }), '{"n":1,"tags":["a"]}')
 * // markup inside strings is escaped, and reads back the same in the page
 * assert.strictEqual(CometMessage.json.toJavascriptMessage('</script>'), String.raw`"\u003C/script\u003E"`)
 * ```
 *
 * @play play.api.libs.Comet.CometMessage.jsonMessages
 * @category primitives
 * @since 0.1.0
 */
export const json: CometMessage<Json> = of(jsonToJavascript)

// -------------------------------------------------------------------------------------
// non-pipeables
// -------------------------------------------------------------------------------------

const contramap_ = <A, B>(fa: CometMessage<A>, f: (b: B) => A): CometMessage<B> =>
  of((b) => fa.toJavascriptMessage(f(b)))

// -------------------------------------------------------------------------------------
// pipeables
// -------------------------------------------------------------------------------------

/**
 * An instance for `B` from one for `A` and a function from `B` to `A`.
 *
 * Data-last, for `pipe`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { CometMessage } from 'play-iteratees-ts'
 * interface Tick { readonly symbol: string; readonly price: number }
 * const tick = pipe(CometMessage.json, CometMessage.contramap((t: Tick) => [t.symbol, t.price]))
 * assert.strictEqual(tick.toJavascriptMessage({ symbol: 'ACME', price: 12.5 }), '["ACME",12.5]')
 * ```
 *
 * @play none — Play 2.4's `CometMessage` is a plain case class; this is the fp-ts `Contravariant` map
 * @category Contravariant
 * @since 0.1.0
 */
export const contramap =
  <A, B>(f: (b: B) => A) =>
  (fa: CometMessage<A>): CometMessage<B> =>
    contramap_(fa, f)

// -------------------------------------------------------------------------------------
// type lambdas
// -------------------------------------------------------------------------------------

/**
 * The key of `CometMessage` in fp-ts's registry of type constructors, for higher-kinded code.
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category type lambdas
 * @since 0.1.0
 */
export const URI = 'iteratee/CometMessage'

/**
 * The type of `URI`.
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category type lambdas
 * @since 0.1.0
 */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind<A> {
    readonly [URI]: CometMessage<A>
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The fp-ts `Contravariant` instance, for code generic over contravariant functors.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CometMessage } from 'play-iteratees-ts'
 * const length = CometMessage.Contravariant.contramap(CometMessage.json, (s: string) => s.length)
 * assert.strictEqual(length.toJavascriptMessage('kiki'), '4')
 * ```
 *
 * @play none — fp-ts type class instance; Play has no counterpart
 * @category instances
 * @since 0.1.0
 */
export const Contravariant: Contravariant1<URI> = {
  URI,
  contramap: contramap_
}

// -------------------------------------------------------------------------------------
// namespace
// -------------------------------------------------------------------------------------

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
export const CometMessage = { of, string, json, fromEncoder, contramap, URI, Contravariant } as const

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/**
 * Internal: the message for a value, made safe for a script element. Every instance goes through here, built-in or
 * not, so none can open a hole.
 *
 * @internal Plumbing of `Comet` and its tests; not re-exported from `play-iteratees-ts/comet`.
 * @category utils
 * @since 0.1.0
 */
export const toScriptMessage = <A>(M: CometMessage<A>, a: A): string => scriptSafe(M.toJavascriptMessage(a))

// base64 and base64url characters with up to two `=`: CSP's nonce-source grammar, and nothing that could leave an
// attribute value.
const nonceSource = /^[A-Za-z0-9+/_-]+={0,2}$/

/**
 * Internal: validates the callback and nonce once and returns the function that wraps a message in its script
 * element, `<script type="text/javascript">CALLBACK(MESSAGE);</script>`. Throws a `TypeError` for a callback that
 * is not a dotted name or a nonce that is not base64. Play: the chunk `Comet.apply` writes.
 *
 * @internal Used by `Comet` (`./Comet`) to build its chunks; not re-exported from `play-iteratees-ts/comet`.
 * @category utils
 * @since 0.1.0
 */
export const cometScripter = (callback: string, nonce?: string): ((message: string) => string) => {
  const open = cometOpening(callback, nonce)
  return (message) => cometChunk(open, message)
}

/**
 * Internal: throws a `TypeError` for a callback that is not a dotted name or a nonce that is not base64, as
 * `cometScripter` does.
 *
 * @internal Used by `Comet` (`./Comet`), which checks its options when it is built; not re-exported.
 * @category utils
 * @since 0.1.0
 */
export const assertCometTarget = (callback: string, nonce?: string): void => {
  assertCallback(callback)
  if (nonce !== undefined && (typeof nonce !== 'string' || !nonceSource.test(nonce))) {
    throw new TypeError(`Comet nonce must be base64 or base64url characters, got ${show(nonce)}`)
  }
}

/**
 * Internal: what a script element starts with, `<script type="text/javascript">CALLBACK(`, for `cometChunk`, from a
 * callback and nonce that `assertCometTarget` accepted.
 *
 * @internal Used by `Comet` (`./Comet`), whose rendering builds it once, when it first renders; not re-exported.
 * @category utils
 * @since 0.1.0
 */
export const scriptOpening = (callback: string, nonce?: string): string =>
  `<script type="text/javascript"${nonce === undefined ? '' : ` nonce="${nonce}"`}>${callback}(`

/**
 * Internal: validates the callback and nonce (`assertCometTarget`) and returns `scriptOpening`.
 *
 * @internal Used by `cometScripter`; not re-exported.
 * @category utils
 * @since 0.1.0
 */
export const cometOpening = (callback: string, nonce?: string): string => {
  assertCometTarget(callback, nonce)
  return scriptOpening(callback, nonce)
}

/**
 * Internal: a message in its script element, after `open` from `cometOpening`.
 *
 * @internal Used by `Comet` (`./Comet`); not re-exported.
 * @category utils
 * @since 0.1.0
 */
export const cometChunk = (open: string, message: string): string =>
  // scriptSafe again costs one test when the message came from toScriptMessage, and protects a caller that forgot.
  open + scriptSafe(message) + ');</script>'

/**
 * Internal: one message in its script element, `<script type="text/javascript">CALLBACK(MESSAGE);</script>`, with a
 * ` nonce="…"` attribute when a nonce is given. See `cometScripter` to validate once for many messages.
 *
 * @internal A one-shot form of `cometScripter` for the tests (the browser tests run its output); not re-exported.
 * @category utils
 * @since 0.1.0
 */
export const cometScript = (callback: string, message: string, nonce?: string): string =>
  cometScripter(callback, nonce)(message)
