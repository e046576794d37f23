/**
 * Comet: a stream of messages to a browser over one long HTTP response, each delivered as a
 * `<script>` element that calls a JavaScript function of the page (the forever-iframe technique).
 *
 * ```ts
 * Ok.chunked(events.through(Comet({ callback: 'parent.cometMessage' })))
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
import { chunker, utf8Length } from './chunker'
import * as CometMessage from './CometMessage'
import { type Html, Html as makeHtml, isHtml } from './Html'
import { show } from './scriptSafe'

/** The options of `Comet`. Play's are `callback` and `initialChunk`; the others are this port's. */
export interface CometOptions {
  /** A dotted JavaScript name: the function each message is passed to (`parent.cometMessage`). */
  readonly callback: string
  /** The first chunk. Default: 5 KiB of spaces, then `<html><body>`. */
  readonly initialChunk?: Html
  /** A CSP nonce, put on every script element. */
  readonly nonce?: string
  /** While no message comes for this long, an HTML comment is sent, so proxies keep the connection. */
  readonly heartbeatMs?: number
  /** Bytes after which the response ends (the page reconnects), so the iframe's memory stays bounded. */
  readonly responseLimit?: number
}

/** Play's default initial chunk: 5 KiB of padding so that browsers render early, then the document. */
export const defaultInitialChunk: Html = makeHtml(' '.repeat(5 * 1024) + '<html><body>')

const HEARTBEAT: Html = makeHtml('<!-- heartbeat -->')
const htmlSize = (h: Html): number => utf8Length(h.body)

/**
 * An enumeratee from messages to the Html chunks of a Comet response. The callback (and nonce)
 * are checked at once: anything but a dotted JavaScript name is a TypeError.
 * Play: `Comet(callback, initialChunk)(encoder)`.
 *
 * @example
 * import { Comet, Enumerator, Html, Iteratee } from 'play-iteratees-ts'
 * const chunks = await Enumerator('kiki').through(Comet({ callback: 'console.log', initialChunk: Html('') })).run(Iteratee.getChunks())
 * // [Html(''), Html("<script type=\"text/javascript\">console.log('kiki');</script>")]
 */
function comet(options: CometOptions | string): Enumeratee<string, Html>
function comet<E>(options: CometOptions | string, encoder: CometMessage.CometMessage<E>): Enumeratee<E, Html>
function comet<E>(
  options: CometOptions | string,
  encoder: CometMessage.CometMessage<E> = CometMessage.string as unknown as CometMessage.CometMessage<E>
): Enumeratee<E, Html> {
  const o: CometOptions = typeof options === 'string' ? { callback: options } : options
  if (o === null || typeof o !== 'object') throw new TypeError(`Comet options must be an object, got ${show(o)}`)
  const script = CometMessage.cometScripter(o.callback, o.nonce)
  const initialChunk = o.initialChunk ?? defaultInitialChunk
  if (!isHtml(initialChunk)) throw new TypeError(`Comet initialChunk must be Html, got ${show(initialChunk)}`)
  if (encoder === null || typeof encoder !== 'object' || typeof encoder.toJavascriptMessage !== 'function') {
    throw new TypeError(`Comet encoder must be a CometMessage instance, got ${show(encoder)}`)
  }
  return chunker((e: E) => makeHtml(script(encoder.toJavascriptMessage(e))), {
    heading: initialChunk,
    heartbeatMs: o.heartbeatMs,
    beat: HEARTBEAT,
    responseLimit: o.responseLimit,
    size: htmlSize
  })
}

/**
 * `Comet(options, encoder)`, with the shorthands `Comet.string(callback)` and `Comet.json(callback)`.
 */
export const Comet = Object.assign(comet, {
  /** Comet for strings (single-quoted JavaScript string literals). */
  string: (callback: string): Enumeratee<string, Html> => comet(callback, CometMessage.string),
  /** Comet for JSON values. */
  json: (callback: string): Enumeratee<Json, Html> => comet(callback, CometMessage.json)
})
