/**
 * W6's implementations differ only in how they serve a socket and how they broadcast: this builds an `Implementation`
 * from those. Its `setup` starts an HTTP server on 127.0.0.1 (port 0) whose `'upgrade'` event goes to the
 * implementation's listener, and has the client open its sockets (1 for echo, C for broadcast); `run` does one
 * exchange; `teardown` closes the sockets and the server within a bounded time.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'

import { close } from '../lib/server'
import type { Implementation } from '../types'
import { C, type Input, K, type Kind, N } from './workload'

/** What an implementation provides for one kind of exchange. */
export interface Served {
  /** The listener for the server's `'upgrade'` event. */
  readonly upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Sends a message to every socket (broadcast only). */
  readonly push?: (message: string) => void
}

export interface Options {
  /** The row label (written `name: '…'` in the file, so that the harness finds it even when the file fails). */
  readonly name: string
  /** Made once per process, for the kind of exchange being run. */
  readonly serve: (kind: Kind) => Served
}

/** Enough for the client's sockets in flight: the kernel caps it at `net.core.somaxconn`. */
const BACKLOG = 4096

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export const implementation = ({ name, serve }: Options): Implementation<Input, number> => {
  let server: Server | undefined
  let served: Served | undefined
  /** The number of the next broadcast message. */
  let next = 0
  /** This process's CPU time in each run (warm-up included: the median is what a run costs once warm). */
  const serverCpuMs: Array<number> = []
  const exchange = async (input: Input): Promise<number> => {
    if (input.kind === 'echo') return input.client.echo(N)
    const push = served?.push
    if (push === undefined) throw new Error('W6: no push for a broadcast')
    const first = next
    next += K
    const all = input.client.awaitMessages(next)
    for (let i = first; i < next; i++) push(`msg-${i}`)
    return all
  }
  return {
    name,
    setup: async (input) => {
      served = serve(input.kind)
      const s = createServer((_req, res) => res.writeHead(426).end())
      s.on('upgrade', served.upgrade)
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject)
        s.listen({ port: 0, host: '127.0.0.1', backlog: BACKLOG }, () => resolve())
      })
      server = s
      await input.client.connect((s.address() as AddressInfo).port, input.kind === 'echo' ? 1 : C)
    },
    run: async (input) => {
      const cpu0 = process.cpuUsage()
      const messages = await exchange(input)
      const cpu = process.cpuUsage(cpu0)
      serverCpuMs.push((cpu.user + cpu.system) / 1000)
      return messages
    },
    metrics: () => ({ serverCpuMs: serverCpuMs.length === 0 ? NaN : median(serverCpuMs) }),
    teardown: async (input) => {
      await input.client.disconnect().catch(() => undefined)
      const s = server
      server = undefined
      if (s !== undefined) await close(s)
    }
  }
}
