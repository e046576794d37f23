import * as fc from 'fast-check'
import jsesc from 'jsesc'
import { identity, pipe } from 'fp-ts/function'
import type { Json } from 'fp-ts/Json'
import * as t from 'io-ts'
import * as C from 'io-ts/Codec'
import * as E from 'io-ts/Encoder'
import * as _ from '../../src/comet/CometMessage'

const evaluate = (js: string): unknown => new Function('return ' + js)()

// JSON text keeps key order and nesting, and shows an own `__proto__` key that a prototype would hide.
const asJson = (u: unknown): string | undefined => JSON.stringify(u)

const tricky: ReadonlyArray<string> = [
  '</script>',
  '</SCRIPT >',
  '<!--',
  '-->',
  '<script>',
  "'",
  '"',
  '\\',
  '\u2028',
  '\u2029',
  ']]>',
  '${x}',
  '\ud800',
  '\udfff',
  '😀',
  '\0',
  '\r\n'
]

const anyString = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(...tricky))

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ stringUnit: 'binary' }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(JSON.parse('{"__proto__":{"a":"</script>"},"b":[{"__proto__":null}]}'), -0, [-0], {
    x: tricky
  })
)

describe('CometMessage', () => {
  describe('of', () => {
    it('uses the given function', () => {
      expect(_.of((n: number) => String(n * 2)).toJavascriptMessage(21)).toBe('42')
    })
  })

  describe('string', () => {
    it('writes a single-quoted literal, as Play does', () => {
      expect(_.string.toJavascriptMessage('kiki')).toBe("'kiki'")
      expect(_.string.toJavascriptMessage('')).toBe("''")
      expect(_.string.toJavascriptMessage("it's")).toBe("'it\\'s'")
      expect(_.string.toJavascriptMessage('a\\b')).toBe("'a\\\\b'")
      expect(_.string.toJavascriptMessage('é')).toBe("'\\xE9'")
      expect(_.string.toJavascriptMessage('\ud800')).toBe("'\\uD800'")
    })

    it('reads back as the same string, code unit for code unit, in ASCII with nothing unsafe', () => {
      fc.assert(
        fc.property(anyString, (s) => {
          const msg = _.toScriptMessage(_.string, s)
          expect(msg).toMatch(/^[\x20-\x7e]*$/)
          expect(msg).not.toMatch(/[<>&]/)
          expect(evaluate(msg)).toBe(s)
        }),
        { numRuns: 500 }
      )
    })
  })

  describe('json', () => {
    it('writes JSON', () => {
      expect(_.json.toJavascriptMessage({ a: [1, 'x', null, true] })).toBe('{"a":[1,"x",null,true]}')
      expect(_.json.toJavascriptMessage('kiki')).toBe('"kiki"')
      expect(_.json.toJavascriptMessage(-0)).toBe('0')
    })

    it('escapes non-ASCII and markup characters inside strings', () => {
      expect(_.json.toJavascriptMessage(['</script>', 'é\u2028\ud800'])).toBe(
        '["\\u003C/script\\u003E","\\u00E9\\u2028\\ud800"]'
      )
    })

    it('writes a __proto__ key as a property, not as the prototype', () => {
      const value = JSON.parse('{"__proto__":{"polluted":true},"a":{"__proto__":1,"b":2}}') as Json
      const msg = _.json.toJavascriptMessage(value)
      expect(msg).toBe('{["__proto__"]:{"polluted":true},"a":{["__proto__"]:1,"b":2}}')
      const back = evaluate(msg) as Record<string, unknown>
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
      expect(Object.keys(back)).toEqual(['__proto__', 'a'])
      expect(asJson(back)).toBe(asJson(value))
    })

    it('does not touch "__proto__" inside strings', () => {
      const value: Json = ['{"__proto__":1}', { k: ',"__proto__":' }]
      expect(evaluate(_.toScriptMessage(_.json, value))).toEqual(value)
    })

    it('reads back as the same JSON value', () => {
      fc.assert(
        fc.property(anyJson, (j) => {
          const msg = _.toScriptMessage(_.json, j)
          expect(msg).toMatch(/^[\x20-\x7e]*$/)
          expect(msg).not.toMatch(/[<>&]/)
          expect(asJson(evaluate(msg))).toBe(asJson(j))
        }),
        { numRuns: 500 }
      )
    })
  })

  describe('fromEncoder', () => {
    interface Event {
      readonly at: Date
      readonly text: string
      readonly tags: ReadonlyArray<string>
    }
    const event: fc.Arbitrary<Event> = fc.record({
      at: fc.date({ noInvalidDate: true }),
      text: anyString,
      tags: fc.array(anyString, { maxLength: 3 })
    })

    const DateFromISOString = new t.Type<Date, string, unknown>(
      'DateFromISOString',
      (u): u is Date => u instanceof Date,
      (u, c) => (typeof u === 'string' ? t.success(new Date(u)) : t.failure(u, c)),
      (d) => d.toISOString()
    )

    it('takes a classic io-ts codec (t.type)', () => {
      const T = t.type({ at: DateFromISOString, text: t.string, tags: t.readonlyArray(t.string) })
      const M: _.CometMessage<Event> = _.fromEncoder(T)
      fc.assert(
        fc.property(event, (e) => {
          expect(evaluate(_.toScriptMessage(M, e))).toEqual({ ...e, at: e.at.toISOString(), tags: [...e.tags] })
        })
      )
    })

    it('takes an experimental Encoder and Codec', () => {
      const En: E.Encoder<unknown, Event> = E.struct({
        at: { encode: (d: Date) => d.getTime() },
        text: E.id<string>(),
        tags: E.id<ReadonlyArray<string>>()
      })
      const Co = C.struct({ text: C.string, n: C.number })
      fc.assert(
        fc.property(event, (e) => {
          expect(evaluate(_.toScriptMessage(_.fromEncoder(En), e))).toEqual({
            ...e,
            at: e.at.getTime(),
            tags: [...e.tags]
          })
        })
      )
      expect(_.fromEncoder(Co).toJavascriptMessage({ text: '<', n: 1 })).toBe('{"text":"\\u003C","n":1}')
    })

    it('reads the output as JSON: toJSON applies, undefined fields go, NaN is null', () => {
      const M = _.fromEncoder({ encode: (x: { readonly a?: number; readonly d: Date }) => x })
      expect(M.toJavascriptMessage({ a: undefined, d: new Date(0) })).toBe('{"d":"1970-01-01T00:00:00.000Z"}')
      expect(_.fromEncoder(E.id<number>()).toJavascriptMessage(NaN)).toBe('null')
    })

    it('refuses an output with no JSON form', () => {
      expect(() => _.fromEncoder(E.id<undefined>()).toJavascriptMessage(undefined)).toThrow(TypeError)
      expect(() => _.fromEncoder(E.id<bigint>()).toJavascriptMessage(1n)).toThrow(TypeError)
    })
  })

  describe('contramap', () => {
    it('writes an instance for B through a function from B to A', () => {
      const M = pipe(
        _.string,
        _.contramap((u: { readonly name: string }) => u.name)
      )
      expect(M.toJavascriptMessage({ name: 'kiki' })).toBe("'kiki'")
    })

    it('obeys the Contravariant laws', () => {
      const instances: ReadonlyArray<_.CometMessage<string>> = [_.string, _.json, _.of((s: string) => String(s.length))]
      for (const M of instances) {
        fc.assert(
          fc.property(anyString, (s) => {
            expect(pipe(M, _.contramap<string, string>(identity)).toJavascriptMessage(s)).toBe(M.toJavascriptMessage(s))
            expect(_.Contravariant.contramap(M, identity<string>).toJavascriptMessage(s)).toBe(M.toJavascriptMessage(s))
          })
        )
        fc.assert(
          fc.property(fc.func(anyString), fc.func(fc.integer()), fc.boolean(), (f, g, b) => {
            const left = pipe(M, _.contramap(f), _.contramap(g))
            const right = pipe(
              M,
              _.contramap((x: boolean) => f(g(x)))
            )
            expect(left.toJavascriptMessage(b)).toBe(right.toJavascriptMessage(b))
            const viaInstance = _.Contravariant.contramap(_.Contravariant.contramap(M, f), g)
            expect(viaInstance.toJavascriptMessage(b)).toBe(right.toJavascriptMessage(b))
          })
        )
      }
    })

    it('has the URI of the instance', () => {
      expect(_.Contravariant.URI).toBe('iteratee/CometMessage')
      expect(_.URI).toBe('iteratee/CometMessage')
    })
  })

  describe('toScriptMessage', () => {
    it('makes any instance safe, a user-defined one too', () => {
      const naive = _.of((s: string) => JSON.stringify(s))
      const s = '</script><script>window.__pwned=1</script>\u2028'
      expect(naive.toJavascriptMessage(s)).toContain('</script>')
      const msg = _.toScriptMessage(naive, s)
      expect(msg).not.toMatch(/[<>&\u2028\u2029]/)
      expect(evaluate(msg)).toBe(s)
    })
  })

  describe('cometScript', () => {
    it('writes the chunk Play writes', () => {
      expect(_.cometScript('parent.cometMessage', "'kiki'")).toBe(
        `<script type="text/javascript">parent.cometMessage('kiki');</script>`
      )
    })

    it('adds a nonce attribute when given one', () => {
      expect(_.cometScript('cb', '1', 'abc123+/=')).toBe(
        `<script type="text/javascript" nonce="abc123+/=">cb(1);</script>`
      )
      expect(_.cometScript('cb', '1', 'a-b_c==')).toBe(`<script type="text/javascript" nonce="a-b_c==">cb(1);</script>`)
    })

    it('refuses a nonce that is not base64 or base64url', () => {
      for (const n of ['', 'a b', 'a"b', 'a=b', 'abc===', '<x>', "a'"]) {
        expect(() => _.cometScript('cb', '1', n)).toThrow(TypeError)
      }
      expect(() => _.cometScript('cb', '1', '"x')).toThrow('"\\"x"')
    })

    it('refuses a callback that is not a dotted name', () => {
      expect(() => _.cometScript('alert(1);x', '1')).toThrow(TypeError)
      expect(() => _.cometScript('alert(1);x', '1')).toThrow('"alert(1);x"')
      expect(() => _.cometScripter('</script>')).toThrow(TypeError)
    })

    it('makes the message safe even when it was not', () => {
      expect(_.cometScript('cb', '"</script>"')).toBe(
        '<script type="text/javascript">cb("\\u003C/script\\u003E");</script>'
      )
    })

    it('cometScripter validates once and writes many', () => {
      const write = _.cometScripter('parent.cb', 'n0nce')
      expect(write('1')).toBe('<script type="text/javascript" nonce="n0nce">parent.cb(1);</script>')
      expect(write('2')).toBe('<script type="text/javascript" nonce="n0nce">parent.cb(2);</script>')
    })
  })
})

describe('CometMessage.string fast path', () => {
  it('writes exactly what jsesc writes, for every UTF-16 code unit between plain characters', () => {
    for (let c = 0; c < 0x10000; c++) {
      const s = 'a' + String.fromCharCode(c) + 'b'
      expect(_.string.toJavascriptMessage(s)).toBe(jsesc(s, { quotes: 'single', wrap: true, isScriptContext: true }))
    }
  })
})
