/**
 * HTML text as a value, so that markup and plain text cannot be confused: a `string` is text and gets escaped, an
 * `Html` is markup and is written as it is. Comet chunks are `Html`, and a `Writeable` serves them as
 * `text/html; charset=utf-8`.
 *
 * ```ts
 * import { html, HtmlFormat } from './Html'
 *
 * const name = '<b>Ann</b>'
 * assert.strictEqual(html`<p>${name}</p>`.body, '<p>&lt;b&gt;Ann&lt;/b&gt;</p>')
 * assert.strictEqual(html`<p>${HtmlFormat.raw(name)}</p>`.body, '<p><b>Ann</b></p>')
 * ```
 *
 * Play: `play.twirl.api.Html`, `play.twirl.api.HtmlFormat`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A piece of HTML text, trusted as markup. Immutable. Play: `play.twirl.api.Html`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Html {
  readonly _tag: 'Html'
  readonly body: string
  readonly toString: () => string
}

// A class, not an object literal, so that `isHtml` can rely on `instanceof`: a structural test would accept any
// `{ _tag: 'Html', body }` that came from JSON, and treat attacker-controlled text as markup.
class HtmlImpl implements Html {
  readonly _tag = 'Html' as const
  constructor(readonly body: string) {
    Object.freeze(this)
  }
  toString(): string {
    return this.body
  }
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Wraps text that already is HTML; nothing is escaped. Call it without `new`. Play: `Html(text)`.
 *
 * @category constructors
 * @since 0.1.0
 */
export const Html = (body: string): Html => new HtmlImpl(String(body))

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether a value is an `Html` made by this module.
 *
 * @category refinements
 * @since 0.1.0
 */
export const isHtml = (u: unknown): u is Html => u instanceof HtmlImpl

// -------------------------------------------------------------------------------------
// HtmlFormat
// -------------------------------------------------------------------------------------

const entities: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;'
}

// Escaped text is safe in element content and in quoted attribute values (either quote).
const escapeText = (text: string): string => text.replace(/[&<>"']/g, (c) => entities[c])

const emptyHtml: Html = Html('')

const fill = (items: ReadonlyArray<Html>): Html => Html(items.map((h) => h.body).join(''))

/**
 * Builds `Html` values. Play: `play.twirl.api.HtmlFormat`.
 *
 * - `escape(text)`: text as HTML, with `&`, `<`, `>`, `"` and `'` written as character references (Twirl's table).
 * - `raw(text)`: text trusted as HTML, unchanged (same as `Html(text)`).
 * - `empty`: the empty `Html`.
 * - `fill(items)`: the concatenation of some `Html` values.
 *
 * @category HtmlFormat
 * @since 0.1.0
 */
export const HtmlFormat: {
  readonly escape: (text: string) => Html
  readonly raw: (text: string) => Html
  readonly empty: Html
  readonly fill: (items: ReadonlyArray<Html>) => Html
} = Object.freeze({
  escape: (text: string): Html => Html(escapeText(String(text))),
  raw: Html,
  empty: emptyHtml,
  fill
})

// -------------------------------------------------------------------------------------
// html template
// -------------------------------------------------------------------------------------

/**
 * What `html` accepts between `${` and `}`: text (escaped), numbers, `Html` (kept), or arrays of these (joined).
 *
 * @category html template
 * @since 0.1.0
 */
export type HtmlInterpolation = string | number | Html | ReadonlyArray<HtmlInterpolation>

const interpolate = (value: HtmlInterpolation): string => {
  if (typeof value === 'string') return escapeText(value)
  if (typeof value === 'number') return String(value)
  if (isHtml(value)) return value.body
  if (Array.isArray(value)) return value.map(interpolate).join('')
  // JavaScript callers can pass anything; refusing beats printing `[object Object]` or `undefined` into a page.
  throw new TypeError(`html: cannot interpolate ${Object.prototype.toString.call(value)}`)
}

/**
 * A tagged template for `Html`: the literal parts are markup, interpolated strings are escaped, interpolated `Html`
 * values are kept as they are, and arrays of either are joined. Play: a Twirl template's `@value`.
 *
 * @category html template
 * @since 0.1.0
 */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<HtmlInterpolation>): Html => {
  let out = strings[0] ?? strings.raw[0]
  for (let i = 0; i < values.length; i++) {
    out += interpolate(values[i]) + (strings[i + 1] ?? strings.raw[i + 1])
  }
  return Html(out)
}
