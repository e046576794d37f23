/**
 * Backpressure both ways, at the wire:
 * - out: a client that stops reading; the producer (synchronous or not) pauses once the socket holds the high-water
 *   mark, the server's memory for it stays bounded, and everything arrives in order when the client reads again;
 * - in: an iteratee that is busy; the server stops reading after a few frames, the client's sends back up in TCP,
 *   and everything is consumed in order when the iteratee goes on.
 */
import { some } from 'fp-ts/Option'
import { Enumerator, Iteratee } from '../../src'
import { FrameFormatter, WebSocket } from '../../src/websocket'
import { open, serve, sleep, until, type WsServer } from './helpers'

let running: WsServer | undefined
afterEach(async () => {
  await running?.close()
  running = undefined
})

const KIB = 'x'.repeat(1000)
const message = (i: number): string => `${String(i).padStart(8, '0')} ${KIB}`
const HIGH_WATER_MARK = 32 * 1024

/** Waits until `value()` has not changed for `quietMs`. */
const plateau = async (value: () => number, quietMs = 300, ms = 10_000): Promise<number> => {
  const deadline = Date.now() + ms
  let last = value()
  let since = Date.now()
  while (Date.now() < deadline) {
    await sleep(20)
    const now = value()
    if (now !== last) {
      last = now
      since = Date.now()
    } else if (Date.now() - since >= quietMs) return now
  }
  throw new Error(`no plateau within ${ms} ms (at ${last})`)
}

describe('out: a client that stops reading', () => {
  const producers = [
    ['a synchronous producer (Enumerator.repeat)', (next: () => string) => Enumerator.repeat(next)],
    [
      'an asynchronous producer (Enumerator.generateM)',
      (next: () => string) => Enumerator.generateM(async () => some(next()))
    ]
  ] as const

  it.each(producers)(
    '%s pauses; memory stays bounded; all arrives in order',
    async (_, make) => {
      let produced = 0
      let stopped = 0
      running = await serve(
        WebSocket.using(
          () => [Iteratee.ignore<string>(), make(() => message(produced++)).onDoneEnumerating(() => stopped++)],
          FrameFormatter.stringFrame,
          { highWaterMark: HIGH_WATER_MARK }
        )
      )
      const c = await open(running.url())
      c.client.pause()
      const held = await plateau(() => produced)
      // what the kernel's buffers took on both sides, plus what the server holds itself
      expect(held * message(0).length).toBeLessThan(32 * 1024 * 1024)
      const serverSide = running.sockets[0]
      expect(serverSide.writableLength).toBeLessThanOrEqual(HIGH_WATER_MARK + message(0).length + 16)
      // reading again: the producer goes on, and every message comes, in order
      c.client.resume()
      await until(() => c.messages.length >= held + 2000, 10_000, 'more messages')
      c.client.close()
      await c.closed
      await until(() => stopped === 1)
      c.messages
        .slice(0, held + 2000)
        .forEach((m, i) => expect((m as string).slice(0, 8)).toBe(String(i).padStart(8, '0')))
    },
    20_000
  )
})

describe('in: an iteratee that is busy', () => {
  it('the server stops reading after a few frames; all is consumed in order later', async () => {
    let decoded = 0
    const counting = FrameFormatter.of(FrameFormatter.stringFrame.toFrame, (frame) => {
      decoded++
      return FrameFormatter.stringFrame.fromFrame(frame)
    })
    let open_ = (): void => undefined
    const gate = new Promise<void>((resolve) => (open_ = resolve))
    const fed: Array<string> = []
    running = await serve(
      WebSocket.using(
        () => [
          Iteratee.foldM(0, async (n, m: string) => {
            await gate
            fed.push(m.slice(0, 8))
            return n + 1
          }),
          Enumerator<string>()
        ],
        counting
      )
    )
    const c = await open(running.url())
    const N = 5000
    for (let i = 0; i < N; i++) c.client.send(message(i))
    await plateau(() => c.client.bufferedAmount)
    // the client's sends wait in its own buffer and in TCP: the server took a few frames, and one read's worth
    expect(c.client.bufferedAmount).toBeGreaterThan(512 * 1024)
    expect(decoded).toBeLessThan(200)
    expect(fed).toEqual([])
    open_()
    await until(() => fed.length === N, 15_000, 'every message')
    expect(fed).toEqual(Array.from({ length: N }, (_, i) => String(i).padStart(8, '0')))
    expect(decoded).toBe(N)
    c.client.close()
    await c.closed
  }, 20_000)
})
