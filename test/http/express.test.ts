import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import * as zlib from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { Concurrent } from '../../src/Concurrent'
import { none, some } from 'fp-ts/Option'
import { Enumerator } from '../../src/Enumerator'
import { Action, Ok } from '../../src/http'
import { get, parseChunked, rawGet } from './helpers'

describe('Action with Express', () => {
  it('mounts with app.get and streams a chunked result', async () => {
    let n = 0
    let doneCount = 0
    const app = express()
    app.get(
      '/comet',
      Action(() =>
        Ok.chunked(
          Enumerator.generateM(async () => (n < 3 ? some(`m${n++}`) : none)).onDoneEnumerating(() => doneCount++)
        )
      )
    )
    app.get(
      '/hello/:name',
      Action((req: express.Request) => Ok(`hello ${req.params.name}`))
    )
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const r = parseChunked(await rawGet(port, '/comet'))
      expect(r.statusLine).toBe('HTTP/1.1 200 OK')
      expect(r.headers['transfer-encoding']).toBe('chunked')
      expect(r.headers['cache-control']).toBe('no-cache, no-transform')
      expect(r.headers['x-accel-buffering']).toBe('no')
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(r.chunks).toEqual(['m0', 'm1', 'm2'])
      expect(r.terminated).toBe(true)
      expect(doneCount).toBe(1)
      const hello = await get(port, '/hello/kiki')
      expect(hello.body).toBe('hello kiki')
      expect((await get(port, '/nothing')).status).toBe(404) // Express's own 404: next was never called by us
    } finally {
      await new Promise((resolve) => {
        server.close(resolve)
        server.closeAllConnections()
      })
    }
  })
})

describe('Action under Express compression()', () => {
  it('each event reaches the client at once: the writer flushes the gzip buffer after each write', async () => {
    const [events, channel] = Concurrent.broadcast<string>()
    const app = express()
    app.use(compression())
    app.get(
      '/events',
      // the default `Cache-Control: no-cache, no-transform` tells compression() to leave a stream alone; an app that
      // drops `no-transform` gets it compressed, and then only flushing delivers each event as it comes
      Action(() => Ok.chunked(events).as('text/plain; charset=utf-8').withHeaders({ 'Cache-Control': 'no-cache' }))
    )
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const received = await new Promise<string>((resolve, reject) => {
        const req = http.get(
          { port, host: '127.0.0.1', path: '/events', headers: { 'Accept-Encoding': 'gzip' } },
          (res) => {
            expect(res.headers['content-encoding']).toBe('gzip')
            let text = ''
            const gunzip = res.pipe(zlib.createGunzip())
            gunzip.on('data', (b: Buffer) => {
              text += b.toString()
              // the first event arrives while the stream is still open
              if (text.includes('first')) {
                req.destroy()
                resolve(text)
              }
            })
            gunzip.on('error', () => undefined)
            channel.push('first event\n')
          }
        )
        req.on('error', () => undefined)
        setTimeout(() => reject(new Error('nothing arrived within 2 s: the event is held in the gzip buffer')), 2000)
      })
      expect(received).toBe('first event\n')
    } finally {
      channel.end()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})

describe('Action under Express: failures go to next(err)', () => {
  it("the app's error middleware sees the failure and answers; a failure mid-stream reaches it too", async () => {
    const seen: Array<unknown> = []
    const boom = new Error('boom')
    const app = express()
    app.get(
      '/throws',
      Action(async () => {
        throw boom
      })
    )
    app.get(
      '/mid-stream',
      Action(() =>
        Ok.chunked(
          Enumerator.generateM(async () => {
            if (n++ === 1) throw boom
            return some('line\n')
          })
        )
      )
    )
    let n = 0
    app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      seen.push(err)
      if (res.headersSent) return next(err)
      res
        .status(418)
        .type('text/plain')
        .send(`seen: ${(err as Error).message}`)
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const r = await get(port, '/throws')
      expect(r.status).toBe(418)
      expect(r.body.toString()).toBe('seen: boom')
      expect(seen).toEqual([boom])
      const cut = parseChunked(await rawGet(port, '/mid-stream'))
      expect(cut.statusLine).toBe('HTTP/1.1 200 OK')
      expect(cut.chunks).toEqual(['line\n'])
      expect(cut.terminated).toBe(false)
      expect(seen).toEqual([boom, boom])
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
