/**
 * Comet under Koa: the middleware tells Koa not to respond (`ctx.respond = false`) and hands the raw Node `req` and
 * `res` to an `Action`.
 *
 * `npx ts-node --transpile-only examples/koa.ts` serves on http://127.0.0.1:9003 (PORT overrides). Tests import
 * `koaApp` and listen themselves.
 */
import Koa from 'koa'
import { Action, Comet, Enumerator, Ok, type RequestListener } from '../src'

/** Play's Comet example: three messages for `parent.cometMessage`, one `<script>` chunk each. */
export const cometAction = Action(() =>
  Ok.chunked(Enumerator('kiki', 'foo', 'bar').through(Comet({ callback: 'parent.cometMessage' })))
)

/** A Koa middleware that serves GET (and HEAD) `path` with `action`, on the raw request and response. */
export const koaRoute =
  (path: string, action: RequestListener): Koa.Middleware =>
  async (ctx, next) => {
    if (ctx.path !== path || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next()
    ctx.respond = false
    action(ctx.req, ctx.res)
  }

/** The page that loads `/comet` in a hidden iframe and shows what arrives. */
export const page = `<!DOCTYPE html>
<title>Comet</title>
<ul id="messages"></ul>
<script>
  function cometMessage(m) {
    var li = document.createElement('li'); li.textContent = m; document.getElementById('messages').appendChild(li)
  }
</script>
<iframe src="/comet" hidden></iframe>
`

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
    console.log(`Koa + Comet: http://127.0.0.1:${actual}/  (Ctrl-C to stop)`)
  })
}
