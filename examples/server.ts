/**
 * `npm start`: serves the demo on http://127.0.0.1:9000 (the PORT variable overrides; HOST too).
 */
import * as http from 'node:http'
import { demoApp } from './demo'

const port = Number(process.env.PORT ?? 9000)
const host = process.env.HOST ?? '127.0.0.1'
const app = demoApp()
const server = http.createServer(app.listener)

server.listen(port, host, () => {
  const address = server.address()
  const actual = typeof address === 'object' && address !== null ? address.port : port
  console.log(`play-iteratees-ts demo: http://${host}:${actual}/  (Ctrl-C to stop)`)
})

// a graceful shutdown: every open stream ends with its terminal chunk (clients see complete responses), then the
// server closes; what has not ended within 5 s is cut
let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  console.log('play-iteratees-ts demo: shutting down')
  void app.shutdown.close(server, { graceMs: 5_000 }).then(() => {
    app.close()
    process.exit(0)
  })
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
