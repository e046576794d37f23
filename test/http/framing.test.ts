/**
 * The chunked writer frames chunks onto the socket itself (one socket write per tick, see src/http/chunked.ts): the
 * bytes on the wire must be exactly those of a `res.write` apiece, whatever the elements (UTF-8, bytes, a mix), however
 * many (a socket that backs up), and on a keep-alive connection whose next response waits its turn.
 */
import * as http from 'node:http'
import * as net from 'node:net'
import fc from 'fast-check'

import { Action, Enumerator, Ok, Writeable } from '../../src'
import { listen, rawGet } from './helpers'

type Chunk = string | Uint8Array

const HEADERS = {
  'Content-Type': 'application/octet-stream',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no'
}

/** Node's way: `res.write` for each non-empty element, then `res.end()`. */
const rawListener =
  (elements: ReadonlyArray<Chunk>): http.RequestListener =>
  (_req, res) => {
    res.writeHead(200, HEADERS)
    const go = async (): Promise<void> => {
      for (const e of elements) {
        if ((typeof e === 'string' ? e.length : e.byteLength) === 0) continue
        if (!res.write(e)) await new Promise((resolve) => res.once('drain', resolve))
      }
      res.end()
    }
    void go()
  }

/** Ours, with the same head. */
const oursListener = (elements: ReadonlyArray<Chunk>): http.RequestListener =>
  Action(() =>
    Ok.chunked(
      Enumerator.enumerate(elements),
      Writeable.of((c: Chunk) => c)
    ).withHeaders(HEADERS)
  )

/** The body bytes of a raw response (after the head), and the head without its Date line. */
const split = (raw: Buffer): { readonly head: string; readonly body: Buffer } => {
  const end = raw.indexOf('\r\n\r\n')
  return {
    head: raw
      .subarray(0, end)
      .toString('latin1')
      .split('\r\n')
      .filter((l) => !/^date:/i.test(l))
      .sort()
      .join('\n'),
    body: raw.subarray(end + 4)
  }
}

const fetchBoth = async (elements: ReadonlyArray<Chunk>): Promise<readonly [Buffer, Buffer]> => {
  const raw = await listen(rawListener(elements))
  const ours = await listen(oursListener(elements))
  try {
    const [a, b] = await Promise.all([rawGet(raw.port, '/', 20_000), rawGet(ours.port, '/', 20_000)])
    return [a, b]
  } finally {
    await raw.close()
    await ours.close()
  }
}

const expectSameBytes = async (elements: ReadonlyArray<Chunk>): Promise<void> => {
  const [a, b] = await fetchBoth(elements)
  const ra = split(a)
  const rb = split(b)
  expect(rb.head).toBe(ra.head)
  expect(rb.body.equals(ra.body)).toBe(true)
}

describe('the chunked writer puts on the wire the bytes of a res.write apiece', () => {
  it('for a few strings, UTF-8 among them, and empty ones skipped', async () => {
    await expectSameBytes(['a', '', 'héllo', '😀 two\nlines', 'z'])
  })

  it('for bytes, and for bytes and strings mixed', async () => {
    await expectSameBytes([Uint8Array.of(0, 1, 2), 'text', Buffer.from('é'), Uint8Array.of(), '€'])
  })

  it('for 20,000 elements from a synchronous enumerator (the socket backs up many times)', async () => {
    await expectSameBytes(Array.from({ length: 20_000 }, (_, i) => (i % 7 === 0 ? `é${i},` : `${i},`)))
  })

  it('for 200 elements of 64 KiB (each one more than the socket takes at once)', async () => {
    await expectSameBytes(Array.from({ length: 200 }, (_, i) => Buffer.alloc(64 * 1024, i % 256)))
  })

  it('for any list of strings and bytes (property)', async () => {
    const chunk = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.uint8Array({ maxLength: 40 }).map((a) => Uint8Array.from(a))
    )
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 60 }), async (elements) => expectSameBytes(elements)),
      { numRuns: 25 }
    )
  })

  it('on a keep-alive connection, two pipelined requests get two whole responses, in order', async () => {
    const server = await listen(Action((req) => Ok.chunked(Enumerator.enumerate([`${req.url}:1`, `${req.url}:2`]))))
    try {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1')
        let got = ''
        const timer = setTimeout(() => reject(new Error(`no two responses: ${got}`)), 5000)
        socket.on('data', (b: Buffer) => {
          got += b.toString('latin1')
          if (got.split('0\r\n\r\n').length === 3) {
            clearTimeout(timer)
            socket.destroy()
            resolve(got)
          }
        })
        socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n')
      })
      const bodies = raw.split(/HTTP\/1\.1 200 OK\r\n/).slice(1)
      expect(bodies).toHaveLength(2)
      expect(bodies[0]).toMatch(/\r\n\r\n4\r\n\/a:1\r\n4\r\n\/a:2\r\n0\r\n\r\n$/)
      expect(bodies[1]).toMatch(/\r\n\r\n4\r\n\/b:1\r\n4\r\n\/b:2\r\n0\r\n\r\n$/)
    } finally {
      await server.close()
    }
  })

  it('for an HTTP/1.0 client (no chunked coding: the body as it is, then the connection closes)', async () => {
    const elements = ['a', 'héllo', '', 'z']
    const server = await listen(oursListener(elements))
    try {
      const raw = await new Promise<Buffer>((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1')
        const parts: Array<Buffer> = []
        const timer = setTimeout(() => reject(new Error('no close')), 5000)
        socket.on('data', (b: Buffer) => parts.push(b))
        socket.on('close', () => {
          clearTimeout(timer)
          resolve(Buffer.concat(parts))
        })
        socket.write('GET / HTTP/1.0\r\nHost: x\r\n\r\n')
      })
      const { head, body } = split(raw)
      expect(head).not.toMatch(/transfer-encoding/i)
      expect(body.toString('utf8')).toBe(elements.join(''))
    } finally {
      await server.close()
    }
  })
})
