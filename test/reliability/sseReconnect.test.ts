/**
 * The server-sent events twin of the demo test "the Comet clock page reconnects its iframe after the response
 * limit": the demo's own /clock-sse page, with /clock/sse served by a variant whose response ends after three ticks
 * and asks for a short `retry:`. The browser's EventSource reconnects by itself each time the response ends, and the
 * clock keeps going.
 */
import type * as http from 'node:http'
import type { Page } from 'playwright-core'
import { demoApp } from '../../examples/demo'
import { Action, Enumeratee, Enumerator, EventSource, Ok } from '../../src'
import { describeWithBrowser } from '../e2e/browser'
import { listen } from '../e2e/server'

const WAIT = { timeout: 10_000 }

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describeWithBrowser('the demo SSE clock in Chromium', (browser) => {
  it('reconnects when its response ends, and keeps updating', async () => {
    const app = demoApp()
    let connections = 0
    const ticks = (ms: number): Enumerator<string> =>
      Enumerator.repeatM(() => delay(ms).then(() => new Date().toISOString().slice(11, 23)))
    const threeTicks = Action(() => {
      connections++
      return Ok.chunked(
        ticks(100)
          .through(Enumeratee.take(3))
          .through(EventSource({ name: () => 'tick', retry: 100 }))
      ) // no `.as(...)`: EventSource's stream is served as text/event-stream by itself
    })
    const server = await listen((req, res) =>
      req.url === '/clock/sse' ? threeTicks(req, res) : (app.listener as http.RequestListener)(req, res)
    )
    const context = await browser().newContext()
    try {
      const page: Page = await context.newPage()
      const errors: Array<string> = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(server.origin + '/clock-sse', { waitUntil: 'domcontentloaded' })
      // record every time the page shows, as the page's own listener writes it
      await page.evaluate(`(function () {
        window.times = []
        var clock = document.getElementById('clock')
        new MutationObserver(function () { window.times.push(clock.textContent) })
          .observe(clock, { childList: true, characterData: true, subtree: true })
      })()`)
      await page.waitForFunction(`window.times.length >= 8`, undefined, WAIT)
      expect(connections).toBeGreaterThanOrEqual(3)
      const times = (await page.evaluate('window.times')) as Array<string>
      for (let i = 1; i < times.length; i++) expect(times[i] > times[i - 1]).toBe(true)
      // it waits what `retry:` says (100 ms), not the browser's default (3 s), before reconnecting
      const ms = times.map((t) => Date.parse(`1970-01-01T${t}Z`))
      for (let i = 1; i < ms.length; i++) expect(ms[i] - ms[i - 1]).toBeLessThan(1500)
      expect(errors).toEqual([])
    } finally {
      await context.close()
      app.close()
      await server.close()
    }
  })
})
