/**
 * W3: one client receives 100,000 Comet (or server-sent event) messages over one chunked HTTP response on
 * loopback.
 *
 * ```
 *   bench child (this process)                         client process (_client.ts, forked once by setup)
 *   implementation's server on 127.0.0.1:0  ◀── GET ── connect, request (Connection: close)
 *   100,000 messages, made synchronously    ── chunked ──▶ raw bytes, counted as they come: `</script>` or `\n\n`
 *                                           ◀── IPC ── count, bytes, ms from the request to the last byte
 * ```
 *
 * A timed run is one whole response: from asking the client to fetch until it reports the closed connection, so the
 * time includes the whole transfer (and one IPC round trip, well under a millisecond). The result is the number of
 * messages counted; a response that is not `200`, not chunked, or not ended by the terminal zero-length chunk fails
 * the run.
 *
 * Clean-up: the client exits when this process goes away (its IPC channel closes) and `teardown` kills it if it does
 * not; each implementation closes its server in its own `teardown` (`_server.ts`), within a bounded time.
 */
import { join } from 'node:path'

import { startChildClient } from '../lib/childClient'
import type { Workload } from '../types'

export const N = 100_000

/** The Comet callback: every message becomes `<script type="text/javascript">parent.cometMessage('msg-i');</script>`. */
export const CALLBACK = 'parent.cometMessage'

/** What the client counts: one per Comet message, one per event-stream frame. */
export const COMET_END = '</script>'
export const SSE_END = '\n\n'

/** Longest time one response may take before the run fails. */
export const FETCH_TIMEOUT_MS = 60_000

/** What the parent asks the client over IPC. */
export interface FetchRequest {
  readonly id: number
  readonly port: number
  readonly path: string
  readonly pattern: string
  readonly timeoutMs: number
}

/** What the client answers. */
export type FetchReply =
  | {
      readonly id: number
      readonly ok: true
      /** Occurrences of the pattern in the raw bytes. */
      readonly count: number
      /** Raw bytes received (head, chunk framing and body). */
      readonly bytes: number
      /** From just before connecting to the last byte. */
      readonly ms: number
      /** The status line, e.g. `HTTP/1.1 200 OK`. */
      readonly status: string
      /** Whether the head said `Transfer-Encoding: chunked`. */
      readonly chunked: boolean
      /** Whether the bytes ended with the terminal zero-length chunk. */
      readonly complete: boolean
    }
  | { readonly id: number; readonly ok: false; readonly error: string }

export type FetchResult = Extract<FetchReply, { ok: true }>

export interface Client {
  /** Fetches `http://127.0.0.1:port/path`, counting `pattern`; rejects on any failure or after the timeout. */
  readonly fetch: (port: number, path: string, pattern: string) => Promise<FetchResult>
  /** Stops the client process (bounded: it is killed if it does not exit at once). */
  readonly close: () => Promise<void>
}

export interface Input {
  /** `msg-0` .. `msg-99999` */
  readonly messages: ReadonlyArray<string>
  readonly client: Client
}

const CLIENT = join(__dirname, '_client.ts')

const startClient = async (): Promise<Client> => {
  const child = await startChildClient(CLIENT, 'W3 client', (a) => {
    const reply = a as FetchReply
    return reply.ok ? undefined : reply.error
  })
  return {
    // the client times the request out itself; the guard only covers a client that stopped answering
    fetch: (port, path, pattern) =>
      child.ask<FetchResult>({ port, path, pattern, timeoutMs: FETCH_TIMEOUT_MS }, FETCH_TIMEOUT_MS + 5000),
    close: child.close
  }
}

const workload: Workload<Input, number> = {
  title: `${N.toLocaleString('en')} Comet messages (\`msg-i\`) to one client over chunked HTTP on loopback (client in a child process)`,
  setup: async () => ({
    messages: Array.from({ length: N }, (_, i) => `msg-${i}`),
    client: await startClient()
  }),
  expected: () => N,
  teardown: (input) => input.client.close(),
  perSecond: { count: N, unit: 'msgs' }
}

export default workload
