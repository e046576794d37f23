/**
 * Comet under Koa: the middleware tells Koa not to respond (`ctx.respond = false`) and hands the raw Node `req` and
 * `res` to an `Action`. WebSockets go beside Koa, on the server's `'upgrade'` event (`ws://127.0.0.1:9003/echo`).
 *
 * `npx ts-node --transpile-only examples/koa.ts` serves on http://127.0.0.1:9003 (PORT overrides). Tests import
 * `koaApp` and listen themselves.
 */
import Koa from 'koa'
import { type RequestListener, toKoa } from '../src'
import { cometAction, page } from './comet'
import { sockets } from './websocket'

/** A Koa middleware for one path: the library's `toKoa` tells Koa not to respond and hands over the raw response. */
export const koaRoute = (path: string, action: RequestListener): Koa.Middleware => {
  const mounted = toKoa(action)
  return async (ctx, next) => {
    if (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next()
    return mounted(ctx)
  }
}

/** The application: `/comet` streams, `/` is an ordinary Koa middleware; anything else falls through to Koa's 404. */
export const koaApp = (): Koa => {
  const app = new Koa()
  app.use(koaRoute('/comet', cometAction))
  app.use(async (ctx, next) => {
    if (ctx.path !== '/') return next()
    ctx.type = 'html'
    ctx.body = page
  })
  return app
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 9003)
  const server = koaApp().listen(port, '127.0.0.1', () => {
    const address = server.address()
    const actual = typeof address === 'object' && address !== null ? address.port : port
    console.log(`Koa + Comet: http://127.0.0.1:${actual}/, echo at ws://127.0.0.1:${actual}/echo  (Ctrl-C to stop)`)
  })
  server.on('upgrade', sockets)
}
