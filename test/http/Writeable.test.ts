import * as fc from 'fast-check'
import { pipe } from 'fp-ts/function'
import { Html } from '../../src/comet/Html'
import { Writeable } from '../../src/http'

const text = (x: Uint8Array | string): string => (typeof x === 'string' ? x : Buffer.from(x).toString('latin1'))

describe('Writeable', () => {
  describe('instances', () => {
    it('html writes the markup as text/html', () => {
      expect(Writeable.html.toBytes(Html('<p>x</p>'))).toBe('<p>x</p>')
      expect(Writeable.html.contentType).toBe('text/html; charset=utf-8')
    })

    it('string writes the text as text/plain (UTF-8)', () => {
      expect(Writeable.string.toBytes('héllo')).toBe('héllo')
      expect(Writeable.string.contentType).toBe('text/plain; charset=utf-8')
    })

    it('bytes writes the bytes as application/octet-stream', () => {
      const b = new Uint8Array([0, 1, 255])
      expect(Writeable.bytes.toBytes(b)).toBe(b)
      expect(Writeable.bytes.contentType).toBe('application/octet-stream')
    })

    it('json writes JSON text as application/json, and refuses what has no JSON form', () => {
      expect(Writeable.json.toBytes({ a: [1, 'x', null, true] })).toBe('{"a":[1,"x",null,true]}')
      expect(Writeable.json.toBytes('s')).toBe('"s"')
      expect(Writeable.json.contentType).toBe('application/json')
      expect(() => Writeable.json.toBytes(undefined as any)).toThrow(TypeError)
    })
  })

  describe('of', () => {
    it('makes an instance, with or without a content type', () => {
      const w = Writeable.of((n: number) => String(n), 'text/x-number')
      expect(w.toBytes(42)).toBe('42')
      expect(w.contentType).toBe('text/x-number')
      expect(Writeable.of((n: number) => String(n)).contentType).toBeUndefined()
      expect(Object.isFrozen(w)).toBe(true)
    })
  })

  describe('withContentType', () => {
    it('keeps the encoding and changes the content type', () => {
      const w = pipe(Writeable.string, Writeable.withContentType('text/csv'))
      expect(w.toBytes('a,b')).toBe('a,b')
      expect(w.contentType).toBe('text/csv')
    })
  })

  describe('contramap', () => {
    it('encodes through the function and keeps the content type', () => {
      const w = pipe(
        Writeable.html,
        Writeable.contramap((n: number) => Html(`<i>${n}</i>`))
      )
      expect(w.toBytes(3)).toBe('<i>3</i>')
      expect(w.contentType).toBe('text/html; charset=utf-8')
    })

    it('obeys the Contravariant laws', () => {
      const W = Writeable.string
      const f = (s: string): string => s + '!'
      const g = (n: number): string => 'n' + n
      fc.assert(
        fc.property(fc.string(), (s) => {
          expect(
            pipe(
              W,
              Writeable.contramap((a: string) => a)
            ).toBytes(s)
          ).toBe(W.toBytes(s))
        })
      )
      fc.assert(
        fc.property(fc.integer(), (n) => {
          const left = pipe(W, Writeable.contramap(f), Writeable.contramap(g))
          const right = pipe(
            W,
            Writeable.contramap((x: number) => f(g(x)))
          )
          expect(left.toBytes(n)).toBe(right.toBytes(n))
          expect(left.contentType).toBe(right.contentType)
        })
      )
    })

    it('is the fp-ts Contravariant instance', () => {
      expect(Writeable.Contravariant.URI).toBe('iteratee/Writeable')
      const w = Writeable.Contravariant.contramap(Writeable.string, (n: number) => `#${n}`)
      expect(w.toBytes(1)).toBe('#1')
    })
  })

  describe('forValue', () => {
    it('picks the instance from the value', () => {
      expect(Writeable.forValue('x')).toBe(Writeable.string)
      expect(Writeable.forValue(Html('x'))).toBe(Writeable.html)
      expect(Writeable.forValue(new Uint8Array(1))).toBe(Writeable.bytes)
      expect(Writeable.forValue(Buffer.from('x'))).toBe(Writeable.bytes)
      expect(Writeable.forValue({ a: 1 })).toBe(Writeable.json)
      expect(Writeable.forValue(1)).toBe(Writeable.json)
      expect(Writeable.forValue(null)).toBe(Writeable.json)
      expect(text(Writeable.forValue([1, 2]).toBytes([1, 2]))).toBe('[1,2]')
    })

    it('does not take a structural look-alike for Html', () => {
      const fake = { _tag: 'Html', body: '<script>alert(1)</script>' }
      expect(Writeable.forValue(fake)).toBe(Writeable.json)
    })
  })
})
