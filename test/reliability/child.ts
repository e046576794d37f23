/**
 * Test helper: starts `serverProcess.ts` in a child process (`node --expose-gc`, through ts-node) and talks to it
 * over IPC. The child's heap is measured after a forced GC without changing how jest runs.
 */
import { type ChildProcess, fork } from 'node:child_process'
import * as path from 'node:path'

/** What both server scenarios count of the connections and of what is left behind. */
export interface ServerCounts {
  readonly accepted: number
  readonly closed: number
  readonly connections: number
  readonly listeners: Record<string, number>
  readonly resources: Record<string, number>
}

/** The server process's heap after a forced GC. */
export interface Heap {
  readonly heapUsed: number
  readonly arrayBuffers: number
}

export interface ServerProcess {
  readonly port: number
  /** Runs a command in the child and gives its result. */
  readonly call: <R = unknown>(cmd: string, args?: unknown) => Promise<R>
  /** Stops the child's server and waits for the child to exit. */
  readonly stop: () => Promise<void>
}

interface Reply {
  readonly id: number
  readonly result?: unknown
  readonly error?: string
}

/** Forks the server process for `scenario` and waits until it listens. */
export const startServerProcess = (scenario: 'soak' | 'fanout'): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const root = path.resolve(__dirname, '../..')
    const child: ChildProcess = fork(path.join(__dirname, 'serverProcess.ts'), [scenario], {
      cwd: root,
      execArgv: ['--expose-gc', '-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json') },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    const waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>()
    let next = 1
    let exited = false
    const exit = new Promise<void>((done) =>
      child.once('exit', (code, signal) => {
        exited = true
        const why = new Error(`the server process exited (code ${code}, signal ${signal})`)
        for (const w of waiting.values()) w.reject(why)
        waiting.clear()
        reject(why)
        done()
      })
    )
    child.on('message', (m: Reply) => {
      if (m.id === 0) {
        const { port } = m.result as { port: number }
        resolve({
          port,
          call: <R>(cmd: string, args?: unknown) =>
            new Promise<R>((res, rej) => {
              if (exited) return rej(new Error('the server process has exited'))
              const id = next++
              waiting.set(id, { resolve: res as (r: unknown) => void, reject: rej })
              child.send({ id, cmd, args })
            }),
          stop: async () => {
            if (!exited) {
              const id = next++
              waiting.set(id, { resolve: () => undefined, reject: () => undefined })
              child.send({ id, cmd: 'exit' })
            }
            await exit
          }
        })
        return
      }
      const w = waiting.get(m.id)
      if (w === undefined) return
      waiting.delete(m.id)
      if (m.error !== undefined) w.reject(new Error(`in the server process: ${m.error}`))
      else w.resolve(m.result)
    })
  })

/** Polls `probe` until `cond` holds for what it gives (every `every` ms); rejects with the last value after `ms`. */
export const pollUntil = async <A>(
  probe: () => Promise<A>,
  cond: (a: A) => boolean,
  what: string,
  ms = 10_000,
  every = 20
): Promise<A> => {
  const deadline = Date.now() + ms
  for (;;) {
    const a = await probe()
    if (cond(a)) return a
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(a)}`)
    await new Promise((resolve) => setTimeout(resolve, every))
  }
}
