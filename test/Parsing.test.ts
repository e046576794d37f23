import * as fc from 'fast-check'
import { Cont, Done, Enumerator, Input, Iteratee, type MatchInfo, Parsing } from '../src'
import { chunkings, feedChunks, isStillPending, later, rejectsWith, settlesWithin, variants } from './helpers'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1')

/** A MatchInfo as Play's spec prints it: `Matched(kiki)`, `Unmatched(xc)`. */
const show = (m: MatchInfo<Uint8Array>): string => `${m.isMatch ? 'Matched' : 'Unmatched'}(${text(m.content)})`

const searchAll = (
  chunks: ReadonlyArray<Uint8Array>,
  needle: Uint8Array,
  wrap: <E, A>(it: Iteratee<E, A>) => Iteratee<E, A> = (it) => it
): Promise<ReadonlyArray<MatchInfo<Uint8Array>>> =>
  settlesWithin(
    Enumerator.enumerate(chunks as Array<Uint8Array>).run(
      Parsing.search(needle).transform(wrap(Iteratee.getChunks<MatchInfo<Uint8Array>>()))
    )
  )

const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)))

/** Where the leftmost non-overlapping occurrences of `needle` start in `haystack`. */
const naiveMatches = (haystack: Uint8Array, needle: Uint8Array): ReadonlyArray<number> => {
  const out: Array<number> = []
  let i = 0
  while (i + needle.length <= haystack.length) {
    let j = 0
    while (j < needle.length && haystack[i + j] === needle[j]) j++
    if (j === needle.length) {
      out.push(i)
      i += needle.length
    } else i++
  }
  return out
}

/** Where the Matched parts start, in the stream. */
const matchOffsets = (parts: ReadonlyArray<MatchInfo<Uint8Array>>): ReadonlyArray<number> => {
  const out: Array<number> = []
  let at = 0
  for (const p of parts) {
    if (p.isMatch) out.push(at)
    at += p.content.length
  }
  return out
}

describe('Parsing', () => {
  describe('Matched / Unmatched', () => {
    it('are plain data with content and isMatch', () => {
      const content = bytes('kiki')
      expect(Parsing.Matched(content)).toEqual({ content, isMatch: true })
      expect(Parsing.Unmatched(content)).toEqual({ content, isMatch: false })
      expect(Object.keys(Parsing.Matched(content)).sort()).toEqual(['content', 'isMatch'])
      const m = ((): MatchInfo<string> => Parsing.Unmatched('x'))()
      // isMatch narrows the union
      if (m.isMatch) {
        const matched: true = m.isMatch
        expect(matched).toBe(true)
      }
    })
  })

  describe('search', () => {
    for (const [name, wrap] of variants) {
      describe(`with a ${name} inner iteratee`, () => {
        it("splits Play's case 1", async () => {
          const chunks = ['xx', 'kxckikixckikio', 'cockik', 'isdodskikisd', 'ksdloii'].map(bytes)
          const parts = await searchAll(chunks, bytes('kiki'), wrap)
          expect(parts.map(show).join(', ')).toBe(
            'Unmatched(xxkxc), Matched(kiki), Unmatched(xc), Matched(kiki), Unmatched(ococ), Matched(kiki), ' +
              'Unmatched(sdods), Matched(kiki), Unmatched(sdks), Unmatched(dloii)'
          )
        })

        it("splits Play's case 2, ending with an empty Unmatched after a final match", async () => {
          const chunks = ['xx', 'kxckikixcki', 'k', 'kicockik', 'isdkikodskikisd', 'ksdlokiikik', 'i'].map(bytes)
          const parts = await searchAll(chunks, bytes('kiki'), wrap)
          expect(parts.map(show).join(', ')).toBe(
            'Unmatched(xxkxc), Matched(kiki), Unmatched(xckikkico), Unmatched(c), Matched(kiki), ' +
              'Unmatched(sdkikods), Matched(kiki), Unmatched(sdksdlok), Unmatched(ii), Matched(kiki), Unmatched()'
          )
        })

        it('leaves the bytes the inner iteratee did not take', async () => {
          const outer = Parsing.search(bytes('--')).applyOn(wrap(Iteratee.takeUpTo<MatchInfo<Uint8Array>>(2)))
          const it = await settlesWithin(Enumerator(bytes('ab--cd--ef')).apply(outer))
          const step = await it.unflatten()
          expect(step._tag).toBe('Done')
          if (step._tag !== 'Done') return
          expect(step.remaining._tag).toBe('El')
          if (step.remaining._tag === 'El') expect(text(step.remaining.e)).toBe('cd--ef')
          expect((await step.a.run()).map(show)).toEqual(['Unmatched(ab)', 'Matched(--)'])
        })
      })
    }

    it('emits nothing for an empty stream', async () => {
      expect(await searchAll([], bytes('ab'))).toEqual([])
    })

    it('emits what is held back at EOF as Unmatched, even after an Empty input', async () => {
      const e = Enumerator(bytes('xxa'))
        .andThen(Enumerator.enumInput<Uint8Array>(Input.Empty))
        .andThen(Enumerator(bytes('b')))
        .andThen(Enumerator.enumInput<Uint8Array>(Input.Empty))
      const parts = await settlesWithin(e.run(Parsing.search(bytes('abc')).transform(Iteratee.getChunks())))
      expect(text(concat(parts.map((p) => p.content)))).toBe('xxab')
      expect(parts.every((p) => !p.isMatch)).toBe(true)
    })

    it('finds a needle of one byte', async () => {
      const parts = await searchAll([bytes('a,b'), bytes(',,c')], bytes(','))
      expect(parts.filter((p) => p.isMatch).length).toBe(3)
      expect(text(concat(parts.map((p) => p.content)))).toBe('a,b,,c')
    })

    it('takes Buffers, and a needle that is a Buffer', async () => {
      const chunks = [Buffer.from('one\r\ntw'), Buffer.from('o\r'), Buffer.from('\nthree')]
      const lines = await settlesWithin(
        Enumerator.enumerate(chunks)
          .through(Parsing.search(Buffer.from('\r\n')))
          .run(Iteratee.getChunks())
      )
      // the text between matches, whatever pieces it came in
      const between = lines.reduce<Array<string>>(
        (acc, p) => (p.isMatch ? [...acc, ''] : [...acc.slice(0, -1), acc[acc.length - 1] + text(p.content)]),
        ['']
      )
      expect(between).toEqual(['one', 'two', 'three'])
    })

    it('copies the needle, so the caller may reuse its array', async () => {
      const needle = bytes('--')
      const search = Parsing.search(needle)
      needle[0] = 0x41
      const parts = await settlesWithin(Enumerator(bytes('a--b')).through(search).run(Iteratee.getChunks()))
      expect(parts.map(show)).toEqual(['Unmatched(a)', 'Matched(--)', 'Unmatched(b)'])
    })

    it('refuses an empty needle', () => {
      expect(() => Parsing.search(new Uint8Array(0))).toThrow(TypeError)
    })

    it('is done at once with an inner iteratee that is done, pending or not', async () => {
      for (const inner of [
        Done<MatchInfo<Uint8Array>, number>(1),
        Iteratee.flatten(later(Done<MatchInfo<Uint8Array>, number>(1)))
      ]) {
        const step = await Parsing.search(bytes('x')).applyOn(inner).unflatten()
        expect(step._tag).toBe('Done')
        if (step._tag === 'Done') expect(await step.a.run()).toBe(1)
      }
    })

    it('keeps its state between enumerators', async () => {
      const outer = Parsing.search(bytes('abc')).applyOn(Iteratee.getChunks<MatchInfo<Uint8Array>>())
      const it = await feedChunks([[bytes('xa')], [bytes('b')], [bytes('cy')]], outer)
      const parts = await it.run().then((inner) => inner.run())
      expect(parts.map(show)).toEqual(['Unmatched(x)', 'Matched(abc)', 'Unmatched(y)'])
    })

    it('turns a throwing inner iteratee into a rejection with what it threw', async () => {
      const boom = new Error('boom')
      await rejectsWith(
        Enumerator(bytes('a-b')).run(
          Parsing.search(bytes('-')).transform(
            Cont<MatchInfo<Uint8Array>, never>(() => {
              throw boom
            })
          )
        ),
        boom
      )
    })

    it('reports a failing pending inner iteratee with what it failed with', async () => {
      const nope = new Error('nope')
      await expect(
        searchAll([bytes('a-b')], bytes('-'), () => Iteratee.flatten(Promise.reject(nope)) as Iteratee<any, any>)
      ).rejects.toBe(nope)
    })

    it('waits for a pending inner iteratee (the producer is held back)', async () => {
      const never = Iteratee.flatten(new Promise<Iteratee<MatchInfo<Uint8Array>, number>>(() => undefined))
      const outer = Parsing.search(bytes('-')).applyOn(never)
      expect(await isStillPending(Enumerator(bytes('a-b'), bytes('c-d')).apply(outer))).toBe(true)
    })

    describe('property: the chunking does not matter', () => {
      const alphabet = fc.constantFrom(0x61, 0x62, 0x63) // a small alphabet, so that needles occur
      const haystack = fc.uint8Array({ maxLength: 60 }).map((b) => b.map((x) => 0x61 + (x % 3)))
      const needle = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((xs) => Uint8Array.from(xs))

      for (const [name, wrap] of variants.slice(0, 2)) {
        it(`parts concatenate to the input, Matched parts are the needle, at the leftmost occurrences (${name})`, async () => {
          await fc.assert(
            fc.asyncProperty(
              haystack.chain((h) => chunkings(Array.from(h)).map((cs) => [h, cs] as const)),
              needle,
              async ([h, cs], n) => {
                const parts = await searchAll(
                  cs.map((c) => Uint8Array.from(c)),
                  n,
                  wrap
                )
                expect(Array.from(concat(parts.map((p) => p.content)))).toEqual(Array.from(h))
                for (const p of parts) if (p.isMatch) expect(Array.from(p.content)).toEqual(Array.from(n))
                expect(matchOffsets(parts)).toEqual(naiveMatches(h, n))
                // only the last part may be empty (Play's final Unmatched)
                parts.slice(0, -1).forEach((p) => expect(p.content.length).toBeGreaterThan(0))
              }
            ),
            { numRuns: 150 }
          )
        })
      }
    })
  })
})
