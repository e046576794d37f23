/**
 * W4's clients, all in this one process (forked by `workload.ts`): C keep-alive connections to 127.0.0.1, each a raw
 * socket with a minimal HTTP/1.1 response parser (status line, headers, chunked framing) and a parser of the messages
 * in the body, so that the client costs as little CPU as it can and is not what the benchmark measures.
 *
 * Every message carries a sequence number (`msg-<n>`, numbered from 0 across the runs of one implementation), and
 * every connection checks that it gets them all, in order, once each: a message out of order, anything else in the
 * body, the end of a response or a closed connection is an error, which the next answer to the parent reports.
 *
 * ```
 *   parent                                     this process
 *   { connect, port, count, format }  ── IPC ──▶ opens `count` connections (at most CONNECTING at a time), each
 *                                               ready once its head and the format's preamble have come
 *                                     ◀── IPC ── { connected }
 *   { await, through: n }             ── IPC ──▶ answers when every connection has had every message before n
 *   (then broadcasts, at once)                  (the messages may come before or after this request)
 *                                     ◀── IPC ── { received, messages, cpuMs }: messages parsed since the last answer,
 *                                               CPU time this process used since its last answer
 * ```
 *
 * It exits when the parent's IPC channel closes, so it never outlives the benchmark.
 */
import { type Socket, connect } from 'node:net'

import { type ClientReply, type ClientRequest, FORMATS, type Format } from './workload'
import { ChunkedDecoder } from '../lib/chunkedDecoder'

/** Connections waiting for their response's start at one time: enough to be quick, few enough for the listen backlog. */
const CONNECTING = 200

const LF = 10
const DIGIT_0 = 48
const DIGIT_9 = 57

let failure: string | undefined
const connections: Array<Connection> = []
/** Messages parsed since the last answer to an `await`. */
let parsed = 0
/** The `await` being served: the sequence number every connection must reach. */
let target: { readonly id: number; readonly through: number } | undefined
/** Connections whose next expected message is `target.through`. */
let reached = 0
let cpuMark = process.cpuUsage()

const reply = (m: ClientReply): void => {
  process.send?.(m)
}

const fail = (why: string): void => {
  if (failure !== undefined) return
  failure = why
  if (target !== undefined) {
    const t = target
    target = undefined
    reply({ type: 'error', id: t.id, message: why })
  }
}

const answerIfAllReached = (): void => {
  if (target === undefined || reached < connections.length) return
  const t = target
  target = undefined
  const cpu = process.cpuUsage(cpuMark)
  cpuMark = process.cpuUsage()
  const messages = parsed
  parsed = 0
  reply({ type: 'received', id: t.id, messages, cpuMs: (cpu.user + cpu.system) / 1000 })
}

/** One connection: its socket and the state of its parsers. */
class Connection {
  private head = ''
  private headDone = false
  private readonly chunks = new ChunkedDecoder()
  /** Body bytes not parsed into messages yet (an incomplete message). */
  private pending: Buffer = Buffer.alloc(0)
  private ready = false
  /** The sequence number of the next message. */
  next = 0
  readonly socket: Socket

  constructor(
    port: number,
    path: string,
    private readonly format: Format,
    private readonly onReady: () => void
  ) {
    this.socket = connect({ host: '127.0.0.1', port })
    this.socket.on('connect', () => {
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: */*\r\n\r\n`)
    })
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk))
    this.socket.on('error', (e) => fail(`connection error: ${e.message}`))
    this.socket.on('close', () => fail('a connection closed'))
  }

  private onData(chunk: Buffer): void {
    if (failure !== undefined) return
    let i = 0
    if (!this.headDone) {
      i = this.readHead(chunk)
      if (i < 0) return
    }
    // the body bytes of this read, chunk framing removed
    const pieces = this.chunks.decode(chunk, i)
    if (!Array.isArray(pieces)) return fail(pieces.error)
    if (pieces.length === 0) return
    const body = this.pending.length === 0 && pieces.length === 1 ? pieces[0] : Buffer.concat([this.pending, ...pieces])
    const before = this.next
    const end = this.readMessages(body)
    if (end < 0) return
    this.pending = end === body.length ? Buffer.alloc(0) : body.subarray(end)
    if (this.next !== before) {
      parsed += this.next - before
      if (target !== undefined) {
        if (this.next > target.through)
          return fail(`a connection got message ${this.next - 1}, past the end of the run`)
        if (this.next === target.through) {
          reached++
          answerIfAllReached()
        }
      }
    }
  }

  /** Reads the response head; the index where the body starts, or -1 (incomplete, or failed). */
  private readHead(chunk: Buffer): number {
    const before = this.head.length
    this.head += chunk.toString('latin1', 0, Math.min(chunk.length, 8192))
    const end = this.head.indexOf('\r\n\r\n')
    if (end === -1) {
      if (this.head.length > 16384) fail('a response head is too long')
      return -1
    }
    const lines = this.head.slice(0, end).split('\r\n')
    this.head = ''
    this.headDone = true
    if (!/^HTTP\/1\.1 200 /.test(lines[0])) {
      fail(`status ${JSON.stringify(lines[0])}`)
      return -1
    }
    if (!lines.some((l) => /^transfer-encoding:\s*chunked\s*$/i.test(l))) {
      fail('a response is not chunked')
      return -1
    }
    return end + 4 - before
  }

  /**
   * Parses the messages in `body`: first the preamble, then whole messages; the index after the last whole one, or
   * -1 when the body is not what it must be.
   */
  private readMessages(body: Buffer): number {
    const f = PARSERS[this.format]
    let pos = 0
    if (!this.ready) {
      const n = Math.min(body.length, f.preamble.length)
      if (body.compare(f.preamble, 0, n, 0, n) !== 0) {
        fail('a response does not start with the preamble')
        return -1
      }
      if (n < f.preamble.length) return 0
      pos = f.preamble.length
      this.ready = true
      this.onReady()
    }
    for (;;) {
      const m = f.message(body, pos)
      if (m === INCOMPLETE) return pos
      if (m === MALFORMED) {
        fail(`a malformed message: ${JSON.stringify(body.toString('latin1', pos, pos + 200))}`)
        return -1
      }
      if (m.n !== this.next) {
        fail(`a connection got message ${m.n} where ${this.next} was due`)
        return -1
      }
      this.next++
      pos = m.end
    }
  }
}

const INCOMPLETE = 'incomplete'
const MALFORMED = 'malformed'

/** One message parsed: its sequence number and the index after it. */
interface Parsed {
  n: number
  end: number
}

/** How a body is read: the preamble it starts with, and a reader of one message at `pos`. */
interface Parser {
  readonly preamble: Buffer
  readonly message: (body: Buffer, pos: number) => Parsed | typeof INCOMPLETE | typeof MALFORMED
}

/** The sequence number written in decimal at `from`, and the index after its digits (`from` when there are none). */
const digits = (body: Buffer, from: number, out: Parsed): void => {
  let j = from
  let n = 0
  while (j < body.length && body[j] >= DIGIT_0 && body[j] <= DIGIT_9) n = n * 10 + body[j++] - DIGIT_0
  out.n = n
  out.end = j
}

const startsWith = (body: Buffer, pos: number, bytes: Buffer): boolean =>
  body.compare(bytes, 0, bytes.length, pos, pos + bytes.length) === 0

/**
 * Messages written as a prefix, the number, a suffix, one after the other, nothing between: Comet's
 * `<script type="text/javascript">CALLBACK('msg-N');</script>`, our EventSource's `data: msg-N\n\n`.
 */
const affixParser = (f: { readonly preamble: string; readonly prefix: string; readonly suffix: string }): Parser => {
  const prefix = Buffer.from(f.prefix, 'latin1')
  const suffix = Buffer.from(f.suffix, 'latin1')
  const out: Parsed = { n: 0, end: 0 }
  return {
    preamble: Buffer.from(f.preamble, 'latin1'),
    message: (body, pos) => {
      if (body.length - pos < prefix.length) return INCOMPLETE
      if (!startsWith(body, pos, prefix)) return MALFORMED
      digits(body, pos + prefix.length, out)
      const j = out.end
      if (j + suffix.length > body.length) return INCOMPLETE
      if (j === pos + prefix.length || !startsWith(body, j, suffix)) return MALFORMED
      out.end = j + suffix.length
      return out
    }
  }
}

/** Server-sent events: frames ending with an empty line, each with a line `data:"msg-N"` (other lines: any). */
const sseParser = (): Parser => {
  const f = FORMATS.sse
  const data = Buffer.from(f.prefix, 'latin1')
  const quote = f.suffix.charCodeAt(0)
  const out: Parsed = { n: 0, end: 0 }
  return {
    preamble: Buffer.from(f.preamble, 'latin1'),
    message: (body, pos) => {
      const end = body.indexOf(FRAME_END, pos)
      if (end === -1) return INCOMPLETE
      const d = body.indexOf(data, pos)
      if (d === -1 || d > end || (d > pos && body[d - 1] !== LF)) return MALFORMED
      digits(body, d + data.length, out)
      const j = out.end
      if (j === d + data.length || body[j] !== quote || !(j + 1 === end || body[j + 1] === LF)) return MALFORMED
      out.end = end + FRAME_END.length
      return out
    }
  }
}

const FRAME_END = Buffer.from('\n\n')

const PARSERS: Readonly<Record<Format, Parser>> = {
  comet: affixParser(FORMATS.comet),
  sse: sseParser(),
  eventSource: affixParser(FORMATS.eventSource)
}

const open = (port: number, path: string, count: number, format: Format): Promise<void> =>
  new Promise((resolve, reject) => {
    let started = 0
    let ready = 0
    const check = setInterval(() => {
      if (failure !== undefined) {
        clearInterval(check)
        reject(new Error(failure))
      }
    }, 50)
    const startOne = (): void => {
      started++
      connections.push(
        new Connection(port, path, format, () => {
          ready++
          if (ready === count) {
            clearInterval(check)
            resolve()
          } else if (started < count) startOne()
        })
      )
    }
    while (started < Math.min(count, CONNECTING)) startOne()
  })

process.on('message', (m: ClientRequest) => {
  switch (m.type) {
    case 'connect':
      if (connections.length > 0) {
        reply({ type: 'error', id: m.id, message: 'already connected' })
        return
      }
      open(m.port, m.path, m.count, m.format).then(
        () => {
          parsed = 0
          cpuMark = process.cpuUsage()
          reply({ type: 'connected', id: m.id })
        },
        (e: unknown) => reply({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) })
      )
      return
    case 'await':
      if (failure !== undefined) {
        reply({ type: 'error', id: m.id, message: failure })
        return
      }
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
