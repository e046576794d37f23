/**
 * A graceful shutdown for servers whose actions stream: one call ends every open chunked response with its terminal
 * chunk, as if each enumeration had finished, then closes the server.
 *
 * @since 0.2.0
 */
import type { Server } from 'node:http'

/** @internal What the shutdown asks of an open chunked response: to end its enumeration now. */
export interface Ending {
  readonly end: () => void
}

/**
 * How long `close` waits, at most.
 *
 * @example
 * ```ts
 * import type { ShutdownOptions } from 'play-iteratees-ts'
 * const options: ShutdownOptions = { graceMs: 5_000 }
 * void options
 * ```
 *
 * @play none — Play's server stops through its application lifecycle
 * @since 0.2.0
 */
export interface ShutdownOptions {
  /**
   * How long the responses have to end, in milliseconds, before the connections still open are cut (default 10,000).
   *
   * @play none — Play's server stops through its application lifecycle
   */
  readonly graceMs?: number
}

const DEFAULT_GRACE_MS = 10_000

/**
 * The streaming responses of the actions made with it (`Action.withOptions({ shutdown })`), and the call that ends
 * them all: `close(server)` stops the server taking connections, ends each open chunked response (its enumeration
 * ends as if its consumer had gone, so broadcast subscriptions are released and `onDoneEnumerating` runs, then the
 * terminal chunk is written, so clients see a complete response), and resolves once the server is closed. What has
 * not ended after `graceMs` is cut.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import * as http from 'node:http'
 * import type { AddressInfo } from 'node:net'
 * import { Action, Concurrent, GracefulShutdown, Ok } from 'play-iteratees-ts'
 *
 * const shutdown = new GracefulShutdown()
 * const [news] = Concurrent.broadcast<string>()
 * const server = http.createServer(Action.withOptions({ shutdown })(() => Ok.chunked(news).as('text/plain')))
 * await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
 * const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)
 * const body = response.text() // a quiet stream: nothing until the shutdown
 * await shutdown.close(server, { graceMs: 2_000 })
 * assert.equal(await body, '') // complete: it ended with its terminal chunk
 * ```
 *
 * @play none — Play's server stops through its application lifecycle
 * @since 0.2.0
 */
export class GracefulShutdown {
  readonly #open: Set<Ending>
  #closing: boolean

  /** A shutdown with no response to end yet: give it to actions with `Action.withOptions({ shutdown })`. */
  constructor() {
    this.#open = new Set()
    this.#closing = false
  }

  /** How many chunked responses are open now. */
  openResponses(): number {
    return this.#open.size
  }

  /** @internal Tracks an open chunked response; the function it gives forgets it (when the response is over). */
  track(response: Ending): () => void {
    if (this.#closing) {
      // the server is shutting down: a response that starts now ends at once
      response.end()
      return () => undefined
    }
    this.#open.add(response)
    return () => {
      this.#open.delete(response)
    }
  }

  /** Ends every open chunked response, then closes `server`; what has not ended after `graceMs` is cut. */
  close(server: Server, options: ShutdownOptions = {}): Promise<void> {
    const graceMs = options.graceMs ?? DEFAULT_GRACE_MS
    if (typeof graceMs !== 'number' || !Number.isFinite(graceMs) || graceMs < 0 || graceMs > 2 ** 31 - 1) {
      throw new TypeError(
        `GracefulShutdown: graceMs must be a number of milliseconds from 0 to 2147483647, got ${String(graceMs)}`
      )
    }
    this.#closing = true
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.closeAllConnections(), graceMs)
      server.close(() => {
        clearTimeout(timer)
        resolve()
      })
      // keep-alive connections with no request under way would keep the server open
      server.closeIdleConnections()
      for (const response of Array.from(this.#open)) response.end()
    })
  }
}
