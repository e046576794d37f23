/**
 * Test helpers for the multi-process tests: forking `serverProcess.ts` (each a real HTTP server on a RedisBroadcast),
 * and HTTP clients that read its server-sent events or its Comet stream as they come.
 */
import { type ChildProcess, fork } from 'node:child_process'
import * as http from 'node:http'
import * as path from 'node:path'

export interface ServerProcess {
  readonly name: string
  readonly port: number
  /** What the process's error hook heard. */
  readonly errors: () => Promise<ReadonlyArray<{ readonly kind: string; readonly message: string }>>
  /** Stops the process and waits for its exit. */
  readonly stop: () => Promise<void>
}

const ROOT = path.resolve(__dirname, '../..')

/** Forks a server process on `redisUrl`; resolves once it listens. */
export const startServerProcess = (name: string, redisUrl: string): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = fork(path.join(__dirname, 'serverProcess.ts'), [], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: {
        ...process.env,
        REDIS_URL: redisUrl,
        SERVER_NAME: name,
        TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json')
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    const waiting = new Map<number, (r: unknown) => void>()
    let next = 1
    const exit = new Promise<void>((done) => {
      if (child.exitCode !== null) return done()
      child.once('exit', (code) => {
        reject(new Error(`server process ${name} exited (code ${code})`))
        done()
      })
    })
    child.on('message', (m: { readonly id: number; readonly result: unknown }) => {
      if (m.id === 0) {
        const { port } = m.result as { port: number }
        resolve({
          name,
          port,
          errors: () =>
            new Promise((res) => {
              const id = next++
              waiting.set(id, res as (r: unknown) => void)
              child.send({ id, cmd: 'errors' })
            }),
          stop: async () => {
            if (child.exitCode === null && child.connected) child.send({ id: next++, cmd: 'exit' })
            const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
            await exit
            clearTimeout(killer)
          }
        })
        return
      }
      waiting.get(m.id)?.(m.result)
      waiting.delete(m.id)
    })
  })

/** A chat line, as the server processes carry it. */
export interface Line {
  readonly from: string
  readonly text: string
}

/** An event as a client received it: a message (with its id) or the gap signal. */
export type Received = { readonly id: string; readonly line: Line } | { readonly gap: string }

/** An open streaming response: what it received so far, and who served it. */
export interface StreamClient {
  readonly servedBy: string
  readonly received: Array<Received>
  /** Messages only. */
  readonly lines: () => Array<Line>
  /** Resolves once `cond(received)` holds; rejects after `ms`. */
  readonly until: (cond: (r: ReadonlyArray<Received>) => boolean, what: string, ms?: number) => Promise<void>
  /** Whether the response has ended (or the connection closed). */
  readonly ended: () => boolean
  readonly close: () => void
}

const SCRIPT = /<script type="text\/javascript">parent\.chat\((.*?)\);<\/script>/g

/** Opens `GET path` and reads it as server-sent events (`sse`) or as Comet `parent.chat(...)` calls (`comet`). */
export const openStream = (
  port: number,
  urlPath: string,
  kind: 'sse' | 'comet',
  headers: Record<string, string> = {}
): Promise<StreamClient> =>
  new Promise((resolve, reject) => {
    const received: Array<Received> = []
    let ended = false
    let notify: () => void = () => undefined
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers, agent: false }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${urlPath}: ${res.statusCode}`))
        res.destroy()
        return
      }
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        buffer += chunk
        if (kind === 'sse') {
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const fields: Record<string, string> = {}
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue
              const colon = line.indexOf(':')
              const field = colon < 0 ? line : line.slice(0, colon)
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
              fields[field] = field in fields && field === 'data' ? `${fields.data}\n${value}` : value
            }
            if (fields.event === 'gap')
              received.push({ gap: (JSON.parse(fields.data) as { lastEventId: string }).lastEventId })
            else if (fields.data !== undefined) received.push({ id: fields.id, line: JSON.parse(fields.data) as Line })
          }
        } else {
          let last = 0
          for (const m of buffer.matchAll(SCRIPT)) {
            const v = JSON.parse(m[1]) as { id: string; data: Line } | { gap: { lastEventId: string } }
            received.push('gap' in v ? { gap: v.gap.lastEventId } : { id: v.id, line: v.data })
            last = m.index + m[0].length
          }
          buffer = buffer.slice(last)
        }
        notify()
      })
      const onEnd = (): void => {
        ended = true
        notify()
      }
      res.on('end', onEnd)
      res.on('close', onEnd)
      res.on('error', onEnd)
      resolve({
        servedBy: String(res.headers['x-served-by']),
        received,
        lines: () => received.flatMap((r) => ('line' in r ? [r.line] : [])),
        until: async (cond, what, ms = 15_000) => {
          const deadline = Date.now() + ms
          while (!cond(received)) {
            if (Date.now() > deadline) {
              throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(received).slice(0, 2000)}`)
            }
            await new Promise<void>((wake) => {
              notify = wake
              setTimeout(wake, 50)
            })
          }
        },
        ended: () => ended,
        close: () => req.destroy()
      })
    })
    req.on('error', (e) => {
      ended = true
      reject(e)
    })
  })

/** `POST path` with a JSON body; gives the status and the body. */
export const post = (port: number, urlPath: string, body: unknown): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: urlPath,
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json' }
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
      }
    )
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
