/**
 * Test helpers that read responses as they come off a socket: a decoder of the chunked transfer coding fed with raw
 * bytes, and a reader of fixed-size numbered messages that says which messages arrived, in which order.
 */

/**
 * Decodes a response whose body uses the chunked transfer coding, from raw bytes fed in any pieces. `onBody` gets
 * the payload bytes as they are decoded, `onChunk` each chunk's whole payload; `ended` says whether the terminal
 * zero-length chunk came.
 */
export class ChunkedDecoder {
  statusLine = ''
  ended = false
  /** The payload size of each chunk, in order. */
  readonly chunkSizes: Array<number> = []
  private state: 'head' | 'size' | 'data' | 'crlf' | 'trailer' | 'end' = 'head'
  private text = ''
  private remaining = 0
  private pieces: Array<Uint8Array> = []

  constructor(
    private readonly onBody: (bytes: Uint8Array) => void = () => undefined,
    private readonly onChunk?: (payload: Buffer) => void
  ) {}

  feed(b: Buffer): void {
    let i = 0
    while (i < b.length) {
      switch (this.state) {
        case 'head': {
          const before = this.text.length
          this.text += b.toString('latin1', i)
          const end = this.text.indexOf('\r\n\r\n')
          if (end < 0) {
            i = b.length
            break
          }
          // the body starts right after the blank line: in `b`, at `i` plus what the head still took of it
          i += end + 4 - before
          this.statusLine = this.text.slice(0, this.text.indexOf('\r\n'))
          this.text = ''
          this.state = 'size'
          break
        }
        case 'size':
        case 'trailer': {
          const lf = b.indexOf(0x0a, i)
          const stop = lf < 0 ? b.length : lf + 1
          this.text += b.toString('latin1', i, stop)
          i = stop
          if (lf < 0) break
          const line = this.text.slice(0, -2)
          if (!this.text.endsWith('\r\n')) throw new Error(`a line not ended by CRLF: ${JSON.stringify(this.text)}`)
          this.text = ''
          if (this.state === 'trailer') {
            if (line !== '') throw new Error(`unexpected trailer ${JSON.stringify(line)}`)
            this.ended = true
            this.state = 'end'
            break
          }
          if (!/^[0-9a-fA-F]+$/.test(line)) throw new Error(`bad chunk size line ${JSON.stringify(line)}`)
          this.remaining = parseInt(line, 16)
          if (this.remaining === 0) this.state = 'trailer'
          else {
            this.chunkSizes.push(this.remaining)
            this.state = 'data'
          }
          break
        }
        case 'data': {
          const n = Math.min(this.remaining, b.length - i)
          const piece = b.subarray(i, i + n)
          this.onBody(piece)
          if (this.onChunk !== undefined) this.pieces.push(Buffer.from(piece))
          this.remaining -= n
          i += n
          if (this.remaining === 0) {
            if (this.onChunk !== undefined) this.onChunk(Buffer.concat(this.pieces))
            this.pieces = []
            this.state = 'crlf'
          }
          break
        }
        case 'crlf': {
          this.text += String.fromCharCode(b[i++])
          if (this.text.length === 2) {
            if (this.text !== '\r\n') throw new Error('chunk data not followed by CRLF')
            this.text = ''
            this.state = 'size'
          }
          break
        }
        case 'end':
          throw new Error(`${b.length - i} bytes after the terminal chunk`)
      }
    }
  }
}

/**
 * Reads a body made of messages of exactly `size` bytes, each starting with its sequence number as 8 decimal digits
 * and ending with a newline (see `serverProcess.ts`). `seqs` lists the numbers of the complete messages received.
 */
export class SeqReader {
  readonly seqs: Array<number> = []
  bytes = 0
  /** The position in the current message. */
  private at = 0
  private head = ''

  constructor(private readonly size: number) {}

  feed(b: Uint8Array): void {
    const last = this.size - 1
    let i = 0
    while (i < b.length) {
      if (this.at < 8) {
        const n = Math.min(8 - this.at, b.length - i)
        this.head += Buffer.from(b.buffer, b.byteOffset + i, n).toString('latin1')
        this.at += n
        i += n
        continue
      }
      const skip = Math.min(last - this.at, b.length - i)
      this.at += skip
      i += skip
      if (i < b.length) {
        if (b[i] !== 0x0a || !/^\d{8}$/.test(this.head)) {
          throw new Error(`message ${this.seqs.length} is malformed (head ${JSON.stringify(this.head)})`)
        }
        this.seqs.push(Number(this.head))
        this.head = ''
        this.at = 0
        i++
      }
    }
    this.bytes += b.length
  }
}

/** `from`, `from + 1`, … up to `to` excluded. */
export const range = (from: number, to: number): Array<number> => Array.from({ length: to - from }, (_, i) => from + i)
