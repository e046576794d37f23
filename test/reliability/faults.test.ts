/**
 * Faults, on real sockets: producers that throw, clients that send garbage or half a request and then stall or
 * leave, responses written after the client left. Each time the failure goes to the hook (`onError`; for what Node's
 * parser rejects, through `clientErrorListener`), the server keeps serving (a healthy request afterwards succeeds,
 * a stream open meanwhile keeps going), and nothing is left behind: no connection, socket, listener or timer.
 */
import * as http from 'node:http'
import * as net from 'node:net'
import type { AddressInfo } from 'node:net'
import { some } from 'fp-ts/Option'
import {
  Action,
  type ActionOptions,
  Comet,
  CometMessage,
  Concurrent,
  Enumerator,
  Html,
  NotFound,
  Ok,
  type OnError,
  clientErrorListener
} from '../../src'
import { get, rawRequest, sleep } from '../http/helpers'
import { type TimerWatch, watchTimers } from './timers'
import { ChunkedDecoder } from './wire'

interface Served {
  readonly port: number
  readonly server: http.Server
  /** Waits until the server is back where it was after `listen`: no connection, socket, listener or timer more. */
  readonly settled: () => Promise<void>
  readonly close: () => Promise<void>
}

const sockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length

let timers: TimerWatch
beforeEach(() => {
  timers = watchTimers()
})
afterEach(() => {
  timers.stop()
})

/**
 * A server with short timeouts for requests that never complete, and without the `Date` header (Node refreshes its
 * cached date with a timer of its own, which would blur the count of timers).
 */
const serve = async (listener: http.RequestListener, clientErrors?: ActionOptions): Promise<Served> => {
  const server = http.createServer(
    { connectionsCheckingInterval: 50, headersTimeout: 400, requestTimeout: 400 },
    (req, res) => {
      res.sendDate = false
      listener(req, res)
    }
  )
  if (clientErrors !== undefined) server.on('clientError', clientErrorListener(clientErrors))
  server.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const listeners = (): Record<string, number> =>
    Object.fromEntries(server.eventNames().map((n) => [String(n), server.listenerCount(n)]))
  const base = { listeners: listeners(), sockets: sockets(), timers: timers.live() }
  const connections = (): Promise<number> =>
    new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))))
  return {
    port: (server.address() as AddressInfo).port,
    server,
    settled: async () => {
      const deadline = Date.now() + 5000
      for (let open = await connections(); open !== 0; open = await connections()) {
        if (Date.now() > deadline) throw new Error(`${open} connections still open`)
        await timers.pause(5)
      }
      // sockets of an earlier test may close meanwhile: no more than after listen, then
      await timers.until(() => sockets() <= base.sockets, 'every socket to close')
      await timers.until(() => timers.live() === base.timers, 'every timer to fire or be cleared')
      expect(listeners()).toEqual(base.listeners)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

/** A raw client: sends `data`, gathers what comes until the connection closes. */
const raw = (port: number, data: string, then?: (socket: net.Socket) => void): Promise<string> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    let got = ''
    socket.on('data', (b: Buffer) => (got += b.toString('latin1')))
    socket.on('error', () => undefined)
    socket.on('close', () => resolve(got))
    socket.write(data)
    then?.(socket)
  })

/** A raw client of a chunked response, decoded as it comes. */
const stream = (port: number, path: string) => {
  const chunks: Array<string> = []
  const decoder = new ChunkedDecoder(undefined, (payload) => chunks.push(payload.toString('utf8')))
  const socket = net.connect(port, '127.0.0.1')
  socket.on('data', (b: Buffer) => decoder.feed(b))
  socket.on('error', () => undefined)
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
  socket.write(rawRequest(path))
  return { chunks, decoder, socket, closed }
}

const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code

describe('a producer that throws', () => {
  it('cuts the responses it feeds, reports each once, and the server goes on; nothing leaks', async () => {
    const reported: Array<[unknown, string | undefined]> = []
    const onError: OnError = (e, req) => reported.push([e, req.url])
    const boom = new Error('the source broke')
    let n = 0
    let sourceStopped = 0
    const source = Enumerator.generateM(async () => {
      await sleep(5)
      if (n === 5) throw boom
      return some(`tick ${n++}`)
    }).onDoneEnumerating(() => sourceStopped++)
    const [ticks] = Concurrent.broadcast(source)
    const s = await serve(
      Action(
        (req) =>
          req.url === '/ticks'
            ? Ok.chunked(ticks.through(Comet({ callback: 'parent.tick', initialChunk: Html('<html>') })))
            : Ok('fine'),
        { onError }
      )
    )
    try {
      // twenty clients of the same failing source: each response is cut after what was written, none ends properly
      const clients = Array.from({ length: 20 }, () => stream(s.port, '/ticks'))
      await Promise.all(clients.map((c) => c.closed))
      for (const c of clients) {
        expect(c.decoder.statusLine).toBe('HTTP/1.1 200 OK')
        expect(c.decoder.ended).toBe(false)
        expect(c.chunks[0]).toBe('<html>')
      }
      expect(clients.some((c) => c.chunks.some((x) => x.includes('tick 4')))).toBe(true)
      expect(reported).toHaveLength(20)
      for (const [e, url] of reported) {
        expect(e).toBe(boom)
        expect(url).toBe('/ticks')
      }
      expect(sourceStopped).toBe(1)
      expect((await get(s.port, '/fine')).body).toBe('fine')
      await s.settled()
    } finally {
      await s.close()
    }
  })

  it('a client whose own part fails (its message encoder throws) is cut alone; the others get every message', async () => {
    const reported: Array<unknown> = []
    const [events, channel] = Concurrent.broadcast<string>({ bufferSize: 16, overflow: 'dropOldest' })
    const fragile = CometMessage.of((m: string) => {
      if (m === 'poison') throw new RangeError('cannot encode poison')
      return JSON.stringify(m)
    })
    const s = await serve(
      Action(
        (req) =>
          Ok.chunked(
            events.through(
              Comet(
                { callback: 'parent.m', initialChunk: Html('<html>') },
                req.url === '/fragile' ? fragile : CometMessage.string
              )
            )
          ),
        { onError: (e) => reported.push(e) }
      )
    )
    try {
      const sturdy = Array.from({ length: 5 }, () => stream(s.port, '/sturdy'))
      const fragiles = Array.from({ length: 5 }, () => stream(s.port, '/fragile'))
      const all = [...sturdy, ...fragiles]
      await timers.until(() => all.every((c) => c.chunks.length === 1), 'every client to subscribe')
      for (const m of ['one', 'poison', 'three']) channel.push(m)
      await Promise.all(fragiles.map((c) => c.closed))
      await timers.until(() => sturdy.every((c) => c.chunks.length === 4), 'the sturdy clients to get everything')
      for (const c of fragiles) {
        expect(c.decoder.ended).toBe(false)
        expect(c.chunks).toEqual(['<html>', `<script type="text/javascript">parent.m("one");</script>`])
      }
      for (const c of sturdy)
        expect(c.chunks.slice(1).map((x) => /\('(\w+)'\)/.exec(x)![1])).toEqual(['one', 'poison', 'three'])
      expect(reported).toHaveLength(5)
      for (const e of reported) expect(e).toEqual(new RangeError('cannot encode poison'))
      channel.eofAndEnd()
      await Promise.all(sturdy.map((c) => c.closed))
      for (const c of sturdy) expect(c.decoder.ended).toBe(true)
      await s.settled()
    } finally {
      await s.close()
    }
  })
})

describe('clients that send garbage or half a request', () => {
  it('without a clientError listener Node answers 400 and tells no one', async () => {
    const reported: Array<unknown> = []
    const s = await serve(Action(() => Ok('fine'), { onError: (e) => reported.push(e) }))
    try {
      expect(await raw(s.port, 'HELLO\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      expect(reported).toEqual([])
      await s.settled()
    } finally {
      await s.close()
    }
  })

  it('with clientErrorListener: each is answered and reported, a stream open meanwhile goes on; nothing leaks', async () => {
    const reported: Array<[string | undefined, string | undefined, string | undefined]> = []
    const onError: OnError = (e, req) => reported.push([codeOf(e) ?? (e as Error).message, req.method, req.url])
    const [events, channel] = Concurrent.broadcast<string>({ bufferSize: 16, overflow: 'dropOldest' })
    const readBody = (req: http.IncomingMessage): Promise<string> =>
      new Promise((resolve, reject) => {
        let body = ''
        req.setEncoding('utf8')
        req.on('data', (c: string) => (body += c))
        req.on('end', () => resolve(body))
        req.on('error', reject)
      })
    const s = await serve(
      Action(
        async (req) => {
          if (req.url === '/events')
            return Ok.chunked(events.through(Comet({ callback: 'parent.m', initialChunk: Html('<html>') })))
          if (req.method === 'POST') return Ok(`got ${(await readBody(req)).length} bytes`)
          return req.url === '/fine' ? Ok('fine') : NotFound('')
        },
        { onError }
      ),
      { onError }
    )
    try {
      const watcher = stream(s.port, '/events')
      await timers.until(() => watcher.chunks.length === 1, 'the stream to start')

      // not HTTP at all
      expect(await raw(s.port, 'HELLO THERE\r\n\r\n')).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      expect(await raw(s.port, '\x00\x01\x02\xff binary\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
      // headers larger than Node takes (16 KiB)
      expect(await raw(s.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(
        /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/
      )
      channel.push('after garbage')
      // half a request, then nothing: Node's headersTimeout (400 ms here)
      expect(await raw(s.port, 'GET /fine HTTP/1.1\r\nHost: x\r\n')).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/)
      // half a request, then the client closes its side
      expect(await raw(s.port, 'GET /fine HTTP/1.1\r\nHost: x\r\n', (c) => c.end())).toMatch(
        /^HTTP\/1\.1 400 Bad Request\r\n/
      )
      // half a request, then a reset: the client went away, nothing to report
      await raw(s.port, 'GET /fine HTTP/1.1\r\nHost: x\r\n', (c) => setTimeout(() => c.resetAndDestroy(), 50))
      // half a body, then the client leaves: the block reading it fails, and Action reports that
      await raw(s.port, 'POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc', (c) =>
        setTimeout(() => c.destroy(), 50)
      )
      channel.push('after half requests')

      await timers.until(() => reported.length === 7, 'seven reports')
      expect(reported.slice(0, 5)).toEqual([
        ['HPE_INVALID_METHOD', undefined, undefined],
        ['HPE_INVALID_METHOD', undefined, undefined],
        ['HPE_HEADER_OVERFLOW', undefined, undefined],
        ['ERR_HTTP_REQUEST_TIMEOUT', undefined, undefined],
        ['HPE_INVALID_EOF_STATE', undefined, undefined]
      ])
      // the body cut short is reported twice: by Node's parser (the request ended early), and by the action, whose
      // block failed reading it
      expect(reported.slice(5)).toEqual(
        expect.arrayContaining([
          ['HPE_INVALID_EOF_STATE', undefined, undefined],
          ['ECONNRESET', 'POST', '/upload']
        ])
      )
      // the server keeps serving, and the stream open all along got everything
      expect((await get(s.port, '/fine')).body).toBe('fine')
      await timers.until(() => watcher.chunks.length === 3, 'the messages')
      expect(watcher.chunks.slice(1)).toEqual([
        `<script type="text/javascript">parent.m('after garbage');</script>`,
        `<script type="text/javascript">parent.m('after half requests');</script>`
      ])
      channel.eofAndEnd()
      await watcher.closed
      expect(watcher.decoder.ended).toBe(true)
      await s.settled()
    } finally {
      await s.close()
    }
  })

  it('garbage after a finished response on a keep-alive connection is answered 400, as Node does', async () => {
    const reported: Array<string | undefined> = []
    const onError: OnError = (e) => reported.push(codeOf(e))
    const s = await serve(
      Action(() => Ok('hello'), { onError }),
      { onError }
    )
    try {
      const got = await raw(s.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', (c) =>
        c.once('data', () => c.write('HELLO\r\n\r\n'))
      )
      expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*hello/)
      expect(got).toMatch(/hello\s*HTTP\/1\.1 400 Bad Request\r\n/)
      expect(reported).toEqual(['HPE_INVALID_METHOD'])
      await s.settled()
    } finally {
      await s.close()
    }
  })

  it('garbage after a request whose response is streaming: the connection is closed, the stream released', async () => {
    const reported: Array<string | undefined> = []
    const [events, channel] = Concurrent.broadcast<string>()
    let released = 0
    const onError: OnError = (e) => reported.push(codeOf(e))
    const s = await serve(
      Action(
        () =>
          Ok.chunked(
            events
              .through(Comet({ callback: 'parent.m', initialChunk: Html('<html>') }))
              .onDoneEnumerating(() => released++)
          ),
        { onError }
      ),
      { onError }
    )
    try {
      // once the response has started, a second "request" that is garbage: nothing may be written into the response
      const got = await raw(s.port, 'GET /events HTTP/1.1\r\nHost: x\r\n\r\n', (c) =>
        c.once('data', () => c.write('HELLO\r\n\r\n'))
      )
      expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
      expect(got).not.toContain('400')
      expect(reported).toEqual(['HPE_INVALID_METHOD'])
      channel.push('anyone?') // released when the connection closed, or at the latest now
      await timers.until(() => released === 1, 'the stream to be released')
      await s.settled()
    } finally {
      channel.end()
      await s.close()
    }
  })
})

describe('a response written after the client left', () => {
  it('writes nothing, reports nothing, releases what it subscribed to; nothing leaks', async () => {
    const reported: Array<unknown> = []
    const [events, channel] = Concurrent.broadcast<string>()
    let released = 0
    let sourceStopped = 0
    let answered = 0
    const late = async (): Promise<void> => {
      await sleep(100)
      answered++
    }
    const s = await serve(
      Action(
        async (req) => {
          await late()
          if (req.url === '/whole') return Ok('too late')
          if (req.url === '/chunked') {
            return Ok.chunked(
              Enumerator.repeatM(() => sleep(5).then(() => 'x')).onDoneEnumerating(() => sourceStopped++)
            )
          }
          return Ok.chunked(
            events.through(Comet({ callback: 'parent.m' })).onDoneEnumerating(() => {
              released++
            })
          )
        },
        { onError: (e) => reported.push(e) }
      )
    )
    try {
      for (const path of ['/whole', '/chunked', '/comet']) {
        // the client asks, then leaves before the answer exists
        expect(await raw(s.port, rawRequest(path), (c) => setTimeout(() => c.destroy(), 20))).toBe('')
      }
      await timers.until(() => answered === 3, 'the three late answers')
      await timers.until(() => sourceStopped === 1, 'the chunked source to be told to stop')
      channel.push('anyone?') // the broadcast lets go of a late subscriber at the latest at its next push
      await timers.until(() => released === 1, 'the broadcast subscriber to be released')
      expect(reported).toEqual([])
      expect((await get(s.port, '/whole')).body).toBe('too late')
      await s.settled()
    } finally {
      channel.end()
      await s.close()
    }
  })
})
