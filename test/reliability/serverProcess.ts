/**
 * The server under test, in a process of its own: `node --expose-gc`, so that its heap can be measured after a
 * forced GC, and so that the clients (in the jest worker) and the server each have a core. Started by `child.ts`.
 *
 * The jest side sends `{ id, cmd, args }` over IPC; the answer is `{ id, result }` or `{ id, error }`.
 *
 * Scenario `soak`: broadcasting Comet endpoints that clients keep joining and leaving.
 * - `/topic/N`: one `Concurrent.broadcast(source, interestIsDownToZero)` hub per topic, made on the first request
 *   and closed when its last client leaves; the source ticks every few milliseconds.
 * - `/bounded`: a bounded channel broadcast, `/lockstep`: Play's channel broadcast; a timer pushes to both.
 *
 * Scenario `fanout`: one bounded broadcast (`room`) of fixed-size binary messages to many clients; the jest side
 * says when to push, and reads what each client's response was given.
 */
import * as http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { some } from 'fp-ts/Option'
import {
  Action,
  type Broadcaster,
  type Channel,
  Comet,
  Concurrent,
  Enumerator,
  NotFound,
  Ok,
  type Overflow,
  Writeable
} from '../../src'

declare const gc: () => void

// -------------------------------------------------------------------------------------
// what every scenario measures
// -------------------------------------------------------------------------------------

/** Connections the server accepted, and how many of them have closed. */
const sockets = { accepted: 0, closed: 0 }

/** The heap after a forced GC (several, with turns of the event loop between, so that weak callbacks run). */
const heap = async (): Promise<{ heapUsed: number; arrayBuffers: number }> => {
  for (let i = 0; i < 4; i++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
  const m = process.memoryUsage()
  return { heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers }
}

/** The kinds of the resources that keep the event loop alive, counted: sockets, timers, … */
const resources = (): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1
  return counts
}

/** The listeners on the server, per event. */
const listeners = (server: http.Server): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const name of server.eventNames()) counts[String(name)] = server.listenerCount(name)
  return counts
}

const connections = (server: http.Server): Promise<number> =>
  new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))))

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// -------------------------------------------------------------------------------------
// soak
// -------------------------------------------------------------------------------------

const soak = () => {
  const stats = {
    /** Requests that reached the block. */
    served: 0,
    /** Their enumerations that ended (each request's onDoneEnumerating). */
    released: 0,
    hubsMade: 0,
    /** Hubs whose interest went down to zero, and which were closed then. */
    hubsClosed: 0,
    /** Hub sources that stopped (their onDoneEnumerating). */
    sourcesReleased: 0,
    /** interestIsDownToZero calls while some iteratee was still attached: must stay 0. */
    cordsLeftAtZero: 0,
    /** Pushes of the timer to the two channel broadcasts. */
    pushes: 0
  }
  const hubs = new Map<string, Broadcaster<string>>()

  const hub = (topic: string): Broadcaster<string> => {
    const existing = hubs.get(topic)
    if (existing !== undefined) return existing
    stats.hubsMade++
    let n = 0
    const source = Enumerator.generateM(() => delay(3).then(() => some(`${topic} ${n++}`))).onDoneEnumerating(
      () => stats.sourcesReleased++
    )
    const [, broadcaster] = Concurrent.broadcast(source, (b) => {
      if (!b.noCords()) stats.cordsLeftAtZero++
      if (b.closed()) return
      b.close()
      stats.hubsClosed++
      if (hubs.get(topic) === b) hubs.delete(topic)
    })
    hubs.set(topic, broadcaster)
    return broadcaster
  }

  const [bounded, boundedChannel] = Concurrent.broadcast<string>({ bufferSize: 16, overflow: 'dropOldest' })
  const [lockstep, lockstepChannel] = Concurrent.broadcast<string>()
  // the channel broadcasts keep broadcasting while clients come and go: a client that left is released at once (the
  // response tells the broadcast), or else at the latest at the next push
  const timer = setInterval(() => {
    stats.pushes++
    boundedChannel.push(`bounded ${stats.pushes}`)
    lockstepChannel.push(`lockstep ${stats.pushes}`)
  }, 3)

  const comet = (events: Enumerator<string>) => {
    stats.served++
    return Ok.chunked(
      events.through(Comet({ callback: 'parent.tick' })).onDoneEnumerating(() => {
        stats.released++
      })
    )
  }

  const listener = Action((req) => {
    const url = req.url ?? ''
    if (url.startsWith('/topic/')) return comet(hub(url.slice('/topic/'.length)).getPatchCord())
    if (url === '/bounded') return comet(bounded)
    if (url === '/lockstep') return comet(lockstep)
    return NotFound('')
  })

  return {
    listener,
    stats: async (server: http.Server) => ({
      ...stats,
      openHubs: hubs.size,
      ...sockets,
      connections: await connections(server),
      listeners: listeners(server),
      resources: resources()
    }),
    stop: () => clearInterval(timer)
  }
}

// -------------------------------------------------------------------------------------
// fanout
// -------------------------------------------------------------------------------------

interface Room {
  readonly channel: Channel<Uint8Array>
  readonly events: Enumerator<Uint8Array>
  readonly messageBytes: number
  /** Per client id: elements handed to its response (`toBytes` calls). */
  readonly written: Map<number, number>
  /** Per client id: its kind, from the query string (`healthy`, `stall`, `leave`). */
  readonly kinds: Map<number, string>
  /** Client ids whose enumeration ended, in order. */
  readonly released: Array<number>
  pushed: number
  requests: number
}

const fanout = () => {
  let room: Room | undefined

  const listener = Action((req) => {
    const r = room
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (r === undefined || url.pathname !== '/fanout') return NotFound('')
    const id = Number(url.searchParams.get('id'))
    r.requests++
    r.kinds.set(id, url.searchParams.get('kind') ?? '')
    r.written.set(id, 0)
    const counting = Writeable.of((b: Uint8Array) => {
      r.written.set(id, r.written.get(id)! + 1)
      return b
    }, 'application/octet-stream')
    return Ok.chunked(
      r.events.onDoneEnumerating(() => r.released.push(id)),
      counting
    )
  })

  /** Message `seq`: `messageBytes` bytes, the first 8 the sequence number in decimal, the last a newline. */
  const message = (seq: number, bytes: number): Uint8Array => {
    const b = Buffer.alloc(bytes, 0x2e)
    b.write(String(seq).padStart(8, '0'), 0, 'latin1')
    b[bytes - 1] = 0x0a
    return b
  }

  const commands = {
    room: (args: { bufferSize: number; overflow: Overflow; messageBytes: number }) => {
      const [events, channel] = Concurrent.broadcast<Uint8Array>({
        bufferSize: args.bufferSize,
        overflow: args.overflow
      })
      room = {
        channel,
        events,
        messageBytes: args.messageBytes,
        written: new Map(),
        kinds: new Map(),
        released: [],
        pushed: 0,
        requests: 0
      }
      return null
    },
    push: () => {
      const r = room!
      r.channel.push(message(r.pushed++, r.messageBytes))
      return r.pushed
    },
    end: () => {
      room!.channel.eofAndEnd()
      return null
    },
    closeRoom: () => {
      room = undefined
      return null
    }
  }

  const stats = async (server: http.Server) => {
    const r = room
    const byKind = (kind: string): Record<number, number> => {
      const out: Record<number, number> = {}
      if (r !== undefined) for (const [id, k] of r.kinds) if (k === kind) out[id] = r.written.get(id)!
      return out
    }
    return {
      requests: r?.requests ?? 0,
      pushed: r?.pushed ?? 0,
      released: r?.released.slice() ?? [],
      writtenToStalled: byKind('stall'),
      ...sockets,
      connections: await connections(server),
      listeners: listeners(server),
      resources: resources()
    }
  }

  return { listener, commands, stats }
}

// -------------------------------------------------------------------------------------
// main
// -------------------------------------------------------------------------------------

const main = async (): Promise<void> => {
  const s = process.argv[2] === 'soak' ? soak() : fanout()
  const commands: Record<string, (args: never) => unknown> = 'commands' in s ? { ...s.commands } : {}

  const server = http.createServer(s.listener as http.RequestListener)
  server.on('connection', (socket: Socket) => {
    sockets.accepted++
    socket.once('close', () => sockets.closed++)
  })
  // many clients connect at once: a backlog longer than Node's default 511 spares them SYN retries
  server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 })
  await new Promise((resolve) => server.once('listening', resolve))

  Object.assign(commands, {
    stats: () => s.stats(server),
    heap,
    exit: () => {
      if ('stop' in s) s.stop()
      server.closeAllConnections()
      server.close()
      // what the server held is measured before this: nothing needs to wind down gracefully now
      setImmediate(() => process.exit(0))
      return null
    }
  })

  process.on('message', (m: { id: number; cmd: string; args: unknown }) => {
    Promise.resolve()
      .then(() => {
        const command = commands[m.cmd]
        if (command === undefined) throw new Error(`unknown command ${m.cmd}`)
        return command(m.args as never)
      })
      .then(
        (result) => process.send!({ id: m.id, result }),
        (e: unknown) => process.send!({ id: m.id, error: String(e instanceof Error ? e.stack : e) })
      )
  })
  process.send!({ id: 0, result: { port: (server.address() as AddressInfo).port } })
}

void main()
