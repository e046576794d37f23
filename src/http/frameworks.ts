/**
 * Mounting an `Action` under Fastify and Koa. An `Action` is a plain Node request listener: it writes the response
 * itself, whenever its block's Promise settles. Express lets a handler do that as it is. Fastify and Koa answer the
 * request themselves once the handler returns (a 404 from Koa, an empty 200 from Fastify, then
 * `ERR_HTTP_HEADERS_SENT` when the action writes), unless told not to: these adapters tell them, then hand over
 * Node's raw request and response.
 *
 * @since 0.2.0
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestListener } from './Action'

/**
 * What the Fastify adapter uses of a reply: `hijack()` and the raw Node response (structural, so that the library
 * does not depend on Fastify).
 *
 * @example
 * ```ts
 * import type { FastifyReplyLike } from 'play-iteratees-ts'
 * import type { FastifyReply } from 'fastify'
 * const accepts = (reply: FastifyReply): FastifyReplyLike => reply
 * void accepts
 * ```
 *
 * @play none — Play is its own server
 * @since 0.2.0
 */
export interface FastifyReplyLike {
  hijack(): unknown
  readonly raw: ServerResponse
}

/**
 * What the Koa adapter uses of a context: `respond`, and the raw Node request and response.
 *
 * @example
 * ```ts
 * import type { KoaContextLike } from 'play-iteratees-ts'
 * import type { Context } from 'koa'
 * const accepts = (ctx: Context): KoaContextLike => ctx
 * void accepts
 * ```
 *
 * @play none — Play is its own server
 * @since 0.2.0
 */
export interface KoaContextLike {
  respond?: boolean
  readonly req: IncomingMessage
  readonly res: ServerResponse
}

/** A clear error at once when what a framework hands over is not Node's response. */
const checkResponse = (res: unknown, where: string): ServerResponse => {
  const r = res as Partial<ServerResponse> | null | undefined
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof r.setHeader !== 'function' ||
    typeof r.write !== 'function' ||
    typeof r.end !== 'function' ||
    typeof r.on !== 'function'
  ) {
    throw new TypeError(`${where}: expected a Node http.ServerResponse, got ${Object.prototype.toString.call(res)}`)
  }
  return res as ServerResponse
}

/**
 * A Fastify route handler for an `Action`: it hijacks the reply, so that Fastify sends nothing for it, and lets the
 * action answer on the raw response, whenever its block's Promise settles.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import Fastify from 'fastify'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Enumerator, Ok, toFastify } from 'play-iteratees-ts'
 *
 * const app = Fastify()
 * app.get('/', toFastify(Action(async () => Ok.chunked(Enumerator('a', 'b')))))
 * await app.listen({ port: 0, host: '127.0.0.1' })
 * const { port } = app.server.address() as AddressInfo
 * assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'ab')
 * await app.close()
 * ```
 *
 * @play none — Play is its own server
 * @since 0.2.0
 */
export const toFastify =
  (action: RequestListener) =>
  (request: { readonly raw: IncomingMessage }, reply: FastifyReplyLike): void => {
    const res = checkResponse(reply?.raw, 'toFastify')
    reply.hijack()
    action(request.raw, res)
  }

/**
 * A Koa middleware for an `Action`: it tells Koa not to respond (`ctx.respond = false`) and lets the action answer
 * on the raw response, whenever its block's Promise settles. Mount it where its requests should go (a router, or a
 * path check before it); it does not call `next`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import Koa from 'koa'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Enumerator, Ok, toKoa } from 'play-iteratees-ts'
 *
 * const app = new Koa()
 * app.use(toKoa(Action(async () => Ok.chunked(Enumerator('a', 'b')))))
 * const server = app.listen(0, '127.0.0.1')
 * await new Promise((resolve) => server.once('listening', resolve))
 * const { port } = server.address() as AddressInfo
 * assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'ab')
 * server.close()
 * ```
 *
 * @play none — Play is its own server
 * @since 0.2.0
 */
export const toKoa =
  (action: RequestListener) =>
  (ctx: KoaContextLike): Promise<void> => {
    const res = checkResponse(ctx?.res, 'toKoa')
    ctx.respond = false
    action(ctx.req, res)
    return Promise.resolve()
  }
