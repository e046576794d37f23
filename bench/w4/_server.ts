/**
 * W4's implementations differ only in how they serve a connection and how they broadcast: this builds an
 * `Implementation` from those two. Its `setup` starts an HTTP server on 127.0.0.1 (port 0), measures the server's
 * memory (after a forced GC) before and after the client opened its C connections, `run` broadcasts K messages and
 * waits until the client has checked them all on every connection, and `teardown` closes the connections and the
 * server within a bounded time.
 */
import type { RequestListener, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setFlagsFromString } from 'node:v8'

import { close, listen } from '../lib/server'
import type { Implementation } from '../types'
import { FORMATS, type Format, type Input, K } from './workload'

/** Time for V8 to unmap the pages a compaction freed. */
const UNMAP_WAIT_MS = 300

/** Enough for the client's connections in flight: the kernel caps it at `net.core.somaxconn`. */
const BACKLOG = 4096

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Allocates and drops short-lived objects through the whole new space, so that all its pages are resident. */
const churn = (): void => {
  let batch: Array<{ readonly i: number }> = []
  for (let i = 0; i < 2_000_000; i++) {
    batch.push({ i })
    if (batch.length === 1000) batch = []
  }
}

/**
 * The server's RSS and live heap, in a state that does not depend on what the process did before: the new space
 * (its size fixed by `workload.nodeFlags`) resident in full, the old space compacted (so that the free room left by
 * loading the code is given back instead of holding the connections for free), and the freed pages unmapped (V8 does
 * that on a background thread, just after the collection).
 */
const memoryAfterGc = async (): Promise<{ readonly rss: number; readonly heapUsed: number }> => {
  const gc = globalThis.gc
  if (gc === undefined) throw new Error('W4 measures memory after a forced GC: run node with --expose-gc')
  churn()
  setFlagsFromString('--compact-on-every-full-gc')
  try {
    for (let i = 0; i < 3; i++) {
      gc()
      await tick()
    }
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc')
  }
  await sleep(UNMAP_WAIT_MS)
  const m = process.memoryUsage()
  return { rss: m.rss, heapUsed: m.heapUsed }
}

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

/** What an implementation provides: the request listener of its server, and its broadcast of one message. */
export interface Served {
  readonly listener: RequestListener
  /** Sends `message` to every connected client. */
  readonly push: (message: string) => void
}

export interface Options {
  /** The row label (written `name: '…'` in the file, so that the harness finds it even when the file fails). */
  readonly name: string
  /** What the client parses. */
  readonly format: Format
  /** Makes the listener and the broadcast, once per process. */
  readonly serve: (input: Input) => Served
}

export const implementation = ({ name, format, serve }: Options): Implementation<Input, number> => {
  let server: Server | undefined
  let served: Served | undefined
  /** The number of the next message. */
  let next = 0
  let memoryPerConnection: { readonly rss: number; readonly heapUsed: number } | undefined
  /** Per run: the client's CPU time over the run's time. */
  const clientBusy: Array<number> = []
  /** Per run: this process's CPU time in ms (all its threads, GC helpers included). */
  const serverCpuMs: Array<number> = []
  return {
    name,
    setup: async (input) => {
      served = serve(input)
      server = await listen(served.listener, BACKLOG)
      const before = await memoryAfterGc()
      await input.client.connect((server.address() as AddressInfo).port, '/', input.c, format)
      const after = await memoryAfterGc()
      memoryPerConnection = {
        rss: (after.rss - before.rss) / input.c,
        heapUsed: (after.heapUsed - before.heapUsed) / input.c
      }
    },
    run: async (input) => {
      if (served === undefined) throw new Error('no server: setup did not run')
      const through = next + K
      const t0 = process.hrtime.bigint()
      const cpu0 = process.cpuUsage()
      const received = input.client.awaitMessages(through)
      for (let n = next; n < through; n++) served.push(`msg-${n}`)
      next = through
      const r = await received
      const cpu = process.cpuUsage(cpu0)
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      clientBusy.push(r.cpuMs / ms)
      serverCpuMs.push((cpu.user + cpu.system) / 1000)
      return r.messages
    },
    metrics: () => ({
      rssPerConnKiB: (memoryPerConnection?.rss ?? NaN) / 1024,
      heapPerConnKiB: (memoryPerConnection?.heapUsed ?? NaN) / 1024,
      serverCpuMs: serverCpuMs.length === 0 ? NaN : median(serverCpuMs),
      clientCpuPercent: clientBusy.length === 0 ? NaN : median(clientBusy) * 100
    }),
    teardown: async (input) => {
      const s = server
      server = undefined
      await input.client.disconnect().catch(() => undefined)
      if (s !== undefined) await close(s)
    }
  }
}

/**
 * A raw http server keeping an array of its open responses: each request gets the head and the format's preamble and
 * joins the array (and leaves it when it closes); a broadcast renders each message once and writes it to every
 * response. It ignores `res.write`'s backpressure signal: what a socket does not take at once waits in Node's buffer
 * (the client here reads everything).
 */
export const rawBroadcast = (options: {
  readonly name: string
  readonly format: Format
  readonly contentType: string
  readonly render: (message: string) => string
}): Implementation<Input, number> =>
  implementation({
    name: options.name,
    format: options.format,
    serve: () => {
      const responses: Array<ServerResponse> = []
      return {
        listener: (_req, res) => {
          res.writeHead(200, {
            'Content-Type': options.contentType,
            'Cache-Control': 'no-cache, no-transform',
            'X-Accel-Buffering': 'no'
          })
          res.write(FORMATS[options.format].preamble)
          responses.push(res)
          res.on('close', () => {
            const i = responses.indexOf(res)
            if (i !== -1) responses.splice(i, 1)
          })
        },
        push: (message) => {
          const chunk = options.render(message)
          for (let i = 0; i < responses.length; i++) responses[i].write(chunk)
        }
      }
    }
  })
