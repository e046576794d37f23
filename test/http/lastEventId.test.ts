/**
 * `EventSource.lastEventId(req)` on a real server (127.0.0.1, port 0): with Node's own `IncomingMessage`, as fetch
 * and a raw socket send it (repeated headers, UTF-8 bytes, a header too long for an id), and an `EventSource.live`
 * stream that resumes after the id a reconnecting client gives, its `retry:` frame first.
 */
import * as net from 'node:net'
import { Action, Enumerator, EventSource, Ok } from '../../src'
import { listen, parseChunked, type Server } from './helpers'

/** A raw request with the given header lines (bytes as they are), answered and closed by the server. */
const rawWith = (port: number, path: string, headerLines: ReadonlyArray<Buffer | string>): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const parts: Array<Buffer> = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer to ${path}`))
    }, 5000)
    socket.on('data', (b: Buffer) => parts.push(b))
    socket.on('error', reject)
    socket.on('close', () => {
      clearTimeout(timer)
      // the chunks are parsed as latin1 (a byte per character): the body is UTF-8
      resolve(Buffer.from(parseChunked(Buffer.concat(parts)).chunks.join(''), 'latin1').toString('utf8'))
    })
    const lines = headerLines.map((l) => Buffer.concat([Buffer.from(l), Buffer.from('\r\n')]))
    socket.write(
      Buffer.concat([
        Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n`),
        ...lines,
        Buffer.from('\r\n')
      ])
    )
  })

const history = ['a', 'b', 'c', 'd']

let server: Server
beforeAll(async () => {
  server = await listen(
    Action((req) => {
      if (req.url?.startsWith('/echo')) {
        const id = EventSource.lastEventId(req)
        return Ok.chunked(Enumerator(id === undefined ? 'absent' : JSON.stringify(id)))
      }
      // the stream: the events after the one the client last saw
      const last = Number(EventSource.lastEventId(req) ?? -1)
      const from = Number.isInteger(last) && last >= -1 ? last + 1 : 0
      const missed = history.slice(from).map((text, i) => ({ seq: from + i, text }))
      return Ok.chunked(
        Enumerator.enumerate(missed).through(EventSource.live({ id: (e) => String(e.seq), data: (e) => e.text }))
      )
    })
  )
})
afterAll(() => server.close())

const url = (path: string): string => `http://127.0.0.1:${server.port}${path}`

describe('EventSource.lastEventId on a real server', () => {
  it('a stream resumes after the Last-Event-ID header, else after ?lastEventId=', async () => {
    const first = await fetch(url('/events'))
    expect(first.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const all = await first.text()
    expect(all).toBe('retry: 2000\n\nid: 0\ndata: a\n\nid: 1\ndata: b\n\nid: 2\ndata: c\n\nid: 3\ndata: d\n\n')

    const resumed = await fetch(url('/events'), { headers: { 'Last-Event-ID': '1' } })
    expect(await resumed.text()).toBe('retry: 2000\n\nid: 2\ndata: c\n\nid: 3\ndata: d\n\n')

    const polyfill = await fetch(url('/events?lastEventId=2'))
    expect(await polyfill.text()).toBe('retry: 2000\n\nid: 3\ndata: d\n\n')

    const both = await fetch(url('/events?lastEventId=0'), { headers: { 'Last-Event-ID': '2' } })
    expect(await both.text()).toBe('retry: 2000\n\nid: 3\ndata: d\n\n')
  })

  it('reads what fetch sends: header, query, neither, an empty header', async () => {
    const echo = async (path: string, headers: Record<string, string> = {}) =>
      (await fetch(url(path), { headers })).text()
    expect(await echo('/echo', { 'Last-Event-ID': '1700000000000-3' })).toBe('"1700000000000-3"')
    expect(await echo('/echo?lastEventId=caf%C3%A9')).toBe('"café"')
    expect(await echo('/echo')).toBe('absent')
    expect(await echo('/echo', { 'Last-Event-ID': '' })).toBe('absent')
    expect(await echo('/echo?lastEventId=q', { 'Last-Event-ID': '' })).toBe('"q"')
    expect(await echo('/echo?lastEventId=a%0Ab')).toBe('absent')
  })

  it('a repeated header counts when its copies agree, and is absent when they differ', async () => {
    const port = server.port
    expect(await rawWith(port, '/echo', ['Last-Event-ID: 3', 'Last-Event-ID: 3'])).toBe('"3"')
    expect(await rawWith(port, '/echo', ['Last-Event-ID: 3', 'Last-Event-ID: 4'])).toBe('absent')
    expect(await rawWith(port, '/echo?lastEventId=2', ['Last-Event-ID: 3', 'Last-Event-ID: 4'])).toBe('"2"')
    // one header whose value holds a comma is one id
    expect(await rawWith(port, '/echo', ['Last-Event-ID: 3, 4'])).toBe('"3, 4"')
  })

  it('a header sent as UTF-8 bytes, as browsers send it, gives the id as it was written', async () => {
    const line = Buffer.concat([Buffer.from('Last-Event-ID: '), Buffer.from('café-😀', 'utf8')])
    expect(await rawWith(server.port, '/echo', [line])).toBe('"café-😀"')
  })

  it('a header longer than 1 KiB is absent', async () => {
    const long = 'x'.repeat(1025)
    expect(await rawWith(server.port, '/echo', [`Last-Event-ID: ${long}`])).toBe('absent')
    expect(await rawWith(server.port, '/echo', [`Last-Event-ID: ${long.slice(1)}`])).toBe(JSON.stringify(long.slice(1)))
  })
})
