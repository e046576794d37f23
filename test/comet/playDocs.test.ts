/**
 * Play 2.4's Comet documentation (ScalaComet.md and its ScalaCometSpec), in TypeScript: each of the four examples is
 * served by a real `http.createServer(Action(...))` on 127.0.0.1 and checked at the wire, by reading the raw socket
 * bytes and parsing the chunked transfer coding. Then what this port adds: the callback check, the field check of
 * server-sent events, heartbeats and the response limit.
 */
import type { Json } from 'fp-ts/Json'
import * as http from 'node:http'
import * as net from 'node:net'
import {
  Action,
  Comet,
  Concurrent,
  Enumeratee,
  Enumerator,
  EventSource,
  Html,
  Iteratee,
  Ok,
  type RequestListener
} from '../../src'
import { listen, parseChunked, rawGet, type RawResponse, sleep, until } from '../http/helpers'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** Serves `listener` on 127.0.0.1:0 for one raw GET and returns the parsed response. */
const serveOnce = async (listener: RequestListener, path = '/'): Promise<RawResponse> => {
  const server = await listen(listener as http.RequestListener)
  try {
    return parseChunked(await rawGet(server.port, path))
  } finally {
    await server.close()
  }
}

const PADDING = ' '.repeat(5 * 1024) + '<html><body>'

const script = (js: string): string => `<script type="text/javascript">${js}</script>`

/** A response read as it arrives: each complete chunk with the time it was complete. */
interface LiveResponse {
  readonly chunks: ReadonlyArray<{ readonly data: string; readonly at: number }>
  readonly terminated: () => boolean
  readonly closed: () => boolean
  readonly destroy: () => void
}

/** Opens a raw connection, sends a GET, and parses the chunked body incrementally. */
const openLive = (port: number, path: string): LiveResponse => {
  const socket = net.connect(port, '127.0.0.1')
  const chunks: Array<{ data: string; at: number }> = []
  let text = ''
  let bodyAt = -1
  let at = 0
  let terminated = false
  let closed = false
  socket.setEncoding('latin1')
  socket.on('data', (s: string) => {
    text += s
    if (bodyAt < 0) {
      const headEnd = text.indexOf('\r\n\r\n')
      if (headEnd < 0) return
      bodyAt = headEnd + 4
      at = bodyAt
    }
    for (;;) {
      const lineEnd = text.indexOf('\r\n', at)
      if (lineEnd < 0) return
      const size = parseInt(text.slice(at, lineEnd), 16)
      if (size === 0) {
        terminated = text.slice(lineEnd + 2, lineEnd + 4) === '\r\n'
        return
      }
      const end = lineEnd + 2 + size
      if (text.length < end + 2) return
      chunks.push({ data: text.slice(lineEnd + 2, end), at: Date.now() })
      at = end + 2
    }
  })
  socket.on('error', () => undefined)
  socket.on('close', () => (closed = true))
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
  return { chunks, terminated: () => terminated, closed: () => closed, destroy: () => socket.destroy() }
}

// -------------------------------------------------------------------------------------
// Play's four examples
// -------------------------------------------------------------------------------------

describe("Play 2.4's Comet documentation, at the wire", () => {
  it('manual chunks: three script chunks, served as HTML', async () => {
    // Play: Ok.chunked(events).as(HTML)
    const comet = Action(() => {
      const events = Enumerator(
        "<script>console.log('kiki')</script>",
        "<script>console.log('foo')</script>",
        "<script>console.log('bar')</script>"
      )
      return Ok.chunked(events).as('text/html; charset=utf-8')
    })
    const r = await serveOnce(comet)
    expect(r.statusLine).toBe('HTTP/1.1 200 OK')
    expect(r.headers['transfer-encoding']).toBe('chunked')
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.chunks).toHaveLength(3)
    expect(r.chunks[0]).toBe("<script>console.log('kiki')</script>")
    expect(r.chunks).toEqual([
      "<script>console.log('kiki')</script>",
      "<script>console.log('foo')</script>",
      "<script>console.log('bar')</script>"
    ])
    expect(r.terminated).toBe(true)
  })

  it('the smarter way: Enumeratee.map to Html gives three chunks, as text/html', async () => {
    // Play: val toCometMessage = Enumeratee.map[String] { data => Html(...) }; Ok.chunked(events &> toCometMessage)
    const toCometMessage = Enumeratee.map((data: string) => Html(`<script>console.log('${data}')</script>`))
    const comet = Action(() => {
      const events = Enumerator('kiki', 'foo', 'bar')
      return Ok.chunked(events.through(toCometMessage))
    })
    const r = await serveOnce(comet)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.chunks).toHaveLength(3)
    expect(r.chunks[0]).toBe("<script>console.log('kiki')</script>")
    expect(r.chunks[2]).toBe("<script>console.log('bar')</script>")
    expect(r.terminated).toBe(true)
  })

  it('the Comet helper: the padding chunk, then one script chunk per message', async () => {
    // Play: Ok.chunked(events &> Comet(callback = "console.log"))
    const comet = Action(() => {
      const events = Enumerator('kiki', 'foo', 'bar')
      return Ok.chunked(events.through(Comet({ callback: 'console.log' })))
    })
    const r = await serveOnce(comet)
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(r.chunks).toHaveLength(4)
    expect(r.chunks[0]).toBe(PADDING)
    expect(r.chunks[1]).toBe(`<script type="text/javascript">console.log('kiki');</script>`)
    expect(r.chunks[2]).toBe(script("console.log('foo');"))
    expect(r.chunks[3]).toBe(script("console.log('bar');"))
    expect(r.terminated).toBe(true)
  })

  it('the forever iframe: parent.cometMessage', async () => {
    // Play: Ok.chunked(events &> Comet(callback = "parent.cometMessage"))
    const comet = Action(() => {
      const events = Enumerator('kiki', 'foo', 'bar')
      return Ok.chunked(events.through(Comet({ callback: 'parent.cometMessage' })))
    })
    const r = await serveOnce(comet)
    expect(r.chunks).toHaveLength(4)
    expect(r.chunks[0]).toBe(PADDING)
    expect(r.chunks[1]).toContain("parent.cometMessage('kiki')")
    expect(r.chunks.slice(1)).toEqual(['kiki', 'foo', 'bar'].map((m) => script(`parent.cometMessage('${m}');`)))
    expect(r.terminated).toBe(true)
  })

  it('the shorthands Comet.string and Comet.json write the same chunks', async () => {
    const r = await serveOnce(Action(() => Ok.chunked(Enumerator('kiki').through(Comet.string('parent.cometMessage')))))
    expect(r.chunks).toEqual([PADDING, script("parent.cometMessage('kiki');")])
    const j = await serveOnce(
      Action(() => Ok.chunked(Enumerator<Json>({ kiki: [1, '</script>'] }).through(Comet.json('parent.cometMessage'))))
    )
    expect(j.chunks).toEqual([PADDING, script('parent.cometMessage({"kiki":[1,"\\u003C/script\\u003E"]});')])
  })
})

// -------------------------------------------------------------------------------------
// the callback check
// -------------------------------------------------------------------------------------

describe('Comet callback check', () => {
  const bad = ['alert(1)//', 'a b', '', 'x[0]', 'new']

  it.each(bad)('Comet({ callback: %j }) throws a TypeError naming it when built', (callback) => {
    let thrown: unknown
    try {
      Comet({ callback })
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as TypeError).message).toContain(JSON.stringify(callback))
    // the string form and the shorthands check the same way
    expect(() => Comet(callback)).toThrow(TypeError)
    expect(() => Comet.string(callback)).toThrow(JSON.stringify(callback))
    expect(() => Comet.json(callback)).toThrow(JSON.stringify(callback))
  })

  it('a bad callback inside an Action is a 500, and nothing of it reaches the page', async () => {
    const errors: Array<unknown> = []
    const r = await serveOnce(
      Action(() => Ok.chunked(Enumerator('kiki').through(Comet({ callback: 'alert(1)//' }))), {
        onError: (e) => errors.push(e)
      })
    )
    expect(r.statusLine).toBe('HTTP/1.1 500 Internal Server Error')
    expect(r.rawBody).not.toContain('alert')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(TypeError)
  })

  it('dotted names are accepted', () => {
    for (const callback of ['console.log', 'parent.cometMessage', '$.x_1', 'this.cometMessage', 'promise.catch']) {
      expect(() => Comet({ callback })).not.toThrow()
    }
  })
})

// -------------------------------------------------------------------------------------
// server-sent events: the field check
// -------------------------------------------------------------------------------------

describe('EventSource field check', () => {
  interface Ev {
    readonly data: string
    readonly name?: string
    readonly id?: string
  }
  const es = () => EventSource<Ev>({ data: (e) => e.data, name: (e) => e.name, id: (e) => e.id })

  const cases: ReadonlyArray<readonly [string, Ev]> = [
    ['name', { data: 'x', name: 'a\rretry: 1' }],
    ['name', { data: 'x', name: 'a\ndata: injected' }],
    ['name', { data: 'x', name: 'a\0b' }],
    ['id', { data: 'x', id: '1\r\nevent: injected' }],
    ['id', { data: 'x', id: '1\ndata: injected' }],
    ['id', { data: 'x', id: '1\u0000' }]
  ]

  it('building the enumeratee does not look at the fields', () => {
    expect(() => es()).not.toThrow()
  })

  it.each(cases)('an event %s with CR, LF or NUL rejects the run with a TypeError', async (field, ev) => {
    const run = Enumerator<Ev>({ data: 'fine', name: 'ok', id: '1' }, ev).through(es()).run(Iteratee.getChunks())
    const error: unknown = await run.then(
      () => undefined,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(TypeError)
    expect((error as TypeError).message).toContain(`event ${field}`)
    expect((error as TypeError).message).toContain(JSON.stringify(field === 'name' ? ev.name : ev.id))
    // the frame builder says the same
    expect(() => EventSource.event({ data: 'x', name: ev.name, id: ev.id })).toThrow(TypeError)
  })

  it('at the wire: the frames before the bad event arrive, then the response is cut (no terminal chunk)', async () => {
    const errors: Array<unknown> = []
    const server = await listen(
      Action(
        (req) =>
          req.url === '/bad'
            ? Ok.chunked(
                Enumerator<Ev>({ data: 'first', name: 'tick', id: '1' }, { data: 'x', name: 'a\ndata: pwned' }).through(
                  es()
                )
              ).as('text/event-stream')
            : Ok('still serving'),
        { onError: (e) => errors.push(e) }
      ) as http.RequestListener
    )
    try {
      const r = parseChunked(await rawGet(server.port, '/bad'))
      expect(r.statusLine).toBe('HTTP/1.1 200 OK')
      expect(r.headers['content-type']).toBe('text/event-stream')
      expect(r.chunks).toEqual(['event: tick\nid: 1\ndata: first\n\n'])
      expect(r.terminated).toBe(false)
      expect(r.rawBody).not.toContain('pwned')
      expect(errors).toHaveLength(1)
      // the server goes on
      const ok = await rawGet(server.port, '/')
      expect(ok.toString('latin1')).toContain('still serving')
    } finally {
      await server.close()
    }
  })

  it('at the wire: a bad first event cuts the response, whose head went out at once, and is reported once', async () => {
    const errors: Array<unknown> = []
    const r = await serveOnce(
      // an EventSource stream's type is known up front, so its head goes out before the first event exists (the
      // browser's `open` fires at once): a failure after that can only cut the response
      Action(() => Ok.chunked(Enumerator<Ev>({ data: 'x', id: 'a\0' }).through(es())), {
        onError: (e) => errors.push(e)
      })
    )
    expect(r.statusLine).toBe('HTTP/1.1 200 OK')
    expect(r.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(r.terminated).toBe(false)
    expect(errors).toHaveLength(1)
  })
})

// -------------------------------------------------------------------------------------
// heartbeats and the response limit
// -------------------------------------------------------------------------------------

describe('heartbeats', () => {
  const HEARTBEAT_MS = 50

  // The chunker's heartbeat timers, told apart from others by their delay: created and not yet fired or cleared.
  const live = new Set<unknown>()
  let created = 0
  beforeEach(() => {
    live.clear()
    created = 0
    const realSet = global.setTimeout
    const realClear = global.clearTimeout
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: (...args: Array<unknown>) => void, ms?: number) => {
      if (ms !== HEARTBEAT_MS) return realSet(fn, ms)
      created++
      const t = realSet(() => {
        live.delete(t)
        fn()
      }, ms)
      live.add(t)
      return t
    }) as unknown as typeof setTimeout)
    jest.spyOn(global, 'clearTimeout').mockImplementation(((t: Parameters<typeof clearTimeout>[0]) => {
      live.delete(t)
      realClear(t)
    }) as typeof clearTimeout)
  })
  afterEach(() => jest.restoreAllMocks())

  it('an idle Comet stream sends a heartbeat about every heartbeatMs, and stops when the client leaves', async () => {
    const [messages, channel] = Concurrent.broadcast<string>()
    let finished = false
    const server = await listen(
      Action(() =>
        Ok.chunked(
          messages
            .onDoneEnumerating(() => (finished = true))
            .through(Comet({ callback: 'parent.cometMessage', heartbeatMs: HEARTBEAT_MS }))
        )
      ) as http.RequestListener
    )
    try {
      const live1 = openLive(server.port, '/')
      await until(() => live1.chunks.length >= 6, 3000, 'five heartbeats')
      const chunks = live1.chunks.slice(0, 6)
      expect(chunks[0].data).toBe(PADDING)
      for (const c of chunks.slice(1)) expect(c.data).toBe('<!-- heartbeat -->')
      // timed at the client, in the same loaded process: the mean gap is the period, no gap is far off it
      const gaps = chunks.slice(1).map((c, i) => c.at - chunks[i].at)
      const mean = (chunks[5].at - chunks[0].at) / 5
      expect(mean).toBeGreaterThanOrEqual(HEARTBEAT_MS * 0.8)
      expect(mean).toBeLessThan(HEARTBEAT_MS * 3)
      for (const gap of gaps) expect(gap).toBeLessThan(HEARTBEAT_MS * 6)
      // a message goes out as a script element at once, and the heartbeats go on after it
      channel.push('kiki')
      await until(() => live1.chunks.some((c) => c.data.includes('kiki')), 2000, 'the message')
      const n = live1.chunks.length
      await until(() => live1.chunks.length >= n + 2, 2000, 'heartbeats after the message')
      expect(live1.chunks.slice(n).every((c) => c.data === '<!-- heartbeat -->')).toBe(true)
      expect(live1.terminated()).toBe(false)

      // the client leaves: within a few periods no heartbeat timer is left, and none is made again
      expect(created).toBeGreaterThan(0)
      live1.destroy()
      await until(() => live.size === 0, 2000, 'the heartbeat timer to stop')
      const madeSoFar = created
      await sleep(HEARTBEAT_MS * 4)
      expect(created).toBe(madeSoFar)
      expect(live.size).toBe(0)

      // the enumerator learns it on its next element (as Play's do), and finishes
      channel.push('after')
      await until(() => finished, 2000, 'onDoneEnumerating')
    } finally {
      channel.end()
      await server.close()
    }
  })

  it('an idle EventSource stream sends comment frames', async () => {
    const [events, channel] = Concurrent.broadcast<string>()
    const server = await listen(
      Action(() =>
        Ok.chunked(events.through(EventSource({ heartbeatMs: HEARTBEAT_MS, retry: 2000 }))).as('text/event-stream')
      ) as http.RequestListener
    )
    try {
      const live1 = openLive(server.port, '/')
      await until(() => live1.chunks.length >= 3, 3000, 'two comment frames')
      expect(live1.chunks[0].data).toBe('retry: 2000\n\n')
      expect(live1.chunks[1].data).toBe(': heartbeat\n\n')
      expect(live1.chunks[2].data).toBe(': heartbeat\n\n')
      live1.destroy()
      await until(() => live.size === 0, 2000, 'the heartbeat timer to stop')
    } finally {
      channel.end()
      await server.close()
    }
  })

  it('a stream that fails on an element stops its timer: EventSource with a bad name', async () => {
    // the run rejects, and no heartbeat goes on feeding the abandoned iteratee
    const es = () => EventSource<string>({ name: (e) => e, heartbeatMs: HEARTBEAT_MS })
    await expect(Enumerator('ok', 'a\nb').through(es()).run(Iteratee.getChunks())).rejects.toBeInstanceOf(TypeError)
    expect(live.size).toBe(0)

    // served: the response is cut, and no timer is left writing to it
    const errors: Array<unknown> = []
    const r = await serveOnce(
      Action(() => Ok.chunked(Enumerator('ok', 'a\nb').through(es())).as('text/event-stream'), {
        onError: (e) => errors.push(e)
      })
    )
    expect(r.chunks).toEqual(['event: ok\ndata: ok\n\n'])
    expect(r.terminated).toBe(false)
    expect(errors).toHaveLength(1)
    expect(live.size).toBe(0)
  })

  it('a response whose source fails stops its timer', async () => {
    let n = 0
    const failing = () =>
      Enumerator.repeatM(() =>
        sleep(5).then(() => {
          if (++n % 3 === 0) throw new Error('the source failed')
          return 'x'
        })
      )
    const r = await serveOnce(
      Action(() => Ok.chunked(failing().through(Comet({ callback: 'f', heartbeatMs: HEARTBEAT_MS }))), {
        onError: () => undefined
      })
    )
    expect(r.chunks).toEqual([PADDING, script("f('x');"), script("f('x');")])
    expect(r.terminated).toBe(false)
    // the next beat finds the response over, and the timer stops
    await until(() => live.size === 0, 2000, 'the heartbeat timer to stop')
    const madeSoFar = created
    await sleep(HEARTBEAT_MS * 3)
    expect(created).toBe(madeSoFar)
  })

  it('a stream that ends clears its timer at once', async () => {
    const r = await serveOnce(
      Action(() =>
        Ok.chunked(Enumerator('kiki').through(Comet({ callback: 'console.log', heartbeatMs: HEARTBEAT_MS })))
      )
    )
    expect(r.chunks).toEqual([PADDING, script("console.log('kiki');")])
    expect(r.terminated).toBe(true)
    expect(live.size).toBe(0)
  })
})

describe('responseLimit', () => {
  it('ends an endless response after that many bytes, with the terminal chunk', async () => {
    const limit = 6000
    let stopped = false
    const r = await serveOnce(
      Action(() =>
        Ok.chunked(
          Enumerator.repeat(() => 'tick')
            .onDoneEnumerating(() => (stopped = true))
            .through(Comet({ callback: 'parent.showTime', responseLimit: limit }))
        )
      )
    )
    const tick = script("parent.showTime('tick');")
    expect(r.terminated).toBe(true)
    expect(r.chunks[0]).toBe(PADDING)
    expect(r.chunks.slice(1).every((c) => c === tick)).toBe(true)
    const total = r.chunks.reduce((n, c) => n + Buffer.byteLength(c, 'latin1'), 0)
    // the chunk that reaches the limit is the last one
    expect(total).toBeGreaterThanOrEqual(limit)
    expect(total - tick.length).toBeLessThan(limit)
    expect(r.chunks).toHaveLength(1 + Math.ceil((limit - PADDING.length) / tick.length))
    expect(stopped).toBe(true)
  })

  it('counts bytes, not characters, and works with an asynchronous source', async () => {
    let n = 0
    const r = await serveOnce(
      Action(() =>
        Ok.chunked(
          Enumerator.repeatM(() => sleep(1).then(() => `é${n++}`)).through(
            Comet({ callback: 'f', initialChunk: Html('<html><body>'), responseLimit: 200 })
          )
        )
      )
    )
    expect(r.terminated).toBe(true)
    expect(r.chunks[0]).toBe('<html><body>')
    const bytes = r.chunks.map((c) => Buffer.byteLength(c, 'latin1'))
    const total = bytes.reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThanOrEqual(200)
    expect(total - bytes[bytes.length - 1]).toBeLessThan(200)
  })

  it('together with heartbeats: heartbeats count toward the limit, which is checked when a message comes', async () => {
    const [messages, channel] = Concurrent.broadcast<string>()
    const server = await listen(
      Action(() =>
        Ok.chunked(
          messages.through(Comet({ callback: 'f', initialChunk: Html(''), heartbeatMs: 10, responseLimit: 3 * 18 }))
        )
      ) as http.RequestListener
    )
    try {
      const response = rawGet(server.port, '/')
      await sleep(120)
      channel.push('m')
      const r = parseChunked(await response)
      expect(r.terminated).toBe(true)
      const heartbeats = r.chunks.slice(0, -1)
      expect(heartbeats.length).toBeGreaterThanOrEqual(3)
      expect(heartbeats.every((c) => c === '<!-- heartbeat -->')).toBe(true)
      expect(r.chunks[r.chunks.length - 1]).toBe(script("f('m');"))
    } finally {
      channel.end()
      await server.close()
    }
  })
})
