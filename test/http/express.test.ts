import type { AddressInfo } from 'node:net'
import express from 'express'
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
