import * as fc from 'fast-check'
import { assertCallback, codeRunningNames, isDottedName, scriptSafe } from '../../src/comet/scriptSafe'
import { Comet } from '../../src'

const evaluate = (js: string): unknown => new Function('return ' + js)()

const unsafe = /[<>&\u2028\u2029]/

// Tokens of a single-quoted string literal, each with the value it stands for. Identity escapes (`\<`) and line
// continuations (`\` + U+2028) are the cases where a naive replacement would change the value.
const literalToken: fc.Arbitrary<readonly [string, string]> = fc.oneof(
  fc.constantFrom<readonly [string, string]>(
    ['<', '<'],
    ['>', '>'],
    ['&', '&'],
    ['\u2028', '\u2028'],
    ['\u2029', '\u2029'],
    ['\\<', '<'],
    ['\\>', '>'],
    ['\\&', '&'],
    ['\\\u2028', ''],
    ['\\\u2029', ''],
    ['\\\\', '\\'],
    ["\\'", "'"],
    ['"', '"'],
    ['\\n', '\n'],
    ['\\u003C', '<'],
    ['\\x3C', '<'],
    ['</script>', '</script>'],
    ['<!--', '<!--'],
    ['\\</script\\>', '</script>']
  ),
  fc
    .string({ unit: 'binary', minLength: 1, maxLength: 3 })
    .filter((s) => !/['\\\n\r]/.test(s))
    .map((s): readonly [string, string] => [s, s])
)

describe('scriptSafe', () => {
  it('escapes < > & U+2028 U+2029 as \\uXXXX', () => {
    expect(scriptSafe(`'</script><!--&\u2028\u2029'`)).toBe(`'\\u003C/script\\u003E\\u003C!--\\u0026\\u2028\\u2029'`)
  })

  it('returns text without unsafe characters unchanged', () => {
    const s = `{"a":'b\\\\c',"d":[1,2]}`
    expect(scriptSafe(s)).toBe(s)
  })

  it('replaces an identity escape instead of escaping its backslash', () => {
    expect(scriptSafe(`'\\<'`)).toBe(`'\\u003C'`)
    expect(evaluate(scriptSafe(`'\\<\\/script\\>'`))).toBe('</script>')
  })

  it('counts backslashes: after an escaped backslash, < is bare', () => {
    expect(scriptSafe(`'\\\\<'`)).toBe(`'\\\\\\u003C'`)
    expect(evaluate(scriptSafe(`'\\\\<'`))).toBe('\\<')
    expect(evaluate(scriptSafe(`'\\\\\\<'`))).toBe('\\<')
  })

  it('drops a line continuation, which contributes nothing to the value', () => {
    expect(scriptSafe(`'a\\\u2028b'`)).toBe(`'ab'`)
    expect(evaluate(`'a\\\u2028b'`)).toBe('ab')
  })

  it('keeps template and regular expression literals meaning the same', () => {
    expect(evaluate(scriptSafe('`<${1 + 1}>\u2028`'))).toBe('<2>\u2028')
    const re = evaluate(scriptSafe('/^[<>&]\\<$/')) as RegExp
    expect(re.test('<<')).toBe(true)
    expect(re.test('&<')).toBe(true)
    expect(re.test('a<')).toBe(false)
  })

  it('output never holds an unsafe character, so never </script or <!--', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = scriptSafe(s)
        expect(out).not.toMatch(unsafe)
        expect(out.toLowerCase()).not.toContain('</script')
        expect(out).not.toContain('<!--')
      })
    )
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(scriptSafe(scriptSafe(s))).toBe(scriptSafe(s))
      })
    )
  })

  it('keeps the value of any string literal, single- or double-quoted', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(evaluate(scriptSafe(JSON.stringify(s)))).toBe(s)
      })
    )
    fc.assert(
      fc.property(fc.array(literalToken), (tokens) => {
        const literal = "'" + tokens.map(([t]) => t).join('') + "'"
        const value = tokens.map(([, v]) => v).join('')
        expect(evaluate(literal)).toBe(value)
        expect(evaluate(scriptSafe(literal))).toBe(value)
      })
    )
  })
})

describe('isDottedName', () => {
  it('accepts dotted identifiers', () => {
    for (const n of [
      'f',
      'console.log',
      'parent.cometMessage',
      '$.x_1',
      '_',
      '$',
      'a1.b2.c3',
      'this.cb',
      'window.top.x'
    ])
      expect(isDottedName(n)).toBe(true)
  })

  it('accepts reserved words as property names, where JavaScript allows them', () => {
    expect(isDottedName('promise.catch')).toBe(true)
    expect(isDottedName('x.new')).toBe(true)
  })

  it('refuses anything else', () => {
    for (const n of [
      '',
      '.',
      'a.',
      '.a',
      'a..b',
      '1a',
      'a.1b',
      'a b',
      'a[0]',
      "a['b']",
      'a()',
      'a);alert(1);(',
      '"a"',
      'a-b',
      'a\nb',
      'café',
      '</script>',
      'new',
      'function',
      'true',
      'null',
      'typeof',
      'let',
      'yield',
      'await',
      'new.target',
      'delete.x'
    ])
      expect(isDottedName(n)).toBe(false)
  })

  it('is false for non-strings', () => {
    expect(isDottedName(undefined as unknown as string)).toBe(false)
    expect(isDottedName(1 as unknown as string)).toBe(false)
  })
})

describe('assertCallback', () => {
  it('passes dotted names', () => {
    expect(() => assertCallback('parent.cometMessage')).not.toThrow()
  })

  it('throws a TypeError that shows the bad value', () => {
    expect(() => assertCallback('alert(1)')).toThrow(TypeError)
    expect(() => assertCallback('alert(1)')).toThrow('"alert(1)"')
    expect(() => assertCallback('')).toThrow(TypeError)
    expect(() => assertCallback('')).toThrow('""')
    expect(() => assertCallback('a\nb')).toThrow('"a\\nb"')
    expect(() => assertCallback(undefined)).toThrow(/undefined/)
    expect(() => assertCallback(10n)).toThrow(TypeError)
  })
})

describe('callbacks that would run code', () => {
  it('refuses the names the issue found accepted', () => {
    for (const n of [
      'eval',
      'Function',
      'setTimeout',
      'constructor',
      'parent.__proto__',
      'window.eval',
      'location.assign'
    ])
      expect(() => Comet({ callback: n })).toThrow(TypeError)
  })

  // every code-running name, alone and wherever it stands in a path, under the globals a page reaches it through
  const prefixes = ['', 'window.', 'self.', 'top.', 'parent.', 'globalThis.', 'frames.', 'document.', 'parent.frames.']
  const suffixes = ['', '.call', '.x']
  const generated = [...codeRunningNames].flatMap((name) =>
    prefixes.flatMap((prefix) => suffixes.map((suffix) => `${prefix}${name}${suffix}`))
  )

  it(`refuses ${generated.length} generated paths with a TypeError that names the value`, () => {
    for (const callback of generated) {
      expect(isDottedName(callback)).toBe(false)
      expect(() => Comet({ callback })).toThrow(TypeError)
      expect(() => Comet({ callback })).toThrow(JSON.stringify(callback))
    }
  })

  it('still accepts names that merely contain such a word', () => {
    for (const n of ['parent.evaluate', 'parent.openChat', 'app.writer', 'parent.onLocation', 'parent.cometMessage'])
      expect(isDottedName(n)).toBe(true)
  })
})
