/**
 * Two pages served by two Node processes (`test/redis/serverProcess.ts`, on one redis-server) chat with each other
 * in headless Chromium: over server-sent events (the browser's `EventSource`), and over Comet (a forever iframe).
 *
 * Scripts that run in the page are passed as strings: the project compiles without the DOM library.
 */
import type { Page } from 'playwright-core'
import { type ServerProcess, startServerProcess } from '../redis/processes'
import { describeWithRedis } from '../redis/redisServer'
import { describeWithBrowser } from './browser'

const WAIT = { timeout: 15_000 }

const lines = (page: Page): Promise<Array<string>> =>
  page.evaluate("Array.from(document.querySelectorAll('#log li'), function (li) { return li.textContent })") as Promise<
    Array<string>
  >

/** Types `text` in the page's form and sends it. */
const say = async (page: Page, text: string): Promise<void> => {
  await page.fill('#text', text)
  await page.click('button')
}

describeWithBrowser('a chat across two processes on Redis, in Chromium', (browser) => {
  describeWithRedis('two server processes', (redis) => {
    let servers: Array<ServerProcess> = []
    const pages: Array<Page> = []
    const errors: Array<string> = []

    beforeAll(async () => {
      servers = await Promise.all(['p0', 'p1'].map((name) => startServerProcess(name, redis().url)))
    }, 60_000)
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()))
    })
    afterEach(async () => {
      await Promise.all(pages.splice(0).map((p) => p.close()))
      expect(errors.splice(0)).toEqual([])
    })

    /** Opens `path` of `server` as the user `name` (the page posts under its title). */
    const open = async (server: ServerProcess, path: string, name: string): Promise<Page> => {
      const page = await browser().newPage()
      pages.push(page)
      page.on('pageerror', (e) => errors.push(`${name}: ${String(e)}`))
      await page.goto(`http://127.0.0.1:${server.port}${path}`, { waitUntil: 'domcontentloaded' })
      await page.evaluate(`document.title = ${JSON.stringify(name)}`)
      return page
    }

    const converse = async (a: Page, b: Page): Promise<void> => {
      await say(a, 'hello from a')
      await a.waitForFunction("document.querySelectorAll('#log li').length === 1", undefined, WAIT)
      await say(b, 'hello from b')
      for (const p of [a, b])
        await p.waitForFunction("document.querySelectorAll('#log li').length === 2", undefined, WAIT)
      for (const p of [a, b]) expect(await lines(p)).toEqual(['a: hello from a', 'b: hello from b'])
    }

    it('over server-sent events', async () => {
      const a = await open(servers[0], '/chat/sse-page', 'a')
      const b = await open(servers[1], '/chat/sse-page', 'b')
      // each EventSource is connected (so subscribed) before anyone speaks
      for (const p of [a, b]) await p.waitForFunction('source.readyState === EventSource.OPEN', undefined, WAIT)
      await converse(a, b)
    }, 40_000)

    it('over Comet', async () => {
      const a = await open(servers[0], '/chat/comet-page', 'a')
      const b = await open(servers[1], '/chat/comet-page', 'b')
      // the iframe's document has a body once the first chunk came: the subscription was made before it
      const subscribed =
        "(function (f) { return f.contentDocument !== null && f.contentDocument.body !== null })(document.getElementById('comet'))"
      for (const p of [a, b]) await p.waitForFunction(subscribed, undefined, WAIT)
      await converse(a, b)
    }, 40_000)
  })
})
