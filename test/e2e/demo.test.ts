/**
 * The demo application (examples/demo.ts) in headless Chromium: every page loads completely with no failed request
 * and shows its connection live, the forever iframe of Play's Comet documentation, the clock over server-sent
 * events, named events with ids in the browser's EventSource, the chat in two pages and for a late joiner (with the
 * screenshot of the README), the WebSocket chat and the Comet chat talking to each other (and the WebSocket page
 * reopening its socket), and the Comet clock's iframe reconnecting after its response limit. Over plain HTTP:
 * the stylesheet and icon, the markup every page shares, and the chat's history and live messages, none lost and
 * none twice.
 *
 * Scripts that run in the page are passed as strings: the project compiles without the DOM library.
 *
 * `UPDATE_SCREENSHOT=1 npx jest test/e2e/demo.test.ts` rewrites docs/demo.png; otherwise the screenshot goes to a
 * temporary directory, so that running the tests leaves the work tree as it was.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import * as http from 'node:http'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { type Option, fromNullable } from 'fp-ts/Option'
import type { BrowserContext, Page } from 'playwright-core'
import { chatRoom, demoApp } from '../../examples/demo'
import {
  Action,
  Comet,
  Enumeratee,
  Enumerator,
  EventSource,
  Iteratee,
  NotFound,
  Ok,
  defaultInitialChunk,
  html
} from '../../src'
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

/** A chat message as a page shows it: the sender, the text, the time shown and the time in its `datetime`. */
interface Shown {
  readonly from: string
  readonly text: string
  readonly time: string
  readonly at: string
}

const shownMessages = (page: Page): Promise<Array<Shown>> =>
  page.evaluate(`Array.from(document.querySelectorAll('#log li'), function (li) {
    var time = li.querySelector('time')
    return {
      from: li.querySelector('.from').textContent,
      text: li.querySelector('.text').textContent,
      time: time.textContent,
      at: time.getAttribute('datetime')
    }
  })`) as Promise<Array<Shown>>

/** Where the chat's screenshot goes: docs/demo.png when UPDATE_SCREENSHOT=1, else a temporary directory. */
const UPDATE_SCREENSHOT = process.env.UPDATE_SCREENSHOT === '1'

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

  const open = async (path: string, origin = server.origin, where = context): Promise<Page> => {
    const page = await where.newPage()
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

  /** A demo of its own, for a test that needs a chat nobody else talks in. */
  const withDemo = async (body: (origin: string) => Promise<void>): Promise<void> => {
    const own = demoApp()
    const ownServer = await listen(own.listener as http.RequestListener, own.upgrade)
    try {
      await body(ownServer.origin)
    } finally {
      await Promise.all(pages.splice(0).map((p) => p.close()))
      own.close()
      await ownServer.close()
    }
  }

  beforeAll(async () => {
    app = demoApp()
    server = await listen(app.listener as http.RequestListener, app.upgrade)
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
      ['/chat', 'live'],
      ['/chat-ws', 'live']
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
    const expected = [
      ['ann', 'hello from one </script><b>'],
      ['bob', 'hi ann']
    ]
    for (const page of [one, two]) {
      expect((await shownMessages(page)).map((m) => [m.from, m.text])).toEqual(expected)
      expect(await page.evaluate(`document.querySelectorAll('#log b').length`)).toBe(0)
    }
  })

  it('/chat: messages show who said them and when, and a page that joins late is shown the last ones first', async () => {
    await withDemo(async (origin) => {
      const ann = await open('/chat', origin)
      const bob = await open('/chat', origin)
      await Promise.all([status(ann, 'live'), status(bob, 'live')])
      const conversation: ReadonlyArray<readonly [Page, string, string]> = [
        [ann, 'ann', 'Is the clock page live for you too?'],
        [bob, 'bob', 'Yes, ticking. Its iframe reconnects after 64 KiB, and the status says so.'],
        [ann, 'ann', 'This chat is a bounded broadcast through Comet: a slow page never holds up the others.'],
        [bob, 'bob', "And <script>alert('hi')</script> stays text, as it should."]
      ]
      const before = Date.now()
      for (const [i, [page, from, said]] of conversation.entries()) {
        await page.fill('#from', from)
        await page.fill('#text', said)
        await page.click('button')
        await Promise.all(
          [ann, bob].map((p) =>
            p.waitForFunction(`document.querySelectorAll('#log li').length >= ${i + 1}`, undefined, WAIT)
          )
        )
      }
      const after = Date.now()

      // carol opens the page afterwards, in a window of the screenshot's width (the page decides the height)
      const shots = await browser().newContext({ viewport: { width: 880, height: 400 }, deviceScaleFactor: 2 })
      try {
        const carol = await open('/chat', origin, shots)
        await status(carol, 'live')
        await carol.waitForFunction(
          `document.querySelectorAll('#log li').length >= ${conversation.length}`,
          undefined,
          WAIT
        )
        const expected = conversation.map(([, from, said]) => [from, said])
        for (const page of [ann, bob, carol]) {
          const shown = await shownMessages(page)
          expect(shown.map((m) => [m.from, m.text])).toEqual(expected)
          for (const m of shown) {
            // the server's time, shown as the page's local hours and minutes
            const at = Date.parse(m.at)
            expect(at).toBeGreaterThanOrEqual(before - 1000)
            expect(at).toBeLessThanOrEqual(after + 1000)
            expect(m.time).toMatch(/^\d\d:\d\d$/)
          }
        }
        expect(failedRequests).toEqual([])

        // the README's picture: carol, about to say something
        await carol.fill('#from', 'carol')
        await carol.fill('#text', 'Just joined, and the last messages were here already.')
        const dir = UPDATE_SCREENSHOT ? undefined : mkdtempSync(path.join(tmpdir(), 'demo-screenshot-'))
        const file = dir === undefined ? path.join(__dirname, '../../docs/demo.png') : path.join(dir, 'demo.png')
        try {
          await carol.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' })
          const png = readFileSync(file)
          expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
          expect(png.readUInt32BE(16)).toBe(880 * 2) // the width, from the IHDR chunk
        } finally {
          if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
        }
      } finally {
        await shots.close()
      }
    })
  })

  it('/chat-ws: a message typed on the WebSocket page appears on the Comet page, and the reverse', async () => {
    await withDemo(async (origin) => {
      const socketPage = await open('/chat-ws', origin)
      const cometPage = await open('/chat', origin)
      // the socket is open and the iframe's stream has begun: both are subscribed before anything is said
      await Promise.all([status(socketPage, 'live'), status(cometPage, 'live')])
      const said = (page: Page, n: number) =>
        page.waitForFunction(`document.querySelectorAll('#log li').length >= ${n}`, undefined, WAIT)
      const before = Date.now()

      await socketPage.fill('#from', 'ann')
      await socketPage.fill('#text', 'hello from the socket </script><b>')
      await socketPage.click('button')
      await Promise.all([said(socketPage, 1), said(cometPage, 1)])

      await cometPage.fill('#from', 'bob')
      await cometPage.fill('#text', 'hi ann, from Comet')
      await cometPage.click('button')
      await Promise.all([said(socketPage, 2), said(cometPage, 2)])

      // a late joiner on the WebSocket page is sent the last messages first, with who said them and when
      const late = await open('/chat-ws', origin)
      await status(late, 'live')
      await said(late, 2)
      const after = Date.now()

      const expected = [
        ['ann', 'hello from the socket </script><b>'],
        ['bob', 'hi ann, from Comet']
      ]
      for (const page of [socketPage, cometPage, late]) {
        const shown = await shownMessages(page)
        expect(shown.map((m) => [m.from, m.text])).toEqual(expected)
        for (const m of shown) {
          expect(Date.parse(m.at)).toBeGreaterThanOrEqual(before - 1000)
          expect(Date.parse(m.at)).toBeLessThanOrEqual(after + 1000)
          expect(m.time).toMatch(/^\d\d:\d\d$/)
        }
        // what users type is shown as text, never as markup
        expect(await page.evaluate(`document.querySelectorAll('#log b').length`)).toBe(0)
      }

      // a socket that closes is reopened; the page shows what follows, nothing twice
      await socketPage.evaluate('window.firstSocket = socket; socket.close()')
      await socketPage.waitForFunction(
        'socket !== window.firstSocket && socket.readyState === WebSocket.OPEN',
        undefined,
        WAIT
      )
      await status(socketPage, 'live')
      await cometPage.fill('#text', 'still there?')
      await cometPage.click('button')
      await said(socketPage, 3)
      await socketPage.fill('#text', 'yes')
      await socketPage.click('button')
      for (const page of [socketPage, cometPage, late]) {
        await said(page, 4)
        expect((await shownMessages(page)).map((m) => [m.from, m.text])).toEqual([
          ...expected,
          ['bob', 'still there?'],
          ['ann', 'yes']
        ])
      }
      expect(failedRequests).toEqual([])
    })
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

  const post = (from: string, said: string): Promise<Response> =>
    fetch(`${server.origin}/chat/say`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from, text: said })
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
    for (const path of ['/', '/iframe', '/clock', '/clock-sse', '/chat', '/chat-ws']) {
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

  it('refuses a chat message without a name or a text', async () => {
    expect((await post('  ', 'hello')).status).toBe(400)
    expect((await post('ann', '')).status).toBe(400)
  })

  /** A chat message as the Comet stream carries it. */
  interface Carried {
    readonly id: number
    readonly at: string
    readonly from: string
    readonly text: string
  }

  /** Reads a `/chat/comet` stream until the message with id `last` has come, and gives every message received. */
  const readChat = (query: string, last: number): Promise<Array<Carried>> =>
    new Promise((resolve, reject) => {
      const got: Array<Carried> = []
      let pending = ''
      const timer = setTimeout(() => {
        req.destroy()
        reject(new Error(`/chat/comet${query}: no message ${last} within 10 s; got ${got.map((m) => m.id)}`))
      }, 10_000)
      const req = http.get(`${server.origin}/chat/comet${query}`, (res) => {
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          // a message cannot contain `);</script>`: the Comet escaping writes its `<` as \u003C
          pending += chunk
          const call = /parent\.chatMessage\((.*?)\);<\/script>/g
          let end = 0
          for (let m = call.exec(pending); m !== null; m = call.exec(pending)) {
            got.push(JSON.parse(m[1]) as Carried)
            end = call.lastIndex
          }
          pending = pending.slice(end)
          if (got.length > 0 && got[got.length - 1].id >= last) {
            clearTimeout(timer)
            req.destroy()
            resolve(got)
          }
        })
      })
      req.on('error', (e) => {
        clearTimeout(timer)
        reject(e)
      })
    })

  const range = (from: number, to: number): Array<number> => Array.from({ length: to - from + 1 }, (_, i) => from + i)

  it('/chat/comet: the last 20 messages, then every new one; joining while others talk, none is lost or sent twice', async () => {
    // pages join while messages are being said, three at a time
    const N = 60
    const joined: Array<Promise<Array<Carried>>> = []
    for (let i = 1; i <= N; i += 3) {
      joined.push(readChat('', N))
      const said = await Promise.all([post('ann', `m${i}`), post('bob', `m${i + 1}`), post('cat', `m${i + 2}`)])
      for (const r of said) expect(r.status).toBe(200)
    }
    const byId = new Map<number, Carried>()
    for (const got of await Promise.all(joined)) {
      const ids = got.map((m) => m.id)
      expect(ids).toEqual(range(ids[0], N))
      expect(ids[0]).toBeGreaterThanOrEqual(1)
      for (const m of got) {
        if (!byId.has(m.id)) byId.set(m.id, m)
        expect(m).toEqual(byId.get(m.id))
      }
    }
    // together the pages saw every message, each the same wherever it arrived, with the server's time
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual(range(1, N))
    expect(new Set([...byId.values()].map((m) => m.text))).toEqual(new Set(range(1, N).map((i) => `m${i}`)))
    for (const m of byId.values()) expect(new Date(m.at).toISOString()).toBe(m.at)

    // a page that joins now gets the last 20; one that reconnects after message 55 gets what it has not seen
    expect((await readChat('', N)).map((m) => m.id)).toEqual(range(N - 19, N))
    expect((await readChat('?after=55', N)).map((m) => m.id)).toEqual(range(56, N))
  })
})

describe('the demo chat room', () => {
  const range = (from: number, to: number): Array<number> => Array.from({ length: to - from + 1 }, (_, i) => from + i)

  /** The ids a subscriber that takes 5 ms per message receives, up to `n` messages (rejects after 5 s). */
  const slowly = <M extends { readonly id: number }>(messages: Enumerator<M>, n: number): Promise<Array<number>> => {
    const ids = messages.through(Enumeratee.take(n)).run(
      Iteratee.foldM([] as Array<number>, async (acc, m: M) => {
        await delay(5)
        return [...acc, m.id]
      })
    )
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`fewer than ${n} messages within 5 s`)), 5000)
    })
    return Promise.race([ids, timeout]).finally(() => clearTimeout(timer))
  }

  it('a subscriber still busy with the history misses nothing said meanwhile, and gets nothing twice', async () => {
    const room = chatRoom()
    try {
      for (let i = 1; i <= 25; i++) room.say('ann', `m${i}`)
      // the last 20 come first; while the subscriber works through them, more is said, at once and later
      const got = slowly(room.since(0), 30)
      for (let i = 26; i <= 27; i++) room.say('bob', `m${i}`)
      await delay(12)
      for (let i = 28; i <= 30; i++) room.say('cat', `m${i}`)
      await delay(30)
      for (let i = 31; i <= 35; i++) room.say('dan', `m${i}`)
      expect(await got).toEqual(range(6, 35))
      // a page that reconnects after message 32 gets what it has not seen
      const rest = slowly(room.since(32), 4)
      room.say('eve', 'm36')
      expect(await rest).toEqual(range(33, 36))
    } finally {
      room.close()
    }
  })
})
