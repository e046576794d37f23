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
import { type ChildProcess, fork } from 'node:child_process'
import { join } from 'node:path'

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
const START_TIMEOUT_MS = 30_000

/** Resolves when `child` has exited, or after `ms`: whichever comes first. */
const exited = (child: ChildProcess, ms: number): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(resolve, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })

const startClient = (): Promise<Client> => {
  const child = fork(CLIENT, [], {
    execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  // whatever happens to this process, the client does not outlive it
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  process.once('exit', kill)

  let nextId = 0
  const pending = new Map<number, { resolve: (r: FetchResult) => void; reject: (e: Error) => void }>()
  let gone: Error | undefined
  const failAll = (e: Error): void => {
    gone ??= e
    for (const p of pending.values()) p.reject(e)
    pending.clear()
  }
  child.on('exit', (code, signal) => failAll(new Error(`W3 client exited (code ${code}, signal ${signal})`)))
  child.on('error', (e) => failAll(e))
  child.on('message', (m: FetchReply | 'ready') => {
    if (m === 'ready') return
    const p = pending.get(m.id)
    if (p === undefined) return
    pending.delete(m.id)
    if (m.ok) p.resolve(m)
    else p.reject(new Error(`W3 client: ${m.error}`))
  })

  const close = async (): Promise<void> => {
    process.removeListener('exit', kill)
    if (child.connected) child.disconnect() // the client exits when its channel closes
    await exited(child, 2000)
    kill()
    await exited(child, 2000)
  }

  const fetch = (port: number, path: string, pattern: string): Promise<FetchResult> =>
    new Promise((resolve, reject) => {
      if (gone !== undefined) return reject(gone)
      const id = nextId++
      // the client times the request out itself; this guard only covers a client that stopped answering
      const guard = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`W3 client: no answer after ${FETCH_TIMEOUT_MS + 5000} ms`))
      }, FETCH_TIMEOUT_MS + 5000)
      pending.set(id, {
        resolve: (r) => {
          clearTimeout(guard)
          resolve(r)
        },
        reject: (e) => {
          clearTimeout(guard)
          reject(e)
        }
      })
      const req: FetchRequest = { id, port, path, pattern, timeoutMs: FETCH_TIMEOUT_MS }
      child.send(req)
    })

  return new Promise<Client>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`W3 client did not start in ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS
    )
    const onMessage = (m: unknown): void => {
      if (m !== 'ready') return
      cleanup()
      resolve({ fetch, close })
    }
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`W3 client exited while starting (code ${code}, signal ${signal})`))
    const cleanup = (): void => {
      clearTimeout(timer)
      child.removeListener('message', onMessage)
      child.removeListener('exit', onExit)
    }
    const fail = (e: Error): void => {
      cleanup()
      close().then(
        () => reject(e),
        () => reject(e)
      )
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
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
