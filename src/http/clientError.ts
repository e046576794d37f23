/**
 * Errors that happen before there is a request: a client that sends something that is not HTTP, half a request and
 * then nothing (Node's `headersTimeout` / `requestTimeout`), headers too large. Node's server emits `'clientError'`
 * for them and, when nobody listens, answers `400` (or `408`, `431`) and closes the connection, telling no one.
 * `clientErrorListener(options)` does the same and reports the error to `options.onError`, as an action does.
 *
 * ```
 *   bytes ──Node's parser──▶ 'clientError' (error, socket) ──▶ report to options.onError (by default console.error)
 *                                                         └──▶ 400 / 408 / 413 / 431 if nothing was sent yet, then close
 * ```
 *
 * @since 0.1.0
 */
import { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { type ActionOptions, report } from './Action'

/** Node's answers to a request it could not read, by the error's code (its own, in `_http_server`). */
const answers: Readonly<Record<string, string>> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout'
}

/** The codes that only say the client went away: as with a client that leaves a response, nothing is reported. */
const departures: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE'])

/**
 * A listener for a Node server's `'clientError'` event: the error is reported to `options.onError` (the option the
 * actions take; by default, `console.error`), and the client gets what Node would have sent, `400 Bad Request`
 * (`408` for a request that took too long, `431` for headers too large), before the connection is closed. The
 * request given to the hook is one with nothing read: `req.socket` is the connection, `req.method` and `req.url`
 * are undefined. A reset or a broken pipe (the client went away) is not reported, and when something was already
 * sent on the connection (a response to an earlier request) it is closed without an answer.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { createServer } from 'node:http'
 * import { connect, type AddressInfo } from 'node:net'
 * import { Action, Ok, clientErrorListener, type OnError } from 'play-iteratees-ts'
 * const log: Array<string> = []
 * const onError: OnError = (error, req) => log.push(`${req.method ?? '-'} ${(error as { code?: string }).code}`)
 * const server = createServer(Action(() => Ok('fine'), { onError }))
 * server.on('clientError', clientErrorListener({ onError }))
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const { port } = server.address() as AddressInfo
 * const socket = connect(port, '127.0.0.1')
 * socket.write('HELLO\r\n\r\n')
 * let answer = ''
 * socket.on('data', (b: Buffer) => (answer += b.toString('latin1')))
 * await new Promise((resolve) => socket.on('close', resolve))
 * assert.ok(answer.startsWith('HTTP/1.1 400 Bad Request\r\n'))
 * assert.deepStrictEqual(log, ['- HPE_INVALID_METHOD'])
 * assert.strictEqual(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'fine')
 * server.closeAllConnections()
 * await new Promise((resolve) => server.close(resolve))
 * ```
 *
 * @play none — Node's `'clientError'` event; the nearest in Play is `HttpErrorHandler#onClientError`
 * @category utils
 * @since 0.1.0
 */
export const clientErrorListener =
  (options?: ActionOptions) =>
  (error: Error & { readonly code?: string }, socket: Duplex): void => {
    if (error.code === undefined || !departures.has(error.code)) {
      const req = new IncomingMessage(socket as Socket)
      req.method = undefined
      req.url = undefined
      report(options, error, req)
      // as Node's own default: answer unless a response on this connection has already sent its head (the answer
      // would land inside it); an earlier, finished response on a keep-alive connection does not prevent it
      const s = socket as Socket & { readonly _httpMessage?: { readonly headersSent?: boolean } | null }
      const inFlight = s._httpMessage
      if (
        s.writable &&
        s.writableLength === 0 &&
        (inFlight === undefined || inFlight === null || !inFlight.headersSent)
      ) {
        const status = (error.code !== undefined && answers[error.code]) || '400 Bad Request'
        socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`)
      }
    }
    socket.destroy()
  }
