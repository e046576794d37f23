/**
 * The demo application (examples/demo.ts) in headless Chromium: the forever iframe of Play's Comet documentation,
 * the clock over server-sent events, named events with ids in the browser's EventSource, the chat in two pages, and
 * the Comet clock's iframe reconnecting after its response limit.
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

  const open = async (path: string, origin = server.origin): Promise<Page> => {
    const page = await context.newPage()
    pages.push(page)
    page.on('pageerror', (e) => errors.push(`${path}: ${String(e)}`))
    await page.goto(origin + path, { waitUntil: 'domcontentloaded' })
    return page
  }

  beforeAll(async () => {
    app = demoApp()
    server = await listen(app.listener as http.RequestListener)
  })

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()))
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
    // each page's comet iframe is connected (its document is the comet response) before anything is said
    const connected = `(function () {
      var w = document.getElementById('comet').contentWindow
      return w !== null && w.location.pathname === '/chat/comet' && w.document.body !== null
    })()`
    await Promise.all([
      one.waitForFunction(connected, undefined, WAIT),
      two.waitForFunction(connected, undefined, WAIT)
    ])

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

    const expected = ['ann: hello from one </script><b>', 'bob: hi ann']
    expect(await texts(one, '#log li')).toEqual(expected)
    expect(await texts(two, '#log li')).toEqual(expected)
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
