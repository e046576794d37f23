/**
 * Starting and stopping the servers of the HTTP workloads (W3, W4), within bounded time.
 */
import { type RequestListener, type Server, createServer } from 'node:http'

const CLOSE_TIMEOUT_MS = 2000

/** A server for `listener` on 127.0.0.1, on a free port; `backlog` is the listen queue (the kernel caps it). */
export const listen = (listener: RequestListener, backlog?: number): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer(listener)
    server.once('error', reject)
    server.listen({ port: 0, host: '127.0.0.1', backlog }, () => {
      server.removeListener('error', reject)
      resolve(server)
    })
  })

/** Closes `server` and drops its connections; resolves within `CLOSE_TIMEOUT_MS` whatever happens. */
export const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeAllConnections()
  })
