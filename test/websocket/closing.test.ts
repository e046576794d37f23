/**
 * Whatever closes a socket, its out enumerator is stopped exactly once (its `onDoneEnumerating` runs once, a quiet
 * broadcast lets it go without a push) and its in iteratee gets EOF once, unless it was done already.
 */
import type { Socket } from 'node:net'
import type { Json } from 'fp-ts/Json'
import { Concurrent, Enumerator, Iteratee } from '../../src'
import { FrameFormatter, WebSocket, type WebSocketOptions } from '../../src/websocket'
import { type Opened, open, serve, sleep, until } from './helpers'

interface Scenario {
  readonly name: string
  /** The client's close code. */
  readonly code: number
  readonly act: (c: Opened, abort: () => void) => void
  readonly options?: WebSocketOptions
  /** The in iteratee: one that takes everything, one that is done after one message, one that throws. */
  readonly inbound?: 'foreach' | 'head' | 'throws'
  /** The out enumerator: a quiet broadcast, or one message then EOF. */
  readonly out?: 'quiet' | 'eof'
  /** Whether the in iteratee gets EOF (not when it was done or failed first). */
  readonly eof?: boolean
  readonly client?: { readonly autoPong: boolean }
}

const scenarios: ReadonlyArray<Scenario> = [
  { name: 'the client closes', code: 1000, act: (c) => c.client.close(1000) },
  {
    name: 'the client resets the connection',
    code: 1006,
    act: (c) => (c.client as unknown as { _socket: Socket })._socket.resetAndDestroy()
  },
  { name: 'a frame of the wrong kind (1003)', code: 1003, act: (c) => c.client.send(Buffer.from([1])) },
  { name: 'text that is not JSON (1007)', code: 1007, act: (c) => c.client.send('{oops') },
  { name: 'a message too big (1009)', code: 1009, act: (c) => c.client.send('x'.repeat(70_000)) },
  { name: 'the in iteratee is done (1000)', code: 1000, inbound: 'head', eof: false, act: (c) => c.client.send('1') },
  { name: 'the in iteratee fails (1011)', code: 1011, inbound: 'throws', eof: false, act: (c) => c.client.send('1') },
  { name: 'the out enumerator sends EOF (1000)', code: 1000, out: 'eof', act: () => undefined },
  { name: 'the signal aborts (1001)', code: 1001, act: (_, abort) => abort() },
  {
    name: 'a client that answers no ping is cut',
    code: 1006,
    options: { keepAliveMs: 30 },
    client: { autoPong: false },
    act: () => undefined
  }
]

describe('whatever closes the socket', () => {
  it.each(scenarios)('$name: the out enumerator is stopped once; the in iteratee ends once', async (s) => {
    let stops = 0
    let eofs = 0
    let inputs = 0
    const shutdown = new AbortController()
    const inbound = (): Iteratee<Json, unknown> =>
      s.inbound === 'head'
        ? Iteratee.head<Json>().map(() => eofs++)
        : Iteratee.foreach<Json>(() => {
            inputs++
            if (s.inbound === 'throws') throw new Error('boom')
          }).map(() => eofs++)
    const out = (): Enumerator<Json> =>
      (s.out === 'eof'
        ? Enumerator<Json>('bye').andThen(Enumerator.eof())
        : Concurrent.broadcast<Json>()[0]
      ).onDoneEnumerating(() => stops++)
    const server = await serve(
      WebSocket.using(() => [inbound(), out()], FrameFormatter.jsonFrame, {
        ...s.options,
        onError: () => undefined,
        signal: shutdown.signal
      })
    )
    try {
      const c = await open(server.url(), s.client)
      s.act(c, () => shutdown.abort())
      expect((await c.closed)[0]).toBe(s.code)
      await until(() => stops >= 1 && (s.eof === false || eofs >= 1))
      await sleep(30)
      expect(stops).toBe(1)
      expect(eofs).toBe(s.eof === false ? (s.inbound === 'head' ? 1 : 0) : 1)
      expect(inputs).toBeLessThanOrEqual(1)
    } finally {
      await server.close()
    }
  })
})
