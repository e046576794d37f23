/**
 * What the Express, Fastify and Koa examples serve over WebSockets: Play's echo (`WebSocket.adapter` with
 * `Enumeratee.passAlong`) at `/echo`. A WebSocket handshake is an HTTP request that Node hands to the server's
 * `'upgrade'` event, not to the framework's routes: each example gives that event this one listener.
 */
import { Enumeratee, WebSocket } from '../src'

/** Play's echo: what the client sends goes through `passAlong` and back. */
export const echoSocket = WebSocket.adapter(() => Enumeratee.passAlong<string>())

/** The `'upgrade'` listener of the examples: `/echo`, and `404` for any other path. */
export const sockets = WebSocket.router({ '/echo': echoSocket })
