/**
 * The demo application (examples/demo.ts) in headless Chromium: every page loads completely with no failed request
 * and shows its connection live, the forever iframe of Play's Comet documentation, the clock over server-sent
 * events, named events with ids in the browser's EventSource, the chat in two pages, and the Comet clock's iframe
 * reconnecting after its response limit. Over plain HTTP: the stylesheet and icon, and the markup every page shares.
 *
 * Scripts that run in the page are passed as strings: the project compiles without the DOM library.
 */
import type * as http from 'node:http'
import { type Option, fromNullable } from 'fp-ts/Option'
import type { BrowserContext, Page } from 'playwright-core'
import { demoApp } from '../../examples/demo'
import { Action, Comet, Enumerator, EventSource, NotFound, Ok, defaultInitialChunk, html } from '../../src'
import { describeWithBrowser } from './browser'
import { listen, type TestServer } from './server'

const WAIT = { timeout: 10_000 }

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** The texts of the elements matching `selector`. */
const texts = (page: Page, selector: string): Promise<Array<string>> =>
  page.evaluate(
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)}), function (e) { return e.textContent })`
  ) as Promise<Array<string>>

const text = (page: Page, selector: string): Promise<string> =>
  page.evaluate(`document.querySelector(${JSON.stringify(selector)}).textContent`) as Promise<string>

/** Waits until the page's connection status (`#status`) is `state`. */
const status = (page: Page, state: string) =>
  page.waitForFunction(`document.getElementById('status').dataset.state === ${JSON.stringify(state)}`, undefined, WAIT)

describeWithBrowser('the demo in Chromium', (browser) => {
  let context: BrowserContext
  beforeAll(async () => {
    context = await browser().newContext()
  })
  afterAll(async () => {
    await context?.close()
  })

  let app: ReturnType<typeof demoApp>
  let server: TestServer
  const pages: Array<Page> = []
  const errors: Array<string> = []
  /** Every response of 400 or more and every failed request of the pages opened, as `STATUS URL`. */
  const failedRequests: Array<string> = []

  const open = async (path: string, origin = server.origin): Promise<Page> => {
    const page = await context.newPage()
    pages.push(page)
    page.on('pageerror', (e) => errors.push(`${path}: ${String(e)}`))
    page.on('response', (r) => {
      if (r.status() >= 400) failedRequests.push(`${r.status()} ${r.url()}`)
    })
    page.on('requestfailed', (r) => {
      if (!page.isClosed()) failedRequests.push(`${r.failure()?.errorText ?? 'failed'} ${r.url()}`)
    })
    await page.goto(origin + path, { waitUntil: 'domcontentloaded' })
    return page
  }

  beforeAll(async () => {
    app = demoApp()
    server = await listen(app.listener as http.RequestListener)
  })

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()))
    failedRequests.splice(0)
    expect(errors.splice(0)).toEqual([])
  })

  afterAll(async () => {
    app?.close()
    await server?.close()
  })

  it('/iframe: parent.cometMessage receives kiki, foo and bar, in order', async () => {
    const page = await open('/iframe')
    await page.waitForFunction(`document.querySelectorAll('#events li').length >= 3`, undefined, WAIT)
    expect(await texts(page, '#events li')).toEqual(['kiki', 'foo', 'bar'])
    await status(page, 'ended')
  })

  it('every page loads completely (no endless spinner), with no failed request, and shows its connection live', async () => {
    const states: ReadonlyArray<readonly [string, string | undefined]> = [
      ['/', undefined],
      ['/iframe', 'ended'],
      ['/clock', 'live'],
      ['/clock-sse', 'live'],
      ['/chat', 'live']
    ]
    for (const [path, state] of states) {
      const page = await open(path)
      // the page's load event fires: the Comet iframe is added after it, so it does not hold the page back
      await page.waitForFunction(`document.readyState === 'complete'`, undefined, WAIT)
      if (state !== undefined) await status(page, state)
      // the stylesheet applies, and the navigation marks this page instead of linking to it
      expect(await page.evaluate(`getComputedStyle(document.querySelector('header')).display`)).toBe('flex')
      expect(await texts(page, 'nav [aria-current="page"]')).toHaveLength(1)
      expect(await page.evaluate(`document.querySelectorAll('a[href="${path}"]').length`)).toBe(0)
      expect([path, ...failedRequests]).toEqual([path])
    }
  })

  it('/clock-sse: the time shown changes', async () => {
    const page = await open('/clock-sse')
    await page.waitForFunction(
      `/^\\d\\d:\\d\\d:\\d\\d$/.test(document.getElementById('clock').textContent)`,
      undefined,
      WAIT
    )
    const first = await text(page, '#clock')
    await page.waitForFunction(
      `document.getElementById('clock').textContent !== ${JSON.stringify(first)}`,
      undefined,
      WAIT
    )
    expect(await text(page, '#clock')).toMatch(/^\d\d:\d\d:\d\d$/)
  })

  it('/chat: a message posted from one page appears in both', async () => {
    const one = await open('/chat')
    const two = await open('/chat')
    // each page's comet iframe is connected (its stream's first chunk has arrived) before anything is said
    await Promise.all([status(one, 'live'), status(two, 'live')])

    await one.fill('#from', 'ann')
    await one.fill('#text', 'hello from one </script><b>')
    await one.click('button')
    const said = (page: Page, n: number) =>
      page.waitForFunction(`document.querySelectorAll('#log li').length >= ${n}`, undefined, WAIT)
    await Promise.all([said(one, 1), said(two, 1)])

    await two.fill('#from', 'bob')
    await two.fill('#text', 'hi ann')
    await two.click('button')
    await Promise.all([said(one, 2), said(two, 2)])

    // what users type is shown as text, never as markup
    const expected = ['ann: hello from one </script><b>', 'bob: hi ann']
    for (const page of [one, two]) {
      expect(await texts(page, '#log li')).toEqual(expected)
      expect(await page.evaluate(`document.querySelectorAll('#log b').length`)).toBe(0)
    }
  })

  it('the Comet clock page reconnects its iframe after the response limit, and keeps updating', async () => {
    // The demo's own /clock page, with /clock/comet served by a variant whose response ends after three messages.
    let connections = 0
    const ticks = (ms: number): Enumerator<string> =>
      Enumerator.repeatM(() => delay(ms).then(() => new Date().toISOString().slice(11, 23)))
    const smallLimit = Action(() => {
      connections++
      return Ok.chunked(
        ticks(100).through(Comet({ callback: 'parent.showTime', responseLimit: defaultInitialChunk.body.length + 150 }))
      )
    })
    const variant = await listen((req, res) =>
      req.url === '/clock/comet' ? smallLimit(req, res) : app.listener(req, res)
    )
    try {
      const page = await open('/clock', variant.origin)
      // record every time the page is given, through the page's own showTime
      await page.evaluate(`(function () {
        window.times = []
        var show = window.showTime
        window.showTime = function (t) { window.times.push(t); show(t) }
      })()`)
      await page.waitForFunction(`window.times.length >= 8`, undefined, WAIT)
      expect(connections).toBeGreaterThanOrEqual(3)
      const times = (await page.evaluate('window.times')) as Array<string>
      for (let i = 1; i < times.length; i++) expect(times[i] > times[i - 1]).toBe(true)
      const shown = await text(page, '#clock')
      expect(times).toContain(shown)
    } finally {
      await variant.close()
    }
  })

  describe('server-sent events', () => {
    interface Ev {
      readonly data: string
      readonly name?: string
      readonly id?: string
    }

    const events: ReadonlyArray<Ev> = [
      { name: 'greeting', id: '1', data: 'hello' },
      { data: 'line 1\nline 2\n\nline 4' },
      { name: 'tick', id: '', data: 'windows\r\nline endings\rold mac' },
      { name: 'tick', id: 'α-3', data: '  two leading spaces\ntrailing newline\n' },
      { id: '5', data: 'last' }
    ]

    const page = html`<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body>
<script>
  window.got = []
  var source = new EventSource('/events')
  var record = function (e) {
    window.got.push({ type: e.type, data: e.data, id: e.lastEventId })
    if (e.data === 'last') source.close()
  }
  source.onmessage = record
  source.addEventListener('greeting', record)
  source.addEventListener('tick', record)
</script>
</body></html>`

    let server: TestServer
    let requests = 0
    beforeAll(async () => {
      server = await listen(
        Action((req) => {
          if (req.url === '/') return Ok(page)
          if (req.url !== '/events') return NotFound('')
          requests++
          return Ok.chunked(
            Enumerator(...events).through(
              EventSource<Ev>({
                data: (e) => e.data,
                name: (e): Option<string> => fromNullable(e.name),
                id: (e) => e.id,
                retry: 60_000
              })
            )
          ).as('text/event-stream')
        }) as http.RequestListener
      )
    })
    afterAll(async () => {
      await server?.close()
    })

    it('names, ids (lastEventId) and data lines arrive as sent', async () => {
      const p = await context.newPage()
      try {
        await p.goto(server.origin + '/', { waitUntil: 'domcontentloaded' })
        await p.waitForFunction(`window.got.length >= 5`, undefined, WAIT)
        expect(await p.evaluate('window.got')).toEqual([
          { type: 'greeting', data: 'hello', id: '1' },
          // no id: the last one is kept
          { type: 'message', data: 'line 1\nline 2\n\nline 4', id: '1' },
          // an empty id resets it; line breaks of any kind arrive as \n
          { type: 'tick', data: 'windows\nline endings\nold mac', id: '' },
          { type: 'tick', data: '  two leading spaces\ntrailing newline\n', id: 'α-3' },
          { type: 'message', data: 'last', id: '5' }
        ])
        expect(requests).toBe(1)
      } finally {
        await p.close()
      }
    })
  })
})

describe('the demo over HTTP', () => {
  let app: ReturnType<typeof demoApp>
  let server: TestServer
  beforeAll(async () => {
    app = demoApp()
    server = await listen(app.listener as http.RequestListener)
  })
  afterAll(async () => {
    app?.close()
    await server?.close()
  })

  it('serves the stylesheet and the icon with their types, cached; /favicon.ico is answered too', async () => {
    const css = await fetch(`${server.origin}/style.css`)
    expect(css.status).toBe(200)
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(css.headers.get('cache-control')).toMatch(/max-age=\d+/)
    expect(await css.text()).toContain('.status')
    const svg = await fetch(`${server.origin}/favicon.svg`)
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(svg.headers.get('cache-control')).toMatch(/max-age=\d+/)
    expect(await svg.text()).toMatch(/^<svg /)
    const ico = await fetch(`${server.origin}/favicon.ico`)
    expect(ico.status).toBe(204)
  })

  it('every page has a viewport, the stylesheet and the icon, and its navigation does not link to itself', async () => {
    for (const path of ['/', '/iframe', '/clock', '/clock-sse', '/chat']) {
      const page = await (await fetch(server.origin + path)).text()
      expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">')
      expect(page).toContain('<link rel="stylesheet" href="/style.css">')
      expect(page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">')
      expect(page).not.toContain(`href="${path}"`)
      expect(page.match(/aria-current="page"/g)).toHaveLength(1)
      // no Comet iframe in the markup: the page adds it after its load event
      expect(page).not.toContain('<iframe')
    }
  })
})
