/**
 * A bounded broadcast (`Concurrent.broadcast({ bufferSize, overflow })`) to many clients on real sockets, of which
 * 10% stop reading (their socket is paused and never read: the kernel's buffers fill, then their queue) and 10%
 * leave at random moments. The healthy clients receive every message, in order, none twice; each stalled client's
 * fate follows the overflow policy; the server's memory stays bounded by the buffer settings, and once everybody is
 * gone, everything is released. Of the stalled clients, half read again after the broadcast ended (and show what the
 * server kept for them), half leave without reading.
 *
 * The server runs in a child process started with `--expose-gc` (see `serverProcess.ts`); the clients run here.
 * Last, Play's lockstep broadcast with a stalled client, in this process: everyone waits for it, and nobody loses a
 * message when it leaves.
 */
import * as http from 'node:http'
import * as net from 'node:net'
import { Action, Concurrent, Ok, type Overflow, Writeable } from '../../src'
import { listen, rawRequest, sleep, until } from '../http/helpers'
import { type Heap, type ServerCounts, type ServerProcess, pollUntil, startServerProcess } from './child'
import { random } from './random'
import { ChunkedDecoder, SeqReader, range } from './wire'

interface FanoutStats extends ServerCounts {
  readonly requests: number
  readonly pushed: number
  readonly released: ReadonlyArray<number>
  /** Per stalled client id: the messages handed to its response. */
  readonly writtenToStalled: Readonly<Record<number, number>>
}

const KB = 1024
const MB = 1024 * KB

/** Each message: 64 KiB. A paused socket on loopback takes a few MB before the server's writes wait. */
const MESSAGE_BYTES = 64 * KB
/** How many messages the healthy clients may be behind the newest: less than any buffer size used. */
const WINDOW = 4
/** At most this many messages, whatever the kernel's buffers take (64 KiB each: 25 MB). */
const MAX_MESSAGES = 400

type Kind = 'healthy' | 'stall' | 'leave'

interface Client {
  readonly id: number
  readonly kind: Kind
  readonly reader: SeqReader
  /** The number of the first message it can get: how many had been pushed when it subscribed. */
  readonly from: number
  /** Still connected and reading: the producer waits for it. */
  active: boolean
  /** The response ended with its terminal chunk. */
  complete: boolean
  /** The socket closed. */
  readonly closed: Promise<void>
  /** For a stalled client: start reading (after the broadcast ended). */
  resume?: () => void
  /** For a stalled client: leave without having read. */
  abandon?: () => void
}

/** Wakes whoever waits for clients to make progress. */
let notify: () => void = () => undefined
const progress = (): Promise<void> => new Promise((resolve) => (notify = resolve))

/** Waits until `cond()` holds, re-checking whenever a client receives something; rejects after `ms`. */
const waitFor = async (cond: () => boolean, what: string, ms = 20_000): Promise<void> => {
  const deadline = Date.now() + ms
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await Promise.race([progress(), new Promise((resolve) => setTimeout(resolve, 50))])
  }
}

/** A client that reads with Node's http client; a leaver leaves once it has `leaveAt` body bytes. */
const reading = (port: number, id: number, kind: Kind, from: number, leaveAt: number, reset: boolean): Client => {
  const reader = new SeqReader(MESSAGE_BYTES)
  let closed!: () => void
  const client: Client = {
    id,
    kind,
    reader,
    from,
    active: true,
    complete: false,
    closed: new Promise((resolve) => (closed = resolve))
  }
  const req = http.get({ host: '127.0.0.1', port, path: `/fanout?id=${id}&kind=${kind}`, agent: false }, (res) => {
    const leave = (): void => {
      client.active = false
      if (reset) res.socket.resetAndDestroy()
      else req.destroy()
    }
    if (kind === 'leave' && leaveAt === 0) leave()
    res.on('data', (b: Buffer) => {
      if (!client.active) return
      reader.feed(b)
      if (kind === 'leave' && reader.bytes >= leaveAt) leave()
      notify()
    })
    res.on('end', () => {
      client.complete = true
      client.active = false
      notify()
    })
  })
  req.on('error', () => undefined) // a leaver's own destroy
  req.on('close', () => {
    client.active = false
    closed()
    notify()
  })
  return client
}

/** A client that sends its request and never reads: its socket is paused before it connects. */
const stalled = (port: number, id: number): Client => {
  const reader = new SeqReader(MESSAGE_BYTES)
  const decoder = new ChunkedDecoder((bytes) => reader.feed(bytes))
  const socket = net.connect(port, '127.0.0.1')
  socket.pause()
  socket.write(rawRequest(`/fanout?id=${id}&kind=stall`))
  const client: Client = {
    id,
    kind: 'stall',
    reader,
    from: 0,
    active: false,
    complete: false,
    closed: new Promise((resolve) => socket.on('close', () => resolve())),
    resume: () => {
      socket.on('data', (b: Buffer) => {
        decoder.feed(b)
        client.complete = decoder.ended
      })
      socket.resume()
    },
    abandon: () => {
      socket.destroy()
    }
  }
  socket.on('error', () => undefined)
  return client
}

/** `count` keep-alive requests (answered 404), all open at once, then all closed. */
const concurrentRequests = async (port: number, count: number): Promise<void> => {
  const sockets: Array<net.Socket> = []
  await Promise.all(
    range(0, count).map(
      () =>
        new Promise<void>((resolve) => {
          const socket = net.connect(port, '127.0.0.1')
          sockets.push(socket)
          socket.write('GET /warm-up HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
          socket.once('data', () => resolve())
        })
    )
  )
  await Promise.all(sockets.map((s) => new Promise((resolve) => s.destroy().once('close', resolve))))
}

/**
 * Broadcasts to `count` clients with the given policy, in two phases:
 * 1. the stalled clients (10%), the leavers (10%, leaving at random moments) and the first healthy clients (10%)
 *    subscribe, and messages are pushed until every stalled client's socket is full (the server's writer for it
 *    waits for a 'drain' that never comes, and its queue starts to fill);
 * 2. the other healthy clients subscribe, and messages are pushed until every stalled client's queue has overflowed
 *    several times, then `extra` more.
 * Only the first phase needs a few MB per client (what the kernel takes for a socket that is not read), so only a
 * fifth of the clients pay for it. The reading clients are never more than `WINDOW` messages behind the newest.
 */
const broadcastTo = async (
  server: ServerProcess,
  count: number,
  bufferSize: number,
  overflow: Overflow,
  extra: number,
  seed: number
) => {
  const stats = () => server.call<FanoutStats>('stats')
  const heap = () => server.call<Heap>('heap')
  const rand = random(seed)

  const heapEmpty = await heap()
  const empty = await stats()
  await server.call('room', { bufferSize, overflow, messageBytes: MESSAGE_BYTES })

  let pushed = 0
  const clients: Array<Client> = []
  const connect = (ids: ReadonlyArray<number>): Promise<FanoutStats> => {
    for (const id of ids) {
      const kind: Kind = id % 10 === 3 ? 'stall' : id % 10 === 7 ? 'leave' : 'healthy'
      // leavers leave anywhere from the response's head to past the point where the stalled ones overflow
      const leaveAt = id % 20 === 7 ? 0 : Math.floor(rand() * 80 * MESSAGE_BYTES)
      const reset = rand() < 0.5
      clients.push(kind === 'stall' ? stalled(server.port, id) : reading(server.port, id, kind, pushed, leaveAt, reset))
    }
    return pollUntil(stats, (s) => s.requests === clients.length, `${clients.length} clients to subscribe`, 20_000)
  }
  const stalledClients = (): Array<Client> => clients.filter((c) => c.kind === 'stall')

  /** Pushes until `enough` holds for the server's stats (checked every other push), then `more` messages. */
  const pushUntil = async (enough: (s: FanoutStats) => boolean, more: number, what: string): Promise<void> => {
    let last = -1
    while (pushed !== last) {
      if (pushed >= MAX_MESSAGES) throw new Error(`${MAX_MESSAGES} messages pushed, and still not ${what}`)
      const behind = pushed - WINDOW
      await waitFor(
        () => clients.every((c) => !c.active || c.from + c.reader.seqs.length > behind),
        `the reading clients to receive message ${behind}`
      )
      pushed = await server.call<number>('push')
      if (last < 0 && pushed % 2 === 0 && enough(await stats())) last = pushed + more
    }
  }

  // phase 1
  const first = range(0, count).filter((id) => id % 10 === 3 || id % 10 === 5 || id % 10 === 7)
  await connect(first)
  await pushUntil(
    (s) => stalledClients().every((c) => s.writtenToStalled[c.id] < s.pushed),
    0,
    "the stalled clients' sockets full"
  )
  const filledAt = pushed

  // phase 2
  await connect(range(0, count).filter((id) => !first.includes(id)))
  const joinedAt = pushed
  const heapJoined = await heap()
  await pushUntil(
    (s) => stalledClients().every((c) => s.writtenToStalled[c.id] + bufferSize + 4 <= s.pushed),
    extra,
    "the stalled clients' queues overflowed"
  )
  await waitFor(() => clients.every((c) => !c.active || c.from + c.reader.seqs.length === pushed), 'the last message')
  const full = await stats()
  const heapFull = await heap()

  await server.call('end')
  await waitFor(() => clients.every((c) => !c.active), 'the reading clients to end')

  // the healthy clients: every message since they subscribed, in order, none twice, and the end of the response
  for (const c of clients.filter((r) => r.kind === 'healthy')) {
    expect(c.complete).toBe(true)
    expect(c.reader.seqs).toEqual(range(c.from, pushed))
  }
  // the clients that left: what they got before leaving is the beginning of the stream, in order
  const leavers = clients.filter((r) => r.kind === 'leave')
  for (const c of leavers) expect(c.reader.seqs).toEqual(range(0, c.reader.seqs.length))
  expect(leavers.filter((c) => !c.complete).length).toBeGreaterThan(leavers.length / 2)

  // the stalled clients now read what the server kept for them; one in two leaves instead, without reading
  const resumed = stalledClients().filter((c) => c.id % 20 === 3)
  for (const c of stalledClients()) {
    if (resumed.includes(c)) c.resume!()
    else c.abandon!()
  }
  await Promise.all(clients.map((c) => c.closed))
  const done = await pollUntil(
    stats,
    (s) => s.released.length === count && s.connections === 0 && s.closed === s.accepted,
    'every client to be released'
  )
  await server.call('closeRoom')
  const heapDone = await heap()

  return {
    pushed,
    filledAt,
    joinedAt,
    resumed,
    writtenAtStall: full.writtenToStalled,
    releasedBeforeEnd: full.released,
    heapEmpty,
    heapJoined,
    heapFull,
    heapDone,
    empty,
    done
  }
}

describe('a bounded broadcast to many clients, some stalled, some leaving', () => {
  let server: ServerProcess
  beforeAll(async () => {
    server = await startServerProcess('fanout')
    // What the first rounds leave for good is had before any heap is measured, so that what is measured is what
    // the broadcast keeps: Node's http server keeps about 1 MB after its first 1,000 concurrent connections (its own
    // tables grow), and V8 keeps the code it compiled for a first, small broadcast.
    await concurrentRequests(server.port, 1000)
    await broadcastTo(server, 20, 4, 'dropOldest', 4, 0)
  }, 30_000)
  afterAll(async () => {
    await server?.stop()
  })

  /** What must hold whatever the policy: memory bounded while stalled, and nothing left once all are gone. */
  const checkBounds = (r: Awaited<ReturnType<typeof broadcastTo>>, bufferSize: number): void => {
    // while the stalled clients' queues filled and overflowed, the server held a few messages for all of them: the
    // messages are shared, each queue holds at most `bufferSize` of them, each socket the one it is writing
    expect(r.heapFull.arrayBuffers - r.heapJoined.arrayBuffers).toBeLessThan((bufferSize + WINDOW + 8) * MESSAGE_BYTES)
    expect(r.heapFull.heapUsed - r.heapJoined.heapUsed).toBeLessThan(4 * MB)
    // once everybody is gone: all released, all closed, no listener or handle more than before, the heap back
    expect(r.done.connections).toBe(0)
    expect(r.done.listeners).toEqual(r.empty.listeners)
    expect(r.done.resources).toEqual(r.empty.resources)
    expect(r.heapDone.heapUsed - r.heapEmpty.heapUsed).toBeLessThan(1 * MB)
    expect(r.heapDone.arrayBuffers - r.heapEmpty.arrayBuffers).toBeLessThan(2 * MESSAGE_BYTES)
  }

  it("1,000 clients, 'dropOldest': a stalled client keeps the newest bufferSize messages", async () => {
    const bufferSize = 8
    const r = await broadcastTo(server, 1000, bufferSize, 'dropOldest', 4, 1)
    for (const c of r.resumed) {
      const written = r.writtenAtStall[c.id]
      expect(c.complete).toBe(true)
      // what reached its socket before it filled, then the newest `bufferSize`
      expect(c.reader.seqs).toEqual([...range(0, written), ...range(r.pushed - bufferSize, r.pushed)])
    }
    expect(r.releasedBeforeEnd.filter((id) => id % 10 === 3)).toEqual([])
    checkBounds(r, bufferSize)
  }, 80_000)

  it("100 clients, 'dropNewest': a stalled client keeps the oldest bufferSize messages", async () => {
    const bufferSize = 8
    const r = await broadcastTo(server, 100, bufferSize, 'dropNewest', 4 * bufferSize, 2)
    for (const c of r.resumed) {
      expect(c.complete).toBe(true)
      expect(c.reader.seqs).toEqual(range(0, r.writtenAtStall[c.id] + bufferSize))
    }
    expect(r.releasedBeforeEnd.filter((id) => id % 10 === 3)).toEqual([])
    checkBounds(r, bufferSize)
  }, 40_000)

  it("100 clients, 'disconnect': a stalled client gets nothing after its queue overflowed", async () => {
    const bufferSize = 8
    const r = await broadcastTo(server, 100, bufferSize, 'disconnect', 4 * bufferSize, 3)
    for (const c of r.resumed) {
      // its queue was dropped at the overflow; its response ends once it reads what its socket holds (the writer
      // waits for 'drain' until then: a client that never reads keeps its connection until it goes away)
      expect(c.complete).toBe(true)
      expect(c.reader.seqs).toEqual(range(0, r.writtenAtStall[c.id]))
    }
    checkBounds(r, bufferSize)
  }, 40_000)
})

describe("Play's lockstep broadcast (the default), in this process", () => {
  /** Message `seq`, as `serverProcess.ts` makes them. */
  const message = (seq: number): Uint8Array => {
    const b = Buffer.alloc(MESSAGE_BYTES, 0x2e)
    b.write(String(seq).padStart(8, '0'), 0, 'latin1')
    b[MESSAGE_BYTES - 1] = 0x0a
    return b
  }

  it('a stalled client holds back every other; once it leaves, they get every message, in order, once', async () => {
    const [events, channel] = Concurrent.broadcast<Uint8Array>()
    let subscribed = 0
    let released = 0
    const server = await listen(
      Action(() => {
        subscribed++
        return Ok.chunked(
          events.onDoneEnumerating(() => released++),
          Writeable.bytes
        )
      })
    )
    try {
      const readers = range(0, 5).map((id) => reading(server.port, id, 'healthy', 0, 0, false))
      const staller = stalled(server.port, 5)
      await until(() => subscribed === 6, 5000, 'six subscribers')
      // far more than the kernel takes for a socket that is not read (a few MB): the broadcast must wait for it
      const count = 400
      for (let seq = 0; seq < count; seq++) channel.push(message(seq))
      await waitFor(() => readers.every((c) => c.reader.seqs.length >= 30), 'the readers to start')
      await sleep(300)
      expect(Math.max(...readers.map((c) => c.reader.seqs.length))).toBeLessThan(count)
      staller.abandon!()
      await waitFor(() => readers.every((c) => c.reader.seqs.length === count), 'every message', 30_000)
      for (const c of readers) expect(c.reader.seqs).toEqual(range(0, count))
      channel.eofAndEnd()
      await Promise.all([...readers, staller].map((c) => c.closed))
      for (const c of readers) expect(c.complete).toBe(true)
      expect(released).toBe(6)
    } finally {
      await server.close()
    }
  }, 40_000)
})
