/**
 * `Action(...)` is a plain Node request listener: the examples mount it under Express (as it is), Fastify (a hijacked
 * reply, `request.raw` / `reply.raw`) and Koa (`ctx.respond = false`, `ctx.req` / `ctx.res`). Each app is started on
 * 127.0.0.1 port 0 and read with a raw socket, so the HTTP chunks themselves are checked.
 */
import { once } from 'node:events'
import * as net from 'node:net'
import type { AddressInfo } from 'node:net'
import { some } from 'fp-ts/Option'
import { expressApp } from '../../examples/express'
import { fastifyApp, fastifyRoute } from '../../examples/fastify'
import { koaApp, koaRoute } from '../../examples/koa'
import { Comet, Enumerator } from '../../src'
import { Action, Ok, type RequestListener, toFastify, toKoa } from '../../src/http'
import { get, listen, parseChunked, rawGet, rawRequest, sleep, until } from './helpers'

interface Running {
  readonly port: number
  readonly close: () => Promise<void>
}

/** Builds the example app, adds `/ticks` mounted the framework's way, and listens on 127.0.0.1 port 0. */
type Start = (ticks: RequestListener) => Promise<Running>

const frameworks: ReadonlyArray<readonly [string, Start]> = [
  [
    'Express',
    async (ticks) => {
      const app = expressApp()
      app.get('/ticks', ticks)
      return listen(app)
    }
  ],
  [
    'Fastify',
    async (ticks) => {
      const app = fastifyApp()
      app.get('/ticks', fastifyRoute(ticks))
      await app.listen({ port: 0, host: '127.0.0.1' })
      return {
        port: (app.server.address() as AddressInfo).port,
        close: async () => {
          app.server.closeAllConnections()
          await app.close()
        }
      }
    }
  ],
  [
    'Koa',
    async (ticks) => {
      const app = koaApp()
      app.use(koaRoute('/ticks', ticks))
      return listen(app.callback())
    }
  ]
]

const KIKI = `<script type="text/javascript">parent.cometMessage('kiki');</script>`

/** Connects, sends a GET, and closes the socket as soon as the bytes received satisfy `enough`. */
const getThenLeave = async (port: number, path: string, enough: (text: string) => boolean): Promise<string> => {
  const socket = net.connect(port, '127.0.0.1')
  socket.on('error', () => undefined)
  let text = ''
  socket.on('data', (b: Buffer) => (text += b.toString('latin1')))
  socket.write(rawRequest(path))
  await until(() => enough(text) || socket.destroyed, 5000, `${path} to send enough`)
  socket.destroy()
  await once(socket, 'close')
  return text
}

describe.each(frameworks)('Action under %s', (_name, start) => {
  let n = 0
  let cleanups = 0
  /** A slow endless Comet stream: a tick every 10 ms until the client goes away. */
  const ticks = Action(() =>
    Ok.chunked(
      Enumerator.generateM(async () => {
        // counted when called: a call in flight when the client leaves is abandoned, and no other is made
        const i = n++
        await sleep(10)
        return some(`tick ${i}`)
      })
        .through(Comet({ callback: 'parent.cometMessage' }))
        .onDoneEnumerating(() => cleanups++)
    )
  )
  let running: Running | undefined

  beforeAll(async () => {
    running = await start(ticks)
  }, 10_000)

  afterAll(async () => {
    await running?.close()
  }, 10_000)

  it('streams /comet as 4 HTTP chunks with the streaming headers', async () => {
    const r = parseChunked(await rawGet(running!.port, '/comet'))
    expect(r.statusLine).toBe('HTTP/1.1 200 OK')
    expect(r.headers['transfer-encoding']).toBe('chunked')
    expect(r.headers['cache-control']).toBe('no-cache, no-transform')
    expect(r.headers['x-accel-buffering']).toBe('no')
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.chunks).toHaveLength(4)
    expect(r.chunks[0]).toBe(' '.repeat(5 * 1024) + '<html><body>')
    expect(r.chunks[1]).toBe(KIKI)
    expect(r.chunks.slice(2)).toEqual([
      `<script type="text/javascript">parent.cometMessage('foo');</script>`,
      `<script type="text/javascript">parent.cometMessage('bar');</script>`
    ])
    expect(r.terminated).toBe(true)
  }, 10_000)

  it('runs onDoneEnumerating once when the client leaves a slow endless stream', async () => {
    const before = n
    const text = await getThenLeave(running!.port, '/ticks', (t) => t.includes(`cometMessage('tick ${before + 2}')`))
    const partial = parseChunked(Buffer.from(text, 'latin1'))
    expect(partial.statusLine).toBe('HTTP/1.1 200 OK')
    expect(partial.headers['cache-control']).toBe('no-cache, no-transform')
    expect(partial.terminated).toBe(false)
    await until(() => cleanups > 0, 5000, 'onDoneEnumerating')
    const ticksWhenDone = n
    await sleep(60)
    expect(cleanups).toBe(1)
    expect(n).toBe(ticksWhenDone) // the generator is not called any more
  }, 10_000)

  it('still serves its plain route, and the stream again', async () => {
    const page = await get(running!.port, '/')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('<iframe src="/comet" hidden></iframe>')
    expect((await get(running!.port, '/nothing')).status).toBe(404)
    expect(parseChunked(await rawGet(running!.port, '/comet')).chunks[1]).toBe(KIKI)
  }, 10_000)
})

describe('toFastify and toKoa', () => {
  /** An action whose block awaits before it answers: what a framework that answers by itself breaks. */
  const slow = Action(async () => {
    await sleep(30)
    return Ok.chunked(Enumerator('after ', 'a ', 'wait'))
  })

  it('Fastify: an asynchronous block streams its whole answer', async () => {
    const app = fastifyApp()
    app.get('/slow', toFastify(slow))
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const r = parseChunked(await rawGet((app.server.address() as AddressInfo).port, '/slow'))
      expect(r.statusLine).toBe('HTTP/1.1 200 OK')
      expect(r.chunks.join('')).toBe('after a wait')
      expect(r.terminated).toBe(true)
    } finally {
      app.server.closeAllConnections()
      await app.close()
    }
  })

  it('Koa: an asynchronous block streams its whole answer', async () => {
    const app = koaApp()
    app.use(koaRoute('/slow', slow))
    const running = await listen(app.callback())
    try {
      const r = parseChunked(await rawGet(running.port, '/slow'))
      expect(r.statusLine).toBe('HTTP/1.1 200 OK')
      expect(r.chunks.join('')).toBe('after a wait')
      expect(r.terminated).toBe(true)
    } finally {
      await running.close()
    }
  })

  it('something that is not a Node response is a TypeError at once', () => {
    const req = {} as never
    expect(() => toFastify(slow)({ raw: req }, { hijack: () => undefined, raw: {} as never })).toThrow(
      /toFastify: expected a Node http.ServerResponse, got \[object Object\]/
    )
    expect(() => toKoa(slow)({ req, res: undefined as never })).toThrow(
      /toKoa: expected a Node http.ServerResponse, got \[object Undefined\]/
    )
  })
})
