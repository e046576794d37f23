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

const stop = (): void => {
  app.close()
  server.close()
  server.closeAllConnections()
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
