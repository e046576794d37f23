/**
 * `Writeable<A>` says how a value of type `A` becomes the bytes of an HTTP body (or of one chunk of a chunked body),
 * and which `Content-Type` such a body has by default.
 *
 * ```
 *   a: A ──toBytes──▶ Uint8Array | string (UTF-8) ──res.write──▶ socket
 * ```
 *
 * `toBytes` may return a string: it is written as UTF-8 by Node without an intermediate copy. An empty result (`''`
 * or a zero-length array) writes nothing; in a chunked body it makes no chunk.
 *
 * Laws (`Contravariant`), where `≡` means "writes the same bytes with the same content type":
 * 1. `pipe(W, contramap((a) => a)) ≡ W`
 * 2. `pipe(W, contramap(f), contramap(g)) ≡ pipe(W, contramap((x) => f(g(x))))`
 *
 * ```ts
 * import { pipe } from 'fp-ts/function'
 * import { Writeable } from './Writeable'
 *
 * interface User { readonly name: string }
 * const user: Writeable<User> = pipe(Writeable.string, Writeable.contramap((u: User) => `user ${u.name}`))
 * assert.strictEqual(user.toBytes({ name: 'kiki' }), 'user kiki')
 * assert.strictEqual(user.contentType, 'text/plain; charset=utf-8')
 * ```
 *
 * Play: `play.api.http.Writeable`.
 *
 * @since 0.1.0
 */
import type { Contravariant1 } from 'fp-ts/Contravariant'
import type { Json } from 'fp-ts/Json'
import { type Html, isHtml } from '../comet/Html'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * How a value becomes body bytes, and the body's default content type. Play: `Writeable[A]` (its `transform` is
 * `toBytes` here, and may give a string, written as UTF-8).
 *
 * @category model
 * @since 0.1.0
 */
export interface Writeable<A> {
  readonly toBytes: (a: A) => Uint8Array | string
  readonly contentType: string | undefined
}

/**
 * The kinds of values that have a default `Writeable`, picked by {@link forValue} when none is given: `Html`,
 * `string`, `Uint8Array` (a `Buffer` is one) and fp-ts `Json`.
 *
 * @category model
 * @since 0.1.0
 */
export type DefaultWriteable = Html | string | Uint8Array | Json

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Makes an instance from an encoding function and an optional content type. Play: `Writeable(transform, contentType)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const of = <A>(toBytes: (a: A) => Uint8Array | string, contentType?: string): Writeable<A> =>
  Object.freeze({ toBytes, contentType })

/**
 * The same encoding with another content type.
 *
 * @category combinators
 * @since 0.1.0
 */
export const withContentType =
  (contentType: string | undefined) =>
  <A>(fa: Writeable<A>): Writeable<A> =>
    of(fa.toBytes, contentType)

// -------------------------------------------------------------------------------------
// primitives
// -------------------------------------------------------------------------------------

/**
 * `Html` as its markup, `text/html; charset=utf-8`. Play: `Writeable.writeableOf_Content` for `Html`.
 *
 * @category primitives
 * @since 0.1.0
 */
export const html: Writeable<Html> = of((h) => h.body, 'text/html; charset=utf-8')

/**
 * Text as UTF-8, `text/plain; charset=utf-8`. Play: `Writeable.wString`.
 *
 * @category primitives
 * @since 0.1.0
 */
export const string: Writeable<string> = of((s) => s, 'text/plain; charset=utf-8')

/**
 * Bytes as they are, `application/octet-stream`. Play: `Writeable.wBytes`.
 *
 * @category primitives
 * @since 0.1.0
 */
export const bytes: Writeable<Uint8Array> = of((b) => b, 'application/octet-stream')

const jsonText = (a: Json): string => {
  const text = JSON.stringify(a)
  if (text === undefined) {
    throw new TypeError(`Writeable.json: ${Object.prototype.toString.call(a)} has no JSON representation`)
  }
  return text
}

/**
 * fp-ts `Json` values as JSON text, `application/json`. Play: `Writeable.writeableOf_JsValue`.
 *
 * @category primitives
 * @since 0.1.0
 */
export const json: Writeable<Json> = of(jsonText, 'application/json')

/**
 * The default instance for a value, from its kind: `Html` → {@link html}, string → {@link string}, `Uint8Array` →
 * {@link bytes}, anything else → {@link json}. Results built without a `Writeable` use it; a chunked result uses it
 * for each element, and takes its `Content-Type` from the first chunk it writes.
 *
 * @category utils
 * @since 0.1.0
 */
export const forValue = <A>(a: A): Writeable<A> =>
  (typeof a === 'string'
    ? string
    : a instanceof Uint8Array
      ? bytes
      : isHtml(a)
        ? html
        : json) as unknown as Writeable<A>

// -------------------------------------------------------------------------------------
// non-pipeables
// -------------------------------------------------------------------------------------

const contramap_ = <A, B>(fa: Writeable<A>, f: (b: B) => A): Writeable<B> => of((b) => fa.toBytes(f(b)), fa.contentType)

// -------------------------------------------------------------------------------------
// pipeables
// -------------------------------------------------------------------------------------

/**
 * An instance for `B` from one for `A` and a function from `B` to `A`; the content type is kept. Data-last, for
 * `pipe`. Play: `Writeable#map`.
 *
 * @category Contravariant
 * @since 0.1.0
 */
export const contramap =
  <A, B>(f: (b: B) => A) =>
  (fa: Writeable<A>): Writeable<B> =>
    contramap_(fa, f)

// -------------------------------------------------------------------------------------
// type lambdas
// -------------------------------------------------------------------------------------

/**
 * @category type lambdas
 * @since 0.1.0
 */
export const URI = 'iteratee/Writeable'

/**
 * @category type lambdas
 * @since 0.1.0
 */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind<A> {
    readonly [URI]: Writeable<A>
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The fp-ts `Contravariant` instance.
 *
 * @category instances
 * @since 0.1.0
 */
export const Contravariant: Contravariant1<URI> = {
  URI,
  contramap: contramap_
}

// -------------------------------------------------------------------------------------
// the namespace value
// -------------------------------------------------------------------------------------

/**
 * Everything above as one value, so that `Writeable` is both the type and its functions:
 * `Writeable.of`, `Writeable.string`, `Writeable.contramap`, ….
 *
 * @category namespace
 * @since 0.1.0
 */
export const Writeable: {
  readonly of: typeof of
  readonly withContentType: typeof withContentType
  readonly html: Writeable<Html>
  readonly string: Writeable<string>
  readonly bytes: Writeable<Uint8Array>
  readonly json: Writeable<Json>
  readonly forValue: typeof forValue
  readonly contramap: typeof contramap
  readonly URI: URI
  readonly Contravariant: Contravariant1<URI>
} = Object.freeze({ of, withContentType, html, string, bytes, json, forValue, contramap, URI, Contravariant })
