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
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { Writeable } from 'play-iteratees-ts'
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
 * How a value becomes body bytes, and the body's default content type.
 *
 * Play's `transform` is
 * `toBytes` here, and may give a string, written as UTF-8.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Ok, Writeable } from 'play-iteratees-ts'
 * const csv: Writeable<ReadonlyArray<string>> = { toBytes: (row) => row.join(',') + '\n', contentType: 'text/csv' }
 * const result = Ok(['a', 'b'], csv)
 * assert.strictEqual(result.headers['Content-Type'], 'text/csv')
 * assert.ok(result.body._tag === 'Whole' && result.body.data === 'a,b\n')
 * ```
 *
 * @play play.api.http.Writeable
 * @category model
 * @since 0.1.0
 */
export interface Writeable<A> {
  /** The bytes of a value; a string is written as UTF-8. @play play.api.http.Writeable#transform */
  readonly toBytes: (a: A) => Uint8Array | string
  /** The body's default `Content-Type`, if any. @play play.api.http.Writeable#contentType */
  readonly contentType: string | undefined
}

/**
 * The kinds of values that have a default `Writeable`: `Html`, `string`, `Uint8Array` and fp-ts `Json`.
 *
 * `Writeable.forValue` picks the instance when none is given. A `Buffer` is a `Uint8Array`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Html, Ok, type DefaultWriteable } from 'play-iteratees-ts'
 * const bodies: Array<DefaultWriteable> = [Html('<p>hi</p>'), 'hi', Uint8Array.of(104, 105), { hi: true }]
 * assert.deepStrictEqual(
 *   bodies.map((b) => Ok(b).headers['Content-Type']),
 *   ['text/html; charset=utf-8', 'text/plain; charset=utf-8', 'application/octet-stream', 'application/json']
 * )
 * ```
 *
 * @play none — Play finds the instance by implicit resolution; these are the types that have one here
 * @category model
 * @since 0.1.0
 */
export type DefaultWriteable = Html | string | Uint8Array | Json

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Makes an instance from an encoding function and an optional content type.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Ok, Writeable } from 'play-iteratees-ts'
 * // newline-delimited JSON, one record a chunk
 * const ndjson = Writeable.of((record: object) => JSON.stringify(record) + '\n', 'application/x-ndjson')
 * const result = Ok.chunked(Enumerator({ id: 1 }, { id: 2 }), ndjson)
 * assert.strictEqual(result.headers['Content-Type'], 'application/x-ndjson')
 * assert.strictEqual(ndjson.toBytes({ id: 1 }), '{"id":1}\n')
 * ```
 *
 * @play play.api.http.Writeable.apply
 * @category constructors
 * @since 0.1.0
 */
export const of = <A>(toBytes: (a: A) => Uint8Array | string, contentType?: string): Writeable<A> =>
  Object.freeze({ toBytes, contentType })

/**
 * The same encoding with another content type.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { Writeable } from 'play-iteratees-ts'
 * const markdown = pipe(Writeable.string, Writeable.withContentType('text/markdown; charset=utf-8'))
 * assert.strictEqual(markdown.contentType, 'text/markdown; charset=utf-8')
 * assert.strictEqual(markdown.toBytes('# hi'), '# hi')
 * ```
 *
 * @play none — Play builds a new `Writeable(w.transform, Some(contentType))` for this
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
 * `Html` as its markup, `text/html; charset=utf-8`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { html, Writeable } from 'play-iteratees-ts'
 * assert.strictEqual(Writeable.html.toBytes(html`<b>${'a&b'}</b>`), '<b>a&amp;b</b>')
 * assert.strictEqual(Writeable.html.contentType, 'text/html; charset=utf-8')
 * ```
 *
 * @play play.api.http.Writeable.writeableOf_Content
 * @category primitives
 * @since 0.1.0
 */
export const html: Writeable<Html> = of((h) => h.body, 'text/html; charset=utf-8')

/**
 * Text as UTF-8, `text/plain; charset=utf-8`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Writeable } from 'play-iteratees-ts'
 * assert.strictEqual(Writeable.string.toBytes('héllo'), 'héllo') // Node writes it as UTF-8
 * assert.strictEqual(Writeable.string.contentType, 'text/plain; charset=utf-8')
 * ```
 *
 * @play play.api.http.Writeable.wString
 * @category primitives
 * @since 0.1.0
 */
export const string: Writeable<string> = of((s) => s, 'text/plain; charset=utf-8')

/**
 * Bytes as they are, `application/octet-stream`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { Writeable } from 'play-iteratees-ts'
 * const png = pipe(Writeable.bytes, Writeable.withContentType('image/png'))
 * assert.deepStrictEqual(png.toBytes(Uint8Array.of(0x89, 0x50)), Uint8Array.of(0x89, 0x50))
 * assert.strictEqual(Writeable.bytes.contentType, 'application/octet-stream')
 * ```
 *
 * @play play.api.http.Writeable.wBytes
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
 * fp-ts `Json` values as JSON text, `application/json`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Writeable } from 'play-iteratees-ts'
 * assert.strictEqual(Writeable.json.toBytes({ ok: true, n: [1, 2] }), '{"ok":true,"n":[1,2]}')
 * assert.strictEqual(Writeable.json.contentType, 'application/json')
 * ```
 *
 * @play play.api.http.Writeable.writeableOf_JsValue
 * @category primitives
 * @since 0.1.0
 */
export const json: Writeable<Json> = of(jsonText, 'application/json')

/**
 * The default instance for a value, from its kind.
 *
 * `Html` → {@link html}, string → {@link string}, `Uint8Array` →
 * {@link bytes}, anything else → {@link json}. Results built without a `Writeable` use it; a chunked result uses it
 * for each element, and takes its `Content-Type` from the first chunk it writes.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Html, Writeable } from 'play-iteratees-ts'
 * assert.strictEqual(Writeable.forValue(Html('<p/>')), Writeable.html)
 * assert.strictEqual(Writeable.forValue('text'), Writeable.string)
 * assert.strictEqual(Writeable.forValue([1, 2]), Writeable.json)
 * ```
 *
 * @play none — Play picks the instance at compile time, by implicit resolution on the static type
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
 * An instance for `B` from one for `A` and a function from `B` to `A`; the content type is kept.
 *
 * Data-last, for `pipe`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import { Enumerator, Ok, Writeable } from 'play-iteratees-ts'
 * interface Tick { readonly at: Date; readonly price: number }
 * const tickLine = pipe(Writeable.string, Writeable.contramap((t: Tick) => `${t.at.toISOString()} ${t.price}\n`))
 * const ticks = Enumerator<Tick>({ at: new Date(0), price: 12.5 })
 * const result = Ok.chunked(ticks, tickLine)
 * assert.strictEqual(result.headers['Content-Type'], 'text/plain; charset=utf-8')
 * assert.strictEqual(tickLine.toBytes({ at: new Date(0), price: 12.5 }), '1970-01-01T00:00:00.000Z 12.5\n')
 * ```
 *
 * @play play.api.http.Writeable#map
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
 * The key of `Writeable` in fp-ts's registry of type constructors, for higher-kinded code.
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category type lambdas
 * @since 0.1.0
 */
export const URI = 'iteratee/Writeable'

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
    readonly [URI]: Writeable<A>
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
 * import { Writeable } from 'play-iteratees-ts'
 * const count = Writeable.Contravariant.contramap(Writeable.string, (n: number) => `${n} items`)
 * assert.strictEqual(count.toBytes(3), '3 items')
 * ```
 *
 * @play none — fp-ts type class instance; Play's `Writeable#map` is `contramap`
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
 * The `Writeable` instances and how to make more, so that `Writeable` is both the type and its functions.
 *
 * `Writeable.of`, `Writeable.string`, `Writeable.contramap`, ….
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { pipe } from 'fp-ts/function'
 * import { Action, Enumerator, Ok, Writeable } from 'play-iteratees-ts'
 * // a CSV download, written row by row
 * const csvRow = pipe(
 *   Writeable.string,
 *   Writeable.contramap((row: ReadonlyArray<string | number>) => row.join(',') + '\r\n'),
 *   Writeable.withContentType('text/csv; charset=utf-8')
 * )
 * const rows = Enumerator<ReadonlyArray<string | number>>(['name', 'age'], ['kiki', 3])
 * const server = createServer(Action(() => Ok.chunked(rows, csvRow)))
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const response = await fetch(`http://127.0.0.1:${port}/export.csv`)
 * assert.strictEqual(response.headers.get('content-type'), 'text/csv; charset=utf-8')
 * assert.strictEqual(await response.text(), 'name,age\r\nkiki,3\r\n')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play play.api.http.Writeable
 * @category namespace
 * @since 0.1.0
 */
export const Writeable = {
  of,
  withContentType,
  html,
  string,
  bytes,
  json,
  forValue,
  contramap,
  URI,
  Contravariant
} as const
