/**
 * Test helpers for WebSockets at the wire: a Node http server on 127.0.0.1 (port 0) with an `'upgrade'` listener, a
 * real `ws` client, and a raw socket for handshakes `ws` would refuse to send.
 */
import { once } from 'node:events'
import * as http from 'node:http'
import * as net from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocket as Client, type ClientOptions } from 'ws'
import type { UpgradeListener } from '../../src/websocket'

export { sleep, until } from '../http/helpers'

export interface WsServer {
  readonly port: number
  readonly url: (path?: string) => string
  readonly server: http.Server
  /** The server side of every upgraded connection, as Node handed it to the listener. */
  readonly sockets: ReadonlyArray<Duplex>
  /** Destroys every connection that is left, then closes the server. */
  readonly close: () => Promise<void>
}

/** An http server whose `'upgrade'` event goes to `listener` (its plain requests get 426). */
export const serve = async (listener: UpgradeListener): Promise<WsServer> => {
  const server = http.createServer((_req, res) => {
    res.writeHead(426).end()
  })
  const sockets: Array<Duplex> = []
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.push(socket)
    listener(req, socket, head)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    server,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** A `ws` client that is open, and whose messages are gathered (as strings, or Buffers for binary frames). */
export interface Opened {
  readonly client: Client
  readonly messages: Array<string | Buffer>
  /** Resolves with [code, reason] when the client's 'close' event comes. */
  readonly closed: Promise<readonly [number, string]>
}

export const open = async (url: string, options?: ClientOptions): Promise<Opened> => {
  const client = new Client(url, options)
  const messages: Array<string | Buffer> = []
  client.on('message', (data, isBinary) => messages.push(isBinary ? (data as Buffer) : String(data)))
  client.on('error', () => undefined)
  const closed = new Promise<readonly [number, string]>((resolve) =>
    client.once('close', (code, reason) => resolve([code, reason.toString()]))
  )
  await once(client, 'open')
  return { client, messages, closed }
}

/** The status code and body of a handshake the server refused (through `ws`'s 'unexpected-response'). */
export const refused = async (
  url: string,
  options?: ClientOptions
): Promise<{ readonly status: number; readonly headers: http.IncomingHttpHeaders; readonly body: string }> => {
  const client = new Client(url, options)
  client.on('error', () => undefined)
  const [, res] = (await once(client, 'unexpected-response')) as [unknown, http.IncomingMessage]
  const parts: Array<Buffer> = []
  res.on('data', (b: Buffer) => parts.push(b))
  await once(res, 'end')
  return { status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString() }
}

/** A valid handshake's headers, to change one at a time. */
export const HANDSHAKE: Readonly<Record<string, string>> = {
  Host: '127.0.0.1',
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version': '13'
}

/** Sends a raw request and gathers every byte until the server closes the connection (rejects after `ms`). */
export const rawUpgrade = (
  port: number,
  headers: Readonly<Record<string, string | undefined>>,
  path = '/',
  method = 'GET',
  ms = 5000
): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const parts: Array<Buffer> = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no close within ${ms} ms; got ${Buffer.concat(parts).toString('latin1')}`))
    }, ms)
    socket.on('data', (b: Buffer) => parts.push(b))
    socket.on('error', () => undefined)
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(parts).toString('latin1'))
    })
    const lines = Object.entries(headers)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => `${k}: ${v}`)
    socket.write(`${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`)
  })
