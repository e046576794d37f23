/**
 * Comet: a stream of messages to a browser over one long HTTP response, each delivered as a
 * `<script>` element that calls a JavaScript function of the page (the forever-iframe technique).
 *
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, Enumerator, Ok } from 'play-iteratees-ts'
 * const events = Enumerator('kiki', 'foo')
 * const result = Ok.chunked(events.through(Comet({ callback: 'parent.cometMessage' })))
 * assert.strictEqual(result.body._tag, 'Chunked')
 * ```
 *
 * The first chunk is `initialChunk` (default: 5 KiB of spaces, then `<html><body>`, so that
 * browsers start rendering at once); each message `m` then becomes
 * `<script type="text/javascript">CALLBACK(MESSAGE);</script>` where MESSAGE is the
 * `CometMessage` instance's JavaScript text for `m`, made safe for a script element.
 *
 * Play: `play.api.libs.Comet`.
 *
 * @since 0.1.0
 */
import type { Json } from 'fp-ts/Json'
import type { Enumeratee } from '../Enumeratee'
import type { Rendering } from '../internal/shared'
import { chunker, utf8Length } from './chunker'
import * as CometMessage from './CometMessage'
import { type Html, Html as makeHtml, isHtml } from './Html'
import { show } from './scriptSafe'

/**
 * The options of `Comet`: the callback, the first chunk, a CSP nonce, heartbeats and a response limit.
 *
 * Play's are `callback` and `initialChunk`; the others are this port's.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, Enumerator, Html, Iteratee, type CometOptions } from 'play-iteratees-ts'
 * const options: CometOptions = {
 *   callback: 'parent.cometMessage',
 *   initialChunk: Html('<html><body>'),
 *   nonce: 'cmFuZG9tLW5vbmNl', // the page's Content-Security-Policy allows 'nonce-cmFuZG9tLW5vbmNl'
 *   heartbeatMs: 15_000, // an HTML comment every 15 s of silence, so that proxies keep the connection
 *   responseLimit: 1_000_000 // end the response after about 1 MB; the page then reconnects
 * }
 * const chunks = await Enumerator('kiki').through(Comet(options)).run(Iteratee.getChunks())
 * assert.deepStrictEqual(chunks.map(String), [
 *   '<html><body>',
 *   `<script type="text/javascript" nonce="cmFuZG9tLW5vbmNl">parent.cometMessage('kiki');</script>`
 * ])
 * ```
 *
 * @play play.api.libs.Comet.apply — its parameters `callback` and `initialChunk`
 */
export interface CometOptions {
  /**
   * A dotted JavaScript name: the function each message is passed to (`parent.cometMessage`).
   *
   * @play play.api.libs.Comet.apply — its `callback` parameter
   */
  readonly callback: string
  /**
   * The first chunk. Default: 5 KiB of spaces, then `<html><body>`.
   *
   * @play play.api.libs.Comet.apply — its `initialChunk` parameter
   */
  readonly initialChunk?: Html
  /** A CSP nonce, put on every script element. @play none — Play 2.4's Comet writes no nonce */
  readonly nonce?: string
  /**
   * While no message comes for this long, an HTML comment is sent, so proxies keep the connection.
   *
   * @play none — Play 2.4's Comet sends no heartbeat
   */
  readonly heartbeatMs?: number
  /**
   * Bytes after which the response ends (the page reconnects), so the iframe's memory stays bounded.
   *
   * @play none — Play 2.4's Comet response never ends by itself
   */
  readonly responseLimit?: number
}

/**
 * Play's default initial chunk: 5 KiB of padding so that browsers render early, then the document.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { defaultInitialChunk } from 'play-iteratees-ts'
 * assert.strictEqual(defaultInitialChunk.body, ' '.repeat(5 * 1024) + '<html><body>')
 * ```
 *
 * @play play.api.libs.Comet.apply — the default of its `initialChunk` parameter
 */
export const defaultInitialChunk: Html = makeHtml(' '.repeat(5 * 1024) + '<html><body>')

const HEARTBEAT: Html = makeHtml('<!-- heartbeat -->')
const htmlSize = (h: Html): number => utf8Length(h.body)

/**
 * An enumeratee from strings to the Html chunks of a Comet response.
 *
 * Each string is passed to the callback as a single-quoted JavaScript string. `options` may be
 * just the callback's name. The callback (and nonce) are checked at once: anything but a dotted
 * JavaScript name is a TypeError.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * const chunks = await Enumerator('kiki')
 *   .through(Comet({ callback: 'console.log', initialChunk: Html('') }))
 *   .run(Iteratee.getChunks())
 * assert.deepStrictEqual(chunks.map(String), ['', `<script type="text/javascript">console.log('kiki');</script>`])
 * assert.throws(() => Comet('alert(1)//'), TypeError)
 * ```
 *
 * @play play.api.libs.Comet.apply
 */
function comet(options: CometOptions | string): Enumeratee<string, Html>
/**
 * An enumeratee from messages to the Html chunks of a Comet response, each written by `encoder`.
 *
 * The callback (and nonce) are checked at once: anything but a dotted JavaScript name is a TypeError.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, CometMessage, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * const celsius = CometMessage.of((t: number) => String(t))
 * const chunks = await Enumerator(21.5, 22)
 *   .through(Comet({ callback: 'parent.temperature', initialChunk: Html('') }, celsius))
 *   .run(Iteratee.getChunks())
 * assert.strictEqual(chunks[2].body, '<script type="text/javascript">parent.temperature(22);</script>')
 * ```
 *
 * @play play.api.libs.Comet.apply
 */
function comet<A, E extends A = A>(
  options: CometOptions | string,
  encoder: CometMessage.CometMessage<A>
): Enumeratee<E, Html>
function comet<E>(
  options: CometOptions | string,
  encoder: CometMessage.CometMessage<E> = CometMessage.string as unknown as CometMessage.CometMessage<E>
): Enumeratee<E, Html> {
  const o: CometOptions = typeof options === 'string' ? { callback: options } : options
  if (o === null || typeof o !== 'object') throw new TypeError(`Comet options must be an object, got ${show(o)}`)
  // a bad callback or nonce throws now, not at the first message
  CometMessage.assertCometTarget(o.callback, o.nonce)
  const initialChunk = o.initialChunk ?? defaultInitialChunk
  if (!isHtml(initialChunk)) throw new TypeError(`Comet initialChunk must be Html, got ${show(initialChunk)}`)
  if (encoder === null || typeof encoder !== 'object' || typeof encoder.toJavascriptMessage !== 'function') {
    throw new TypeError(`Comet encoder must be a CometMessage instance, got ${show(encoder)}`)
  }
  // one rendering per Comet (per response, as an action builds it): an idle connection holds it, and nothing else
  return chunker(new CometRendering(o.callback, o.nonce, encoder), {
    name: 'Comet',
    heading: initialChunk,
    heartbeatMs: o.heartbeatMs,
    beat: HEARTBEAT,
    responseLimit: o.responseLimit,
    size: htmlSize
  })
}

/**
 * How Comet renders an element: the encoder's message in a script element that calls the callback. Two Comets with
 * the same callback, nonce and encoder render alike, so a broadcast message is rendered once for all the responses
 * that show it with them (see ../internal/shared), even though each response builds its own Comet.
 */
class CometRendering<E> implements Rendering<E, Html> {
  /**
   * The script element's opening, up to the callback's parenthesis (`CometMessage.scriptOpening`), made when this
   * rendering first renders: in a broadcast, all the responses but the first send what that one rendered.
   */
  private open: string | undefined = undefined
  constructor(
    // compared by `sameAs` for every response a push reaches: the callback is most often the very same string (a
    // literal, a constant), so that is one comparison of references
    private readonly callback: string,
    private readonly nonce: string | undefined,
    private readonly encoder: CometMessage.CometMessage<E>
  ) {}
  render(e: E): Html {
    const open = (this.open ??= CometMessage.scriptOpening(this.callback, this.nonce))
    return makeHtml(CometMessage.cometChunk(open, this.encoder.toJavascriptMessage(e)))
  }
  sameAs(other: Rendering<unknown, unknown>): boolean {
    return (
      other instanceof CometRendering &&
      other.encoder === this.encoder &&
      other.callback === this.callback &&
      other.nonce === this.nonce
    )
  }
}

/**
 * Comet for strings (single-quoted JavaScript string literals).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, Enumerator, Iteratee } from 'play-iteratees-ts'
 * const [, script] = await Enumerator("it's </script>").through(Comet.string('log')).run(Iteratee.getChunks())
 * // escaped, so that the message can neither end the string nor the script element
 * assert.ok(script.body.startsWith(String.raw`<script type="text/javascript">log('it\'s \u003C`))
 * assert.strictEqual(script.body.indexOf('</script>'), script.body.length - '</script>'.length)
 * ```
 *
 * @play play.api.libs.Comet.string — Play 2.5's name; in 2.4, `Comet(callback)` with `CometMessage.stringMessages`
 */
const string = (callback: string): Enumeratee<string, Html> => comet(callback, CometMessage.string)

/**
 * Comet for JSON values: any value whose type is JSON (an fp-ts `Json`, an interface or a type alias of strings,
 * numbers, booleans, null, arrays and objects of those), its type taken from the stream it goes through.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Comet, Enumerator, Iteratee } from 'play-iteratees-ts'
 * interface Said {
 *   readonly from: string
 *   readonly text: string
 * }
 * const said: Enumerator<Said> = Enumerator({ from: 'ann', text: 'hi' })
 * const [, script] = await said.through(Comet.json('parent.said')).run(Iteratee.getChunks())
 * assert.strictEqual(script.body, '<script type="text/javascript">parent.said({"from":"ann","text":"hi"});</script>')
 * ```
 *
 * @play play.api.libs.Comet.json — Play 2.5's name; in 2.4, `Comet(callback)` with `CometMessage.jsonMessages`
 */
const json = <A = Json>(callback: JsonOnly<A, string | CometOptions>): Enumeratee<A, Html> =>
  comet(callback as string | CometOptions, CometMessage.json as CometMessage.CometMessage<unknown>)

/**
 * `T` when `A` is JSON, an error that names the type otherwise. A check on the parameter rather than a constraint on
 * `A`, so that `A` is taken from the stream the enumeratee goes through (its contextual type).
 *
 * @example
 * ```ts
 * import { Comet, Enumerator } from 'play-iteratees-ts'
 * // @ts-expect-error a function is not JSON
 * Enumerator({ f: () => 1 }).through(Comet.json('f'))
 * ```
 *
 * @play none — a type-level check
 */
type JsonOnly<A, T> = [A] extends [CometMessage.JsonCompatible<A>]
  ? T
  : { readonly 'Comet.json takes JSON messages': A }

/**
 * The enumeratee from messages to the `<script>` chunks of a Comet response: `Comet(options, encoder)`.
 *
 * With the shorthands `Comet.string(callback)` and `Comet.json(callback)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import type { Json } from 'fp-ts/Json'
 * import { Comet, CometMessage, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * const prices = Enumerator<Json>({ symbol: 'ACME', price: 12.5 })
 * const comet = Comet({ callback: 'parent.price', initialChunk: Html('<html><body>') }, CometMessage.json)
 * const chunks = await prices.through(comet).run(Iteratee.getChunks())
 * assert.deepStrictEqual(chunks.map(String), [
 *   '<html><body>',
 *   '<script type="text/javascript">parent.price({"symbol":"ACME","price":12.5});</script>'
 * ])
 * // the default first chunk pads the response, so that browsers start rendering at once
 * const [first] = await Enumerator('hi').through(Comet.string('parent.cometMessage')).run(Iteratee.getChunks())
 * assert.ok(first.body.endsWith('<html><body>') && first.body.length > 5000)
 * ```
 *
 * @play play.api.libs.Comet
 */
export const Comet = Object.assign(comet, { string, json } as const)
