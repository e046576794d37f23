import * as net from 'node:net'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { none, some, type Option } from 'fp-ts/Option'
import { Html } from '../../src/comet/Html'
import { Comet } from '../../src/comet'
import { Concurrent } from '../../src/Concurrent'
import { Enumerator } from '../../src/Enumerator'
import { outputStream } from '../../src/streams'
import { Action, Ok, type Result, Writeable } from '../../src/http'
import { connectUntil, get, listen, parseChunked, rawGet, rawRequest, sleep, until } from './helpers'

const KiB = 1024
const MiB = 1024 * KiB

/** A server for one action that records the ServerResponse it got and the errors reported. */
const serveAction = async (block: (req: IncomingMessage) => Result | Promise<Result>) => {
  const errors: Array<unknown> = []
  const responses: Array<ServerResponse> = []
  const baseline = { close: -1, drain: -1 }
  const action = Action(block, { onError: (e) => errors.push(e) })
  const server = await listen((req, res) => {
    responses.push(res)
    baseline.close = res.listenerCount('close')
    baseline.drain = res.listenerCount('drain')
    action(req, res)
  })
  return { ...server, errors, responses, baseline }
}

describe('Ok.chunked', () => {
  it('writes each element as one HTTP chunk, then the terminal chunk, with the streaming headers', async () => {
    const server = await serveAction(() => Ok.chunked(Enumerator('kiki', 'foo', 'bar')))
    try {
      const r = parseChunked(await rawGet(server.port, '/'))
      expect(r.statusLine).toBe('HTTP/1.1 200 OK')
      expect(r.chunks).toEqual(['kiki', 'foo', 'bar'])
      expect(r.terminated).toBe(true)
      expect(r.rawBody).toBe('4\r\nkiki\r\n3\r\nfoo\r\n3\r\nbar\r\n0\r\n\r\n')
      expect(r.headers['transfer-encoding']).toBe('chunked')
      expect(r.headers['content-length']).toBeUndefined()
      expect(r.headers['cache-control']).toBe('no-cache, no-transform')
      expect(r.headers['x-accel-buffering']).toBe('no')
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(server.errors).toEqual([])
    } finally {
      await server.close()
    }
  })

  it('writes no chunk for an empty element', async () => {
    const server = await serveAction(() => Ok.chunked(Enumerator('', 'a', '', '', 'b', '')))
    try {
      const r = parseChunked(await rawGet(server.port, '/'))
      expect(r.chunks).toEqual(['a', 'b'])
      expect(r.terminated).toBe(true)
      expect(r.rawBody).toBe('1\r\na\r\n1\r\nb\r\n0\r\n\r\n')
    } finally {
      await server.close()
    }
  })

  it('writes no chunk for empty bytes either, and an empty enumerator gives only the terminal chunk', async () => {
    const server = await serveAction(() =>
      Ok.chunked(Enumerator(new Uint8Array(0), Buffer.from('xy'), new Uint8Array(0)))
    )
    const empty = await serveAction(() => Ok.chunked(Enumerator.empty<string>(), Writeable.string))
    const emptyUntyped = await serveAction(() => Ok.chunked(Enumerator.empty<string>()))
    try {
      const r = parseChunked(await rawGet(server.port, '/'))
      expect(r.chunks).toEqual(['xy'])
      expect(r.headers['content-type']).toBe('application/octet-stream')
      const e = parseChunked(await rawGet(empty.port, '/'))
      expect(e.chunks).toEqual([])
      expect(e.terminated).toBe(true)
      expect(e.rawBody).toBe('0\r\n\r\n')
      expect(e.headers['content-type']).toBe('text/plain; charset=utf-8')
      // without a Writeable nor a first element there is no content type to send: the head waits for the end,
      // and Node then sends an empty body with its length
      const u = await rawGet(emptyUntyped.port, '/')
      expect(u.toString('latin1')).toMatch(/\r\ncontent-length: 0\r\n/i)
      expect(u.toString('latin1').endsWith('\r\n\r\n')).toBe(true)
    } finally {
      await Promise.all([server.close(), empty.close(), emptyUntyped.close()])
    }
  })

  it('takes the content type from the Writeable, from the elements, or from as()', async () => {
    const html = await serveAction(() => Ok.chunked(Enumerator(Html('<p>1</p>'), Html('<p>2</p>'))))
    const json = await serveAction(() => Ok.chunked(Enumerator<{ readonly n: number }>({ n: 1 }, { n: 2 })))
    const given = await serveAction(() =>
      Ok.chunked(
        Enumerator(1, 2),
        Writeable.of((n: number) => `${n};`, 'text/x-numbers')
      )
    )
    const as = await serveAction(() => Ok.chunked(Enumerator('a')).as('text/event-stream'))
    try {
      const h = parseChunked(await rawGet(html.port, '/'))
      expect(h.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(h.chunks).toEqual(['<p>1</p>', '<p>2</p>'])
      const j = parseChunked(await rawGet(json.port, '/'))
      expect(j.headers['content-type']).toBe('application/json')
      expect(j.chunks).toEqual(['{"n":1}', '{"n":2}'])
      const g = parseChunked(await rawGet(given.port, '/'))
      expect(g.headers['content-type']).toBe('text/x-numbers')
      expect(g.chunks).toEqual(['1;', '2;'])
      const a = parseChunked(await rawGet(as.port, '/'))
      expect(a.headers['content-type']).toBe('text/event-stream')
      expect(a.headers['cache-control']).toBe('no-cache, no-transform')
    } finally {
      await Promise.all([html.close(), json.close(), given.close(), as.close()])
    }
  })

  it('sends the head at once when the content type is known, before the first element exists', async () => {
    let release!: () => void
    const first = new Promise<void>((resolve) => (release = resolve))
    const server = await serveAction(() =>
      Ok.chunked(
        Enumerator.generateM<string>(() => first.then(() => none)),
        Writeable.string
      ).as('text/event-stream')
    )
    const socket = net.connect(server.port, '127.0.0.1')
    try {
      let text = ''
      socket.on('data', (b: Buffer) => (text += b.toString('latin1')))
      socket.write(rawRequest('/'))
      await until(() => text.includes('\r\n\r\n'), 5000, 'the head')
      expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
      expect(text).toMatch(/\r\ncontent-type: text\/event-stream\r\n/i)
      expect(text).toMatch(/\r\ntransfer-encoding: chunked\r\n/i)
      release()
      await new Promise((resolve) => socket.on('close', resolve))
      expect(parseChunked(Buffer.from(text, 'latin1')).terminated).toBe(true)
    } finally {
      socket.destroy()
      await server.close()
    }
  })

  it('writes UTF-8 chunks with their length in bytes', async () => {
    const server = await serveAction(() => Ok.chunked(Enumerator('é', '✓✓')))
    try {
      const r = parseChunked(await rawGet(server.port, '/'))
      expect(r.rawBody).toBe('2\r\n\xc3\xa9\r\n6\r\n\xe2\x9c\x93\xe2\x9c\x93\r\n0\r\n\r\n')
    } finally {
      await server.close()
    }
  })

  it('streams an asynchronous enumerator as it produces, and the client gets each chunk before the next exists', async () => {
    let produced = 0
    const server = await serveAction(() =>
      Ok.chunked(
        Enumerator.generateM(async () => {
          await sleep(20)
          return produced < 3 ? some(`tick${produced++}`) : none
        })
      )
    )
    try {
      const socket = net.connect(server.port, '127.0.0.1')
      let text = ''
      const seenAt: Array<number> = []
      socket.on('data', (b: Buffer) => {
        text += b.toString('latin1')
        seenAt.push(produced)
      })
      socket.write(rawRequest('/'))
      await new Promise((resolve) => socket.on('close', resolve))
      const r = parseChunked(Buffer.from(text, 'latin1'))
      expect(r.chunks).toEqual(['tick0', 'tick1', 'tick2'])
      expect(r.terminated).toBe(true)
      // data arrived in several pieces, the first while the producer had made at most one element
      expect(seenAt.length).toBeGreaterThan(1)
      expect(seenAt[0]).toBeLessThanOrEqual(1)
    } finally {
      await server.close()
    }
  })

  it('works with Node http client reading the body', async () => {
    const server = await serveAction(() => Ok.chunked(Enumerator('a', 'b', 'c').map((s) => s.toUpperCase())))
    try {
      const res = await get(server.port, '/')
      expect(res.body).toBe('ABC')
      expect(res.headers['transfer-encoding']).toBe('chunked')
    } finally {
      await server.close()
    }
  })

  it('writes many small chunks from a synchronous enumerator', async () => {
    const n = 20000
    const elements = Array.from({ length: n }, (_, i) => `${i},`)
    const server = await serveAction(() => Ok.chunked(Enumerator.enumerate(elements)))
    try {
      const r = parseChunked(await rawGet(server.port, '/', 20000))
      expect(r.chunks).toHaveLength(n)
      expect(r.chunks.join('')).toBe(elements.join(''))
      expect(r.terminated).toBe(true)
    } finally {
      await server.close()
    }
  })

  describe('backpressure', () => {
    const chunk: Uint8Array = Buffer.alloc(64 * KiB, 'x')

    const check = async (make: (count: () => void) => Enumerator<Uint8Array>) => {
      let produced = 0
      let doneCount = 0
      const server = await serveAction(() =>
        Ok.chunked(
          make(() => produced++).onDoneEnumerating(() => doneCount++),
          Writeable.bytes
        )
      )
      const socket = net.connect(server.port, '127.0.0.1')
      try {
        let received = 0
        socket.on('data', (b: Buffer) => (received += b.length))
        socket.pause()
        socket.write(rawRequest('/'))
        // wait until the producer stops: no new element for 300 ms
        await until(() => produced > 0, 5000, 'a first element')
        let last = -1
        const deadline = Date.now() + 10000
        while (produced !== last && Date.now() < deadline) {
          last = produced
          await sleep(300)
        }
        expect(produced).toBe(last)
        // what is in flight is bounded by the socket buffers, far from an unbounded run-ahead
        expect(produced * chunk.length).toBeLessThan(48 * MiB)
        const stalledAt = produced
        // read again: it goes on
        socket.resume()
        await until(() => received > (stalledAt + 64) * chunk.length, 10000, 'more data after resume')
        expect(produced).toBeGreaterThan(stalledAt + 32)
        // leave: the enumerator stops, once
        socket.destroy()
        await until(() => doneCount > 0, 5000, 'onDoneEnumerating')
        const stoppedAt = produced
        await sleep(100)
        expect(doneCount).toBe(1)
        expect(produced).toBe(stoppedAt)
        const res = server.responses[0]
        await until(() => res.listenerCount('close') === server.baseline.close, 2000, 'close listener removed')
        expect(res.listenerCount('drain')).toBe(server.baseline.drain)
        expect(server.errors).toEqual([])
      } finally {
        socket.destroy()
        await server.close()
      }
    }

    it('a synchronous enumerator waits for the socket to drain (Enumerator.repeat)', async () => {
      await check((count) =>
        Enumerator.repeat(() => {
          count()
          return chunk
        })
      )
    })

    it('an asynchronous enumerator waits for the socket to drain (Enumerator.generateM)', async () => {
      await check((count) =>
        Enumerator.generateM(() => {
          count()
          return Promise.resolve(some(chunk))
        })
      )
    })
  })

  describe('when the client goes away', () => {
    it('the enumerator stops, onDoneEnumerating runs once, and no listener or timer is left', async () => {
      let calls = 0
      let doneCount = 0
      const server = await serveAction(() =>
        Ok.chunked(
          Enumerator.generateM((): Promise<Option<string>> => {
            // counted when called: a call still waiting when the client leaves is abandoned, and no other is made
            const n = calls++
            return new Promise((resolve) => setTimeout(() => resolve(some(`e${n}`)), 5))
          }).onDoneEnumerating(() => doneCount++)
        )
      )
      const socket = net.connect(server.port, '127.0.0.1')
      try {
        let text = ''
        socket.on('data', (b: Buffer) => (text += b.toString('latin1')))
        socket.write(rawRequest('/'))
        await until(() => text.includes('e3'), 5000, 'a few chunks')
        socket.destroy()
        await until(() => doneCount > 0, 5000, 'onDoneEnumerating')
        const callsAtDone = calls
        await sleep(100)
        expect(doneCount).toBe(1)
        expect(calls).toBe(callsAtDone) // generateM is not called any more: no timer left
        const res = server.responses[0]
        expect(res.listenerCount('close')).toBe(server.baseline.close)
        expect(res.listenerCount('drain')).toBe(server.baseline.drain)
        expect(server.errors).toEqual([])
      } finally {
        socket.destroy()
        await server.close()
      }
    })

    it('before the result is ready, the enumerator is still applied once (to a Done writer), so it cleans up', async () => {
      let doneCount = 0
      let pulled = 0
      let release!: () => void
      const ready = new Promise<void>((resolve) => (release = resolve))
      const server = await serveAction(async () => {
        await ready
        return Ok.chunked(
          Enumerator.repeat(() => {
            pulled++
            return 'x'
          }).onDoneEnumerating(() => doneCount++)
        )
      })
      const socket = net.connect(server.port, '127.0.0.1')
      try {
        socket.write(rawRequest('/'))
        await until(() => server.responses.length === 1, 5000, 'the request')
        socket.destroy()
        await until(() => server.responses[0].destroyed, 5000, 'the response to close')
        release()
        await until(() => doneCount > 0, 5000, 'onDoneEnumerating')
        await sleep(20)
        expect(doneCount).toBe(1)
        expect(pulled).toBe(0)
      } finally {
        socket.destroy()
        await server.close()
      }
    })
  })

  describe('when a client of a quiet broadcast goes away', () => {
    it.each([
      ['lockstep', () => Concurrent.broadcast<string>()],
      ['bounded', () => Concurrent.broadcast<string>({ bufferSize: 4, overflow: 'dropOldest' })]
    ] as const)('the %s subscriber is released at once, with no push', async (_, make) => {
      const [events, channel] = make()
      let released = 0
      const server = await serveAction(() =>
        Ok.chunked(events.through(Comet({ callback: 'parent.cometMessage' })).onDoneEnumerating(() => released++))
      )
      try {
        const staying = await connectUntil(server.port, '\r\n\r\n')
        const leaving = await connectUntil(server.port, '\r\n\r\n')
        channel.push('both')
        await until(() => server.responses.every((r) => r.writableLength === 0), 5000, 'the first push')
        leaving.destroy()
        await until(() => released === 1, 5000, 'the subscriber that left to be released')
        const res = server.responses[1]
        expect(res.listenerCount('close')).toBe(server.baseline.close)
        channel.push('one')
        channel.eofAndEnd()
        let text = ''
        staying.on('data', (b: Buffer) => (text += b.toString('latin1')))
        await until(() => released === 2, 5000, 'the end')
        await until(() => text.endsWith('0\r\n\r\n'), 5000, 'the terminal chunk')
        expect(text).toContain(`parent.cometMessage('one')`)
        expect(server.errors).toEqual([])
        staying.destroy()
      } finally {
        await server.close()
      }
    })

    it('a shared source (broadcast of an enumerator) goes on for the others, and hears that interest is gone', async () => {
      const [source, channel] = Concurrent.broadcast<string>()
      let downToZero = 0
      const [events] = Concurrent.broadcast(source, () => downToZero++)
      const server = await serveAction(() => Ok.chunked(events.map((e) => `${e}\n`)).as('text/plain'))
      try {
        const first = await connectUntil(server.port, '\r\n\r\n')
        const second = await connectUntil(server.port, '\r\n\r\n')
        let text = ''
        second.on('data', (b: Buffer) => (text += b.toString('latin1')))
        first.destroy() // the source was started for the first client: it must go on for the second
        await until(() => server.responses[0].destroyed, 5000, 'the first response to close')
        await sleep(20)
        channel.push('still here')
        await until(() => text.includes('still here'), 5000, 'the push to reach the second client')
        expect(downToZero).toBe(0)
        second.destroy()
        await until(() => downToZero === 1, 5000, 'interestIsDownToZero')
      } finally {
        await server.close()
      }
    })

    it('a unicast channel completes at once (onComplete runs), with no push', async () => {
      let completed = 0
      let released = 0
      let pushed = 0
      const server = await serveAction(() =>
        Ok.chunked(
          Concurrent.unicast<string>(
            (channel) => {
              channel.push('hello\n')
              pushed++
            },
            () => completed++
          ).onDoneEnumerating(() => released++)
        )
      )
      try {
        const socket = await connectUntil(server.port, 'hello')
        socket.destroy()
        await until(() => released === 1, 5000, 'the release')
        expect(completed).toBe(1)
        expect(pushed).toBe(1)
        expect(server.responses[0].listenerCount('close')).toBe(server.baseline.close)
        expect(server.errors).toEqual([])
      } finally {
        await server.close()
      }
    })

    it('a unicast whose push waits for the socket when the client leaves: onComplete runs once', async () => {
      let completed = 0
      let released = 0
      const server = await serveAction(() =>
        Ok.chunked(
          Concurrent.unicast<string>(
            (channel) => {
              for (let i = 0; i < 20; i++) channel.push('x'.repeat(MiB)) // far more than the socket takes
            },
            () => completed++
          ).onDoneEnumerating(() => released++)
        ).as('text/plain')
      )
      try {
        const socket = net.connect(server.port, '127.0.0.1')
        socket.on('error', () => undefined)
        socket.write(rawRequest('/'))
        socket.pause() // never reads: the writer waits for 'drain'
        await until(
          () => server.responses.length === 1 && server.responses[0].writableLength > 0,
          5000,
          'a full socket'
        )
        socket.destroy()
        await until(() => released === 1, 5000, 'the release')
        await sleep(50)
        expect(completed).toBe(1)
        expect(server.errors).toEqual([])
      } finally {
        await server.close()
      }
    })

    it('a callback that throws on the departure is reported; the server goes on serving', async () => {
      const [source] = Concurrent.broadcast<string>()
      const [events] = Concurrent.broadcast(source, () => {
        throw new Error('interest callback failed')
      })
      const thrown = new Error('onComplete failed')
      const server = await serveAction((req) =>
        req.url === '/unicast'
          ? Ok.chunked(
              Concurrent.unicast<string>(
                () => undefined,
                () => {
                  throw thrown
                }
              )
            ).as('text/plain')
          : req.url === '/broadcast'
            ? Ok.chunked(events).as('text/plain')
            : Ok('still here')
      )
      try {
        for (const path of ['/broadcast', '/unicast']) {
          const socket = net.connect(server.port, '127.0.0.1')
          let text = ''
          socket.on('data', (b: Buffer) => (text += b.toString('latin1')))
          socket.on('error', () => undefined)
          socket.write(rawRequest(path))
          await until(() => text.includes('\r\n\r\n'), 5000, `the head of ${path}`)
          socket.destroy()
        }
        await until(() => server.errors.length === 2, 5000, 'both failures to be reported')
        expect(server.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ message: 'interest callback failed' }), thrown])
        )
        expect((await get(server.port, '/')).body.toString()).toBe('still here')
        for (const res of server.responses) expect(res.listenerCount('close')).toBe(server.baseline.close)
      } finally {
        await server.close()
      }
    })

    it('outputStream: the first write after the client left destroys the stream, so the producer stops', async () => {
      let out: NodeJS.WritableStream & { destroyed: boolean } = undefined as never
      const server = await serveAction(() =>
        Ok.chunked(
          outputStream((o) => {
            out = o as typeof out
            o.write(Buffer.from('hello\n'))
          })
        ).as('text/plain')
      )
      try {
        const socket = await connectUntil(server.port, 'hello')
        socket.destroy()
        await until(() => server.responses[0].destroyed, 5000, 'the response to close')
        await sleep(20)
        out.write(Buffer.from('anyone?\n'))
        await until(() => out.destroyed, 5000, 'the stream to be destroyed')
      } finally {
        await server.close()
      }
    })

    it('a subscription made after an asynchronous step is released at once too (Play waits for the next push)', async () => {
      const [events] = Concurrent.broadcast<string>()
      let released = 0
      const server = await serveAction(() =>
        Ok.chunked(
          Enumerator.flatten(Promise.resolve(events))
            .map((e) => `${e}\n`)
            .onDoneEnumerating(() => released++)
        ).as('text/plain')
      )
      try {
        const socket = await connectUntil(server.port, '\r\n\r\n')
        await sleep(20) // the subscription is made
        socket.destroy()
        await until(() => released === 1, 5000, 'the release, with nothing pushed')
      } finally {
        await server.close()
      }
    })
  })

  describe('when the enumerator fails', () => {
    it('cuts the response without the terminal chunk (generateM that rejects), and serves the next request', async () => {
      let n = 0
      const server = await serveAction((req) =>
        req.url === '/fine'
          ? Ok('fine')
          : Ok.chunked(
              Enumerator.generateM(async () => {
                await sleep(5)
                if (n === 2) throw new Error('source broke')
                return some(`el${n++}`)
              })
            )
      )
      try {
        const r = parseChunked(await rawGet(server.port, '/'))
        expect(r.statusLine).toBe('HTTP/1.1 200 OK')
        expect(r.chunks).toEqual(['el0', 'el1'])
        expect(r.terminated).toBe(false)
        expect(r.rawBody.endsWith('0\r\n\r\n')).toBe(false)
        expect(server.errors).toHaveLength(1)
        expect(String(server.errors[0])).toContain('source broke')
        n = 0
        const again = parseChunked(await rawGet(server.port, '/')) // same server, a new connection
        expect(again.chunks).toEqual(['el0', 'el1'])
        const ok = await get(server.port, '/fine')
        expect(ok.status).toBe(200)
        expect(ok.body).toBe('fine')
      } finally {
        await server.close()
      }
    })

    it('cuts the response after what was written (a generator that throws, behind an async block)', async () => {
      function* gen() {
        yield 'a'
        yield 'b'
        throw new Error('generator broke')
      }
      const server = await serveAction(async () => {
        await sleep(1)
        return Ok.chunked(Enumerator.enumerate(gen()))
      })
      try {
        const r = parseChunked(await rawGet(server.port, '/'))
        expect(r.chunks).toEqual(['a', 'b'])
        expect(r.terminated).toBe(false)
        expect(String(server.errors[0])).toContain('generator broke')
      } finally {
        await server.close()
      }
    })

    it('cuts the response when the Writeable throws on an element', async () => {
      const w = Writeable.of((n: number) => {
        if (n === 3) throw new Error('cannot write 3')
        return `${n}`
      }, 'text/plain')
      const server = await serveAction(() => Ok.chunked(Enumerator(1, 2, 3, 4), w))
      try {
        const r = parseChunked(await rawGet(server.port, '/'))
        expect(r.chunks).toEqual(['1', '2'])
        expect(r.terminated).toBe(false)
        expect(String(server.errors[0])).toContain('cannot write 3')
      } finally {
        await server.close()
      }
    })

    it('answers 500 when it fails before anything was written', async () => {
      const server = await serveAction(() =>
        Ok.chunked(Enumerator.generateM<string>(() => Promise.reject(new Error('at once'))))
      )
      try {
        const res = await get(server.port, '/')
        expect(res.status).toBe(500)
        expect(res.body).toBe('Internal Server Error')
        expect(res.headers['cache-control']).toBeUndefined()
        expect(String(server.errors[0])).toContain('at once')
      } finally {
        await server.close()
      }
    })
  })

  it('for a HEAD request sends the headers, no body, and still lets the enumerator clean up', async () => {
    let doneCount = 0
    let pulled = 0
    const server = await serveAction(() =>
      Ok.chunked(
        Enumerator.repeat(() => {
          pulled++
          return 'x'
        }).onDoneEnumerating(() => doneCount++)
      )
    )
    try {
      const res = await get(server.port, '/', 'HEAD')
      expect(res.status).toBe(200)
      expect(res.body).toBe('')
      expect(res.headers['content-length']).toBeUndefined()
      expect(res.headers['cache-control']).toBe('no-cache, no-transform')
      await until(() => doneCount === 1, 2000, 'onDoneEnumerating')
      expect(pulled).toBe(0)
    } finally {
      await server.close()
    }
  })
})
