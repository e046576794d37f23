/**
 * Three Node server processes (child processes, each a real HTTP server: `serverProcess.ts`) on one redis-server,
 * and real HTTP clients: every client on every process receives every message in the same order; a client that
 * reconnects to another process with `Last-Event-ID` (or `?lastEventId=`) gets exactly what it missed; a small
 * retention gives the gap signal; Redis killed and restarted on the same port.
 */
import { spawn } from 'node:child_process'
import * as http from 'node:http'
import * as path from 'node:path'
import { describeWithRedis, freePort } from './redisServer'
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
      [...ids].sort((a, b) => {
        const [am, as] = a.split('-').map(BigInt)
        const [bm, bs] = b.split('-').map(BigInt)
        return am !== bm ? (am < bm ? -1 : 1) : as < bs ? -1 : as > bs ? 1 : 0
      })
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

  it('npm start with REDIS_URL: the demo from 2 cluster workers; what one page posts reaches the pages of both', async () => {
    const port = await freePort()
    const root = path.resolve(__dirname, '../..')
    const npmStart = spawn(
      process.execPath,
      [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'examples/server.ts'],
      {
        cwd: root,
        env: { ...process.env, REDIS_URL: redis().url, WORKERS: '2', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const exited = new Promise<number | null>((resolve) => npmStart.once('exit', (code) => resolve(code)))
    try {
      let out = ''
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`npm start did not start in 60 s: ${out}`)), 60_000)
        const onData = (b: Buffer): void => {
          out += b.toString()
          if (/2 workers/.test(out)) {
            clearTimeout(timer)
            resolve()
          }
        }
        npmStart.stdout.on('data', onData)
        npmStart.stderr.on('data', onData)
        void exited.then((code) => reject(new Error(`npm start exited (${code}): ${out}`)))
      })
      // node:cluster hands connections to the workers in turn: open pages' streams until both have some
      const streams: Array<{ servedBy: string; body: () => string; close: () => void }> = []
      while (new Set(streams.map((s) => s.servedBy)).size < 2 || streams.length < 4) {
        if (streams.length > 12) throw new Error(`all served by ${streams[0].servedBy}`)
        streams.push(
          await new Promise((resolve, reject) => {
            const req = http.get({ host: '127.0.0.1', port, path: '/chat/comet', agent: false }, (res) => {
              let body = ''
              res.setEncoding('utf8')
              res.on('data', (c: string) => (body += c))
              resolve({ servedBy: String(res.headers['x-served-by']), body: () => body, close: () => req.destroy() })
            })
            req.on('error', reject)
          })
        )
      }
      expect((await post(port, '/chat/say', { from: 'kiki', text: 'across workers' })).status).toBe(200)
      for (const s of streams) {
        for (let deadline = Date.now() + 10_000; !s.body().includes('"text":"across workers"'); await sleep(20)) {
          if (Date.now() > deadline) throw new Error(`${s.servedBy} did not get the message: ${s.body().slice(-300)}`)
        }
        expect(s.body()).toMatch(
          /parent\.chatMessage\(\{"id":\d+,"at":"[^"]+","from":"kiki","text":"across workers"\}\)/
        )
        s.close()
      }
    } finally {
      // stopped by its PID: the primary stops its workers, then exits
      npmStart.kill('SIGTERM')
      const code = await Promise.race([exited, sleep(15_000).then(() => 'still running')])
      if (code === 'still running') npmStart.kill('SIGKILL')
      expect(code).toBe(0)
    }
  }, 100_000)

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
