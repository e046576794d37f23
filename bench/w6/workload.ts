/**
 * W6: WebSockets, against a raw `ws` loop doing the same, in two variants:
 * - echo: one client sends 100,000 text messages (`msg-i`) over one socket, and the server sends each back;
 * - broadcast: one server holds C = 1,000 sockets and sends K = 100 messages to all of them.
 *
 * ```
 *   bench child (this process)                       client process (_client.ts, forked once by setup; `ws` clients)
 *   implementation's server on 127.0.0.1:0  ◀── upgrades ── 1 socket (echo) or C sockets (broadcast), opened once
 *   echo:      ◀── msg-0 .. msg-99999 ── all sent at once; ──▶ each echoed, checked in order; IPC when all are back
 *   broadcast: push msg-n .. msg-(n+K-1) ──▶ every socket checks its messages in order; IPC when all C have all K
 * ```
 *
 * A timed run is one exchange: for echo, from the IPC request to the client until it reports the 100,000th echo (the
 * client's sending is in the time, as it is for the baseline); for broadcast, from the first push until the client
 * reports that every socket has had all K messages. The result is the number of messages the client received and
 * checked in the run (N for echo, C × K for broadcast); a lost, duplicated or reordered message fails the run.
 *
 * CPU: `server CPU` is the median CPU time of this process per run, with its ratio to the baseline's. On a machine
 * shared with other work the run times move with the load (and the client shares the machine), while the server's CPU
 * time moves much less: compare the two ratios.
 *
 * Both implementations decode text frames to strings and send strings, as an application that handles text does;
 * neither compresses (`permessage-deflate` off, as in `ws`'s default server).
 *
 * Clean-up: the client exits when this process goes away (its IPC channel closes) and `teardown` kills it if it does
 * not; each implementation closes its sockets and server in its own `teardown` (`_server.ts`).
 */
import { join } from 'node:path'

import { startTypedClient } from '../lib/childClient'
import type { Metric, Variant, Workload } from '../types'

/** Messages echoed over one socket. */
export const N = 100_000
/** Messages per broadcast. */
export const K = 100
/** Sockets that receive the broadcast. */
export const C = 1000

/** Longest time a connect or an exchange may take before the run fails. */
export const CLIENT_TIMEOUT_MS = 60_000

export type Kind = 'echo' | 'broadcast'

/** What the parent asks the client over IPC. */
export type ClientRequest =
  | { readonly type: 'connect'; readonly id: number; readonly port: number; readonly count: number }
  | { readonly type: 'echo'; readonly id: number; readonly n: number }
  | { readonly type: 'await'; readonly id: number; readonly through: number }
  | { readonly type: 'close'; readonly id: number }

/** What the client answers. */
export type ClientReply =
  | { readonly type: 'connected'; readonly id: number }
  | {
      readonly type: 'received'
      readonly id: number
      /** Messages received and checked since the last answer. */
      readonly messages: number
    }
  | { readonly type: 'closed'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string }

export interface Client {
  /** Opens `count` sockets to `ws://127.0.0.1:port/`; resolves when every one is open. */
  readonly connect: (port: number, count: number) => Promise<void>
  /** Sends the next `n` messages on the first socket; resolves with the count once all `n` came back, in order. */
  readonly echo: (n: number) => Promise<number>
  /**
   * Resolves with the messages received since the last answer, once every socket has had every message numbered
   * below `through`.
   */
  readonly awaitMessages: (through: number) => Promise<number>
  /** Closes every socket. */
  readonly disconnect: () => Promise<void>
  /** Stops the client process (bounded: it is killed if it does not exit at once). */
  readonly close: () => Promise<void>
}

export interface W6Variant extends Variant {
  readonly kind: Kind
}

export interface Input {
  readonly kind: Kind
  readonly client: Client
}

const CLIENT = join(__dirname, '_client.ts')

type Answer = Exclude<ClientReply, { type: 'error' }>

const startClient = async (): Promise<Client> => {
  const { ask, close } = await startTypedClient<ClientRequest, Answer>(CLIENT, 'W6 client', CLIENT_TIMEOUT_MS)
  const received = (a: Answer): number => (a as Extract<Answer, { type: 'received' }>).messages
  return {
    connect: async (port, count) => {
      await ask({ type: 'connect', port, count }, 'connected')
    },
    echo: async (n) => received(await ask({ type: 'echo', n }, 'received')),
    awaitMessages: async (through) => received(await ask({ type: 'await', through }, 'received')),
    disconnect: async () => {
      await ask({ type: 'close' }, 'closed')
    },
    close
  }
}

const metrics: ReadonlyArray<Metric> = [
  { key: 'serverCpuMs', header: 'server CPU (ms)', digits: 0, ratioHeader: 'CPU ratio' }
]

const workload: Workload<Input, number, W6Variant> = {
  title: 'WebSockets on loopback (client in a child process): an echo over one socket, a broadcast to many',
  variants: [
    {
      label: `echo: ${N.toLocaleString('en')} messages over one socket`,
      kind: 'echo',
      perSecond: { count: N, unit: 'msgs' }
    },
    {
      label: `broadcast: K = ${K} messages to C = ${C.toLocaleString('en')} sockets`,
      kind: 'broadcast',
      perSecond: { count: C * K, unit: 'msgs' }
    }
  ],
  metrics,
  setup: async (v) => ({ kind: v.kind, client: await startClient() }),
  expected: (input) => (input.kind === 'echo' ? N : C * K),
  teardown: (input) => input.client.close()
}

export default workload
