/**
 * Test helper: a real HTTP server on 127.0.0.1, on a port the system picks, for tests that drive a browser or client.
 */
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface TestServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly origin: string
  readonly close: () => Promise<void>
}

/** Starts `http.createServer(listener)` on 127.0.0.1, port 0. `close` also ends idle keep-alive connections. */
export const listen = (listener: http.RequestListener): Promise<TestServer> =>
  new Promise((resolve, reject) => {
    const server = http.createServer(listener)
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()))
            server.closeAllConnections()
          })
      })
    })
  })
