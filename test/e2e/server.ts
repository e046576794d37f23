/**
 * Test helper: a real HTTP server on 127.0.0.1, on a port the system picks, for tests that drive a browser or client.
 */
import type * as http from 'node:http'
import type { UpgradeListener } from '../../src'
import { listen as listenHttp } from '../http/helpers'

export interface TestServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly origin: string
  readonly close: () => Promise<void>
}

/**
 * Starts `http.createServer(listener)` on 127.0.0.1, port 0 (the HTTP tests' `listen`), as an origin for a browser;
 * with `upgrade`, the server's WebSockets too (close them before `close`: a server does not close upgraded sockets).
 */
export const listen = async (listener: http.RequestListener, upgrade?: UpgradeListener): Promise<TestServer> => {
  const server = await listenHttp(listener)
  if (upgrade !== undefined) server.server.on('upgrade', upgrade)
  return { origin: `http://127.0.0.1:${server.port}`, close: server.close }
}
