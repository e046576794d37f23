import * as fc from 'fast-check'
import { CharEncoding, Done, Enumerator, Input, Iteratee, IterateeError, Step } from '../src'
import { chunkings, feedChunks, isStillPending, settlesWithin, variants } from './helpers'

const runs = { numRuns: 60 }
const pending = variants[1][1]

// -------------------------------------------------------------------------------------
// reference encodings, written independently of the code under test
// -------------------------------------------------------------------------------------

const swap16 = (b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(b.length)
  for (let i = 0; i + 1 < b.length; i += 2) {
    out[i] = b[i + 1]
    out[i + 1] = b[i]
  }
  return out
}

const utf32 = (s: string, le: boolean): Uint8Array => {
  const cps = Array.from(s, (c) => c.codePointAt(0)!)
  const out = new Uint8Array(cps.length * 4)
  const view = new DataView(out.buffer)
  cps.forEach((cp, i) => view.setUint32(i * 4, cp, le))
  return out
}

/** Java's windows-1252 for 0x80..0x9F (undefined: 0x81, 0x8D, 0x8F, 0x90, 0x9D). */
const CP1252_HIGH: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178
}
const CP1252_UNDEFINED = [0x81, 0x8d, 0x8f, 0x90, 0x9d]
const cp1252Char = (b: number): string => String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b] : b)
const cp1252Bytes = (s: string): Uint8Array => {
  const defined = range(0, 255).filter((b) => !CP1252_UNDEFINED.includes(b))
  const back = new Map(defined.map((b) => [cp1252Char(b), b] as const))
  return Uint8Array.from(s.split(''), (c) => back.get(c)!)
}

const charOf = (codes: ReadonlyArray<number>) => fc.constantFrom(...codes.map((c) => String.fromCodePoint(c)))
const range = (from: number, to: number): ReadonlyArray<number> =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

const anyChar = fc.oneof(
  fc.constantFrom('a', 'é', '€', '\u{1F0A5}', '\uFEFF', '\u0000', '\uFFFF', '\u{10FFFF}'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
)
const textOf = (char: fc.Arbitrary<string>) => fc.array(char, { maxLength: 24 }).map((cs) => cs.join(''))

interface Case {
  readonly charset: string
  /** Text the charset can encode. */
  readonly text: fc.Arbitrary<string>
  readonly bytes: (s: string) => Uint8Array
  /** Byte sequences that are malformed (or unmappable) wherever a character may start. */
  readonly bad: ReadonlyArray<ReadonlyArray<number>>
  /** An incomplete character: malformed at EOF. */
  readonly truncated: ReadonlyArray<ReadonlyArray<number>>
}

const unicodeCases: ReadonlyArray<Case> = [
  {
    charset: 'UTF-8',
    text: textOf(anyChar),
    bytes: (s) => Buffer.from(s, 'utf8'),
    bad: [[0x80], [0xc0, 0x80], [0xff], [0xed, 0xa0, 0x80], [0xe2, 0x41], [0xf4, 0x90, 0x80, 0x80], [0xe0, 0x80, 0x80]],
    truncated: [[0xe2], [0xe2, 0x82], [0xf0, 0x9f, 0x82]]
  },
  {
    charset: 'UTF-16BE',
    text: textOf(anyChar),
    bytes: (s) => swap16(Buffer.from(s, 'utf16le')),
    bad: [
      [0xdc, 0x00],
      [0xd8, 0x00, 0x00, 0x41],
      [0xd8, 0x00, 0xd8, 0x00]
    ],
    truncated: [[0x00], [0xd8, 0x3c], [0xd8, 0x3c, 0xdc]]
  },
  {
    charset: 'UTF-16LE',
    text: textOf(anyChar),
    bytes: (s) => Buffer.from(s, 'utf16le'),
    bad: [
      [0x00, 0xdc],
      [0x00, 0xd8, 0x41, 0x00]
    ],
    truncated: [[0x41], [0x3c, 0xd8], [0x3c, 0xd8, 0xa5]]
  },
  {
    charset: 'UTF-32BE',
    // Java's UTF-32BE reads a leading 00 00 FE FF as a byte-order mark
    text: textOf(anyChar).filter((s) => !s.startsWith('\ufeff')),
    bytes: (s) => utf32(s, false),
    bad: [
      [0x00, 0x11, 0x00, 0x00],
      [0x00, 0x00, 0xd8, 0x00],
      [0xff, 0xff, 0xff, 0xff]
    ],
    truncated: [[0x00], [0x00, 0x00], [0x00, 0x00, 0x00]]
  },
  {
    charset: 'UTF-32LE',
    text: textOf(anyChar).filter((s) => !s.startsWith('\ufeff')),
    bytes: (s) => utf32(s, true),
    bad: [
      [0x00, 0x00, 0x11, 0x00],
      [0x00, 0xdc, 0x00, 0x00]
    ],
    truncated: [[0x41], [0x41, 0x00, 0x00]]
  }
]

const singleByteCases: ReadonlyArray<Case> = [
  {
    charset: 'ISO-8859-1',
    text: textOf(charOf(range(0, 0xff))),
    bytes: (s) => Buffer.from(s, 'latin1'),
    bad: [],
    truncated: []
  },
  {
    charset: 'US-ASCII',
    text: textOf(charOf(range(0, 0x7f))),
    bytes: (s) => Buffer.from(s, 'latin1'),
    bad: [[0x80], [0xff], [0xc3, 0xa9]],
    truncated: []
  },
  {
    charset: 'windows-1252',
    text: textOf(
      fc
        .integer({ min: 0, max: 255 })
        .filter((b) => !CP1252_UNDEFINED.includes(b))
        .map(cp1252Char)
    ),
    bytes: cp1252Bytes,
    bad: CP1252_UNDEFINED.map((b) => [b]),
    truncated: []
  }
]

const cases = [...unicodeCases, ...singleByteCases]

// -------------------------------------------------------------------------------------
// running
// -------------------------------------------------------------------------------------

const decodeAll = (
  charset: string,
  chunks: ReadonlyArray<ReadonlyArray<number> | Uint8Array>,
  wrap: <E, A>(it: Iteratee<E, A>) => Iteratee<E, A> = (it) => it
): Promise<string> =>
  settlesWithin(
    Enumerator.enumerate<Uint8Array>(chunks.map((c) => Uint8Array.from(c))).run(
      CharEncoding.decode(charset).transform(wrap(Iteratee.consume<string>()))
    )
  )

const encodeAll = (
  charset: string,
  chunks: ReadonlyArray<string>,
  wrap: <E, A>(it: Iteratee<E, A>) => Iteratee<E, A> = (it) => it
): Promise<ReadonlyArray<Uint8Array>> =>
  settlesWithin(
    Enumerator.enumerate(chunks as Array<string>).run(
      CharEncoding.encode(charset).transform(wrap(Iteratee.getChunks<Uint8Array>()))
    )
  )

const flat = (chunks: ReadonlyArray<Uint8Array>): Array<number> => chunks.flatMap((c) => Array.from(c))

/** The step the outer iteratee is in after the chunks (no EOF), or after EOF too. */
const outerStep = async <E>(
  enumeratee: { applyOn: <A>(inner: Iteratee<any, A>) => Iteratee<E, Iteratee<any, A>> },
  chunks: ReadonlyArray<E>,
  eof: boolean
): Promise<Step<E, unknown>> => {
  let it: Iteratee<E, unknown> = await settlesWithin(
    Enumerator.enumerate(chunks as Array<E>).apply(enumeratee.applyOn(Iteratee.skipToEof()))
  )
  if (eof) it = await it.feed(Input.EOF)
  return it.unflatten()
}

const byteChunkings = (bytes: Uint8Array) => chunkings(Array.from(bytes)).map((cs) => cs.map((c) => Uint8Array.from(c)))
/** Chunkings of a string by UTF-16 code units: surrogate pairs may be split. */
const unitChunkings = (s: string) => chunkings(s.split('')).map((cs) => cs.map((c) => c.join('')))

const offsetIn = (msg: string, unit: 'byte' | 'char'): number => {
  const m = new RegExp(`at ${unit} offset (\\d+)`).exec(msg)
  return m === null ? -1 : Number(m[1])
}

// -------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------

describe('CharEncoding', () => {
  describe('decode', () => {
    describe("Play's spec", () => {
      it('decodes US-ASCII and UTF-8', async () => {
        const input = [
          [0x48, 0x65, 0x6c],
          [0x6c, 0x6f, 0x20, 0x57],
          [0x6f, 0x72, 0x6c, 0x64]
        ]
        expect(await decodeAll('US-ASCII', input)).toBe('Hello World')
        expect(await decodeAll('UTF-8', input)).toBe('Hello World')
      })

      for (const [name, wrap] of variants) {
        it(`decodes characters split across chunks (${name} inner)`, async () => {
          const utf8 = [[0xe2], [0x82], [0xac], [0xf0], [0x9f], [0x82], [0xa5]]
          expect(await decodeAll('UTF-8', utf8, wrap)).toBe('\u20ac\ud83c\udca5')
          const utf16 = [[0x20], [0xac], [0xd8], [0x3c], [0xdc], [0xa5]]
          expect(await decodeAll('UTF-16', utf16, wrap)).toBe('\u20ac\ud83c\udca5')
          const utf32 = [[0x00], [0x00], [0x20], [0xac], [0x00], [0x01], [0xf0], [0xa5]]
          expect(await decodeAll('UTF-32', utf32, wrap)).toBe('\u20ac\ud83c\udca5')
        })
      }

      it('decodes UTF-16 and UTF-32 (big-endian)', async () => {
        expect(
          await decodeAll('UTF-16', [
            [0x00, 0x48, 0x00, 0x65],
            [0x00, 0x6c]
          ])
        ).toBe('Hel')
        expect(await decodeAll('UTF-32', [[0, 0, 0, 0x48, 0, 0, 0], [0x69]])).toBe('Hi')
      })

      it('fails on invalid ASCII, UTF-8, UTF-16, UTF-32', async () => {
        const fails = [
          decodeAll('US-ASCII', [[0x80]]),
          decodeAll('UTF-8', [[0xe2, 0xe2, 0xe2]]),
          decodeAll('UTF-16', [
            [0xd8, 0x00],
            [0xd8, 0x00]
          ]),
          decodeAll('UTF-32', [[0x00]])
        ]
        for (const p of fails) await expect(p).rejects.toBeInstanceOf(IterateeError)
      })
    })

    describe('byte-order marks, as Java reads them', () => {
      it('UTF-16: a mark chooses the byte order and is dropped; none means big-endian', async () => {
        expect(await decodeAll('UTF-16', [[0xfe], [0xff, 0x00, 0x41]])).toBe('A')
        expect(
          await decodeAll('UTF-16', [
            [0xff, 0xfe, 0x41],
            [0x00, 0x42, 0x00]
          ])
        ).toBe('AB')
        // only the first mark is one: a later U+FEFF is a character
        expect(await decodeAll('UTF-16', [[0xfe, 0xff, 0xfe, 0xff, 0x00, 0x41]])).toBe('\ufeffA')
      })

      it('UTF-16BE, UTF-16LE and UTF-8 keep a leading U+FEFF as a character', async () => {
        expect(await decodeAll('UTF-16BE', [[0xfe, 0xff, 0x00, 0x41]])).toBe('\ufeffA')
        expect(await decodeAll('UTF-16LE', [[0xff, 0xfe, 0x41, 0x00]])).toBe('\ufeffA')
        expect(await decodeAll('UTF-8', [[0xef, 0xbb, 0xbf, 0x41]])).toBe('\ufeffA')
      })

      it('UTF-32: a mark chooses the byte order; UTF-32BE and UTF-32LE drop their own mark', async () => {
        expect(
          await decodeAll('UTF-32', [
            [0xff, 0xfe, 0, 0, 0x41],
            [0, 0, 0]
          ])
        ).toBe('A')
        expect(await decodeAll('UTF-32', [[0, 0, 0xfe, 0xff, 0, 0, 0, 0x41]])).toBe('A')
        expect(await decodeAll('UTF-32BE', [[0, 0, 0xfe, 0xff, 0, 0, 0, 0x41]])).toBe('A')
        expect(await decodeAll('UTF-32LE', [[0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]])).toBe('A')
        // the other order's mark is not a character in these
        await expect(decodeAll('UTF-32BE', [[0xff, 0xfe, 0, 0]])).rejects.toBeInstanceOf(IterateeError)
      })
    })

    describe('single-byte charsets', () => {
      it('ISO-8859-1 maps every byte to the same code point', async () => {
        const all = range(0, 255)
        expect(await decodeAll('ISO-8859-1', [all])).toBe(String.fromCharCode(...all))
      })

      it('windows-1252 maps 0x80..0x9F as Java does and refuses its undefined bytes', async () => {
        expect(await decodeAll('windows-1252', [[0x80, 0x41, 0x9f, 0xe9]])).toBe('€AŸé')
        for (const b of CP1252_UNDEFINED) {
          const step = await outerStep(CharEncoding.decode('windows-1252'), [Uint8Array.of(0x41, b)], false)
          expect(step._tag).toBe('Error')
          if (step._tag === 'Error') expect(step.msg).toMatch(/unmappable input for windows-1252 at byte offset 1/)
        }
      })
    })

    describe('errors are Error steps', () => {
      it('names the charset, the byte offset and the chunk that failed', async () => {
        const bad = Uint8Array.of(0x61, 0xe2, 0x41)
        const step = await outerStep(CharEncoding.decode('UTF-8'), [Uint8Array.of(0x61), bad], false)
        expect(step).toEqual({
          _tag: 'Error',
          msg: 'coding error: malformed input for UTF-8 at byte offset 2 (byte 0xE2)',
          input: Input.El(bad)
        })
      })

      it('reports an incomplete character at EOF, on EOF', async () => {
        const step = await outerStep(CharEncoding.decode('UTF-8'), [Uint8Array.of(0x61, 0x62, 0xf0, 0x9f)], true)
        expect(step._tag).toBe('Error')
        if (step._tag !== 'Error') return
        expect(step.input).toEqual(Input.EOF)
        expect(offsetIn(step.msg, 'byte')).toBe(2)
      })

      it('fails as soon as a held-back character cannot be completed', async () => {
        // 0xE0 0x80 cannot start any character: no need to wait for more bytes
        const step = await outerStep(CharEncoding.decode('UTF-8'), [Uint8Array.of(0x61, 0xe0, 0x80)], false)
        expect(step._tag).toBe('Error')
      })

      it('says how the charset was asked for when that differs from its name', async () => {
        const step = await outerStep(CharEncoding.decode('utf8'), [Uint8Array.of(0xff)], false)
        expect(step._tag === 'Error' && step.msg).toBe(
          'coding error: malformed input for UTF-8 (requested as "utf8") at byte offset 0 (byte 0xFF)'
        )
      })

      it('makes run reject with an IterateeError holding the message', async () => {
        await expect(decodeAll('US-ASCII', [[0x41, 0x80]])).rejects.toThrow(
          'coding error: malformed input for US-ASCII at byte offset 1 (byte 0x80)'
        )
      })
    })

    it('passes Empty on, holds nothing back needlessly and passes no empty chunk', async () => {
      const e = Enumerator<Uint8Array>(Uint8Array.of(0x41, 0xe2))
        .andThen(Enumerator.enumInput<Uint8Array>(Input.Empty))
        .andThen(Enumerator<Uint8Array>(Uint8Array.of(0x82), Uint8Array.of(0xac)))
      expect(await settlesWithin(e.run(CharEncoding.decode('UTF-8').transform(Iteratee.getChunks())))).toEqual([
        'A',
        '€'
      ])
    })

    it('is done when the inner iteratee is, and keeps its state between enumerators', async () => {
      const outer = CharEncoding.decode('UTF-8').applyOn(Iteratee.head<string>())
      const it = await feedChunks(
        [[Uint8Array.of(0xe2, 0x82)], [Uint8Array.of(0xac, 0x41)], [Uint8Array.of(0x42)]],
        outer
      )
      const step = await it.unflatten()
      expect(step._tag).toBe('Done')
      if (step._tag === 'Done') expect(await step.a.run()).toEqual({ _tag: 'Some', value: '€A' })
      const done = await CharEncoding.decode('UTF-8').applyOn(Done<string, number>(1)).unflatten()
      expect(done._tag).toBe('Done')
    })

    it('waits for a pending inner iteratee (the producer is held back)', async () => {
      const never = Iteratee.flatten(new Promise<Iteratee<string, number>>(() => undefined))
      const outer = CharEncoding.decode('UTF-8').applyOn(never)
      expect(await isStillPending(Enumerator<Uint8Array>(Uint8Array.of(0x41), Uint8Array.of(0x42)).apply(outer))).toBe(
        true
      )
    })

    it('takes Buffers', async () => {
      const text = await Enumerator(Buffer.from([0xc3]), Buffer.from([0xa9]))
        .through(CharEncoding.decode('UTF-8'))
        .run(Iteratee.consume())
      expect(text).toBe('é')
    })

    it('can be fed twice from the same state (it keeps no hidden mutable state)', async () => {
      const outer = await settlesWithin(
        Enumerator<Uint8Array>(Uint8Array.of(0xe2, 0x82)).apply(
          CharEncoding.decode('UTF-8').applyOn(Iteratee.consume<string>())
        )
      )
      const a = await Enumerator<Uint8Array>(Uint8Array.of(0xac)).run(outer)
      const b = await Enumerator<Uint8Array>(Uint8Array.of(0xa1)).run(outer)
      expect([await a.run(), await b.run()]).toEqual(['€', '₡'])
    })
  })

  describe('encode', () => {
    describe("Play's spec", () => {
      const hello = ['Hel', 'lo W', 'orld']
      it('encodes US-ASCII, UTF-8, UTF-16 (big-endian, no mark), UTF-32 (big-endian)', async () => {
        expect(flat(await encodeAll('US-ASCII', hello))).toEqual(Array.from(Buffer.from('Hello World', 'latin1')))
        expect(flat(await encodeAll('UTF-8', hello))).toEqual(Array.from(Buffer.from('Hello World')))
        expect(flat(await encodeAll('UTF-16', hello))).toEqual(
          Array.from(swap16(Buffer.from('Hello World', 'utf16le')))
        )
        expect(flat(await encodeAll('UTF-32', hello))).toEqual(Array.from(utf32('Hello World', false)))
      })

      for (const [name, wrap] of variants) {
        it(`encodes a surrogate pair split across chunks (${name} inner)`, async () => {
          const split = ['\u20ac', '\ud83c', '\udca5']
          const s = split.join('')
          expect(flat(await encodeAll('UTF-8', split, wrap))).toEqual(Array.from(Buffer.from(s)))
          expect(flat(await encodeAll('UTF-16', split, wrap))).toEqual(Array.from(swap16(Buffer.from(s, 'utf16le'))))
          expect(flat(await encodeAll('UTF-32', split, wrap))).toEqual(Array.from(utf32(s, false)))
        })
      }

      it('fails on unmappable ASCII and on a lone surrogate', async () => {
        for (const p of [
          encodeAll('US-ASCII', ['\u20ac']),
          encodeAll('UTF-8', ['\ud83c']),
          encodeAll('UTF-16', ['\ud83c']),
          encodeAll('UTF-32', ['\ud83c'])
        ])
          await expect(p).rejects.toBeInstanceOf(IterateeError)
      })
    })

    it('names the charset, the character and its offset (in UTF-16 code units)', async () => {
      const step = await outerStep(CharEncoding.encode('ISO-8859-1'), ['ab', 'cé€'], false)
      expect(step).toEqual({
        _tag: 'Error',
        msg: 'coding error: unmappable character U+20AC for ISO-8859-1 at char offset 4',
        input: Input.El('cé€')
      })
      const pair = await outerStep(CharEncoding.encode('windows-1252'), ['a\ud83c', '\udca5'], false)
      expect(pair._tag === 'Error' && pair.msg).toBe(
        'coding error: unmappable character U+1F0A5 for windows-1252 at char offset 1'
      )
      const lone = await outerStep(CharEncoding.encode('UTF-16LE'), ['a\udca5b'], false)
      expect(lone._tag === 'Error' && lone.msg).toBe(
        'coding error: malformed input for UTF-16LE at char offset 1 (lone surrogate U+DCA5)'
      )
      const atEof = await outerStep(CharEncoding.encode('UTF-8'), ['ab\ud83c'], true)
      expect(atEof).toEqual({
        _tag: 'Error',
        msg: 'coding error: malformed input for UTF-8 at char offset 2 (lone surrogate U+D83C)',
        input: Input.EOF
      })
    })

    it('writes UTF-16 and UTF-16BE without a byte-order mark, and U+FEFF as a character', async () => {
      expect(flat(await encodeAll('UTF-16', ['A']))).toEqual([0x00, 0x41])
      expect(flat(await encodeAll('UTF-16BE', ['\ufeffA']))).toEqual([0xfe, 0xff, 0x00, 0x41])
      expect(flat(await encodeAll('UTF-16LE', ['A']))).toEqual([0x41, 0x00])
      expect(flat(await encodeAll('UTF-32LE', ['A']))).toEqual([0x41, 0, 0, 0])
    })

    it('gives plain Uint8Arrays and no empty chunk', async () => {
      const chunks = await encodeAll('UTF-16', ['', 'a', '\ud83c', '\udca5'])
      expect(chunks.map((c) => c.constructor)).toEqual([Uint8Array, Uint8Array])
      expect(chunks.map((c) => c.length)).toEqual([2, 4])
    })
  })

  describe('charset names', () => {
    it('are case-insensitive and take Java aliases', async () => {
      for (const name of [
        'utf-8',
        'UTF8',
        'Utf-16le',
        'UnicodeBigUnmarked',
        'latin1',
        'ISO8859_1',
        'ascii',
        'cp1252',
        'X-UTF-32BE'
      ]) {
        expect(() => CharEncoding.decode(name)).not.toThrow()
        expect(() => CharEncoding.encode(name)).not.toThrow()
      }
      expect(await decodeAll('utf16le', [[0x41, 0x00]])).toBe('A')
      expect(await decodeAll('X-UTF-16LE', [[0x41, 0x00]])).toBe('A')
      expect(await decodeAll('CP1252', [[0x80]])).toBe('€')
      expect(await decodeAll('latin1', [[0x80]])).toBe('\u0080')
    })

    it('an unknown charset is a TypeError at once', () => {
      expect(() => CharEncoding.decode('klingon')).toThrow(TypeError)
      expect(() => CharEncoding.encode('klingon')).toThrow(/unsupported charset "klingon"/)
      expect(() => CharEncoding.decode('UTF-7')).toThrow(TypeError)
    })
  })

  describe('properties: the chunking does not matter', () => {
    for (const c of cases) {
      describe(c.charset, () => {
        it('decodes valid text, however its bytes are chunked', async () => {
          await fc.assert(
            fc.asyncProperty(
              c.text.chain((s) => byteChunkings(c.bytes(s)).map((cs) => [s, cs] as const)),
              async ([s, chunks]) => {
                expect(await decodeAll(c.charset, chunks)).toBe(s)
                expect(await decodeAll(c.charset, chunks, pending)).toBe(s)
              }
            ),
            runs
          )
        })

        it('encodes as the reference does, and decodes back, however the text is chunked', async () => {
          await fc.assert(
            fc.asyncProperty(
              c.text.chain((s) => unitChunkings(s).map((cs) => [s, cs] as const)),
              async ([s, chunks]) => {
                const encoded = await encodeAll(c.charset, chunks)
                expect(flat(encoded)).toEqual(Array.from(c.bytes(s)))
                expect(await decodeAll(c.charset, encoded)).toBe(s)
              }
            ),
            runs
          )
        })

        if (c.bad.length > 0) {
          it('gives an Error naming the charset and the offset of malformed bytes', async () => {
            const arb = fc.tuple(c.text, fc.constantFrom(...c.bad), c.text).chain(([before, bad, after]) => {
              const prefix = c.bytes(before)
              const all = Uint8Array.from([...prefix, ...bad, ...c.bytes(after)])
              return byteChunkings(all).map((cs) => [prefix.length, cs] as const)
            })
            await fc.assert(
              fc.asyncProperty(arb, async ([offset, chunks]) => {
                const step = await outerStep(CharEncoding.decode(c.charset), chunks, true)
                expect(step._tag).toBe('Error')
                if (step._tag !== 'Error') return
                expect(step.msg).toContain(` for ${c.charset} `)
                expect(offsetIn(step.msg, 'byte')).toBe(offset)
              }),
              runs
            )
          })
        }

        if (c.truncated.length > 0) {
          it('gives an Error at EOF for an incomplete last character', async () => {
            const arb = fc.tuple(c.text, fc.constantFrom(...c.truncated)).chain(([before, cut]) => {
              const prefix = c.bytes(before)
              return byteChunkings(Uint8Array.from([...prefix, ...cut])).map((cs) => [prefix.length, cs] as const)
            })
            await fc.assert(
              fc.asyncProperty(arb, async ([offset, chunks]) => {
                const step = await outerStep(CharEncoding.decode(c.charset), chunks, true)
                expect(step._tag === 'Error' && offsetIn(step.msg, 'byte')).toBe(offset)
              }),
              runs
            )
          })
        }

        it('gives an Error naming the charset and the offset of a lone surrogate', async () => {
          const plain = c.text.map((s) => s.replace(/[\ud800-\udfff]/g, 'x'))
          const arb = fc
            .tuple(plain, fc.constantFrom('\ud83c', '\udca5'), plain)
            .chain(([before, lone, after]) =>
              unitChunkings(before + lone + after).map((cs) => [before.length, cs] as const)
            )
          await fc.assert(
            fc.asyncProperty(arb, async ([offset, chunks]) => {
              const step = await outerStep(CharEncoding.encode(c.charset), chunks, true)
              expect(step._tag).toBe('Error')
              if (step._tag !== 'Error') return
              expect(step.msg).toContain(` for ${c.charset} `)
              expect(offsetIn(step.msg, 'char')).toBe(offset)
            }),
            runs
          )
        })
      })
    }

    it('UTF-16 and UTF-32 (with or without a mark) decode what their BE/LE forms encode', async () => {
      const text = textOf(anyChar).filter((t) => !t.startsWith('\ufeff'))
      const arb = fc.tuple(text, fc.constantFrom('UTF-16', 'UTF-32'), fc.boolean()).chain(([t, cs, le]) => {
        const body =
          cs === 'UTF-16' ? (le ? Buffer.from(t, 'utf16le') : swap16(Buffer.from(t, 'utf16le'))) : utf32(t, le)
        const mark = cs === 'UTF-16' ? (le ? [0xff, 0xfe] : [0xfe, 0xff]) : le ? [0xff, 0xfe, 0, 0] : [0, 0, 0xfe, 0xff]
        return byteChunkings(Uint8Array.from([...mark, ...body])).map((chunks) => [t, cs, le, body, chunks] as const)
      })
      await fc.assert(
        fc.asyncProperty(arb, async ([t, cs, le, body, chunks]) => {
          expect(await decodeAll(cs, chunks)).toBe(t)
          if (!le) expect(await decodeAll(cs, [body])).toBe(t)
        }),
        runs
      )
    })
  })
})
