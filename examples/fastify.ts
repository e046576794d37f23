/**
 * Comet under Fastify: the route hijacks the reply (Fastify will not send anything for it) and hands the raw Node
 * `req` and `res` to an `Action`. WebSockets go beside Fastify, on its server's `'upgrade'` event
 * (`ws://127.0.0.1:9002/echo`).
 *
 * `npx ts-node --transpile-only examples/fastify.ts` serves on http://127.0.0.1:9002 (PORT overrides). Tests import
 * `fastifyApp` and listen themselves.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { type RequestListener, toFastify } from '../src'
import { cometAction, page } from './comet'
import { sockets } from './websocket'

/** A Fastify route handler for an action: the library's `toFastify` hijacks the reply and hands over the raw response. */
export const fastifyRoute = (action: RequestListener): ((request: FastifyRequest, reply: FastifyReply) => void) =>
  toFastify(action)

/** The application: `/comet` streams, `/` is an ordinary Fastify route. */
export const fastifyApp = (): FastifyInstance => {
  const app = Fastify()
  app.get('/comet', fastifyRoute(cometAction))
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page))
  return app
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 9002)
  const app = fastifyApp()
  app.server.on('upgrade', sockets)
  app.listen({ port, host: '127.0.0.1' }).then(
    (url) => console.log(`Fastify + Comet: ${url}/, echo at ${url.replace(/^http/, 'ws')}/echo  (Ctrl-C to stop)`),
    (error: unknown) => {
      console.error(error)
      process.exitCode = 1
    }
  )
}
