/**
 * Comet messages in a real browser: whatever a message holds, the page's callback receives exactly the value that
 * was sent, every message is one script element, and nothing in a message runs as code.
 */
import * as fc from 'fast-check'
import type { Json } from 'fp-ts/Json'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Page } from 'playwright-core'
import * as CometMessage from '../../src/comet/CometMessage'
import { describeWithBrowser } from './browser'
import { listen, type TestServer } from './server'

// -------------------------------------------------------------------------------------
// pages
// -------------------------------------------------------------------------------------

interface PageSpec {
  readonly headers?: Readonly<Record<string, string>>
  readonly chunks: ReadonlyArray<string>
}

// The harness scripts carry the nonce so that they also run under the CSP test's policy. `__pwned` is the canary:
// every injection payload below tries to set it.
const head = (nonce: string): string =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><script nonce="${nonce}">` +
  'window.received = []; window.__pwned = false; window.violations = [];' +
  'window.cometMessage = function (v) { window.received.push(v) };' +
  "document.addEventListener('securitypolicyviolation', function (e) { window.violations.push(e.violatedDirective) })" +
  '</script></head><body>'

const tail = (nonce: string): string => `<script nonce="${nonce}">window.__end = true</script></body></html>`

const HARNESS_NONCE = 'abc123'

// What the page reports back. Strings travel as arrays of UTF-16 code units, because a lone surrogate would not
// survive the trip through the DevTools protocol; other values travel as JSON text, which escapes lone surrogates
// and shows an own `__proto__` key.
interface Report {
  readonly types: ReadonlyArray<string>
  readonly codeUnits: ReadonlyArray<ReadonlyArray<number> | null>
  readonly json: ReadonlyArray<string>
  readonly bodyElements: ReadonlyArray<string>
  readonly pwned: unknown
  readonly ended: boolean
  readonly violations: ReadonlyArray<string>
}

// The project compiles without the DOM library (its code is platform-free), so the little of the page that `report`
// touches is declared here, for this module only.
declare const window: {
  readonly received: ReadonlyArray<unknown>
  readonly __pwned: unknown
  readonly __end?: boolean
  readonly violations: ReadonlyArray<string>
}
declare const document: {
  readonly body: {
    readonly querySelectorAll: (
      selector: string
    ) => ArrayLike<{ readonly tagName: string; readonly getAttribute: (name: string) => string | null }>
  }
}

// Runs in the page.
const report = (): Report => {
  const units = (s: string): Array<number> => {
    const out: Array<number> = []
    for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i))
    return out
  }
  return {
    types: window.received.map((v) => typeof v),
    codeUnits: window.received.map((v) => (typeof v === 'string' ? units(v) : null)),
    json: window.received.map((v) => JSON.stringify(v)),
    bodyElements: Array.from(document.body.querySelectorAll('*'), (e) => `${e.tagName}:${e.getAttribute('type')}`),
    pwned: window.__pwned,
    ended: window.__end === true,
    violations: window.violations
  }
}

const codeUnits = (s: string): ReadonlyArray<number> => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i))

// -------------------------------------------------------------------------------------
// values
// -------------------------------------------------------------------------------------

const tricky: ReadonlyArray<string> = [
  '</script>',
  '</SCRIPT >',
  '</script',
  '<!--',
  '-->',
  '<script>',
  '<!--<script>',
  "'",
  '"',
  '\\',
  '\\\\',
  '\u2028',
  '\u2029',
  ']]>',
  '${x}',
  '`',
  '\ud800',
  '\udc00',
  '\udbff\udfff',
  '\0',
  '\r\n',
  '&lt;',
  '</script><script>window.__pwned = true</script>',
  '</script><img src=x onerror="window.__pwned = true">',
  '<!--<script>window.__pwned = true//',
  "'); window.__pwned = true; ('",
  '"); window.__pwned = true; ("',
  "\\'); window.__pwned = true; //",
  '\u2028window.__pwned = true//',
  '${window.__pwned = true}',
  '`+(window.__pwned = true)+`'
]

const anyString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary', size: 'medium' }),
  fc.constantFrom(...tricky),
  fc.array(fc.constantFrom(...tricky), { maxLength: 4 }).map((parts) => parts.join(''))
)

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ stringUnit: 'binary' }) as fc.Arbitrary<Json>,
  fc.constantFrom(...tricky),
  fc.dictionary(fc.constantFrom(...tricky, '__proto__', 'constructor'), fc.constantFrom<Json>(...tricky, -0, null)),
  fc.constant(JSON.parse('{"__proto__":{"__pwned":true},"a":[{"__proto__":"</script>"}]}') as Json)
)

// -------------------------------------------------------------------------------------
// tests
// -------------------------------------------------------------------------------------

describeWithBrowser('Comet script chunks in Chromium', (browser) => {
  let server: TestServer
  let page: Page
  let pageErrors: Array<string> = []
  const pages = new Map<string, PageSpec>()
  let nextPage = 0

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const spec = pages.get(req.url ?? '')
    if (spec === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
      return
    }
    pages.delete(req.url ?? '')
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...spec.headers })
    // One write per chunk, as a chunked Comet response arrives.
    for (const chunk of spec.chunks) res.write(chunk)
    res.end()
  }

  // Serves a page once and returns what the browser made of it.
  const load = async (spec: PageSpec): Promise<Report> => {
    const path = `/page/${nextPage++}`
    pages.set(path, spec)
    pageErrors = []
    await page.goto(server.origin + path, { waitUntil: 'load' })
    return page.evaluate(report)
  }

  const cometPage = <A>(M: CometMessage.CometMessage<A>, values: ReadonlyArray<A>): PageSpec => ({
    chunks: [
      head(HARNESS_NONCE),
      ...values.map((v) => CometMessage.cometScript('cometMessage', CometMessage.toScriptMessage(M, v))),
      tail(HARNESS_NONCE)
    ]
  })

  // Every message is one script element that ran once, the page was parsed to its end, and no payload ran.
  const expectClean = (r: Report, messages: number): void => {
    expect(pageErrors).toEqual([])
    expect(r.pwned).toBe(false)
    expect(r.ended).toBe(true)
    expect(r.bodyElements).toEqual([...Array<string>(messages).fill('SCRIPT:text/javascript'), 'SCRIPT:null'])
    expect(r.types.length).toBe(messages)
  }

  beforeAll(async () => {
    server = await listen(serve)
    page = await browser().newPage()
    page.on('pageerror', (e) => pageErrors.push(String(e)))
  }, 30_000)

  afterAll(async () => {
    await page?.close()
    await server?.close()
  })

  it('the harness catches a breakout: Play 2.4 wrote JSON without escaping </script>', async () => {
    const payload = JSON.stringify('</script><script>window.__pwned = true</script>')
    const r = await load({
      chunks: [head(HARNESS_NONCE), `<script type="text/javascript">cometMessage(${payload});</script>`, tail('')]
    })
    expect(r.pwned).toBe(true)
  })

  it('string: the callback receives every string exactly, code unit for code unit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyString, { minLength: 1, maxLength: 40 }), async (values) => {
        const r = await load(cometPage(CometMessage.string, values))
        expectClean(r, values.length)
        expect(r.types).toEqual(values.map(() => 'string'))
        expect(r.codeUnits).toEqual(values.map(codeUnits))
      }),
      { numRuns: 100 }
    )
  }, 45_000)

  it('json: the callback receives every JSON value exactly (-0 arrives as 0, as JSON has it)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyJson, { minLength: 1, maxLength: 40 }), async (values) => {
        const r = await load(cometPage(CometMessage.json, values))
        expectClean(r, values.length)
        // JSON text compares key order and nesting; for strings it compares code units, lone surrogates included.
        expect(r.json).toEqual(values.map((v) => JSON.stringify(v)))
      }),
      { numRuns: 100 }
    )
  }, 45_000)

  it('a user-defined instance that writes raw JSON.stringify output is made safe too', async () => {
    const naive = CometMessage.of((s: string) => JSON.stringify(s))
    await fc.assert(
      fc.asyncProperty(fc.array(anyString, { minLength: 1, maxLength: 40 }), async (values) => {
        const r = await load(cometPage(naive, values))
        expectClean(r, values.length)
        expect(r.codeUnits).toEqual(values.map(codeUnits))
      }),
      { numRuns: 20 }
    )
  }, 30_000)

  it("under CSP script-src 'nonce-…', scripts with the nonce run and others do not", async () => {
    const tag = (value: string, nonce?: string): string =>
      CometMessage.cometScript('cometMessage', CometMessage.toScriptMessage(CometMessage.string, value), nonce)
    const r = await load({
      headers: { 'Content-Security-Policy': `script-src 'nonce-${HARNESS_NONCE}'` },
      chunks: [
        head(HARNESS_NONCE),
        tag('first', HARNESS_NONCE),
        tag('no nonce'),
        tag('wrong nonce', 'xyz789'),
        tag('</script><script>window.__pwned = true</script>', HARNESS_NONCE),
        tag('last', HARNESS_NONCE),
        tail(HARNESS_NONCE)
      ]
    })
    expect(r.codeUnits).toEqual(['first', '</script><script>window.__pwned = true</script>', 'last'].map(codeUnits))
    expect(r.pwned).toBe(false)
    expect(r.ended).toBe(true)
    expect(r.bodyElements.length).toBe(6)
    expect(r.violations).toEqual(['script-src-elem', 'script-src-elem'])
  })
})
