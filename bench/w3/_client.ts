/**
 * W3's client, in its own process (forked by `workload.ts`). For each request from the parent it connects to
 * 127.0.0.1:port, sends `GET path` with `Connection: close`, reads the raw bytes as fast as they come until the
 * terminal zero-length chunk (or the end of the connection), counts the occurrences of the pattern (`</script>` or
 * `\n\n`; neither overlaps itself, and neither can straddle the chunk framing, since every message is written whole
 * in one chunk) and answers with the count, the byte count and the time from just before connecting to the last
 * byte. It exits when the parent's IPC channel closes, so it never outlives the benchmark.
 */
import { connect } from 'node:net'

import type { FetchReply, FetchRequest } from './workload'

const TERMINAL_CHUNK = Buffer.from('\r\n0\r\n\r\n')
const HEAD_END = '\r\n\r\n'

const countIn = (buf: Buffer, pattern: Buffer): number => {
  let n = 0
  let i = buf.indexOf(pattern)
  while (i !== -1) {
    n++
    i = buf.indexOf(pattern, i + pattern.length)
  }
  return n
}

const fetchOnce = (req: FetchRequest): Promise<FetchReply> =>
  new Promise((resolve) => {
    const pattern = Buffer.from(req.pattern)
    const keep = pattern.length - 1
    let count = 0
    let bytes = 0
    // the last `keep` bytes seen, for a pattern that straddles two reads
    let carry: Buffer = Buffer.alloc(0)
    // the last bytes seen, to check for the terminal chunk
    let tail: Buffer = Buffer.alloc(0)
    let head = ''
    let headDone = false
    let lastByte = 0n
    let settled = false

    const t0 = process.hrtime.bigint()
    const socket = connect({ host: '127.0.0.1', port: req.port })
    const timer = setTimeout(() => finish(new Error(`no complete response after ${req.timeoutMs} ms`)), req.timeoutMs)

    const finish = (error?: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      if (error !== undefined) return resolve({ id: req.id, ok: false, error: error.message })
      const lines = head.split('\r\n')
      resolve({
        id: req.id,
        ok: true,
        count,
        bytes,
        ms: Number(lastByte - t0) / 1e6,
        status: lines[0] ?? '',
        chunked: lines.some((l) => /^transfer-encoding:\s*chunked\s*$/i.test(l)),
        complete: tail.equals(TERMINAL_CHUNK)
      })
    }

    socket.setNoDelay(true)
    socket.on('connect', () => {
      socket.write(`GET ${req.path} HTTP/1.1\r\nHost: 127.0.0.1:${req.port}\r\nConnection: close\r\n\r\n`)
    })
    socket.on('data', (chunk: Buffer) => {
      lastByte = process.hrtime.bigint()
      bytes += chunk.length
      if (!headDone) {
        head += chunk.toString('latin1', 0, Math.min(chunk.length, 8192))
        const end = head.indexOf(HEAD_END)
        if (end !== -1) {
          head = head.slice(0, end)
          headDone = true
        } else if (head.length > 65536) head = head.slice(0, 65536)
      }
      if (keep > 0 && carry.length > 0) {
        count += countIn(Buffer.concat([carry, chunk.subarray(0, keep)]), pattern)
      }
      count += countIn(chunk, pattern)
      carry = chunk.length >= keep ? chunk.subarray(chunk.length - keep) : Buffer.concat([carry, chunk]).subarray(-keep)
      tail =
        chunk.length >= TERMINAL_CHUNK.length
          ? chunk.subarray(chunk.length - TERMINAL_CHUNK.length)
          : Buffer.concat([tail, chunk]).subarray(-TERMINAL_CHUNK.length)
      // the terminal zero-length chunk ends the response, whether or not the server then closes the connection
      // (better-sse answers `Connection: keep-alive` even to `Connection: close`)
      if (headDone && tail.equals(TERMINAL_CHUNK)) finish()
    })
    socket.on('error', (e) => finish(e))
    // a server that closes without the terminal chunk: `complete` is false and the run fails
    socket.on('end', () => finish())
    socket.on('close', () => finish(new Error('connection closed without an end')))
  })

process.on('message', (m: FetchRequest) => {
  fetchOnce(m).then(
    (reply) => process.send?.(reply),
    (e: unknown) => process.send?.({ id: m.id, ok: false, error: String(e) } satisfies FetchReply)
  )
})
process.on('disconnect', () => process.exit(0))
process.send?.('ready')
