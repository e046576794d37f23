/**
 * 10,000 clients join and leave broadcasting Comet endpoints (`Action` + `Ok.chunked(broadcast.through(Comet(…)))`),
 * 50 at a time, on real sockets. Afterwards every subscriber and every producer has been released, every socket is
 * closed, the server holds no more listeners, timers or handles than before, and its heap after a forced GC is back
 * near where it was. The server runs in a child process started with `--expose-gc` (see `serverProcess.ts`).
 *
 * The endpoints keep broadcasting (a source that ticks, a timer that pushes), so that every client is released
 * whichever way it goes: at once when the response tells the broadcast that its client left, or else when the next
 * element is offered to it, as in Play.
 */
import * as net from 'node:net'
import { rawRequest } from '../http/helpers'
import { type Heap, type ServerCounts, type ServerProcess, pollUntil, startServerProcess } from './child'
import { random } from './random'

interface SoakStats extends ServerCounts {
  readonly served: number
  readonly released: number
  readonly hubsMade: number
  readonly hubsClosed: number
  readonly sourcesReleased: number
  readonly cordsLeftAtZero: number
  readonly pushes: number
  readonly openHubs: number
}

/**
 * How a client leaves: at once after sending its request, at the first bytes of the response, at the first message
 * (a `<script>` after Comet's initial chunk), or with a TCP reset at the first bytes.
 */
type Leave = 'at once' | 'at first bytes' | 'at first message' | 'with a reset'
const LEAVES: ReadonlyArray<Leave> = ['at once', 'at first bytes', 'at first message', 'with a reset']

/** One client: connects, asks for `path`, leaves as `leave` says; resolves when its socket has closed. */
const cycle = (port: number, path: string, leave: Leave): Promise<void> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`a client of ${path} leaving ${leave} did not close within 10 s`))
    }, 10_000)
    socket.on('error', () => undefined) // a reset is one of the ways to leave
    socket.on('close', () => {
      clearTimeout(timer)
      resolve()
    })
    socket.on('connect', () => {
      socket.write(rawRequest(path))
      if (leave === 'at once') socket.destroy()
    })
    let seen = ''
    socket.on('data', (b: Buffer) => {
      if (leave === 'at first bytes') socket.destroy()
      else if (leave === 'with a reset') socket.resetAndDestroy()
      else {
        seen += b.toString('latin1')
        if (seen.includes('<script')) socket.destroy()
      }
    })
  })

/** Runs `count` cycles, `concurrency` at a time, on paths and ways of leaving drawn from `rand`. */
const cycles = async (port: number, count: number, concurrency: number, rand: () => number): Promise<number> => {
  const paths = ['/bounded', '/lockstep', ...Array.from({ length: 8 }, (_, i) => `/topic/${i}`)]
  let started = 0
  let closed = 0
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++
      await cycle(port, paths[Math.floor(rand() * paths.length)], LEAVES[Math.floor(rand() * LEAVES.length)])
      closed++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return closed
}

/** Everything each client had is released: the state the server must come back to after clients have left. */
const settled = (s: SoakStats): boolean =>
  s.released === s.served &&
  s.closed === s.accepted &&
  s.connections === 0 &&
  s.openHubs === 0 &&
  s.hubsClosed === s.hubsMade &&
  s.sourcesReleased === s.hubsMade

const MB = 1024 * 1024

describe('10,000 clients join and leave broadcasting Comet endpoints', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess('soak')
  }, 30_000)
  afterAll(async () => {
    await server?.stop()
  })

  it('releases every subscriber, producer, socket and listener, and the heap comes back', async () => {
    const stats = () => server.call<SoakStats>('stats')
    const rand = random(20_240_501)

    // warm up (JIT, pools, the first hubs), then take the state to come back to
    const warmUp = 2_000
    expect(await cycles(server.port, warmUp, 50, rand)).toBe(warmUp)
    const before = await pollUntil(stats, settled, 'the warm-up clients to be released')
    const heapBefore = await server.call<Heap>('heap')

    const count = 10_000
    expect(await cycles(server.port, count, 50, rand)).toBe(count)
    const after = await pollUntil(stats, settled, 'every client to be released')
    const heapAfter = await server.call<Heap>('heap')

    // every connection was accepted, and closed; the ones whose request reached the block were released
    expect(after.accepted - before.accepted).toBe(count)
    expect(after.closed).toBe(after.accepted)
    expect(after.connections).toBe(0)
    expect(after.served - before.served).toBeGreaterThan(count * 0.7) // most requests were sent before leaving
    expect(after.released).toBe(after.served)
    // hubs were made and closed again and again; each source stopped, and no hub was closed with a cord attached
    expect(after.hubsMade - before.hubsMade).toBeGreaterThan(8)
    expect(after.openHubs).toBe(0)
    expect(after.hubsClosed).toBe(after.hubsMade)
    expect(after.sourcesReleased).toBe(after.hubsMade)
    expect(after.cordsLeftAtZero).toBe(0)
    // the channel broadcasts kept broadcasting all along
    expect(after.pushes).toBeGreaterThan(before.pushes)
    // nothing is left on the server or the event loop: no listener, socket or timer more than before
    expect(after.listeners).toEqual(before.listeners)
    expect(after.resources).toEqual(before.resources)
    // the heap is back within a small margin: V8's own bookkeeping (compiled code, feedback) moves it by a few hundred
    // KB here, as much as for a bare `Ok('hello')` endpoint; a socket, a request or a subscriber kept for each client
    // would be kilobytes each, tens of MB in all
    expect(heapAfter.heapUsed - heapBefore.heapUsed).toBeLessThan(1 * MB)
    expect(heapAfter.arrayBuffers - heapBefore.arrayBuffers).toBeLessThan(1 * MB)
  }, 80_000)
})
