/**
 * Test helpers for the HTTP layer: a real server on 127.0.0.1 (port 0), a raw client that reads the bytes of a
 * response as they come on the socket, and a parser for the chunked transfer coding.
 */
import * as http from 'node:http'
import * as net from 'node:net'
import type { AddressInfo } from 'node:net'

export interface Server {
  readonly port: number
  readonly server: http.Server
  readonly close: () => Promise<void>
}

/** Starts `http.createServer(listener)` on 127.0.0.1, port 0. `close` also ends open connections. */
export const listen = (listener: http.RequestListener): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = http.createServer(listener)
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          })
      })
    })
  })

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until `cond()` holds, checking every 5 ms; rejects after `ms`. */
export const until = async (cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> => {
  const deadline = Date.now() + ms
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(5)
  }
}

/** A raw HTTP/1.1 request line and headers, with `Connection: close`. */
export const rawRequest = (path: string, method = 'GET'): string =>
  `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`

/** Connects, writes a request, and gathers every byte until the server closes the connection (or `ms` passes). */
export const rawGet = (port: number, path: string, ms = 5000, method = 'GET'): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const parts: Array<Buffer> = []
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`rawGet ${path}: no close within ${ms} ms; got ${Buffer.concat(parts).toString('latin1')}`))
    }, ms)
    socket.on('data', (b: Buffer) => parts.push(b))
    socket.on('error', () => undefined) // a reset after a cut is what some tests expect; 'close' follows
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(parts))
    })
    socket.write(rawRequest(path, method))
  })

/** Opens a raw request for `path` and resolves once `marker` has arrived (a response under way, say). */
export const connectUntil = async (port: number, marker: string, path = '/'): Promise<net.Socket> => {
  const socket = net.connect(port, '127.0.0.1')
  let text = ''
  socket.on('data', (b: Buffer) => (text += b.toString('latin1')))
  socket.on('error', () => undefined)
  socket.write(rawRequest(path))
  await until(() => text.includes(marker), 5000, marker)
  return socket
}

export interface RawResponse {
  readonly statusLine: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  /** The payload of each chunk, in order (latin1, so bytes map one to one). */
  readonly chunks: ReadonlyArray<string>
  /** Whether the terminal zero-length chunk (`0\r\n\r\n`) came, and nothing after it. */
  readonly terminated: boolean
  /** The raw bytes after the head. */
  readonly rawBody: string
}

/** Parses a raw response whose body uses the chunked transfer coding; an incomplete body gives `terminated: false`. */
export const parseChunked = (raw: Buffer): RawResponse => {
  const text = raw.toString('latin1')
  const headEnd = text.indexOf('\r\n\r\n')
  if (headEnd < 0) throw new Error(`no complete head in ${JSON.stringify(text)}`)
  const [statusLine, ...headerLines] = text.slice(0, headEnd).split('\r\n')
  const headers: Record<string, string> = {}
  for (const line of headerLines) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  const body = text.slice(headEnd + 4)
  const chunks: Array<string> = []
  let at = 0
  let terminated = false
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd < 0) break
    const sizeText = body.slice(at, lineEnd)
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new Error(`bad chunk size line ${JSON.stringify(sizeText)}`)
    const size = parseInt(sizeText, 16)
    if (size === 0) {
      if (body.slice(lineEnd + 2) !== '\r\n') throw new Error(`bad terminal chunk ${JSON.stringify(body.slice(at))}`)
      terminated = true
      break
    }
    const dataEnd = lineEnd + 2 + size
    if (body.length < dataEnd + 2) break
    if (body.slice(dataEnd, dataEnd + 2) !== '\r\n') throw new Error('chunk data not followed by CRLF')
    chunks.push(body.slice(lineEnd + 2, dataEnd))
    at = dataEnd + 2
  }
  return { statusLine, headers, chunks, terminated, rawBody: body }
}

export interface Response {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

/** A GET with Node's http client; the whole body as UTF-8. */
export const get = (port: number, path: string, method = 'GET'): Promise<Response> =>
  new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      const parts: Array<Buffer> = []
      res.on('data', (b: Buffer) => parts.push(b))
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).toString('utf8') })
      )
      res.on('error', reject)
    })
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${path}: timed out`)))
    req.on('error', reject)
    req.end()
  })
