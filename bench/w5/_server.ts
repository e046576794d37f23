/**
 * W5's implementations differ only in how a process serves a connection and how it broadcasts: this builds an
 * `Implementation` from those. Its `setup` starts this process's server (A) and, for a two-process implementation,
 * forks `_peer.ts`, which serves the same implementation in another process (B), both on 127.0.0.1 (port 0); the
 * client opens its connections to both, and synchronisation messages go out until every connection has one. `run`
 * pushes K messages from A and waits until the client has checked them all on every connection. `teardown` closes the
 * connections, the peer and the server within a bounded time.
 */
import { type ChildProcess, fork } from 'node:child_process'
import type { RequestListener, Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import { close, listen } from '../lib/server'
import type { Implementation } from '../types'
import { type Input, K } from './workload'

/** Enough for the client's connections in flight: the kernel caps it at `net.core.somaxconn`. */
export const BACKLOG = 4096

/** What one process of an implementation provides. */
export interface Served {
  readonly listener: RequestListener
  /** Sends `message` to every client of every process (through Redis, for the two-process rows). */
  readonly push: (message: string) => void
  /** Releases what `serve` acquired (Redis connections, subscriptions). */
  readonly close: () => Promise<void>
}

export interface Options {
  /** The row label (written `name: '…'` in the file, so that the harness finds it even when the file fails). */
  readonly name: string
  /** The implementation's file (`__filename`): the peer process loads it to serve the same thing. */
  readonly file: string
  /** 2: a server in this process and one in a peer process, on one Redis; 1: all connections on this process. */
  readonly processes: 1 | 2
  /** Makes one process's listener and broadcast. `fail` reports an asynchronous failure (a push that rejected). */
  readonly serve: (redisUrl: string, fail: (e: unknown) => void) => Served | Promise<Served>
}

/** An implementation, with its `serve` for the peer process. */
export type W5Implementation = Implementation<Input, number> & { readonly serve: Options['serve'] }

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** Forks the peer process serving `file` on `redisUrl`; resolves with its port and a way to stop it. */
const startPeer = (file: string, redisUrl: string): Promise<{ port: number; stop: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = fork(require.resolve('./_peer'), [file, redisUrl], {
      execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    const exited = new Promise<void>((done) => child.once('exit', () => done()))
    const timer = setTimeout(() => reject(new Error('the W5 peer did not start in 60 s')), 60_000)
    void exited.then(() => reject(new Error('the W5 peer exited while starting')))
    child.once('message', (m: { readonly port?: number; readonly error?: string }) => {
      clearTimeout(timer)
      if (m.port === undefined) return reject(new Error(`the W5 peer failed: ${m.error ?? 'no port'}`))
      resolve({
        port: m.port,
        stop: async () => {
          // it closes and exits when its channel closes; killed if it does not within 3 s
          if (child.connected) child.disconnect()
          const killer = setTimeout(() => child.kill('SIGKILL'), 3000)
          await exited
          clearTimeout(killer)
        }
      })
    })
  })

/** Time stamps in ms, on the clock every process of the machine shares. */
export const now = (): number => performance.timeOrigin + performance.now()

export const implementation = ({ name, file, processes, serve }: Options): W5Implementation => {
  let server: Server | undefined
  let served: Served | undefined
  let peer: { port: number; stop: () => Promise<void> } | undefined
  let failure: unknown
  const fail = (e: unknown): void => {
    failure ??= e
  }
  /** The number of the next message. */
  let next = 0
  const p50: Array<number> = []
  const p99: Array<number> = []
  const commandsPerMessage: Array<number> = []
  const clientBusy: Array<number> = []
  return {
    name,
    serve,
    setup: async (input) => {
      served = await serve(input.redisUrl, fail)
      server = await listen(served.listener, BACKLOG)
      const ports = [(server.address() as AddressInfo).port]
      if (processes === 2) {
        peer = await startPeer(file, input.redisUrl)
        ports.push(peer.port)
      }
      await input.client.connect(ports, input.c / ports.length)
      // every connection subscribed: until each has received one of these (which nobody counts)
      const synced = input.client.sync()
      let k = 0
      const ticker = setInterval(() => served?.push(`msg-s-${k++}`), 50)
      try {
        await synced
      } finally {
        clearInterval(ticker)
      }
      // the last synchronisation messages reach everyone before the first run
      await new Promise((resolve) => setTimeout(resolve, 300))
    },
    run: async (input) => {
      if (served === undefined) throw new Error('no server: setup did not run')
      const through = next + K
      const commandsBefore = await input.redisCommands()
      const t0 = now()
      const received = input.client.awaitMessages(through)
      for (let n = next; n < through; n++) served.push(`msg-${n}-${now().toFixed(3)}`)
      next = through
      const r = await received
      const ms = now() - t0
      if (failure !== undefined) throw failure
      // less the INFO that read the first count
      commandsPerMessage.push(((await input.redisCommands()) - commandsBefore - 1) / K)
      p50.push(r.p50)
      p99.push(r.p99)
      clientBusy.push(r.cpuMs / ms)
      return r.messages
    },
    metrics: () => ({
      p50Ms: median(p50),
      p99Ms: median(p99),
      redisCommandsPerMessage: median(commandsPerMessage),
      clientCpuPercent: median(clientBusy) * 100
    }),
    teardown: async (input) => {
      await input.client.disconnect().catch(() => undefined)
      await peer?.stop()
      const s = server
      server = undefined
      if (s !== undefined) await close(s)
      await served?.close()
    }
  }
}
