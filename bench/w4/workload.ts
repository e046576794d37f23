/**
 * W4: one server holds C long-lived Comet connections and broadcasts K = 100 messages to all of them, at C = 1,000,
 * C = 5,000 and C = 10,000.
 *
 * ```
 *   bench child (this process, node --expose-gc)           client process (_client.ts, forked once by setup)
 *   implementation's server on 127.0.0.1:0   ◀── C GETs ── C keep-alive connections (raw sockets)
 *   setup: gc, memory; wait for C ready;     ── head + preamble ──▶ each connection ready
 *          gc, memory again: growth / C
 *   run:   push msg-n .. msg-(n+K-1) at once ── chunked ──▶ every connection parses and checks its messages
 *                                            ◀── IPC ── when all C have all K: messages parsed, client CPU time
 * ```
 *
 * A timed run is one broadcast of K messages: from the first push until the client says that every connection has
 * had all K (one IPC message, well under a millisecond). The result is the number of messages the client parsed in
 * the run, which must be C × K; each connection checks that its messages come in order, once each, so a lost,
 * duplicated or reordered message fails the run. Deliveries per second = C × K / the run's time.
 *
 * Memory: the server's RSS and V8 `heapUsed` after a forced GC, once before the first connection and once when all C
 * are connected and idle (their head and preamble received), divided by C. It includes what the first connections
 * leave behind for good (compiled code, grown tables), so the C = 5,000 figure is the closer to the cost of one more
 * connection. RSS follows V8's heap sizes, not only what is live, so both measurements are taken in the same state
 * (`_server.ts`): the new space at a fixed size and resident, the old space compacted. Without that, a process whose
 * loading left free room in its heap (ours, transpiling `src/`) held its connections in that room, and one whose new
 * space grew while connecting (16 to 32 MB) was charged for it.
 *
 * CPU: `server CPU` is the median CPU time of this process per run (all its threads, V8's GC helpers included), with
 * its ratio to the baseline's. On a machine shared with other work the run times move with the load (a server that is
 * descheduled waits), while its CPU time moves much less: compare the two ratios.
 *
 * Whether the client keeps up: it reports the CPU time it used during each run; the `client CPU` column is the median
 * of that over the run's time. Well under 100 %, while the server uses about as much CPU time as the run lasts (more,
 * with its GC helpers), means that the client waited for the server, not the other way round.
 *
 * Clean-up: the client exits when this process goes away (its IPC channel closes) and `teardown` kills it if it does
 * not; each implementation closes its server in its own `teardown` (`_server.ts`), within a bounded time.
 */
import { join } from 'node:path'

import { startTypedClient } from '../lib/childClient'

import type { Metric, Variant, Workload } from '../types'

/** Messages per broadcast. */
export const K = 100

/** The Comet callback: every message becomes `<script type="text/javascript">parent.cometMessage('msg-n');</script>`. */
export const CALLBACK = 'parent.cometMessage'

/**
 * What each kind of response looks like to the client: the preamble it starts with, and the text around each
 * message's number. Comet's preamble is its default initial chunk; better-sse starts with its `retry:` frame, and its
 * frames are `event:message`, `id:<random UUID>`, `data:"msg-n"` (the JSON of the message).
 */
export const FORMATS = {
  comet: {
    preamble: ' '.repeat(5 * 1024) + '<html><body>',
    prefix: `<script type="text/javascript">${CALLBACK}('msg-`,
    suffix: `');</script>`
  },
  sse: { preamble: 'retry:2000\n\n', prefix: 'data:"msg-', suffix: '"' },
  /** Our `EventSource({ retry: 2000 })` on strings: the same `retry:` first, then `data: msg-n` frames. */
  eventSource: { preamble: 'retry: 2000\n\n', prefix: 'data: msg-', suffix: '\n\n' }
} as const

export type Format = keyof typeof FORMATS

/** Longest time a connect or a broadcast may take before the run fails. */
export const CLIENT_TIMEOUT_MS = 60_000

/** What the parent asks the client over IPC. */
export type ClientRequest =
  | {
      readonly type: 'connect'
      readonly id: number
      readonly port: number
      readonly path: string
      readonly count: number
      readonly format: Format
    }
  | { readonly type: 'await'; readonly id: number; readonly through: number }
  | { readonly type: 'close'; readonly id: number }

/** What the client answers. */
export type ClientReply =
  | { readonly type: 'connected'; readonly id: number }
  | {
      readonly type: 'received'
      readonly id: number
      /** Messages parsed (and checked) since the last answer. */
      readonly messages: number
      /** CPU time the client used since its last answer. */
      readonly cpuMs: number
    }
  | { readonly type: 'closed'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string }

export type Received = Extract<ClientReply, { type: 'received' }>

export interface Client {
  /** Opens `count` connections to `http://127.0.0.1:port/path`; resolves when every one has its head and preamble. */
  readonly connect: (port: number, path: string, count: number, format: Format) => Promise<void>
  /** Resolves when every connection has had every message numbered below `through`. */
  readonly awaitMessages: (through: number) => Promise<Received>
  /** Closes every connection. */
  readonly disconnect: () => Promise<void>
  /** Stops the client process (bounded: it is killed if it does not exit at once). */
  readonly close: () => Promise<void>
}

export interface W4Variant extends Variant {
  /** Connections. */
  readonly c: number
}

export interface Input {
  readonly c: number
  readonly client: Client
}

const CLIENT = join(__dirname, '_client.ts')

type Answer = Exclude<ClientReply, { type: 'error' }>

const startClient = async (): Promise<Client> => {
  const { ask, close } = await startTypedClient<ClientRequest, Answer>(CLIENT, 'W4 client', CLIENT_TIMEOUT_MS)
  return {
    connect: async (port, path, count, format) => {
      await ask({ type: 'connect', port, path, count, format }, 'connected')
    },
    awaitMessages: async (through) => (await ask({ type: 'await', through }, 'received')) as Received,
    disconnect: async () => {
      await ask({ type: 'close' }, 'closed')
    },
    close
  }
}

const variant = (c: number): W4Variant => ({
  label: `C = ${c.toLocaleString('en')}`,
  c,
  perSecond: { count: c * K, unit: 'deliveries' }
})

const metrics: ReadonlyArray<Metric> = [
  { key: 'rssPerConnKiB', header: 'RSS/conn (KiB)', digits: 1, ratioHeader: 'RSS ratio' },
  { key: 'heapPerConnKiB', header: 'heap/conn (KiB)', digits: 1, ratioHeader: 'heap ratio' },
  { key: 'serverCpuMs', header: 'server CPU (ms)', digits: 0, ratioHeader: 'CPU ratio' },
  { key: 'clientCpuPercent', header: 'client CPU (%)', digits: 0 }
]

const workload: Workload<Input, number, W4Variant> = {
  title: `one server, C long-lived Comet connections (clients in a child process), a broadcast of ${K} messages to all`,
  variants: [variant(1000), variant(5000), variant(10_000)],
  metrics,
  // the new space at a fixed size (V8's largest default), so that its growth is not counted as connections' memory
  nodeFlags: ['--min-semi-space-size=16', '--max-semi-space-size=16'],
  setup: async (v) => ({ c: v.c, client: await startClient() }),
  expected: (input) => input.c * K,
  teardown: (input) => input.client.close()
}

export default workload
