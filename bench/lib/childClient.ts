/**
 * The client process of a workload (W3, W4): forked once with ts-node, asked over IPC, never outliving the bench
 * child.
 *
 * ```
 *   bench child                        client process (the workload's _client.ts)
 *   ask({ ...request, id })  ── IPC ──▶ works, then answers { id, ... }
 *   the answer, or its error ◀── IPC ──
 * ```
 *
 * The client sends `'ready'` once it listens for requests, and exits when its IPC channel closes.
 */
import { type ChildProcess, fork } from 'node:child_process'

export interface ChildClient {
  /**
   * Sends `request` with a fresh `id` and gives the answer with that id. Rejects when the answer is an error, when the
   * process is gone, or after `timeoutMs` (a guard for a client that stopped answering).
   */
  readonly ask: <Answer>(request: object, timeoutMs: number) => Promise<Answer>
  /** Stops the client process (bounded: it is killed if it does not exit at once). */
  readonly close: () => Promise<void>
}

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

/**
 * Forks `file` and resolves once it is ready. `name` labels the errors (`W3 client`); `errorOf` tells an error answer
 * from a good one, giving its message.
 */
export const startChildClient = (
  file: string,
  name: string,
  errorOf: (answer: { readonly id: number }) => string | undefined
): Promise<ChildClient> => {
  const child = fork(file, [], {
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
  const pending = new Map<number, { resolve: (a: unknown) => void; reject: (e: Error) => void }>()
  let gone: Error | undefined
  const failAll = (e: Error): void => {
    gone ??= e
    for (const p of pending.values()) p.reject(e)
    pending.clear()
  }
  child.on('exit', (code, signal) => failAll(new Error(`${name} exited (code ${code}, signal ${signal})`)))
  child.on('error', (e) => failAll(e))
  child.on('message', (m: { readonly id: number } | 'ready') => {
    if (m === 'ready') return
    const p = pending.get(m.id)
    if (p === undefined) return
    pending.delete(m.id)
    const error = errorOf(m)
    if (error !== undefined) p.reject(new Error(`${name}: ${error}`))
    else p.resolve(m)
  })

  const ask = <Answer>(request: object, timeoutMs: number): Promise<Answer> =>
    new Promise((resolve, reject) => {
      if (gone !== undefined) return reject(gone)
      const id = nextId++
      const guard = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`${name}: no answer after ${timeoutMs} ms`))
      }, timeoutMs)
      pending.set(id, {
        resolve: (a) => {
          clearTimeout(guard)
          resolve(a as Answer)
        },
        reject: (e) => {
          clearTimeout(guard)
          reject(e)
        }
      })
      child.send({ ...request, id })
    })

  const close = async (): Promise<void> => {
    process.removeListener('exit', kill)
    if (child.connected) child.disconnect() // the client exits when its channel closes
    await exited(child, 2000)
    kill()
    await exited(child, 2000)
  }

  return new Promise<ChildClient>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${name} did not start in ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS
    )
    const onMessage = (m: unknown): void => {
      if (m !== 'ready') return
      cleanup()
      resolve({ ask, close })
    }
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`${name} exited while starting (code ${code}, signal ${signal})`))
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
