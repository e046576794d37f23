/**
 * HTML text as a value, so that markup and plain text cannot be confused: a `string` is text and gets escaped, an
 * `Html` is markup and is written as it is. Comet chunks are `Html`, and a `Writeable` serves them as
 * `text/html; charset=utf-8`.
 *
 * ```ts
 * import assert from 'node:assert'
 * import { html, HtmlFormat } from 'play-iteratees-ts'
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
 * A piece of HTML text, trusted as markup. Immutable.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Html, html } from 'play-iteratees-ts'
 * const greeting: Html = html`<p>Hello, ${'<Ann>'}</p>`
 * assert.strictEqual(greeting.body, '<p>Hello, &lt;Ann&gt;</p>')
 * assert.strictEqual(`${greeting}`, greeting.body)
 * ```
 *
 * @play play.twirl.api.Html
 * @category model
 * @since 0.1.0
 */
export interface Html {
  /** The brand: a look-alike object is not an `Html`, for the type checker as for `isHtml`. */
  readonly [HtmlTypeId]: typeof HtmlTypeId
  /** Tells an `Html` from other values in a union. @play none — Scala tells them apart by class */
  readonly _tag: 'Html'
  /** The markup. @play play.twirl.api.Html#body */
  readonly body: string
  /** The markup, so that `${html}` in a template string gives it. @play play.twirl.api.Html#toString */
  readonly toString: () => string
}

/**
 * The key of the brand of `Html`: declared only (it has no run-time value) and exported by no entry point, so that a
 * look-alike object is no `Html` for the type checker, as it is none for `isHtml`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Html, isHtml } from 'play-iteratees-ts'
 * // @ts-expect-error a look-alike lacks the brand, and so is no Html
 * const fake: Html = { _tag: 'Html', body: '<script>', toString: () => '<script>' }
 * assert.strictEqual(isHtml(fake), false)
 * assert.strictEqual(isHtml(Html('<p>')), true)
 * ```
 *
 * @play none — Twirl's `Html` is a class, nominal in Scala; a TypeScript interface needs a brand to be
 */
declare const HtmlTypeId: unique symbol

// A class, not an object literal, so that `isHtml` can rely on `instanceof`: a structural test would accept any
// `{ _tag: 'Html', body }` that came from JSON, and treat attacker-controlled text as markup.
class HtmlImpl implements Html {
  declare readonly [HtmlTypeId]: typeof HtmlTypeId
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
 * Wraps text that already is HTML; nothing is escaped.
 *
 * Call it without `new`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * const page = Html('<!doctype html><html><body>')
 * assert.strictEqual(page.body, '<!doctype html><html><body>')
 * // for instance, a Comet response that starts without Play's 5 KiB of padding
 * const comet = Comet({ callback: 'log', initialChunk: page })
 * const [first] = await Enumerator('hi').through(comet).run(Iteratee.getChunks())
 * assert.strictEqual(first, page)
 * ```
 *
 * @play play.twirl.api.Html.apply
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
 * A look-alike object (say, `{ _tag: 'Html', body }` parsed from JSON) is not one, so text that came from outside
 * is never taken for markup.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Html, isHtml } from 'play-iteratees-ts'
 * assert.strictEqual(isHtml(Html('<b>hi</b>')), true)
 * assert.strictEqual(isHtml(JSON.parse('{"_tag":"Html","body":"<script>"}')), false)
 * ```
 *
 * @play none — Scala tests the class (`case h: Html =>`); this type guard stands for it
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

/** Text as HTML, with `&`, `<`, `>`, `"` and `'` escaped. @play play.twirl.api.HtmlFormat.escape */
const escape = (text: string): Html => Html(escapeText(String(text)))

/** Text trusted as HTML, unchanged (same as `Html(text)`). @play play.twirl.api.HtmlFormat.raw */
const raw: (text: string) => Html = Html

/** The empty `Html`. @play play.twirl.api.HtmlFormat.empty */
const empty: Html = Html('')

/** The concatenation of some `Html` values. @play play.twirl.api.HtmlFormat.fill */
const fill = (items: ReadonlyArray<Html>): Html => Html(items.map((h) => h.body).join(''))

/**
 * Builds `Html` values.
 *
 * - `escape(text)`: text as HTML, with `&`, `<`, `>`, `"` and `'` written as character references (Twirl's table).
 * - `raw(text)`: text trusted as HTML, unchanged (same as `Html(text)`).
 * - `empty`: the empty `Html`.
 * - `fill(items)`: the concatenation of some `Html` values.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { HtmlFormat } from 'play-iteratees-ts'
 * const items = ['tea', 'milk & honey'].map((t) => HtmlFormat.fill([HtmlFormat.raw('<li>'), HtmlFormat.escape(t)]))
 * assert.strictEqual(HtmlFormat.fill(items).body, '<li>tea<li>milk &amp; honey')
 * assert.strictEqual(HtmlFormat.empty.body, '')
 * ```
 *
 * @play play.twirl.api.HtmlFormat
 * @category HtmlFormat
 * @since 0.1.0
 */
export const HtmlFormat = { escape, raw, empty, fill } as const

// -------------------------------------------------------------------------------------
// html template
// -------------------------------------------------------------------------------------

/**
 * What `html` accepts between `${` and `}`: text (escaped), numbers, `Html` (kept), or arrays of these (joined).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { html, type HtmlInterpolation } from 'play-iteratees-ts'
 * const cells: HtmlInterpolation = [1, 'a<b'].map((c) => html`<td>${c}</td>`)
 * assert.strictEqual(html`<tr>${cells}</tr>`.body, '<tr><td>1</td><td>a&lt;b</td></tr>')
 * ```
 *
 * @play none — what a Twirl template accepts after `@`, which Scala's types decide
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
 * A tagged template for `Html`: the literal parts are markup, interpolated strings are escaped.
 *
 * Interpolated `Html` values are kept as they are, and arrays of either are joined.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { html } from 'play-iteratees-ts'
 * const user = { name: 'Ann "the <b>"', score: 3 }
 * const badge = html`<span title="${user.name}">${user.score}</span>`
 * assert.strictEqual(badge.body, '<span title="Ann &quot;the &lt;b&gt;&quot;">3</span>')
 * ```
 *
 * @play none — Twirl templates (`@value` in a `.scala.html` file) do this in Play
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
