/**
 * `npm start`: serves the demo on http://127.0.0.1:9000 (the PORT variable overrides; HOST too).
 *
 * With REDIS_URL set, the demo runs in WORKERS (default 2) node:cluster workers whose chat goes through Redis
 * (examples/cluster.ts): what one browser posts appears in the pages of every worker.
 *
 * On SIGTERM and SIGINT it shuts down gracefully: the chat's WebSockets close with 1001 (going away), every open stream
 * ends with its terminal chunk (clients see complete responses), then the server closes; what has not ended within 5 s
 * is cut.
 */
import * as http from 'node:http'
import { runCluster } from './cluster'
import { demoApp } from './demo'

const port = Number(process.env.PORT ?? 9000)
const host = process.env.HOST ?? '127.0.0.1'

const serve = (): void => {
  const app = demoApp()
  const server = http.createServer(app.listener)
  server.on('upgrade', app.upgrade) // the WebSocket chat

  server.listen(port, host, () => {
    const address = server.address()
    const actual = typeof address === 'object' && address !== null ? address.port : port
    console.log(`play-iteratees-ts demo: http://${host}:${actual}/  (Ctrl-C to stop)`)
  })

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    console.log('play-iteratees-ts demo: shutting down')
    // the chat's sockets first: upgraded connections are not the server's to close
    app.closeSockets()
    void app.shutdown.close(server, { graceMs: 5_000 }).then(() => {
      app.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

const redisUrl = process.env.REDIS_URL ?? ''
if (redisUrl === '') serve()
else runCluster({ redisUrl, port, host, workers: Number(process.env.WORKERS ?? 2) })
