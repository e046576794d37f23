/**
 * Comet under Express: an `Action` is a Node request listener, so it is mounted as it is. WebSockets go beside
 * Express, on the server's `'upgrade'` event (`ws://127.0.0.1:9001/echo`).
 *
 * `npx ts-node --transpile-only examples/express.ts` serves on http://127.0.0.1:9001 (PORT overrides). Tests import
 * `expressApp` and listen themselves.
 */
import express from 'express'
import { cometAction, page } from './comet'
import { sockets } from './websocket'

/** The application: `/comet` streams, `/` is an ordinary Express route. */
export const expressApp = (): express.Express => {
  const app = express()
  app.get('/comet', cometAction) // Express's next argument is ignored
  app.get('/', (_req, res) => {
    res.type('html').send(page)
  })
  return app
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 9001)
  const server = expressApp().listen(port, '127.0.0.1', () => {
    const address = server.address()
    const actual = typeof address === 'object' && address !== null ? address.port : port
    console.log(`Express + Comet: http://127.0.0.1:${actual}/, echo at ws://127.0.0.1:${actual}/echo  (Ctrl-C to stop)`)
  })
  server.on('upgrade', sockets)
}
