/**
 * Searching a stream of bytes for a needle: `Parsing.search(needle)` cuts the stream into the
 * parts that are the needle (`Matched`) and the parts between them (`Unmatched`), wherever the
 * chunk boundaries fall.
 *
 * ```
 *   chunks:   "xx"  "kxckikixckikio"  "cockik"  "isdodskikisd"  "ksdloii"  EOF
 *   search("kiki"):
 *   Unmatched(xxkxc) Matched(kiki) Unmatched(xc) Matched(kiki) Unmatched(ococ) Matched(kiki)
 *   Unmatched(sdods) Matched(kiki) Unmatched(sdks) Unmatched(dloii)
 * ```
 *
 * Law: whatever the chunking, the contents concatenated are the input, and every `Matched`
 * holds the needle.
 *
 * Play: `play.api.libs.iteratee.Parsing`.
 *
 * @since 0.1.0
 */
import { type Input, Input as In } from './Input'
import type { Enumeratee } from './Enumeratee'
import type { Iteratee } from './Iteratee'
import * as C from './internal/core'
import * as I from './internal/iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A part of the stream that is the needle.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Parsing } from 'play-iteratees-ts'
 * const part = Parsing.Matched('kiki')
 * assert.deepStrictEqual(part, { content: 'kiki', isMatch: true })
 * ```
 *
 * @play play.api.libs.iteratee.Parsing.Matched
 * @category model
 */
export interface Matched<A> {
  /** The bytes of the needle, as found in the stream. @play play.api.libs.iteratee.Parsing.MatchInfo#content */
  readonly content: A
  /** Always `true`: this part is the needle. @play play.api.libs.iteratee.Parsing.MatchInfo#isMatch */
  readonly isMatch: true
}

/**
 * A part of the stream between matches.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Parsing } from 'play-iteratees-ts'
 * const part = Parsing.Unmatched('xx')
 * assert.deepStrictEqual(part, { content: 'xx', isMatch: false })
 * ```
 *
 * @play play.api.libs.iteratee.Parsing.Unmatched
 * @category model
 */
export interface Unmatched<A> {
  /**
   * The bytes between two matches (or before the first, or after the last).
   *
   * @play play.api.libs.iteratee.Parsing.MatchInfo#content
   */
  readonly content: A
  /** Always `false`: this part is not the needle. @play play.api.libs.iteratee.Parsing.MatchInfo#isMatch */
  readonly isMatch: false
}

/**
 * What `search` emits: plain data `{ content, isMatch }`, a `Matched` or an `Unmatched` part.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Parsing, type MatchInfo } from 'play-iteratees-ts'
 * const bytes = (s: string) => new TextEncoder().encode(s)
 * const describe = (m: MatchInfo<Uint8Array>) => (m.isMatch ? 'match' : new TextDecoder().decode(m.content))
 * const parts = await Enumerator(bytes('a,b')).through(Parsing.search(bytes(','))).run(Iteratee.getChunks())
 * assert.deepStrictEqual(parts.map(describe), ['a', 'match', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Parsing.MatchInfo
 * @category model
 */
export type MatchInfo<A> = Matched<A> | Unmatched<A>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A `Matched` part holding `content`: `{ content, isMatch: true }`.
 *
 * @play play.api.libs.iteratee.Parsing.Matched
 * @category constructors
 */
const matched = <A>(content: A): Matched<A> => ({ content, isMatch: true })

/**
 * An `Unmatched` part holding `content`: `{ content, isMatch: false }`.
 *
 * @play play.api.libs.iteratee.Parsing.Unmatched
 * @category constructors
 */
const unmatched = <A>(content: A): Unmatched<A> => ({ content, isMatch: false })

// -------------------------------------------------------------------------------------
// the scan (Boyer-Moore-Horspool, deciding exactly as Play's does)
// -------------------------------------------------------------------------------------

/** Horspool's shift for each byte: how far the window may move when that byte ends it. */
const shiftTable = (needle: Uint8Array): Int32Array => {
  const n = needle.length
  const table = new Int32Array(256).fill(n)
  for (let i = 0; i < n - 1; i++) table[needle[i]] = n - 1 - i
  return table
}

/**
 * Scans `all` and records its parts in `parts` as pairs `(end, isMatch ? 1 : 0)`, each part
 * starting where the previous one ended (the first at 0); returns where the part that is kept for
 * the next chunk starts. Decides exactly as Play's `scan`: a window that would run past the end
 * keeps everything from its start, and a piece shorter than the needle is kept whole.
 */
const scan = (all: Uint8Array, needle: Uint8Array, shift: Int32Array, parts: Array<number>): number => {
  const n = needle.length
  const len = all.length
  const last = n - 1
  let base = 0
  let pos = 0
  if (len < n) return 0
  for (;;) {
    let j = last
    while (j >= 0 && all[pos + j] === needle[j]) j--
    if (j < 0) {
      if (pos > base) parts.push(pos, 0)
      base = pos + n
      parts.push(base, 1)
      if (len - base < n) return base
      pos = base
    } else {
      const next = pos + shift[all[pos + last]]
      if (next + n > len) {
        if (pos > base) parts.push(pos, 0)
        return pos
      }
      pos = next
    }
  }
}

const concatBytes = I.concatBytes

const leftover = <B extends Uint8Array>(bytes: B): Input<B> => (bytes.length === 0 ? In.Empty : In.El(bytes))

// -------------------------------------------------------------------------------------
// the enumeratee
// -------------------------------------------------------------------------------------

type Outer<B, A> = Iteratee<B, Iteratee<MatchInfo<Uint8Array>, A>>

/**
 * Cuts a stream of bytes into `Matched(needle)` and `Unmatched(bytes between)` parts, across
 * chunk boundaries (Boyer-Moore-Horspool). As in Play, the bytes from the last window tried in a
 * chunk (fewer than twice the needle) are held back for the next chunk, and the bytes before it
 * are emitted at once; so how the bytes between two matches are cut into `Unmatched` parts
 * depends on the chunks, where the matches are does not. At EOF what is held back is emitted as
 * one last `Unmatched`, which is empty when the stream ended with a match, as in Play (an empty
 * stream gives nothing). When the inner iteratee is done, the bytes it did not
 * get are left over. Contents may share memory with the input chunks (they are `subarray`s).
 * An empty needle is a `TypeError`. The type parameter lets the enumeratee take any kind of
 * `Uint8Array` (a `Buffer`, say); it is inferred from the context.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Parsing } from 'play-iteratees-ts'
 * const bytes = (s: string) => new TextEncoder().encode(s)
 * const parts = await Enumerator(bytes('a--b-'), bytes('-c'))
 *   .through(Parsing.search(bytes('--')))
 *   .run(Iteratee.getChunks())
 * // the needle is found even where it straddles two chunks ('b-' then '-c')
 * assert.deepStrictEqual(
 *   parts.map((p) => [new TextDecoder().decode(p.content), p.isMatch]),
 *   [['a', false], ['--', true], ['b', false], ['--', true], ['c', false]]
 * )
 * ```
 *
 * @play play.api.libs.iteratee.Parsing.search
 * @category constructors
 * @since 0.1.0
 */
const search = <B extends Uint8Array = Uint8Array>(needle: Uint8Array): Enumeratee<B, MatchInfo<Uint8Array>> => {
  if (needle.length === 0) throw new TypeError('Parsing.search: the needle must not be empty')
  const pattern = Uint8Array.from(needle) // the caller may reuse its array
  const shift = shiftTable(pattern)

  /** Waiting for input, with `rest` held back; `seen`: whether a chunk came (then EOF emits `rest`). */
  const go = <A>(rest: Uint8Array, seen: boolean, c: Iteratee<MatchInfo<Uint8Array>, A>): Outer<B, A> =>
    I.cont((input: Input<B>): Outer<B, A> => {
      if (input._tag === 'Empty') return go(rest, seen, c)
      if (input._tag === 'EOF') return I.done(seen ? I.continueWith(c, In.El(unmatched(rest))) : c, In.EOF)
      const all = concatBytes(rest, input.e)
      const parts: Array<number> = []
      const keep = scan(all, pattern, shift, parts)
      return feedParts(c, all, parts, 0, 0, keep)
    })

  /** Feeds the parts from `parts[i]` (starting at byte `from`) in a loop; waits on a pending inner iteratee. */
  const feedParts = <A>(
    it: Iteratee<MatchInfo<Uint8Array>, A>,
    all: Uint8Array,
    parts: ReadonlyArray<number>,
    i: number,
    from: number,
    keep: number
  ): Outer<B, A> => {
    for (;;) {
      const s = I.settle(it)
      if (I.isPending(s)) {
        const at = i
        const start = from
        return I.whenKnown(s, (next: Iteratee<MatchInfo<Uint8Array>, A>) =>
          feedParts(next, all, parts, at, start, keep)
        )
      }
      if (!I.isCont(s)) return I.done(s, leftover(all.subarray(from) as B))
      if (i >= parts.length) return go(all.slice(keep), true, s) // a copy: the caller may reuse its chunk
      const end = parts[i]
      const content = all.subarray(from, end)
      it = I.continueWith(s, In.El(parts[i + 1] === 1 ? matched(content) : unmatched(content)))
      from = end
      i += 2
    }
  }

  return C.enumeratee(<A>(c: Iteratee<MatchInfo<Uint8Array>, A>) => go(new Uint8Array(0), false, c))
}

// -------------------------------------------------------------------------------------
// the namespace
// -------------------------------------------------------------------------------------

/**
 * Searching a stream of bytes for a needle: `search`, and the `MatchInfo` constructors `Matched` and `Unmatched`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Parsing } from 'play-iteratees-ts'
 * const bytes = (s: string) => new TextEncoder().encode(s)
 * // count the lines of a stream of bytes, wherever the chunks are cut
 * const newlines = await Enumerator(bytes('one\ntw'), bytes('o\nthree\n'))
 *   .through(Parsing.search(bytes('\n')))
 *   .run(Iteratee.fold(0, (n: number, part) => (part.isMatch ? n + 1 : n)))
 * assert.strictEqual(newlines, 3)
 * ```
 *
 * @play play.api.libs.iteratee.Parsing
 * @since 0.1.0
 */
export const Parsing = {
  search,
  Matched: matched,
  Unmatched: unmatched
} as const
