/**
 * FrameFormatter: Play's instances both ways, the refusals (1003 and 1007), io-ts codecs of both generations,
 * transform/imap and the Invariant laws.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import * as t from 'io-ts'
import * as C from 'io-ts/Codec'
import * as D from 'io-ts/Decoder'
import * as En from 'io-ts/Encoder'
import { type Frame, FrameFormatter } from '../../src/websocket'

const bytes = (...xs: Array<number>): Uint8Array => Uint8Array.from(xs)
const tagOf = (e: E.Either<{ readonly _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')

describe('FrameFormatter', () => {
  describe('stringFrame', () => {
    it('text both ways; a binary frame is Unsupported', () => {
      expect(FrameFormatter.stringFrame.toFrame('kiki')).toBe('kiki')
      expect(FrameFormatter.stringFrame.fromFrame('kiki')).toEqual(E.right('kiki'))
      expect(tagOf(FrameFormatter.stringFrame.fromFrame(bytes(1)))).toBe('Unsupported')
    })
  })

  describe('byteArrayFrame', () => {
    it('bytes both ways, the very array; a text frame is Unsupported', () => {
      const b = bytes(1, 2, 3)
      expect(FrameFormatter.byteArrayFrame.toFrame(b)).toBe(b)
      const read = FrameFormatter.byteArrayFrame.fromFrame(b)
      expect(E.isRight(read) && read.right).toBe(b)
      expect(tagOf(FrameFormatter.byteArrayFrame.fromFrame('x'))).toBe('Unsupported')
    })
  })

  describe('mixedFrame', () => {
    it('text is left, bytes are right, both ways', () => {
      expect(FrameFormatter.mixedFrame.fromFrame('a')).toEqual(E.right(E.left('a')))
      expect(FrameFormatter.mixedFrame.fromFrame(bytes(2))).toEqual(E.right(E.right(bytes(2))))
      expect(FrameFormatter.mixedFrame.toFrame(E.left('a'))).toBe('a')
      expect(FrameFormatter.mixedFrame.toFrame(E.right(bytes(2)))).toEqual(bytes(2))
    })
  })

  describe('jsonFrame', () => {
    it('JSON values in text frames', () => {
      expect(FrameFormatter.jsonFrame.toFrame({ a: [1, 'x', null] })).toBe('{"a":[1,"x",null]}')
      expect(FrameFormatter.jsonFrame.fromFrame('{"a":[1,"x",null]}')).toEqual(E.right({ a: [1, 'x', null] }))
    })

    it('text that is not JSON is Invalid, with the parser’s message; bytes are Unsupported', () => {
      const read = FrameFormatter.jsonFrame.fromFrame('{oops')
      expect(E.isLeft(read) && read.left).toMatchObject({
        _tag: 'Invalid',
        reason: expect.stringMatching(/^invalid JSON: /)
      })
      expect(tagOf(FrameFormatter.jsonFrame.fromFrame(bytes(123, 125)))).toBe('Unsupported')
    })

    it('a value without a JSON form is a TypeError when sent', () => {
      expect(() => FrameFormatter.jsonFrame.toFrame(undefined as never)).toThrow(TypeError)
    })

    it('jsonFrame(codec), classic io-ts: decodes, encodes, and says why a value is refused', () => {
      const DateFromString = new t.Type<Date, string, unknown>(
        'DateFromString',
        (u): u is Date => u instanceof Date,
        (u, c) => (typeof u === 'string' && !isNaN(Date.parse(u)) ? t.success(new Date(u)) : t.failure(u, c)),
        (d) => d.toISOString()
      )
      const Event = t.type({ at: DateFromString, text: t.string })
      const F = FrameFormatter.jsonFrame(Event)
      expect(F.toFrame({ at: new Date(0), text: 'hi' })).toBe('{"at":"1970-01-01T00:00:00.000Z","text":"hi"}')
      expect(F.fromFrame('{"at":"1970-01-01T00:00:00.000Z","text":"hi"}')).toEqual(
        E.right({ at: new Date(0), text: 'hi' })
      )
      const wrong = F.fromFrame('{"at":"never","text":1}')
      expect(E.isLeft(wrong) && wrong.left._tag).toBe('Invalid')
      const reason = E.isLeft(wrong) ? wrong.left.reason : ''
      expect(reason).toContain('"never"')
      expect(reason).toContain('DateFromString')
      expect(reason).toContain('text: string')
    })

    it('jsonFrame(codec), experimental io-ts Codec: the drawn DecodeError on one line', () => {
      const Point = C.struct({ x: C.number, y: C.number })
      const F = FrameFormatter.jsonFrame(Point)
      expect(F.fromFrame('{"x":1,"y":2}')).toEqual(E.right({ x: 1, y: 2 }))
      const wrong = F.fromFrame('{"x":"1"}')
      const reason = E.isLeft(wrong) ? wrong.left.reason : ''
      expect(reason).toContain('cannot decode "1", should be number')
      expect(reason).not.toContain('\n')
    })

    it('jsonFrame(codec) from a decoder and an encoder put together', () => {
      const F = FrameFormatter.jsonFrame({ decode: D.string.decode, encode: En.id<string>().encode })
      expect(F.fromFrame('"a"')).toEqual(E.right('a'))
      expect(F.toFrame('a')).toBe('"a"')
    })

    it('refuses what is not a codec when made', () => {
      expect(() => FrameFormatter.jsonFrame(null as never)).toThrow(TypeError)
    })
  })

  describe('transform and imap', () => {
    interface Chat {
      readonly text: string
    }
    const chat = pipe(
      FrameFormatter.stringFrame,
      FrameFormatter.transform(
        (c: Chat) => c.text,
        (text) => ({ text })
      )
    )

    it("transform takes Play's arguments: how to write, then how to read", () => {
      expect(chat.toFrame({ text: 'hi' })).toBe('hi')
      expect(chat.fromFrame('hi')).toEqual(E.right({ text: 'hi' }))
      expect(tagOf(chat.fromFrame(bytes(1)))).toBe('Unsupported')
    })

    it('a reading function that throws makes the frame Invalid, with its message', () => {
      const positive = pipe(
        FrameFormatter.stringFrame,
        FrameFormatter.imap(
          (s) => {
            const n = Number(s)
            if (!(n > 0)) throw new RangeError(`not a positive number: ${s}`)
            return n
          },
          (n: number) => String(n)
        )
      )
      expect(positive.fromFrame('3')).toEqual(E.right(3))
      expect(positive.fromFrame('-3')).toEqual(E.left(FrameFormatter.invalid('not a positive number: -3')))
    })

    it('Invariant is imap', () => {
      const F = FrameFormatter.Invariant.imap(
        FrameFormatter.stringFrame,
        (s) => s.length,
        (n: number) => '.'.repeat(n)
      )
      expect(F.toFrame(2)).toBe('..')
      expect(F.fromFrame('abc')).toEqual(E.right(3))
      expect(FrameFormatter.Invariant.URI).toBe(FrameFormatter.URI)
    })
  })

  describe('Invariant laws (observed on frames both ways)', () => {
    const frames = fc.oneof(
      fc.string(),
      fc.uint8Array().map((b): Frame => b)
    )
    const same = <A>(F: FrameFormatter<A>, G: FrameFormatter<A>, a: A, frame: Frame): void => {
      expect(F.toFrame(a)).toEqual(G.toFrame(a))
      expect(F.fromFrame(frame)).toEqual(G.fromFrame(frame))
    }

    it('identity', () => {
      fc.assert(
        fc.property(fc.string(), frames, (s, frame) => {
          same(
            pipe(
              FrameFormatter.stringFrame,
              FrameFormatter.imap(
                (a) => a,
                (a) => a
              )
            ),
            FrameFormatter.stringFrame,
            s,
            frame
          )
        })
      )
    })

    it('composition', () => {
      const f1 = (s: string): number => s.length
      const g1 = (n: number): string => 'x'.repeat(n)
      const f2 = (n: number): boolean => n % 2 === 0
      const g2 = (b: boolean): number => (b ? 2 : 1)
      fc.assert(
        fc.property(fc.boolean(), frames, (b, frame) => {
          same(
            pipe(FrameFormatter.stringFrame, FrameFormatter.imap(f1, g1), FrameFormatter.imap(f2, g2)),
            pipe(
              FrameFormatter.stringFrame,
              FrameFormatter.imap(
                (s: string) => f2(f1(s)),
                (c: boolean) => g1(g2(c))
              )
            ),
            b,
            frame
          )
        })
      )
    })
  })

  describe('of, unsupported, invalid', () => {
    it('make instances and refusals', () => {
      const F = FrameFormatter.of(
        (n: number) => String(n),
        (f) => (typeof f === 'string' ? E.right(Number(f)) : E.left(FrameFormatter.unsupported('text')))
      )
      expect(F.toFrame(1)).toBe('1')
      expect(F.fromFrame(bytes())).toEqual(E.left({ _tag: 'Unsupported', reason: 'text' }))
      expect(FrameFormatter.invalid('x')).toEqual({ _tag: 'Invalid', reason: 'x' })
    })
  })
})
