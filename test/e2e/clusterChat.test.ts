/**
 * The demo on Redis (examples/cluster.ts, as `REDIS_URL=… npm start` runs it) in headless Chromium: two demo servers,
 * each `examples/server.ts` with one node:cluster worker, on one redis-server. A message typed on the WebSocket page
 * served by one appears on the Comet page served by the other, and the reverse.
 *
 * Scripts that run in the page are passed as strings: the project compiles without the DOM library.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import * as path from 'node:path'
import type { Page } from 'playwright-core'
import { describeWithRedis, freePort } from '../redis/redisServer'
import { describeWithBrowser } from './browser'

const WAIT = { timeout: 15_000 }

const ROOT = path.resolve(__dirname, '../..')

interface Demo {
  readonly origin: string
  /** SIGTERM, then SIGKILL after 10 s; resolves once the primary has exited. */
  readonly stop: () => Promise<void>
}

/** Starts `examples/server.ts` on Redis with one worker; resolves once the primary says that the worker listens. */
const startDemo = async (redisUrl: string): Promise<Demo> => {
  const port = await freePort()
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'examples/server.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        WORKERS: '1',
        PORT: String(port),
        HOST: '127.0.0.1',
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json')
      },
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the demo did not start within 60 s'))
    }, 60_000)
    let out = ''
    child.stdout!.setEncoding('utf8')
    child.stdout!.on('data', (chunk: string) => {
      out += chunk
      if (out.includes('play-iteratees-ts demo: http://')) {
        clearTimeout(timer)
        resolve()
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`the demo exited before it listened (code ${child.exitCode}): ${out}`))
    })
  })
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(killer)
    }
  }
}

/** The sender and text of each message the page shows. */
const shown = (page: Page): Promise<Array<[string, string]>> =>
  page.evaluate(`Array.from(document.querySelectorAll('#log li'), function (li) {
    return [li.querySelector('.from').textContent, li.querySelector('.text').textContent]
  })`) as Promise<Array<[string, string]>>

const said = (page: Page, n: number) =>
  page.waitForFunction(`document.querySelectorAll('#log li').length >= ${n}`, undefined, WAIT)

const live = (page: Page) =>
  page.waitForFunction(`document.getElementById('status').dataset.state === 'live'`, undefined, WAIT)

describeWithBrowser('the demo on Redis, in Chromium', (browser) => {
  describeWithRedis('one redis-server', (redis) => {
    // a block of its own, so that its afterAll stops the demos before the enclosing one stops Redis
    describe('two demo servers', () => {
      let demos: Array<Demo> = []
      const pages: Array<Page> = []
      const errors: Array<string> = []

      beforeAll(async () => {
        demos = await Promise.all([startDemo(redis().url), startDemo(redis().url)])
      }, 90_000)
      afterAll(async () => {
        await Promise.all(pages.splice(0).map((p) => p.close()))
        await Promise.all(demos.map((d) => d.stop()))
      }, 30_000)

      const open = async (origin: string, where: string): Promise<Page> => {
        const page = await browser().newPage()
        pages.push(page)
        page.on('pageerror', (e) => errors.push(`${where}: ${String(e)}`))
        const response = await page.goto(origin + where, { waitUntil: 'domcontentloaded' })
        expect(response?.headers()['x-served-by']).toMatch(/^worker /)
        return page
      }

      it('a message typed on the WebSocket page of one server appears on the Comet page of the other, and the reverse', async () => {
        const socketPage = await open(demos[0].origin, '/chat-ws')
        const cometPage = await open(demos[1].origin, '/chat')
        await Promise.all([live(socketPage), live(cometPage)])

        await socketPage.fill('#from', 'ann')
        await socketPage.fill('#text', 'hello from a socket on the first server')
        await socketPage.click('button')
        await Promise.all([said(socketPage, 1), said(cometPage, 1)])

        await cometPage.fill('#from', 'bob')
        await cometPage.fill('#text', 'hi ann, from Comet on the second')
        await cometPage.click('button')
        await Promise.all([said(socketPage, 2), said(cometPage, 2)])

        for (const page of [socketPage, cometPage])
          expect(await shown(page)).toEqual([
            ['ann', 'hello from a socket on the first server'],
            ['bob', 'hi ann, from Comet on the second']
          ])
        expect(errors).toEqual([])
      }, 60_000)
    })
  })
})
