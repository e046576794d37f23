/**
 * Enumeratees between bytes and text: `CharEncoding.decode(charset)` turns chunks of bytes into
 * chunks of text, `CharEncoding.encode(charset)` the other way round.
 *
 * ```
 *   bytes: [e2 82]  [ac f0 9f]  [82 a5]
 *   decode('UTF-8'):   "€"      "🂥"        (a character split across chunks is decoded whole)
 * ```
 *
 * Input that is not valid in the charset (malformed bytes, a lone surrogate, a character the
 * charset cannot encode) ends the stream with an `Error` step whose message names the charset
 * and the offset (bytes for `decode`, UTF-16 code units for `encode`); nothing is thrown.
 *
 * Charset names mean what they mean in Java, as in Play, in any case, with Java's aliases and the
 * short forms `utf16be`, `utf16le`, `utf32be`, `utf32le`:
 * `UTF-8`; `UTF-16` (decodes big-endian unless a byte-order mark says otherwise, encodes
 * big-endian without one); `UTF-16BE`, `UTF-16LE` (a leading U+FEFF is a character);
 * `UTF-32` (big-endian, or as its byte-order mark says), `UTF-32BE`, `UTF-32LE`; `ISO-8859-1`;
 * `US-ASCII` (bytes from 0x80 up are malformed); `windows-1252` (the five undefined bytes 0x81,
 * 0x8D, 0x8F, 0x90 and 0x9D are refused). Node's `TextDecoder`/`TextEncoder` do UTF-8, UTF-16
 * and ASCII; `iconv-lite` does the rest, after the input has been checked (it would replace bad
 * input silently).
 *
 * Law: `decode(cs)` after `encode(cs)` gives back the text, however either side is chunked; the
 * one exception is a leading U+FEFF in `UTF-16` and the `UTF-32`s, which decoding reads as a
 * byte-order mark, as in Play.
 *
 * Play: `play.api.libs.iteratee.CharEncoding`.
 *
 * @since 0.1.0
 */
import * as iconv from 'iconv-lite'
import { type Input, Input as In } from './Input'
import type { Iteratee } from './Iteratee'
import type { Enumeratee } from './Enumeratee'
import * as C from './internal/core'
import * as I from './internal/iteratee'

// -------------------------------------------------------------------------------------
// errors: thrown inside this module only, caught by the enumeratee and made an Error step
// -------------------------------------------------------------------------------------

class CodingError {
  constructor(readonly message: string) {}
}

const hex2 = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`
const codePoint = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`

/** The charset's name, and how the caller spelt it when that differs: `UTF-8 (requested as "utf8")`. */
const named = (name: string, label: string): string => (label === name ? name : `${name} (requested as "${label}")`)

// -------------------------------------------------------------------------------------
// decoding: schemes
// -------------------------------------------------------------------------------------

/** How bytes that start on a character boundary become text. */
interface Scheme {
  /** Where the incomplete character at the end of `b` starts (`b.length` when there is none). */
  readonly tail: (b: Uint8Array) => number
  /**
   * The first byte of the first malformed (or unmappable) sequence of `b`, or -1; an incomplete
   * sequence at the end counts only when `final`.
   */
  readonly firstBad: (b: Uint8Array, final: boolean) => number
  /** The text of `b`, which holds whole characters; `undefined` when `b` is not valid. */
  readonly decode: (b: Uint8Array) => string | undefined
  /** Whether a bad byte is unmappable (a byte the charset leaves undefined) rather than malformed. */
  readonly unmappable: boolean
}

/** A charset's decoder: its scheme, possibly chosen by a byte-order mark of `bom` bytes. */
interface Decoding {
  readonly name: string
  /** How many bytes decide the byte order (0: none do). */
  readonly bom: number
  /** The scheme for a stream that starts with `b` (at least `bom` bytes), and how many bytes to skip. */
  readonly start: (b: Uint8Array) => readonly [Scheme, number]
}

const once = <A>(f: () => A): (() => A) => {
  let value: A | undefined
  let made = false
  return () => {
    if (!made) {
      value = f()
      made = true
    }
    return value as A
  }
}

/** A fatal `TextDecoder` for `label`, made when first needed; `undefined` for bad input. */
const textDecoding = (label: string): ((b: Uint8Array) => string | undefined) => {
  const decoder = once(() => new TextDecoder(label, { fatal: true, ignoreBOM: true }))
  return (b) => {
    try {
      return decoder().decode(b)
    } catch {
      return undefined
    }
  }
}

const noTail = (b: Uint8Array): number => b.length

// UTF-8 -------------------------------------------------------------------------------

/** The length of the sequence a lead byte starts (1 for bytes that cannot start one). */
const utf8Length = (x: number): number => (x < 0xc2 ? 1 : x < 0xe0 ? 2 : x < 0xf0 ? 3 : x < 0xf5 ? 4 : 1)

const utf8Tail = (b: Uint8Array): number => {
  const n = b.length
  for (let j = n - 1; j >= 0 && j >= n - 3; j--) {
    const x = b[j]
    if ((x & 0xc0) !== 0x80) return utf8Length(x) > n - j ? j : n
  }
  return n
}

/** Well-formed UTF-8 as Unicode (and Java, and WHATWG) define it: no overlongs, surrogates or code points past U+10FFFF. */
const utf8FirstBad = (b: Uint8Array, final: boolean): number => {
  const n = b.length
  let i = 0
  while (i < n) {
    const x = b[i]
    if (x < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (x >= 0xc2 && x <= 0xdf) need = 1
    else if (x >= 0xe0 && x <= 0xef) {
      need = 2
      if (x === 0xe0) lo = 0xa0
      else if (x === 0xed) hi = 0x9f
    } else if (x >= 0xf0 && x <= 0xf4) {
      need = 3
      if (x === 0xf0) lo = 0x90
      else if (x === 0xf4) hi = 0x8f
    } else return i
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return final ? i : -1
      const y = b[i + k]
      if (k === 1 ? y < lo || y > hi : y < 0x80 || y > 0xbf) return i
    }
    i += need + 1
  }
  return -1
}

const UTF8: Scheme = { tail: utf8Tail, firstBad: utf8FirstBad, decode: textDecoding('utf-8'), unmappable: false }

// UTF-16 ------------------------------------------------------------------------------

const unit16 = (b: Uint8Array, i: number, le: boolean): number => (le ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1])
const isHigh = (u: number): boolean => u >= 0xd800 && u <= 0xdbff
const isLow = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff

const utf16Scheme = (le: boolean): Scheme => {
  const native = textDecoding(le ? 'utf-16le' : 'utf-16be')
  const supported = once(() => {
    try {
      new TextDecoder(le ? 'utf-16le' : 'utf-16be')
      return true
    } catch {
      return false
    }
  })
  // where TextDecoder has no UTF-16BE (a Node built without ICU), swap the bytes and read them as UTF-16LE
  const swapped = textDecoding('utf-16le')
  const swap = (b: Uint8Array): Uint8Array => {
    const out = new Uint8Array(b.length)
    for (let i = 0; i + 1 < b.length; i += 2) {
      out[i] = b[i + 1]
      out[i + 1] = b[i]
    }
    return out
  }
  return {
    tail: (b) => {
      const end = b.length - (b.length & 1)
      return end >= 2 && isHigh(unit16(b, end - 2, le)) ? end - 2 : end
    },
    firstBad: (b, final) => {
      const n = b.length
      let i = 0
      while (i + 1 < n) {
        const u = unit16(b, i, le)
        if (isHigh(u)) {
          if (i + 3 >= n) return final ? i : -1
          if (!isLow(unit16(b, i + 2, le))) return i
          i += 4
        } else if (isLow(u)) return i
        else i += 2
      }
      return i < n && final ? i : -1
    },
    decode: (b) => (le || supported() ? native(b) : swapped(swap(b))),
    unmappable: false
  }
}

const UTF16BE = once(() => utf16Scheme(false))
const UTF16LE = once(() => utf16Scheme(true))

// UTF-32 ------------------------------------------------------------------------------

const utf32Scheme = (le: boolean): Scheme => {
  const firstBad = (b: Uint8Array, final: boolean): number => {
    const n = b.length
    let i = 0
    for (; i + 3 < n; i += 4) {
      const cp = le
        ? (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0
        : ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    }
    return i < n && final ? i : -1
  }
  return {
    tail: (b) => b.length - (b.length & 3),
    firstBad,
    decode: (b) =>
      firstBad(b, true) >= 0 ? undefined : iconv.decode(b, le ? 'utf32le' : 'utf32be', { stripBOM: false }),
    unmappable: false
  }
}

const UTF32BE = once(() => utf32Scheme(false))
const UTF32LE = once(() => utf32Scheme(true))

// single-byte charsets ----------------------------------------------------------------

const ISO_8859_1: Scheme = {
  tail: noTail,
  firstBad: () => -1,
  decode: (b) => iconv.decode(b, 'iso88591'),
  unmappable: false
}

const asciiFirstBad = (b: Uint8Array): number => {
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) return i
  return -1
}
const asciiText = textDecoding('utf-8')
const US_ASCII: Scheme = {
  tail: noTail,
  firstBad: asciiFirstBad,
  decode: (b) => (asciiFirstBad(b) >= 0 ? undefined : asciiText(b)),
  unmappable: false
}

/** windows-1252 as iconv-lite maps it (the same table as Java's): the character of each byte, U+FFFD where undefined. */
const cp1252 = once(() => {
  const all = new Uint8Array(256)
  for (let i = 0; i < 256; i++) all[i] = i
  const chars = iconv.decode(all, 'windows1252')
  const encodable = new Map<number, number>()
  for (let i = 0; i < 256; i++) if (chars.charCodeAt(i) !== 0xfffd) encodable.set(chars.charCodeAt(i), i)
  return { chars, encodable }
})
const cp1252FirstBad = (b: Uint8Array): number => {
  const { chars } = cp1252()
  for (let i = 0; i < b.length; i++) if (b[i] >= 0x80 && chars.charCodeAt(b[i]) === 0xfffd) return i
  return -1
}
const WINDOWS_1252: Scheme = {
  tail: noTail,
  firstBad: cp1252FirstBad,
  decode: (b) => (cp1252FirstBad(b) >= 0 ? undefined : iconv.decode(b, 'windows1252')),
  unmappable: true
}

// -------------------------------------------------------------------------------------
// decoding: the streaming decoder, as immutable state
// -------------------------------------------------------------------------------------

interface DecodeState {
  /** Bytes held back: an incomplete character, or a byte-order mark still being read. */
  readonly pending: Uint8Array
  /** The stream offset of `pending[0]` (of the next chunk when nothing is pending). */
  readonly offset: number
  /** `undefined` until the byte-order mark has been read. */
  readonly scheme: Scheme | undefined
}

const EMPTY_BYTES = new Uint8Array(0)

const concatBytes = I.concatBytes

const badBytes = (d: Decoding, label: string, scheme: Scheme | undefined, b: Uint8Array, at: number, offset: number) =>
  new CodingError(
    `coding error: ${scheme !== undefined && scheme.unmappable ? 'unmappable' : 'malformed'} input for ` +
      `${named(d.name, label)} at byte offset ${offset + at}` +
      (at < b.length ? ` (byte ${hex2(b[at])})` : '')
  )

const decodeChunk = (
  d: Decoding,
  label: string,
  state: DecodeState,
  chunk: Uint8Array
): readonly [string, DecodeState] => {
  let all = concatBytes(state.pending, chunk)
  let offset = state.offset
  let scheme = state.scheme
  if (scheme === undefined) {
    if (all.length < d.bom) return ['', { pending: all.slice(), offset, scheme }]
    const [chosen, skip] = d.start(all)
    scheme = chosen
    all = all.subarray(skip)
    offset += skip
  }
  const cut = scheme.tail(all)
  const body = cut === all.length ? all : all.subarray(0, cut)
  const text = body.length === 0 ? '' : scheme.decode(body)
  if (text === undefined) {
    const at = scheme.firstBad(body, true)
    throw badBytes(d, label, scheme, body, at < 0 ? 0 : at, offset)
  }
  const rest = all.subarray(cut)
  if (rest.length > 0) {
    // an incomplete character that already cannot be completed is an error now, not at EOF
    const at = scheme.firstBad(rest, false)
    if (at >= 0) throw badBytes(d, label, scheme, rest, at, offset + cut)
  }
  return [text, { pending: rest.length === 0 ? EMPTY_BYTES : rest.slice(), offset: offset + cut, scheme }]
}

const decodeEnd = (d: Decoding, label: string, state: DecodeState): string => {
  if (state.pending.length > 0) throw badBytes(d, label, state.scheme, state.pending, 0, state.offset)
  return ''
}

// -------------------------------------------------------------------------------------
// encoding
// -------------------------------------------------------------------------------------

/** How a charset turns well-formed text into bytes. */
interface Encoding {
  readonly name: string
  /** The first character of `s` that cannot be encoded (a lone surrogate included), or -1. */
  readonly firstBad: (s: string) => number
  readonly encode: (s: string) => Uint8Array
}

/** A plain `Uint8Array` over a Buffer's bytes (no copy), so every chunk has the same type. */
const plain = (b: Uint8Array): Uint8Array =>
  b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)

const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === 'function'
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : () => false

/** The first lone surrogate of `s`, or -1. */
const firstLoneSurrogate = (s: string): number => {
  if (isWellFormed(s)) return -1
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i)
    if (isHigh(u)) {
      if (i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++
      else return i
    } else if (isLow(u)) return i
  }
  return -1
}

/** The first character of `s` above `max` or not in `table`, or -1. */
const firstAbove = (s: string, max: number, table?: ReadonlyMap<number, number>): number => {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i)
    if (u > max && (table === undefined || !table.has(u))) return i
  }
  return -1
}

const textEncoder = once(() => new TextEncoder())

const utfEncoding = (name: string, encode: (s: string) => Uint8Array): Encoding => ({
  name,
  firstBad: firstLoneSurrogate,
  encode
})

const ENCODE_UTF8 = utfEncoding('UTF-8', (s) => textEncoder().encode(s))
const ENCODE_UTF16BE = (name: string) => utfEncoding(name, (s) => plain(iconv.encode(s, 'utf16be')))
const ENCODE_UTF16LE = (name: string) => utfEncoding(name, (s) => plain(iconv.encode(s, 'utf16le')))
const ENCODE_UTF32BE = (name: string) => utfEncoding(name, (s) => plain(iconv.encode(s, 'utf32be', { addBOM: false })))
const ENCODE_UTF32LE = (name: string) => utfEncoding(name, (s) => plain(iconv.encode(s, 'utf32le', { addBOM: false })))
const ENCODE_ISO_8859_1: Encoding = {
  name: 'ISO-8859-1',
  firstBad: (s) => firstAbove(s, 0xff),
  encode: (s) => plain(iconv.encode(s, 'iso88591'))
}
const ENCODE_US_ASCII: Encoding = {
  name: 'US-ASCII',
  firstBad: (s) => firstAbove(s, 0x7f),
  encode: (s) => textEncoder().encode(s)
}
const ENCODE_WINDOWS_1252: Encoding = {
  name: 'windows-1252',
  firstBad: (s) => firstAbove(s, 0x7f, cp1252().encodable),
  encode: (s) => plain(iconv.encode(s, 'windows1252'))
}

interface EncodeState {
  /** A high surrogate held back until the next chunk says whether a low one follows ('' if none). */
  readonly high: string
  /** The stream offset (in UTF-16 code units) of the first character of `high` + the next chunk. */
  readonly offset: number
}

const badChars = (e: Encoding, label: string, s: string, at: number, offset: number): CodingError => {
  const u = s.charCodeAt(at)
  const paired = isHigh(u) && at + 1 < s.length && isLow(s.charCodeAt(at + 1))
  const name = named(e.name, label)
  return new CodingError(
    (isHigh(u) || isLow(u)) && !paired
      ? `coding error: malformed input for ${name} at char offset ${offset + at} (lone surrogate ${codePoint(u)})`
      : `coding error: unmappable character ${codePoint(s.codePointAt(at)!)} for ${name} at char offset ${offset + at}`
  )
}

const encodeChunk = (
  e: Encoding,
  label: string,
  state: EncodeState,
  chunk: string
): readonly [Uint8Array, EncodeState] => {
  const s = state.high.length === 0 ? chunk : state.high + chunk
  const cut = s.length > 0 && isHigh(s.charCodeAt(s.length - 1)) ? s.length - 1 : s.length
  const body = cut === s.length ? s : s.slice(0, cut)
  const at = e.firstBad(body)
  if (at >= 0) throw badChars(e, label, body, at, state.offset)
  return [body.length === 0 ? EMPTY_BYTES : e.encode(body), { high: s.slice(cut), offset: state.offset + cut }]
}

const encodeEnd = (e: Encoding, label: string, state: EncodeState): Uint8Array => {
  if (state.high.length > 0) throw badChars(e, label, state.high, 0, state.offset)
  return EMPTY_BYTES
}

// -------------------------------------------------------------------------------------
// the charsets, by Java's names and aliases
// -------------------------------------------------------------------------------------

interface Charset {
  readonly name: string
  readonly decoding: Decoding
  readonly encoding: () => Encoding
}

const fixed = (name: string, scheme: () => Scheme): Decoding => ({
  name,
  bom: 0,
  start: () => [scheme(), 0]
})

/** A decoding whose first `size` bytes may be a byte-order mark (`be` / `le`: which marks are taken). */
const marked = (name: string, size: 2 | 4, be: boolean, le: boolean, otherwise: () => Scheme): Decoding => ({
  name,
  bom: size,
  start: (b) => {
    if (size === 2) {
      if (be && b[0] === 0xfe && b[1] === 0xff) return [UTF16BE(), 2]
      if (le && b[0] === 0xff && b[1] === 0xfe) return [UTF16LE(), 2]
    } else {
      if (be && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return [UTF32BE(), 4]
      if (le && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return [UTF32LE(), 4]
    }
    return [otherwise(), 0]
  }
})

const charset = (
  name: string,
  aliases: ReadonlyArray<string>,
  decoding: Decoding,
  encoding: () => Encoding
): readonly [ReadonlyArray<string>, Charset] => [[name, ...aliases], { name, decoding, encoding }]

const CHARSETS: ReadonlyArray<readonly [ReadonlyArray<string>, Charset]> = [
  charset(
    'UTF-8',
    ['UTF8', 'unicode-1-1-utf-8'],
    fixed('UTF-8', () => UTF8),
    () => ENCODE_UTF8
  ),
  charset(
    'UTF-16',
    ['UTF_16', 'utf16', 'unicode', 'UnicodeBig'],
    marked('UTF-16', 2, true, true, UTF16BE),
    once(() => ENCODE_UTF16BE('UTF-16'))
  ),
  charset(
    'UTF-16BE',
    ['UTF_16BE', 'ISO-10646-UCS-2', 'X-UTF-16BE', 'UnicodeBigUnmarked', 'utf16be'],
    fixed('UTF-16BE', UTF16BE),
    once(() => ENCODE_UTF16BE('UTF-16BE'))
  ),
  charset(
    'UTF-16LE',
    ['UTF_16LE', 'X-UTF-16LE', 'UnicodeLittleUnmarked', 'utf16le'],
    fixed('UTF-16LE', UTF16LE),
    once(() => ENCODE_UTF16LE('UTF-16LE'))
  ),
  charset(
    'UTF-32',
    ['UTF_32', 'UTF32'],
    marked('UTF-32', 4, true, true, UTF32BE),
    once(() => ENCODE_UTF32BE('UTF-32'))
  ),
  charset(
    'UTF-32BE',
    ['UTF_32BE', 'X-UTF-32BE', 'utf32be'],
    marked('UTF-32BE', 4, true, false, UTF32BE),
    once(() => ENCODE_UTF32BE('UTF-32BE'))
  ),
  charset(
    'UTF-32LE',
    ['UTF_32LE', 'X-UTF-32LE', 'utf32le'],
    marked('UTF-32LE', 4, false, true, UTF32LE),
    once(() => ENCODE_UTF32LE('UTF-32LE'))
  ),
  charset(
    'ISO-8859-1',
    [
      'iso-ir-100',
      'ISO_8859_1',
      'latin1',
      'l1',
      'IBM819',
      'cp819',
      'csISOLatin1',
      '819',
      'IBM-819',
      'ISO8859_1',
      'ISO_8859-1:1987',
      'ISO_8859-1',
      '8859_1',
      'ISO8859-1'
    ],
    fixed('ISO-8859-1', () => ISO_8859_1),
    () => ENCODE_ISO_8859_1
  ),
  charset(
    'US-ASCII',
    [
      'iso-ir-6',
      'ANSI_X3.4-1986',
      'ISO_646.irv:1991',
      'ASCII',
      'ISO646-US',
      'us',
      'IBM367',
      'cp367',
      'csASCII',
      'default',
      '646',
      'iso_646.irv:1983',
      'ANSI_X3.4-1968',
      'ascii7'
    ],
    fixed('US-ASCII', () => US_ASCII),
    () => ENCODE_US_ASCII
  ),
  charset(
    'windows-1252',
    ['cp1252', 'cp5348', 'ibm-1252', 'ibm1252'],
    fixed('windows-1252', () => WINDOWS_1252),
    () => ENCODE_WINDOWS_1252
  )
]

const BY_NAME: ReadonlyMap<string, Charset> = new Map(
  CHARSETS.flatMap(([names, cs]) => names.map((n) => [n.toLowerCase(), cs] as const))
)

/** The charset Java knows by `label` (case-insensitive); a TypeError for one this module does not support. */
const lookup = (label: string, caller: string): Charset => {
  const cs = typeof label === 'string' ? BY_NAME.get(label.toLowerCase()) : undefined
  if (cs === undefined) {
    throw new TypeError(
      `CharEncoding.${caller}: unsupported charset ${JSON.stringify(label)} ` +
        `(supported: ${CHARSETS.map(([, c]) => c.name).join(', ')}, and Java's aliases for them)`
    )
  }
  return cs
}

// -------------------------------------------------------------------------------------
// the enumeratees
// -------------------------------------------------------------------------------------

/** A coder as Play's `Coder` trait: state threaded through the chunks, a flush at EOF. */
interface Coder<From, To, S> {
  readonly initial: S
  readonly write: (state: S, chunk: From) => readonly [To, S]
  readonly end: (state: S) => To
  readonly isEmpty: (out: To) => boolean
}

/** A coding error becomes an Error step on `input`; anything else is a failure as usual. */
const codingError = <From, X>(thrown: unknown, input: Input<From>): Iteratee<From, X> => {
  if (thrown instanceof CodingError) return I.error<From, X>(thrown.message, input)
  throw thrown
}

const coder = <From, To, S>(cd: Coder<From, To, S>): Enumeratee<From, To> => {
  const go = <A>(state: S, c: Iteratee<To, A>): Iteratee<From, Iteratee<To, A>> =>
    I.cont((input: Input<From>): Iteratee<From, Iteratee<To, A>> => {
      if (input._tag === 'Empty') return C.feedInner(c, In.Empty, (c2) => go(state, c2))
      if (input._tag === 'EOF') {
        let last: To
        try {
          last = cd.end(state)
        } catch (thrown) {
          return codingError(thrown, input)
        }
        return I.done(cd.isEmpty(last) ? c : I.continueWith(c, In.El(last)), In.EOF)
      }
      let r: readonly [To, S]
      try {
        r = cd.write(state, input.e)
      } catch (thrown) {
        return codingError(thrown, input)
      }
      const [out, next] = r
      return cd.isEmpty(out) ? go(next, c) : C.feedInner(c, In.El(out), (c2) => go(next, c2))
    })
  return C.enumeratee(<A>(c: Iteratee<To, A>) => go(cd.initial, c))
}

/**
 * Decodes chunks of bytes in `charset` into chunks of text.
 *
 * A character split across chunks is
 * decoded whole (its first bytes are held back, and no empty chunk is passed on meanwhile).
 * Malformed bytes, or an incomplete character at EOF, give an `Error` step naming the charset
 * and the byte offset. An unknown charset is a `TypeError` at once. The type parameter lets the
 * enumeratee take any kind of `Uint8Array` (a `Buffer`, say); it is inferred from the context.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CharEncoding, Enumerator, Iteratee } from 'play-iteratees-ts'
 * // '€' is e2 82 ac in UTF-8; here it is split across two chunks
 * const text = await Enumerator(Uint8Array.of(0x61, 0xe2, 0x82), Uint8Array.of(0xac))
 *   .through(CharEncoding.decode('UTF-8'))
 *   .run(Iteratee.getChunks())
 * assert.deepStrictEqual(text, ['a', '€'])
 * // bytes that are not UTF-8 end the stream with an Error step, which run rejects with
 * await assert.rejects(
 *   Enumerator(Uint8Array.of(0x61, 0xff)).through(CharEncoding.decode('UTF-8')).run(Iteratee.consume<string>()),
 *   /malformed input for UTF-8 at byte offset 1/
 * )
 * ```
 *
 * @play play.api.libs.iteratee.CharEncoding.decode
 * @category enumeratees
 * @since 0.1.0
 */
const decode = <B extends Uint8Array = Uint8Array>(charset: string): Enumeratee<B, string> => {
  const d = lookup(charset, 'decode').decoding
  return coder<B, string, DecodeState>({
    initial: { pending: EMPTY_BYTES, offset: 0, scheme: d.bom === 0 ? d.start(EMPTY_BYTES)[0] : undefined },
    write: (state, chunk) => decodeChunk(d, charset, state, chunk),
    end: (state) => decodeEnd(d, charset, state),
    isEmpty: (s) => s.length === 0
  })
}

/**
 * Encodes chunks of text into chunks of bytes in `charset`.
 *
 * A surrogate pair split across chunks
 * is encoded whole. A lone surrogate, or a character the charset cannot encode, gives an `Error`
 * step naming the charset and the offset (in UTF-16 code units). `UTF-16` and `UTF-32` are
 * written big-endian without a byte-order mark. An unknown charset is a `TypeError` at once.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CharEncoding, Enumerator, Iteratee } from 'play-iteratees-ts'
 * // '🂥' is the surrogate pair d83c dca5, here split across two chunks
 * const bytes = await Enumerator('\ud83c', '\udca5').through(CharEncoding.encode('UTF-8')).run(Iteratee.consume())
 * assert.deepStrictEqual(bytes, Uint8Array.of(0xf0, 0x9f, 0x82, 0xa5))
 * const latin1 = await Enumerator('café').through(CharEncoding.encode('ISO-8859-1')).run(Iteratee.consume())
 * assert.deepStrictEqual(latin1, Uint8Array.of(0x63, 0x61, 0x66, 0xe9))
 * ```
 *
 * @play play.api.libs.iteratee.CharEncoding.encode
 * @category enumeratees
 * @since 0.1.0
 */
const encode = (charset: string): Enumeratee<string, Uint8Array> => {
  const e = lookup(charset, 'encode').encoding()
  return coder<string, Uint8Array, EncodeState>({
    initial: { high: '', offset: 0 },
    write: (state, chunk) => encodeChunk(e, charset, state, chunk),
    end: (state) => encodeEnd(e, charset, state),
    isEmpty: (b) => b.length === 0
  })
}

// -------------------------------------------------------------------------------------
// the namespace
// -------------------------------------------------------------------------------------

/**
 * Enumeratees between bytes and text in a charset: `decode(charset)` and `encode(charset)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { CharEncoding, Enumerator, Iteratee } from 'play-iteratees-ts'
 * // re-encode a Latin-1 byte stream as UTF-8
 * const latin1ToUtf8 = CharEncoding.decode('latin1').compose(CharEncoding.encode('UTF-8'))
 * const utf8 = await Enumerator<Uint8Array>(Uint8Array.of(0x63, 0x61, 0x66, 0xe9))
 *   .through(latin1ToUtf8)
 *   .run(Iteratee.consume())
 * assert.strictEqual(new TextDecoder().decode(utf8), 'café')
 * ```
 *
 * @play play.api.libs.iteratee.CharEncoding
 * @since 0.1.0
 */
export const CharEncoding = {
  decode,
  encode
} as const
