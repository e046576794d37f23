/**
 * W5's clients, all in this one process (forked by `workload.ts`): keep-alive connections to the two server processes,
 * each a raw socket with a minimal HTTP/1.1 response parser (status line, headers, chunked framing), and a scanner of
 * the messages in the body, whatever the format around them: every message is `msg-<n>-<time>` (a run's, numbered from
 * 0 across the runs of one implementation) or `msg-s-<k>` (a synchronisation message, not counted).
 *
 * Every connection checks that it gets the numbered messages in order, once each: a message out of order, the end of
 * a response or a closed connection is an error, which the next answer to the parent reports. For each delivery it
 * notes the time from the message's stamp to the moment it is parsed.
 *
 * ```
 *   parent                                   this process
 *   { connect, ports, perPort }  ── IPC ──▶ opens perPort connections to each port (at most CONNECTING at a time)
 *                                ◀── IPC ── { connected }: every one has its response head
 *   { sync }                     ── IPC ──▶ answers when every connection has received a synchronisation message
 *   { await, through: n }        ── IPC ──▶ answers when every connection has had every message before n, with the
 *                                           run's latencies (p50, p99) and the CPU time used since the last answer
 * ```
 *
 * It exits when the parent's IPC channel closes.
 */
import { type Socket, connect } from 'node:net'

import type { ClientReply, ClientRequest } from './workload'
import { ChunkedDecoder } from '../lib/chunkedDecoder'

const CONNECTING = 200
const DIGIT_0 = 48
const DIGIT_9 = 57
const DOT = 46
const DASH = 45
const S = 115
const MARK = Buffer.from('msg-', 'latin1')

const now = (): number => performance.timeOrigin + performance.now()

let failure: string | undefined
const connections: Array<Connection> = []
let parsed = 0
let target: { readonly id: number; readonly through: number } | undefined
let reached = 0
let syncing: { readonly id: number } | undefined
let synced = 0
let cpuMark = process.cpuUsage()
/** The run's latencies, in ms. */
let latencies = new Float64Array(1024)
let latencyCount = 0

const reply = (m: ClientReply): void => {
  process.send?.(m)
}

const fail = (why: string): void => {
  if (failure !== undefined) return
  failure = why
  for (const w of [target, syncing]) if (w !== undefined) reply({ type: 'error', id: w.id, message: why })
  target = syncing = undefined
}

const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]

const answerIfAllReached = (): void => {
  if (target === undefined || reached < connections.length) return
  const t = target
  target = undefined
  const cpu = process.cpuUsage(cpuMark)
  cpuMark = process.cpuUsage()
  const sorted = latencies.slice(0, latencyCount).sort()
  latencyCount = 0
  const messages = parsed
  parsed = 0
  reply({
    type: 'received',
    id: t.id,
    messages,
    cpuMs: (cpu.user + cpu.system) / 1000,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99)
  })
}

const record = (latency: number): void => {
  if (latencyCount === latencies.length) {
    const bigger = new Float64Array(latencies.length * 2)
    bigger.set(latencies)
    latencies = bigger
  }
  latencies[latencyCount++] = latency
}

class Connection {
  private head = ''
  private headDone = false
  private readonly chunks = new ChunkedDecoder()
  private pending: Buffer = Buffer.alloc(0)
  private gotSync = false
  next = 0
  readonly socket: Socket

  constructor(
    port: number,
    private readonly onReady: () => void
  ) {
    this.socket = connect({ host: '127.0.0.1', port })
    this.socket.on('connect', () => {
      this.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`)
    })
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk))
    this.socket.on('error', (e) => fail(`connection error: ${e.message}`))
    this.socket.on('close', () => fail('a connection closed'))
  }

  private onData(chunk: Buffer): void {
    if (failure !== undefined) return
    const at = now()
    let i = 0
    if (!this.headDone) {
      const before = this.head.length
      this.head += chunk.toString('latin1')
      const end = this.head.indexOf('\r\n\r\n')
      if (end === -1) return
      if (!/^HTTP\/1\.1 200 /.test(this.head)) return fail(`a response: ${this.head.slice(0, 100)}`)
      if (!/transfer-encoding: chunked/i.test(this.head.slice(0, end))) return fail('a response is not chunked')
      this.headDone = true
      i = end + 4 - before
      this.onReady()
    }
    const pieces = this.chunks.decode(chunk, i)
    if (!Array.isArray(pieces)) return fail(pieces.error)
    if (pieces.length === 0) return
    const body = this.pending.length === 0 && pieces.length === 1 ? pieces[0] : Buffer.concat([this.pending, ...pieces])
    const end = this.scan(body, at)
    if (end < 0) return
    this.pending = end === body.length ? Buffer.alloc(0) : Buffer.from(body.subarray(end))
  }

  /** Reads the complete messages of `body`; gives where the incomplete rest starts, or -1 after a failure. */
  private scan(body: Buffer, at: number): number {
    let pos = 0
    for (;;) {
      const m = body.indexOf(MARK, pos)
      if (m === -1) return Math.max(pos, body.length - MARK.length + 1)
      let j = m + MARK.length
      if (j >= body.length) return m
      if (body[j] === S) {
        // msg-s-<k>: wait for the character after the digits
        j += 2
        while (j < body.length && body[j] >= DIGIT_0 && body[j] <= DIGIT_9) j++
        if (j >= body.length) return m
        if (!this.gotSync) {
          this.gotSync = true
          synced++
          this.answerSync()
        }
        pos = j
        continue
      }
      let n = 0
      const digitsFrom = j
      while (j < body.length && body[j] >= DIGIT_0 && body[j] <= DIGIT_9) n = n * 10 + body[j++] - DIGIT_0
      if (j >= body.length) return m
      if (j === digitsFrom || body[j] !== DASH) {
        fail(`a malformed message: ${JSON.stringify(body.toString('latin1', m, m + 60))}`)
        return -1
      }
      const t0 = ++j
      while (j < body.length && ((body[j] >= DIGIT_0 && body[j] <= DIGIT_9) || body[j] === DOT)) j++
      if (j >= body.length) return m
      const stamp = Number(body.toString('latin1', t0, j))
      if (n !== this.next) {
        fail(`a connection got message ${n} where ${this.next} was due`)
        return -1
      }
      this.next++
      parsed++
      record(at - stamp)
      if (target !== undefined && this.next === target.through) {
        reached++
        answerIfAllReached()
      }
      pos = j
    }
  }

  private answerSync(): void {
    if (syncing !== undefined && synced === connections.length) {
      const s = syncing
      syncing = undefined
      // the runs' CPU time starts now
      cpuMark = process.cpuUsage()
      reply({ type: 'synced', id: s.id })
    }
  }

  answerSyncIfDone(): void {
    this.answerSync()
  }
}

const open = (ports: ReadonlyArray<number>, perPort: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const todo: Array<number> = ports.flatMap((p) => Array.from({ length: perPort }, () => p))
    const total = todo.length
    let ready = 0
    const check = setInterval(() => {
      if (failure !== undefined) {
        clearInterval(check)
        reject(new Error(failure))
      }
    }, 50)
    const startOne = (): void => {
      const port = todo.shift()
      if (port === undefined) return
      connections.push(
        new Connection(port, () => {
          ready++
          if (ready === total) {
            clearInterval(check)
            resolve()
          } else startOne()
        })
      )
    }
    for (let i = 0; i < CONNECTING; i++) startOne()
  })

process.on('message', (m: ClientRequest) => {
  switch (m.type) {
    case 'connect':
      if (connections.length > 0) return reply({ type: 'error', id: m.id, message: 'already connected' })
      open(m.ports, m.perPort).then(
        () => reply({ type: 'connected', id: m.id }),
        (e: unknown) => reply({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) })
      )
      return
    case 'sync':
      if (failure !== undefined) return reply({ type: 'error', id: m.id, message: failure })
      syncing = { id: m.id }
      connections[0]?.answerSyncIfDone()
      return
    case 'await':
      if (failure !== undefined) return reply({ type: 'error', id: m.id, message: failure })
      target = { id: m.id, through: m.through }
      reached = 0
      for (const c of connections) {
        if (c.next > m.through) return fail(`a connection got message ${c.next - 1}, past the end of the run`)
        if (c.next === m.through) reached++
      }
      answerIfAllReached()
      return
    case 'close':
      for (const c of connections) {
        c.socket.removeAllListeners('close')
        c.socket.destroy()
      }
      connections.length = 0
      reply({ type: 'closed', id: m.id })
      return
  }
})
process.on('disconnect', () => process.exit(0))
process.send?.('ready')
