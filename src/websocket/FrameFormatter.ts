/**
 * `FrameFormatter<A>` says how a value of type `A` travels in a WebSocket frame, both ways: `toFrame` makes the frame
 * that is sent, `fromFrame` reads a received frame, or says why it cannot. It is the WebSocket counterpart of
 * `CometMessage`.
 *
 * ```
 *   send:     a: A ──toFrame──▶ 'text' (a text frame) | Uint8Array (a binary frame) ──▶ ws.send
 *   receive:  frame ──fromFrame──▶ right(a)                    ──▶ the inbound iteratee
 *                               └─▶ left(Unsupported(reason))  ──▶ the socket closes with 1003
 *                               └─▶ left(Invalid(reason))      ──▶ the socket closes with 1007
 * ```
 *
 * Laws (`Invariant`), where `≡` means "makes the same frames and reads frames the same way":
 * 1. `pipe(F, imap((a) => a, (a) => a)) ≡ F`
 * 2. `pipe(F, imap(f1, g1), imap(f2, g2)) ≡ pipe(F, imap((a) => f2(f1(a)), (c) => g1(g2(c))))`
 *
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 *
 * const numbers = pipe(FrameFormatter.stringFrame, FrameFormatter.imap(Number, (n: number) => String(n)))
 * assert.strictEqual(numbers.toFrame(42), '42')
 * assert.deepStrictEqual(numbers.fromFrame('7'), E.right(7))
 * ```
 *
 * Play: `play.api.mvc.WebSocket.FrameFormatter`.
 *
 * @since 0.2.0
 */
import * as E from 'fp-ts/Either'
import type { Invariant1 } from 'fp-ts/Invariant'
import type { Json } from 'fp-ts/Json'
import { type DecodeError, draw } from 'io-ts/Decoder'
import { failure } from 'io-ts/PathReporter'
import type { ValidationError } from 'io-ts'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A WebSocket message: a text frame (a string) or a binary frame (a `Uint8Array`; a Node `Buffer` is one).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import type { Frame } from 'play-iteratees-ts'
 * const kind = (frame: Frame): string => (typeof frame === 'string' ? 'text' : 'binary')
 * assert.strictEqual(kind('hello'), 'text')
 * assert.strictEqual(kind(Uint8Array.of(1, 2)), 'binary')
 * ```
 *
 * @play play.core.server.websocket.Frame (TextFrame, BinaryFrame)
 * @category model
 * @since 0.2.0
 */
export type Frame = string | Uint8Array

/**
 * A frame of a kind the formatter does not take (a binary frame for `stringFrame`): the socket closes with 1003
 * (Unsupported Data).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const read = FrameFormatter.stringFrame.fromFrame(Uint8Array.of(1))
 * assert.ok(E.isLeft(read) && read.left._tag === 'Unsupported')
 * ```
 *
 * @play none — Play's `fromFrame` is a partial function; a frame outside its domain closes the socket with 1003
 * @category model
 * @since 0.2.0
 */
export interface Unsupported {
  /** Tells the two kinds of refusal apart. @play none — see `Unsupported` */
  readonly _tag: 'Unsupported'
  /** Why, for the close frame and the error hook. @play none — see `Unsupported` */
  readonly reason: string
}

/**
 * A frame of the right kind whose content cannot be read (text that is not JSON for `jsonFrame`): the socket closes
 * with 1007 (Invalid Frame Payload Data).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const read = FrameFormatter.jsonFrame.fromFrame('{oops')
 * assert.ok(E.isLeft(read) && read.left._tag === 'Invalid')
 * ```
 *
 * @play none — Play 2.4 lets a parsing exception escape; this port closes with 1007 and reports it
 * @category model
 * @since 0.2.0
 */
export interface Invalid {
  /** Tells the two kinds of refusal apart. @play none — see `Invalid` */
  readonly _tag: 'Invalid'
  /** Why, for the close frame and the error hook. @play none — see `Invalid` */
  readonly reason: string
}

/**
 * Why a received frame was refused: the wrong kind of frame (`Unsupported`, 1003) or content that cannot be read
 * (`Invalid`, 1007).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { FrameFormatter, type FrameError } from 'play-iteratees-ts'
 * const code = (e: FrameError): number => (e._tag === 'Unsupported' ? 1003 : 1007)
 * assert.strictEqual(code(FrameFormatter.invalid('not a number')), 1007)
 * ```
 *
 * @play none — see `Unsupported` and `Invalid`
 * @category model
 * @since 0.2.0
 */
export type FrameError = Unsupported | Invalid

/**
 * How values of type `A` become frames, and frames become values.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const flag: FrameFormatter<boolean> = {
 *   toFrame: (b) => (b ? 'on' : 'off'),
 *   fromFrame: (f) =>
 *     f === 'on' ? E.right(true) : f === 'off' ? E.right(false) : E.left(FrameFormatter.invalid('on or off'))
 * }
 * assert.deepStrictEqual(flag.fromFrame('on'), E.right(true))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter
 * @category model
 * @since 0.2.0
 */
export interface FrameFormatter<A> {
  /** The frame that carries a value. @play play.core.server.websocket.BasicFrameFormatter#toFrame */
  readonly toFrame: (a: A) => Frame
  /**
   * The value a received frame carries, or why it is refused. It may throw: that counts as `Invalid`.
   *
   * @play play.core.server.websocket.BasicFrameFormatter#fromFrame
   */
  readonly fromFrame: (frame: Frame) => E.Either<FrameError, A>
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * Makes an instance from its two functions.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const upper = FrameFormatter.of(
 *   (s: string) => s.toUpperCase(),
 *   (f) => (typeof f === 'string' ? E.right(f.toLowerCase()) : E.left(FrameFormatter.unsupported('text only')))
 * )
 * assert.strictEqual(upper.toFrame('hi'), 'HI')
 * ```
 *
 * @play play.core.server.websocket.BasicFrameFormatter
 * @category constructors
 * @since 0.2.0
 */
export const of = <A>(
  toFrame: (a: A) => Frame,
  fromFrame: (frame: Frame) => E.Either<FrameError, A>
): FrameFormatter<A> => ({ toFrame, fromFrame })

/**
 * A refusal for a frame of the wrong kind: the socket closes with 1003.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.deepStrictEqual(FrameFormatter.unsupported('text only'), { _tag: 'Unsupported', reason: 'text only' })
 * ```
 *
 * @play none — Play closes with 1003 when its partial function is not defined at the frame
 * @category constructors
 * @since 0.2.0
 */
export const unsupported = (reason: string): FrameError => ({ _tag: 'Unsupported', reason })

/**
 * A refusal for a frame whose content cannot be read: the socket closes with 1007.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.deepStrictEqual(FrameFormatter.invalid('not JSON'), { _tag: 'Invalid', reason: 'not JSON' })
 * ```
 *
 * @play none — see `Invalid`
 * @category constructors
 * @since 0.2.0
 */
export const invalid = (reason: string): FrameError => ({ _tag: 'Invalid', reason })

const TEXT_ONLY = unsupported('this endpoint takes text frames only')
const BINARY_ONLY = unsupported('this endpoint takes binary frames only')

/** The message of what a function threw, for a refusal's reason. */
const messageOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : String(thrown)

// -------------------------------------------------------------------------------------
// primitives
// -------------------------------------------------------------------------------------

/**
 * Strings in text frames; a binary frame is refused (1003).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.strictEqual(FrameFormatter.stringFrame.toFrame('kiki'), 'kiki')
 * assert.deepStrictEqual(FrameFormatter.stringFrame.fromFrame('kiki'), E.right('kiki'))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter.stringFrame
 * @category primitives
 * @since 0.2.0
 */
export const stringFrame: FrameFormatter<string> = of(
  (s) => s,
  (frame) => (typeof frame === 'string' ? E.right(frame) : E.left(TEXT_ONLY))
)

/**
 * Bytes in binary frames; a text frame is refused (1003). What is received is a Node `Buffer`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.deepStrictEqual(FrameFormatter.byteArrayFrame.fromFrame(Uint8Array.of(1, 2)), E.right(Uint8Array.of(1, 2)))
 * assert.ok(E.isLeft(FrameFormatter.byteArrayFrame.fromFrame('text')))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter.byteArrayFrame
 * @category primitives
 * @since 0.2.0
 */
export const byteArrayFrame: FrameFormatter<Uint8Array> = of(
  (bytes) => bytes,
  (frame) => (typeof frame === 'string' ? E.left(BINARY_ONLY) : E.right(frame))
)

/**
 * Either kind: a text frame is `left(string)`, a binary frame `right(bytes)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.deepStrictEqual(FrameFormatter.mixedFrame.fromFrame('hi'), E.right(E.left('hi')))
 * assert.deepStrictEqual(FrameFormatter.mixedFrame.toFrame(E.right(Uint8Array.of(7))), Uint8Array.of(7))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter.mixedFrame
 * @category primitives
 * @since 0.2.0
 */
export const mixedFrame: FrameFormatter<E.Either<string, Uint8Array>> = of(
  (e) => (E.isLeft(e) ? e.left : e.right),
  (frame) => E.right(typeof frame === 'string' ? E.left(frame) : E.right(frame))
)

/** JSON text of a value, or a TypeError for a value that has none (undefined, a function). */
const stringify = (u: unknown): string => {
  const text = JSON.stringify(u)
  if (text === undefined) {
    throw new TypeError(`FrameFormatter.jsonFrame: ${Object.prototype.toString.call(u)} has no JSON representation`)
  }
  return text
}

/** The JSON value of a text frame; a binary frame is refused (1003), text that is not JSON is invalid (1007). */
const parseJson = (frame: Frame): E.Either<FrameError, Json> => {
  if (typeof frame !== 'string') return E.left(TEXT_ONLY)
  try {
    return E.right(JSON.parse(frame) as Json)
  } catch (thrown) {
    return E.left(invalid(`invalid JSON: ${messageOf(thrown)}`))
  }
}

/**
 * What a codec needs for `jsonFrame(codec)`: `decode` from JSON and `encode` to JSON. Both io-ts generations fit: a
 * classic `t.type({…})` and an experimental `Codec`.
 *
 * @example
 * ```ts
 * import * as t from 'io-ts'
 * import type { JsonCodec } from 'play-iteratees-ts'
 * const point: JsonCodec<{ x: number; y: number }> = t.type({ x: t.number, y: t.number })
 * void point
 * ```
 *
 * @play play.api.libs.json.Format (what Play's `jsonFrame[A: Format]` needs)
 * @category model
 * @since 0.2.0
 */
export interface JsonCodec<A> {
  /** Reads a parsed JSON value. @play play.api.libs.json.Reads#reads */
  readonly decode: (u: unknown) => E.Either<unknown, A>
  /** Writes a value as JSON. @play play.api.libs.json.Writes#writes */
  readonly encode: (a: A) => unknown
}

const isDecodeError = (e: unknown): e is DecodeError =>
  typeof e === 'object' &&
  e !== null &&
  ((e as { _tag?: unknown })._tag === 'Of' || (e as { _tag?: unknown })._tag === 'Concat')

/** Readable text for what an io-ts decoder failed with, whichever generation made it. */
const describeDecodeFailure = (e: unknown): string => {
  try {
    if (Array.isArray(e)) return failure(e as Array<ValidationError>).join('; ')
    if (isDecodeError(e)) return draw(e).replace(/\s*\n\s*/g, ' ')
  } catch {
    // an error value of another shape: said as it is below
  }
  return messageOf(e)
}

const fromCodec = <A>(codec: JsonCodec<A>): FrameFormatter<A> => {
  if (typeof codec !== 'object' || codec === null || typeof codec.decode !== 'function') {
    throw new TypeError('FrameFormatter.jsonFrame: expected a codec with decode and encode')
  }
  return of(
    (a) => stringify(codec.encode(a)),
    (frame) => {
      const json = parseJson(frame)
      if (E.isLeft(json)) return json
      const decoded = codec.decode(json.right)
      return E.isRight(decoded) ? decoded : E.left(invalid(describeDecodeFailure(decoded.left)))
    }
  )
}

const jsonValues: FrameFormatter<Json> = of(stringify, parseJson)

/**
 * JSON in text frames: `jsonFrame` itself is the instance for fp-ts `Json` values, and `jsonFrame(codec)` makes one
 * for the type of an io-ts codec (classic or experimental). A binary frame is refused (1003); text that is not JSON,
 * or JSON the codec does not accept, is invalid (1007), with the parser's or the codec's message as the reason.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import * as t from 'io-ts'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.strictEqual(FrameFormatter.jsonFrame.toFrame({ n: 1 }), '{"n":1}')
 * const Move = t.type({ x: t.number, y: t.number })
 * const moves = FrameFormatter.jsonFrame(Move)
 * assert.deepStrictEqual(moves.fromFrame('{"x":1,"y":2}'), E.right({ x: 1, y: 2 }))
 * const wrong = moves.fromFrame('{"x":"one"}')
 * assert.ok(E.isLeft(wrong) && wrong.left._tag === 'Invalid' && wrong.left.reason.includes('"one"'))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter.jsonFrame
 * @category primitives
 * @since 0.2.0
 */
export const jsonFrame: FrameFormatter<Json> & {
  /**
   * JSON in text frames for the type of an io-ts codec.
   *
   * @play play.api.mvc.WebSocket.FrameFormatter.jsonFrame[A: Format]
   */
  <A>(codec: JsonCodec<A>): FrameFormatter<A>
} = Object.assign(<A>(codec: JsonCodec<A>) => fromCodec(codec), jsonValues)

// -------------------------------------------------------------------------------------
// non-pipeables
// -------------------------------------------------------------------------------------

const imap_ = <A, B>(fa: FrameFormatter<A>, f: (a: A) => B, g: (b: B) => A): FrameFormatter<B> =>
  of(
    (b) => fa.toFrame(g(b)),
    (frame) => {
      const a = fa.fromFrame(frame)
      if (E.isLeft(a)) return a
      try {
        return E.right(f(a.right))
      } catch (thrown) {
        // a conversion that throws on what it was given is content that cannot be read
        return E.left(invalid(messageOf(thrown)))
      }
    }
  )

// -------------------------------------------------------------------------------------
// pipeables
// -------------------------------------------------------------------------------------

/**
 * An instance for `B` from one for `A` and the two conversions (`f` reads, `g` writes), data-last, for `pipe`. A
 * throw in `f` makes the frame `Invalid` (1007).
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const dates = pipe(
 *   FrameFormatter.stringFrame,
 *   FrameFormatter.imap((s) => new Date(s), (d: Date) => d.toISOString())
 * )
 * assert.strictEqual(dates.toFrame(new Date(0)), '1970-01-01T00:00:00.000Z')
 * assert.ok(E.isRight(dates.fromFrame('2024-01-01')))
 * ```
 *
 * @play none — the fp-ts `Invariant` map; Play's is `transform`, with the arguments the other way round
 * @category Invariant
 * @since 0.2.0
 */
export const imap =
  <A, B>(f: (a: A) => B, g: (b: B) => A) =>
  (fa: FrameFormatter<A>): FrameFormatter<B> =>
    imap_(fa, f, g)

/**
 * Play's `transform`: an instance for `B` from one for `A`, given how a `B` is written (`fba`) and how an `A` is read
 * as a `B` (`fab`). Data-last, for `pipe`; `imap` with the arguments in Play's order.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { pipe } from 'fp-ts/function'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * interface Chat { readonly text: string }
 * const chat = pipe(
 *   FrameFormatter.stringFrame,
 *   FrameFormatter.transform(
 *     (c: Chat) => c.text,
 *     (text) => ({ text })
 *   )
 * )
 * assert.deepStrictEqual(chat.fromFrame('hi'), E.right({ text: 'hi' }))
 * ```
 *
 * @play play.api.mvc.WebSocket.FrameFormatter#transform
 * @category Invariant
 * @since 0.2.0
 */
export const transform =
  <A, B>(fba: (b: B) => A, fab: (a: A) => B) =>
  (fa: FrameFormatter<A>): FrameFormatter<B> =>
    imap_(fa, fab, fba)

// -------------------------------------------------------------------------------------
// type lambdas
// -------------------------------------------------------------------------------------

/**
 * The key of `FrameFormatter` in fp-ts's registry of type constructors, for higher-kinded code.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * assert.strictEqual(FrameFormatter.Invariant.URI, FrameFormatter.URI)
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category type lambdas
 * @since 0.2.0
 */
export const URI = 'iteratee/FrameFormatter'

/**
 * The type of `URI`.
 *
 * @example
 * ```ts
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const uri: typeof FrameFormatter.URI = 'iteratee/FrameFormatter'
 * void uri
 * ```
 *
 * @play none — fp-ts plumbing for higher-kinded instances; Play has no counterpart
 * @category type lambdas
 * @since 0.2.0
 */
export type URI = typeof URI

declare module 'fp-ts/HKT' {
  interface URItoKind<A> {
    readonly [URI]: FrameFormatter<A>
  }
}

// -------------------------------------------------------------------------------------
// instances
// -------------------------------------------------------------------------------------

/**
 * The fp-ts `Invariant` instance, for code generic over invariant functors.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import * as E from 'fp-ts/Either'
 * import { FrameFormatter } from 'play-iteratees-ts'
 * const lengths = FrameFormatter.Invariant.imap(
 *   FrameFormatter.stringFrame,
 *   (s) => s.length,
 *   (n: number) => 'x'.repeat(n)
 * )
 * assert.strictEqual(lengths.toFrame(3), 'xxx')
 * assert.deepStrictEqual(lengths.fromFrame('kiki'), E.right(4))
 * ```
 *
 * @play none — fp-ts type class instance; Play has no counterpart
 * @category instances
 * @since 0.2.0
 */
export const Invariant: Invariant1<URI> = {
  URI,
  imap: imap_
}
