/**
 * 1,000 sockets connect, exchange messages, and vanish with a TCP reset (no close frame). Afterwards: every out
 * enumerator was stopped exactly once, every in iteratee got EOF once, the shared broadcast holds nobody, and the
 * server holds no connection, no keep-alive timer, and no listener of ours on the sockets Node handed over.
 */
import type { Socket } from 'node:net'
import { Concurrent, Enumerator, Iteratee } from '../../src'
import { FrameFormatter, WebSocket } from '../../src/websocket'
import { watchTimers } from '../reliability/timers'
import { open, serve, type Opened } from './helpers'

const C = 1000
const WAVE = 100

it(`${C} sockets connect, exchange and vanish with a reset: nothing is left`, async () => {
  const [feed, channel] = Concurrent.broadcast<string>()
  // Play's hub over the feed: it says when its last subscriber has gone
  let downToZero = 0
  const [room, hub] = Concurrent.broadcast(feed, () => downToZero++)
  const stops = new Array<number>(C).fill(0)
  const eofs = new Array<number>(C).fill(0)
  const said = new Array<number>(C).fill(0)
  let next = 0
  const server = await serve(
    WebSocket.using(
      () => {
        const id = next++
        return [
          Iteratee.foreach<string>(() => said[id]++).map(() => eofs[id]++),
          Enumerator(`welcome ${id}`)
            .andThen(room)
            .onDoneEnumerating(() => stops[id]++)
        ]
      },
      FrameFormatter.stringFrame,
      // a keep-alive timer per socket, that must go with it
      { keepAliveMs: 60_000 }
    )
  )
  const timers = watchTimers()
  const baseline = timers.live()
  try {
    const clients: Array<Opened> = []
    for (let w = 0; w < C; w += WAVE) {
      clients.push(...(await Promise.all(Array.from({ length: WAVE }, () => open(server.url())))))
    }
    expect(timers.live()).toBeGreaterThanOrEqual(baseline + C)
    for (const c of clients) c.client.send('hi')
    await timers.until(
      () => said.every((n) => n === 1) && clients.every((c) => c.messages.length === 1),
      'exchange',
      15_000
    )
    channel.push('to everyone')
    await timers.until(() => clients.every((c) => c.messages.length === 2), 'the broadcast', 15_000)

    // gone without a word: RST, no close frame
    for (const c of clients) (c.client as unknown as { _socket: Socket })._socket.resetAndDestroy()
    await timers.until(() => stops.every((n) => n >= 1) && eofs.every((n) => n >= 1), 'every socket to end', 15_000)
    await timers.pause(50)
    expect(stops.filter((n) => n !== 1)).toEqual([])
    expect(eofs.filter((n) => n !== 1)).toEqual([])

    // nobody is subscribed any more
    expect(hub.noCords()).toBe(true)
    expect(downToZero).toBeGreaterThanOrEqual(1)
    await timers.until(() => timers.live() <= baseline, 'the keep-alive timers to go', 5_000)
    const connections = await new Promise<number>((resolve, reject) =>
      server.server.getConnections((e, n) => (e ? reject(e) : resolve(n)))
    )
    expect(connections).toBe(0)
    expect(server.sockets).toHaveLength(C)
    for (const s of server.sockets) {
      expect(s.destroyed).toBe(true)
      expect(s.listeners('error').map((f) => f.name)).not.toContain('destroyOnError')
      expect(s.listenerCount('data')).toBe(0)
    }
  } finally {
    timers.stop()
    await server.close()
  }
}, 40_000)
