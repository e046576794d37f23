/**
 * W5: a broadcast across two server processes and one Redis. C connections, half on each process, and K = 100
 * messages published from one of them, at C = 2 × 250 and C = 2 × 1,000.
 *
 * ```
 *   bench child (node --expose-gc)                 peer process (_peer.ts)         client process (_client.ts)
 *   the implementation's server A  ◀──── C/2 SSE GETs ────────────────────────────── C/2 keep-alive connections
 *                                                  the same implementation's
 *                                                  server B  ◀──── C/2 SSE GETs ───── C/2 keep-alive connections
 *   run: push msg-<n>-<time> × K ── Redis (one redis-server, started by setup) ──▶ A and B ──▶ every connection
 *                                ◀── IPC ── when all C have all K: latencies, client CPU time
 * ```
 *
 * A timed run is one broadcast of K messages, pushed at once from server A's process (this one): from the first push
 * until the client says that every connection of both processes has had all K. Each connection checks that its
 * messages come in order, once each, so a lost, duplicated or reordered message fails the run; the result is the
 * number of messages parsed, C × K. Deliveries per second = C × K / the run's time.
 *
 * Latency: each message carries the time it was pushed (`performance.timeOrigin + performance.now()`, in ms, which
 * every process on the machine reads from the same clock); the client notes when it parses it. `p50` and `p99` are
 * over the C × K deliveries of a run (the median of the runs' figures). They include the client's own queueing: one
 * process parses every connection's bytes in turn, the same for every row.
 *
 * Redis commands per message: `total_commands_processed` from `INFO stats` before and after each run, over K (less
 * the INFO itself): the cost of a message to Redis, which must not grow with C.
 *
 * Before the timed runs, `setup` pushes synchronisation messages (`msg-s-<k>`, which the client does not count)
 * until every connection has received one: then every connection is subscribed, whatever an implementation does
 * before or after it sends its response's head.
 *
 * The rows: the baseline (a raw http server in each process, Redis pub/sub with the npm client, `res.write` of the
 * SSE frame to each response), ours (`RedisBroadcast` → `EventSource` per connection, with its stream ids), better-sse
 * over Redis pub/sub as its maintainer describes it (each process subscribes and rebroadcasts on a local channel),
 * and ours in one process without Redis (W4's form, `Concurrent.broadcast({ bufferSize, overflow })` →
 * `EventSource`, all C connections on this process), the single-process latency the goal compares with.
 */
import { join } from 'node:path'
import { createClient } from 'redis'

import { startRedis } from '../../test/redis/redisServer'
import { startTypedClient } from '../lib/childClient'
import type { Metric, Variant, Workload } from '../types'

/** Messages per broadcast. */
export const K = 100

/** Longest time a connect or a broadcast may take before the run fails. */
export const CLIENT_TIMEOUT_MS = 60_000

/** What the parent asks the client over IPC. */
export type ClientRequest =
  | { readonly type: 'connect'; readonly id: number; readonly ports: ReadonlyArray<number>; readonly perPort: number }
  | { readonly type: 'sync'; readonly id: number }
  | { readonly type: 'await'; readonly id: number; readonly through: number }
  | { readonly type: 'close'; readonly id: number }

/** What the client answers. */
export type ClientReply =
  | { readonly type: 'connected'; readonly id: number }
  | { readonly type: 'synced'; readonly id: number }
  | {
      readonly type: 'received'
      readonly id: number
      /** Messages parsed (and checked) since the last answer. */
      readonly messages: number
      /** CPU time the client used since its last answer. */
      readonly cpuMs: number
      /** Publish-to-delivery latency of the run's deliveries, in ms. */
      readonly p50: number
      readonly p99: number
    }
  | { readonly type: 'closed'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string }

export type Received = Extract<ClientReply, { type: 'received' }>

export interface Client {
  /** Opens `perPort` connections to `GET /` on each port; resolves when every one has its response head. */
  readonly connect: (ports: ReadonlyArray<number>, perPort: number) => Promise<void>
  /** Resolves when every connection has received a synchronisation message. */
  readonly sync: () => Promise<void>
  /** Resolves when every connection has had every message numbered below `through`. */
  readonly awaitMessages: (through: number) => Promise<Received>
  readonly disconnect: () => Promise<void>
  readonly close: () => Promise<void>
}

export interface W5Variant extends Variant {
  /** Connections per process (C / 2). */
  readonly perProcess: number
}

export interface Input {
  readonly c: number
  readonly redisUrl: string
  readonly client: Client
  /** Redis's count of commands processed so far. */
  readonly redisCommands: () => Promise<number>
  /** Stops the client, the INFO connection and redis-server. */
  readonly release: () => Promise<void>
}

const CLIENT = join(__dirname, '_client.ts')

type Answer = Exclude<ClientReply, { type: 'error' }>
const startClient = async (): Promise<Client> => {
  const { ask, close } = await startTypedClient<ClientRequest, Answer>(CLIENT, 'W5 client', CLIENT_TIMEOUT_MS)
  return {
    connect: async (ports, perPort) => {
      await ask({ type: 'connect', ports, perPort }, 'connected')
    },
    sync: async () => {
      await ask({ type: 'sync' }, 'synced')
    },
    awaitMessages: async (through) => (await ask({ type: 'await', through }, 'received')) as Received,
    disconnect: async () => {
      await ask({ type: 'close' }, 'closed')
    },
    close
  }
}

const variant = (perProcess: number): W5Variant => ({
  label: `C = 2 × ${perProcess.toLocaleString('en')}`,
  perProcess,
  perSecond: { count: 2 * perProcess * K, unit: 'deliveries' }
})

const metrics: ReadonlyArray<Metric> = [
  { key: 'p50Ms', header: 'p50 (ms)', digits: 1, ratioHeader: 'p50 ratio' },
  { key: 'p99Ms', header: 'p99 (ms)', digits: 1, ratioHeader: 'p99 ratio' },
  { key: 'redisCommandsPerMessage', header: 'Redis cmds/msg', digits: 2 },
  { key: 'clientCpuPercent', header: 'client CPU (%)', digits: 0 }
]

const workload: Workload<Input, number, W5Variant> = {
  title: `two server processes and one Redis, C connections (half on each), ${K} messages published from one process`,
  variants: [variant(250), variant(1000)],
  metrics,
  setup: async (v) => {
    const redis = await startRedis()
    const info = createClient({ url: redis.url })
    info.on('error', () => undefined)
    await info.connect()
    const client = await startClient()
    return {
      c: 2 * v.perProcess,
      redisUrl: redis.url,
      client,
      redisCommands: async () => {
        const m = /total_commands_processed:(\d+)/.exec(String(await info.sendCommand(['INFO', 'stats'])))
        return m === null ? NaN : Number(m[1])
      },
      release: async () => {
        await client.close()
        info.destroy()
        await redis.stop()
      }
    }
  },
  expected: (input) => input.c * K,
  teardown: (input) => input.release()
}

export default workload
