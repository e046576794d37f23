/**
 * `npm start` with `REDIS_URL` set: the demo served by `WORKERS` (default 2) node:cluster workers, whose chat goes
 * through Redis, so that what one browser posts appears in the pages of every worker.
 *
 * ```
 *   primary ── forks ──▶ worker 1: demoApp() + the chat on RedisBroadcast ─┐
 *           └─ forks ──▶ worker 2: demoApp() + the chat on RedisBroadcast ─┼── stream demo:chat on REDIS_URL
 *   (the workers share the port; node:cluster hands each connection to one of them)
 * ```
 *
 * Each worker serves the demo as `examples/demo.ts` builds it, but for the chat's two routes and its socket:
 * `GET /chat/comet` and the WebSocket `/chat/ws` subscribe to the Redis stream instead of the demo's local broadcast,
 * and `POST /chat/say` and what a socket says push to it, so the Comet and WebSocket pages of every worker share one
 * room. A page's
 * messages carry a numeric `id` (the stream id `<ms>-<seq>` as `ms * 1000 + seq`) and `at` (when Redis took the
 * message), so a page that reopens its iframe or its socket with `?after=<id>` (or `?lastEventId=<stream id>`) resumes
 * from the stream, whichever worker it reaches. Every response says which worker served it (`X-Served-By`).
 *
 * The primary restarts a worker that dies after it started, and stops (exit code 1) when one cannot start, for
 * instance when Redis is unreachable: that is a configuration error, not something to retry in a loop.
 */
import cluster, { type Worker } from 'node:cluster'
import * as http from 'node:http'
import { type Option, none, some } from 'fp-ts/Option'
import * as t from 'io-ts'
import {
  Action,
  BadRequest,
  Comet,
  CometMessage,
  defaultInitialChunk,
  Enumeratee,
  type Enumerator,
  EventSource,
  html,
  Ok,
  Status,
  WebSocket
} from '../src'
import { RedisBroadcast, type RedisBroadcastError, type StreamEvent } from '../src/redis'
import { CHAT_SOCKET, demoApp, readBody } from './demo'
import { wsChat } from './wsChat'

export interface ClusterOptions {
  readonly redisUrl: string
  readonly port: number
  readonly host: string
  readonly workers: number
}

/** The chat's stream, and what its entries hold. */
const STREAM = 'demo:chat'
const ChatLine = t.type({ from: t.string, text: t.string })
type ChatLine = t.TypeOf<typeof ChatLine>

/** A chat message as the demo's pages receive it. */
interface ChatMessage {
  readonly [key: string]: string | number
  readonly id: number
  readonly at: string
  readonly from: string
  readonly text: string
}

// -------------------------------------------------------------------------------------
// stream ids as the page's numeric ids
// -------------------------------------------------------------------------------------

/**
 * `<ms>-<seq>` as one number, `ms * 1000 + seq`: increasing with the stream's order, and exact in a double for
 * centuries of milliseconds, as long as Redis gives fewer than 1,000 ids in one millisecond (far more than a chat).
 */
const numericId = (streamId: string): number => {
  const [ms, seq] = streamId.split('-').map(Number)
  return ms * 1000 + seq
}

const streamIdOf = (n: number): string => `${Math.floor(n / 1000)}-${n % 1000}`

/** Where a page resumes: `?after=<numeric id>` (the demo page's), else `Last-Event-ID` / `?lastEventId=`. */
const resumeFrom = (req: http.IncomingMessage): string | undefined => {
  const after = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('after'))
  return Number.isSafeInteger(after) && after > 0 ? streamIdOf(after) : EventSource.lastEventId(req)
}

/** The demo page knows no gap signal: it shows the messages that follow. */
const toChatMessage = (e: StreamEvent<ChatLine>): Option<ChatMessage> =>
  e._tag === 'Gap'
    ? none
    : some({
        id: numericId(e.id),
        at: new Date(Number(e.id.split('-')[0])).toISOString(),
        from: e.value.from,
        text: e.value.text
      })

// -------------------------------------------------------------------------------------
// a worker
// -------------------------------------------------------------------------------------

const parseChatLine = (body: string): ChatLine | undefined => {
  try {
    const u: unknown = JSON.parse(body)
    if (!ChatLine.is(u)) return undefined
    const from = u.from.trim().slice(0, 40)
    const text = u.text.trim().slice(0, 500)
    return from === '' || text === '' ? undefined : { from, text }
  } catch {
    return undefined
  }
}

/** The first chunk: the default padding, and a call that tells a page which wants to know that its stream is open. */
const initialChunk = html`${defaultInitialChunk}<script type="text/javascript">if (parent.cometOpen) parent.cometOpen();</script>`

const worker = async (options: ClusterOptions): Promise<void> => {
  const name = `worker ${cluster.worker?.id ?? process.pid}`
  const hub = await RedisBroadcast.connect({
    url: options.redisUrl,
    onError: (e: RedisBroadcastError) => console.error(`${name}: ${e.message}`)
  })
  const [messages, channel] = await hub.broadcast(STREAM, ChatLine, { maxLen: 1000 })
  const chatComet = (from: string | undefined): Enumerator<ChatMessage> =>
    messages.after(from).through(Enumeratee.collect(toChatMessage))

  const app = demoApp()
  const chat = Action(async (req) => {
    if (req.method === 'POST') {
      const line = parseChatLine(await readBody(req))
      if (line === undefined) return BadRequest('expected {"from": "...", "text": "..."}')
      return channel.push(line).then(
        () => Ok('sent'),
        () => Status(503)('the chat is unavailable: Redis cannot be reached')
      )
    }
    return Ok.chunked(
      chatComet(resumeFrom(req)).through(
        Comet<ChatMessage>(
          { callback: 'parent.chatMessage', initialChunk, heartbeatMs: 15000, responseLimit: 256 * 1024 },
          CometMessage.json
        )
      )
    )
  })
  // the WebSocket chat on the same stream (the page, /chat-ws, is the demo's: it opens its socket on CHAT_SOCKET)
  const leaving = new AbortController()
  const socketChat = wsChat({
    messages: (req) => chatComet(resumeFrom(req)),
    say: (m) => {
      channel.push({ from: m.from, text: m.text }).catch(() => {
        console.error(`${name}: a WebSocket message is lost: Redis cannot be reached`)
      })
    },
    path: CHAT_SOCKET,
    signal: leaving.signal
  })
  const server = http.createServer((req, res) => {
    res.setHeader('X-Served-By', name)
    const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`
    if (route === 'GET /chat/comet' || route === 'POST /chat/say') chat(req, res)
    else app.listener(req, res)
  })
  server.on('upgrade', WebSocket.router({ [socketChat.path]: socketChat.upgrade }))
  server.listen(options.port, options.host)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    // the sockets first (1001, going away): upgraded connections would keep the server open
    leaving.abort()
    hub.close()
    app.close()
    server.closeAllConnections()
    // closes the server and the channel to the primary, which would keep this process alive; nothing else should
    if (cluster.worker?.isConnected()) cluster.worker.disconnect()
    else server.close()
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  // the primary is gone: nobody will stop this worker otherwise
  process.once('disconnect', stop)
}

// -------------------------------------------------------------------------------------
// the primary
// -------------------------------------------------------------------------------------

const primary = (options: ClusterOptions): void => {
  // the workers run this same file; under ts-node they need its hook too
  const tsNode = __filename.endsWith('.ts') ? ['-r', require.resolve('ts-node/register/transpile-only')] : []
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...tsNode] })
  let stopping = false
  const listening = new Set<Worker>()
  let announced = false
  const start = (): void => {
    cluster.fork()
  }
  cluster.on('listening', (w) => {
    listening.add(w)
    if (!announced && listening.size === options.workers) {
      announced = true
      console.log(
        `play-iteratees-ts demo: http://${options.host}:${options.port}/  (${options.workers} workers, the chat on ` +
          `Redis at ${options.redisUrl.replace(/\/\/[^@/]*@/, '//')}; Ctrl-C to stop)`
      )
    }
  })
  cluster.on('exit', (w, code, signal) => {
    const started = listening.delete(w)
    if (stopping) return
    if (!started) {
      console.error(`a worker could not start (code ${code}, signal ${signal}): stopping`)
      stopping = true
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM')
      process.exitCode = 1
      return
    }
    console.error(`a worker died (code ${code}, signal ${signal}): starting another`)
    start()
  })
  for (let i = 0; i < options.workers; i++) start()
  const stop = (): void => {
    stopping = true
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
    // a worker that does not finish in time is killed; the primary exits once no worker is left
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL')
    }, 5000).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

/** Runs the primary or, in a forked worker, the worker. */
export const runCluster = (options: ClusterOptions): void => {
  if (cluster.isPrimary) primary(options)
  else
    worker(options).catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e)
      process.exit(1)
    })
}
