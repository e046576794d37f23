/**
 * The chunked transfer coding, decoded as bytes come (W4's and W5's clients read raw sockets): the body bytes of each
 * read, the framing removed. A response that ends (its terminal chunk) or a framing error is a failure here: those
 * clients hold long-lived responses that must not end.
 */
const CR = 0x0d
const LF = 0x0a

export class ChunkedDecoder {
  private state: 'size' | 'data' | 'crlf' = 'size'
  private sizeLine = ''
  private dataLeft = 0
  private crlfLeft = 0

  /** The body bytes in `chunk` from `from` on, or what is wrong with the framing. */
  decode(chunk: Buffer, from: number): Array<Buffer> | { readonly error: string } {
    const pieces: Array<Buffer> = []
    let i = from
    while (i < chunk.length) {
      if (this.state === 'size') {
        const lf = chunk.indexOf(LF, i)
        if (lf === -1) {
          this.sizeLine += chunk.toString('latin1', i)
          break
        }
        this.sizeLine += chunk.toString('latin1', i, lf)
        i = lf + 1
        const size = parseInt(this.sizeLine, 16)
        this.sizeLine = ''
        if (!(size >= 0)) return { error: 'a bad chunk size line' }
        if (size === 0) return { error: 'a response ended (the terminal chunk came)' }
        this.dataLeft = size
        this.state = 'data'
      } else if (this.state === 'data') {
        const take = Math.min(this.dataLeft, chunk.length - i)
        pieces.push(chunk.subarray(i, i + take))
        this.dataLeft -= take
        i += take
        if (this.dataLeft === 0) {
          this.state = 'crlf'
          this.crlfLeft = 2
        }
      } else {
        if (chunk[i] !== (this.crlfLeft === 2 ? CR : LF)) return { error: 'no CRLF after a chunk' }
        i++
        if (--this.crlfLeft === 0) this.state = 'size'
      }
    }
    return pieces
  }
}
