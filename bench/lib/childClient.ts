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

/** `Omit` over each member of a union. */
export type DistributiveOmit<T, Key extends PropertyKey> = T extends unknown ? Omit<T, Key> : never

/** A client process spoken to in typed requests, each with the type of answer it expects. */
export interface TypedClient<Request extends { readonly type: string }, Answer extends { readonly type: string }> {
  /**
   * Sends a request (without its id: the child client sets it) and checks that the answer is the one it expects;
   * rejects after `timeoutMs` or on an error answer.
   */
  readonly ask: (req: DistributiveOmit<Request, 'id'>, expected: Answer['type']) => Promise<Answer>
  readonly close: () => Promise<void>
}

/**
 * Forks `file` as a client whose replies are `Answer`s or `{ type: 'error', message }`. `name` labels the errors
 * (`W4 client`).
 */
export const startTypedClient = async <
  Request extends { readonly type: string },
  Answer extends { readonly type: string }
>(
  file: string,
  name: string,
  timeoutMs: number
): Promise<TypedClient<Request, Answer>> => {
  const child = await startChildClient(file, name, (a) => {
    const reply = a as unknown as { readonly type: string; readonly message?: string }
    return reply.type === 'error' ? (reply.message ?? 'an error') : undefined
  })
  return {
    ask: async (req, expected) => {
      const answer = await child.ask<Answer>(req, timeoutMs)
      if (answer.type !== expected) throw new Error(`${name}: answered ${answer.type} to ${req.type}`)
      return answer
    },
    close: child.close
  }
}
