/**
 * Three Node server processes (child processes, each a real HTTP server: `serverProcess.ts`) on one redis-server,
 * and real HTTP clients: every client on every process receives every message in the same order; a client that
 * reconnects to another process with `Last-Event-ID` (or `?lastEventId=`) gets exactly what it missed; a small
 * retention gives the gap signal; Redis killed and restarted on the same port.
 */
import { describeWithRedis } from './redisServer'
import { type Line, type Received, type ServerProcess, openStream, post, startServerProcess } from './processes'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const texts = (received: ReadonlyArray<Received>): Array<string> =>
  received.map((r) => ('gap' in r ? `GAP(${r.gap})` : r.line.text))

const idOf = (r: Received | undefined): string => {
  if (r === undefined || !('id' in r)) throw new Error(`not a message: ${JSON.stringify(r)}`)
  return r.id
}

/** Posts `line` to `server`'s stream; resolves with the stream id of the message. */
const say = async (server: ServerProcess, text: string, stream = 'chat'): Promise<string> => {
  const line: Line = { from: server.name, text }
  const r = await post(server.port, `/${stream}/say`, line)
  if (r.status !== 200) throw new Error(`POST /${stream}/say to ${server.name}: ${r.status} ${r.body}`)
  return r.body
}

describeWithRedis('three server processes on one Redis', (redis) => {
  let servers: Array<ServerProcess> = []

  beforeAll(async () => {
    servers = await Promise.all(['p0', 'p1', 'p2'].map((name) => startServerProcess(name, redis().url)))
  }, 60_000)
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
  })

  it('every client on every process receives every message, in the same order', async () => {
    const clients = await Promise.all(
      servers.flatMap((s) => [
        openStream(s.port, '/chat/events', 'sse'),
        openStream(s.port, '/chat/events', 'sse'),
        openStream(s.port, '/chat/comet', 'comet')
      ])
    )
    expect(clients.map((c) => c.servedBy)).toEqual(['p0', 'p0', 'p0', 'p1', 'p1', 'p1', 'p2', 'p2', 'p2'])
    // posted to the three processes at once: the stream decides the order, the same for everyone
    const sent = Array.from({ length: 30 }, (_, i) => `m${i}`)
    const ids = await Promise.all(sent.map((text, i) => say(servers[i % 3], text)))
    await Promise.all(clients.map((c) => c.until((r) => r.length >= 30, 'the 30 messages')))
    await sleep(100)
    const reference = clients[0].received
    for (const c of clients) expect(c.received).toEqual(reference)
    expect(texts(reference).sort()).toEqual([...sent].sort())
    // in the stream's order: the ids the pushes were given, sorted
    expect(reference.map(idOf)).toEqual(
      [...ids].sort((a, b) => (BigInt(a.replace('-', '')) < BigInt(b.replace('-', '')) ? -1 : 1))
    )
    for (const c of clients) c.close()
  }, 30_000)

  it('a client that reconnects to another process with Last-Event-ID gets exactly what it missed', async () => {
    const first = await openStream(servers[0].port, '/chat/events', 'sse')
    for (let i = 0; i < 5; i++) await say(servers[1], `r${i}`)
    await first.until((r) => r.length >= 5, 'the first five')
    const last = idOf(first.received[4])
    first.close()
    // missed while it was away
    for (let i = 5; i < 10; i++) await say(servers[2], `r${i}`)

    const sse = await openStream(servers[1].port, '/chat/events', 'sse', { 'Last-Event-ID': last })
    const comet = await openStream(servers[2].port, `/chat/comet?lastEventId=${encodeURIComponent(last)}`, 'comet')
    for (const c of [sse, comet]) await c.until((r) => r.length >= 5, 'what was missed')
    await say(servers[0], 'r10')
    for (const c of [sse, comet]) await c.until((r) => r.length >= 6, 'the live message')
    await sleep(100)
    for (const c of [sse, comet]) {
      expect(texts(c.received)).toEqual(['r5', 'r6', 'r7', 'r8', 'r9', 'r10'])
      c.close()
    }
  }, 30_000)

  it('a small retention: resuming from a trimmed id gives the gap signal, then what the stream holds, then live', async () => {
    const first = await say(servers[0], 'first', 'tiny')
    for (let i = 0; i < 150; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => say(servers[(i + j) % 3], `t${i + j}`, 'tiny')))
    }
    const resumed = await openStream(servers[1].port, '/tiny/events', 'sse', { 'Last-Event-ID': first })
    await resumed.until((r) => texts(r).includes('t149') || texts(r).length > 150, 'the retained messages')
    await say(servers[2], 'live', 'tiny')
    await resumed.until((r) => texts(r).includes('live'), 'the live message')
    const got = texts(resumed.received)
    // the gap first, naming the id the client gave, then a contiguous tail of what was posted, then live
    expect(got[0]).toBe(`GAP(${first})`)
    const tail = got.slice(1, -1)
    expect(tail.length).toBeGreaterThan(0)
    expect(tail.length).toBeLessThan(150)
    expect(got[got.length - 1]).toBe('live')
    expect(new Set(tail).size).toBe(tail.length)
    expect(tail).toContain('t149')
    resumed.close()
  }, 30_000)

  it('Redis killed and restarted: 503 meanwhile, one report per process, clients stay and resume', async () => {
    const clients = await Promise.all([
      ...servers.map((s) => openStream(s.port, '/chat/events', 'sse')),
      openStream(servers[0].port, '/chat/comet', 'comet')
    ])
    const before = await say(servers[0], 'before')
    for (const c of clients) await c.until((r) => texts(r).includes('before'), '"before"')

    await redis().kill()
    for (const s of servers) {
      for (let deadline = Date.now() + 5000; ;) {
        const r = await post(s.port, '/chat/say', { from: s.name, text: 'while down' })
        if (r.status === 503) break
        if (Date.now() > deadline) throw new Error(`${s.name} answered ${r.status} while Redis was down`)
        await sleep(20)
      }
    }
    await redis().restart()
    for (let deadline = Date.now() + 10_000; ;) {
      const r = await post(servers[1].port, '/chat/say', { from: 'p1', text: 'after' })
      if (r.status === 200) break
      if (Date.now() > deadline) throw new Error(`no push succeeded after the restart: ${r.status} ${r.body}`)
      await sleep(50)
    }
    for (const c of clients) await c.until((r) => texts(r).includes('after'), '"after"')
    await sleep(500)
    for (const c of clients) {
      // Redis came back empty: each process's reader found its last id gone and said so, then went on
      expect(texts(c.received)).toEqual(['before', `GAP(${before})`, 'after'])
      expect(c.ended()).toBe(false)
      c.close()
    }
    for (const s of servers) {
      const errors = await s.errors()
      expect(errors.map((e) => e.kind)).toEqual(['connection'])
      expect(errors[0].message).toMatch(
        new RegExp(`lost the connection to Redis at redis://127\\.0\\.0\\.1:${redis().port}`)
      )
    }
  }, 40_000)
})
