/**
 * Test helper: a real HTTP server on 127.0.0.1, on a port the system picks, for tests that drive a browser or client.
 */
import * as http from 'node:http'
import { listen as listenHttp } from '../http/helpers'

export interface TestServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly origin: string
  readonly close: () => Promise<void>
}

/** Starts `http.createServer(listener)` on 127.0.0.1, port 0 (the HTTP tests' `listen`), as an origin for a browser. */
export const listen = async (listener: http.RequestListener): Promise<TestServer> => {
  const server = await listenHttp(listener)
  return { origin: `http://127.0.0.1:${server.port}`, close: server.close }
}
