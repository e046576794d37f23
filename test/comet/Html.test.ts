import * as fc from 'fast-check'
import { html, Html, HtmlFormat, isHtml } from '../../src/comet/Html'

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')

describe('Html', () => {
  describe('Html', () => {
    it('wraps a body without escaping it, and is called without new', () => {
      const h = Html('<b>x</b>')
      expect(h.body).toBe('<b>x</b>')
      expect(h.toString()).toBe('<b>x</b>')
      expect(String(h)).toBe('<b>x</b>')
      expect(`${h}`).toBe('<b>x</b>')
    })

    it('is immutable', () => {
      const h = Html('a')
      expect(Object.isFrozen(h)).toBe(true)
      expect(() => {
        ;(h as { body: string }).body = 'b'
      }).toThrow(TypeError)
      expect(h.body).toBe('a')
    })
  })

  describe('isHtml', () => {
    it('accepts values made by this module only', () => {
      expect(isHtml(Html(''))).toBe(true)
      expect(isHtml(HtmlFormat.escape('<'))).toBe(true)
      expect(isHtml(html`x`)).toBe(true)
      expect(isHtml('<b>')).toBe(false)
      expect(isHtml(null)).toBe(false)
      expect(isHtml({ _tag: 'Html', body: '<script>' })).toBe(false)
      expect(isHtml(JSON.parse(JSON.stringify(Html('x'))))).toBe(false)
    })
  })

  describe('HtmlFormat', () => {
    it('escape writes & < > " \' as character references', () => {
      expect(HtmlFormat.escape(`a&b<c>d"e'f`).body).toBe('a&amp;b&lt;c&gt;d&quot;e&#x27;f')
      expect(HtmlFormat.escape('&amp;').body).toBe('&amp;amp;')
      expect(HtmlFormat.escape('plain é 😀').body).toBe('plain é 😀')
      expect(HtmlFormat.escape('').body).toBe('')
    })

    it('escape leaves no markup character and can be undone', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          const body = HtmlFormat.escape(s).body
          expect(body).not.toMatch(/[<>"']/)
          expect(unescape(body)).toBe(s)
        })
      )
    })

    it('raw, empty and fill', () => {
      expect(HtmlFormat.raw('<i>').body).toBe('<i>')
      expect(HtmlFormat.empty.body).toBe('')
      expect(HtmlFormat.fill([Html('<a>'), HtmlFormat.escape('<'), HtmlFormat.empty]).body).toBe('<a>&lt;')
      expect(HtmlFormat.fill([]).body).toBe('')
    })
  })

  describe('html', () => {
    it('keeps literal parts, escapes interpolated strings and keeps interpolated Html', () => {
      const user = `<img src=x onerror="alert('x')">`
      expect(html`<p class="a">${user}</p>`.body).toBe(
        '<p class="a">&lt;img src=x onerror=&quot;alert(&#x27;x&#x27;)&quot;&gt;</p>'
      )
      expect(html`<div>${Html('<br>')}</div>`.body).toBe('<div><br></div>')
      expect(html`${'a'}${'<'}${Html('<')}`.body).toBe('a&lt;<')
      expect(html``.body).toBe('')
      expect(html`${1}-${2.5}`.body).toBe('1-2.5')
    })

    it('joins arrays, escaping strings and keeping Html, at any depth', () => {
      const items = ['<a>', 'b']
      const lis = items.map((i) => html`<li>${i}</li>`)
      // prettier formats html`` templates as HTML, and would spread this <ul> over three lines
      // prettier-ignore
      const ul = html`<ul>${lis}</ul>`
      expect(ul.body).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>')
      expect(html`${['<', Html('<'), [['&'], Html('&')]]}`.body).toBe('&lt;<&amp;&')
      expect(html`${[]}`.body).toBe('')
    })

    it('refuses values that are neither text, numbers, Html nor arrays', () => {
      const bad = [undefined, null, {}, true, Symbol('s')] as unknown as ReadonlyArray<string>
      for (const b of bad) expect(() => html`${b}`).toThrow(TypeError)
    })

    it('nests: an Html made by html is not escaped again', () => {
      const inner = html`<b>${'&'}</b>`
      expect(html`<p>${inner}</p>`.body).toBe('<p><b>&amp;</b></p>')
    })

    it('any interpolated string comes back unchanged after unescaping', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          expect(unescape(html`${s}`.body)).toBe(s)
        })
      )
    })
  })
})
