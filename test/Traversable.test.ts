import * as fc from 'fast-check'
import { none, some } from 'fp-ts/Option'
import { Cont, Done, Enumeratee, Enumerator, Input, Iteratee, Traversable } from '../src'
import {
  chunkedString,
  feedChunks,
  isStillPending,
  mustTransformTo,
  rejectsWith,
  settlesWithin,
  variants
} from './helpers'

const runs = { numRuns: 80 }

/** `it`, then the rest of the stream, concatenated. */
const andRest = <A>(it: Iteratee<string, A>): Iteratee<string, readonly [A, string]> =>
  it.flatMap((a) => Iteratee.consume<string>().map((rest) => [a, rest] as const))

const runStrings = <A>(chunks: ReadonlyArray<string>, it: Iteratee<string, A>): Promise<A> =>
  settlesWithin(Enumerator.enumerate(chunks as Array<string>).run(it))

/** The outer iteratee's step after `chunks`, fed without EOF. */
const stepAfter = async <M, A>(chunks: ReadonlyArray<M>, outer: Iteratee<M, A>) =>
  (await settlesWithin(Enumerator.enumerate(chunks as Array<M>).apply(outer))).unflatten()

describe('Traversable', () => {
  describe('head', () => {
    it('gives the first element and leaves the rest of its chunk', async () => {
      expect(await runStrings(['', 'hello', 'world'], andRest(Traversable.head<string>()))).toEqual([
        some('h'),
        'elloworld'
      ])
    })

    it('works over arrays and Uint8Arrays', async () => {
      expect(await Enumerator([], [3, 4]).run(Traversable.head<Array<number>>())).toEqual(some(3))
      expect(await Enumerator(Uint8Array.of(7, 8)).run(Traversable.head())).toEqual(some(7))
    })

    it('is none on an empty stream, and leaves EOF', async () => {
      expect(await Enumerator<string>('', '').run(Traversable.head<string>())).toEqual(none)
      expect(
        await Traversable.head<string>()
          .feed(Input.EOF)
          .then((it) => it.unflatten())
      ).toEqual({
        _tag: 'Done',
        a: none,
        remaining: Input.EOF
      })
    })

    it('leaves nothing over when the chunk had one element', async () => {
      const step = await stepAfter(['h'], Traversable.head<string>())
      expect(step).toEqual({ _tag: 'Done', a: some('h'), remaining: Input.Empty })
    })
  })

  describe('takeUpTo', () => {
    for (const [name, wrap] of variants) {
      it(`passes the first n elements, splitting a chunk (${name} inner)`, async () => {
        await mustTransformTo(Traversable.takeUpTo<string>(4), ['he', 'llo', 'world'], ['he', 'll'], wrap)
      })
    }

    it('leaves the rest of the chunk over', async () => {
      expect(
        await runStrings(['he', 'llo', 'world'], andRest(Traversable.takeUpTo<string>(3).transform(Iteratee.consume())))
      ).toEqual(['hel', 'loworld'])
    })

    it('is done as soon as the count is reached at a chunk boundary', async () => {
      const step = await stepAfter(['abc'], Traversable.takeUpTo<string>(3).applyOn(Iteratee.consume<string>()))
      expect(step._tag).toBe('Done')
      if (step._tag === 'Done') {
        expect(step.remaining).toEqual(Input.Empty)
        expect(await step.a.run()).toBe('abc')
      }
    })

    it('stops when the inner iteratee is done, leaving the chunk it was offered', async () => {
      const twoChunks = Iteratee.takeUpTo<string>(2)
      expect(
        await runStrings(['a', 'b', 'cd', 'ef'], andRest(Traversable.takeUpTo<string>(10).transform(twoChunks)))
      ).toEqual([['a', 'b'], 'cdef'])
    })

    it('takes nothing for n <= 0', async () => {
      expect(await runStrings(['abc'], andRest(Traversable.takeUpTo<string>(0).transform(Iteratee.consume())))).toEqual(
        ['', 'abc']
      )
    })

    it('works over arrays and Uint8Arrays, splitting them', async () => {
      await mustTransformTo(Traversable.takeUpTo<Array<number>>(3), [[1, 2], [3, 4], [5]], [[1, 2], [3]])
      const bytes = await Enumerator(Uint8Array.of(1, 2), Uint8Array.of(3, 4))
        .through(Traversable.takeUpTo(3))
        .run(Iteratee.getChunks())
      expect(bytes.map((b) => Array.from(b))).toEqual([[1, 2], [3]])
    })

    it('keeps its count between enumerators', async () => {
      const outer = Traversable.takeUpTo<Array<number>>(3).applyOn(Iteratee.getChunks<Array<number>>())
      const it = await feedChunks([[[1, 2]], [[3, 4]]], outer)
      expect(await it.run().then((inner) => inner.run())).toEqual([[1, 2], [3]])
    })
  })

  describe('take', () => {
    for (const [name, wrap] of variants) {
      it(`passes the first n elements (${name} inner)`, async () => {
        await mustTransformTo(Traversable.take<string>(4), ['he', 'llo', 'world'], ['he', 'll'], wrap)
      })
    }

    it('consumes n elements even when the inner iteratee is done early', async () => {
      const inner = Iteratee.head<string>()
      expect(await runStrings(['ab', 'cd', 'ef'], andRest(Traversable.take<string>(5).transform(inner)))).toEqual([
        some('ab'),
        'f'
      ])
      // takeUpTo, by contrast, stops with the inner iteratee
      expect(await runStrings(['ab', 'cd', 'ef'], andRest(Traversable.takeUpTo<string>(5).transform(inner)))).toEqual([
        some('ab'),
        'cdef'
      ])
    })

    it('takes Uint8Arrays as subarrays', async () => {
      const source = Uint8Array.of(1, 2, 3, 4)
      const taken = await Enumerator<Uint8Array>(source).run(
        Traversable.take<Uint8Array>(3).transform(Iteratee.getChunks())
      )
      expect(taken.map((b) => Array.from(b))).toEqual([[1, 2, 3]])
      expect(taken[0].buffer).toBe(source.buffer)
    })

    it('is done at once for n <= 0', async () => {
      const step = await Traversable.take<string>(0).applyOn(Iteratee.consume<string>()).unflatten()
      expect(step._tag).toBe('Done')
    })
  })

  describe('splitOnceAt', () => {
    for (const [name, wrap] of variants) {
      it(`yields input while the predicate is satisfied (Play's spec, ${name} inner)`, async () => {
        await mustTransformTo(
          Traversable.splitOnceAt<string>((c) => c !== 'e'),
          ['hello', 'there'],
          ['h'],
          wrap
        )
      })
    }

    it('drops the element that ends it and leaves the rest of the chunk over', async () => {
      const line = Traversable.splitOnceAt<string>((c) => c !== '\n')
      expect(await runStrings(['hel', 'lo\nwor', 'ld'], andRest(line.transform(Iteratee.consume())))).toEqual([
        'hello',
        'world'
      ])
    })

    it('gives the predicate one-character strings, bytes, or array elements', async () => {
      const seen: Array<unknown> = []
      await Enumerator('ab').run(
        Traversable.splitOnceAt<string>((c) => {
          seen.push(c)
          return true
        }).transform(Iteratee.consume())
      )
      expect(seen).toEqual(['a', 'b'])
      const bytes = await Enumerator<Uint8Array>(Uint8Array.of(1, 2, 0, 3))
        .through(Traversable.splitOnceAt<Uint8Array>((b) => b !== 0))
        .run(Iteratee.getChunks())
      expect(bytes.map((b) => Array.from(b))).toEqual([[1, 2]])
      const words = await Enumerator(['a', 'b'], ['', 'c'])
        .through(Traversable.splitOnceAt<Array<string>>((w) => w !== ''))
        .run(Iteratee.getChunks())
      expect(words).toEqual([['a', 'b']])
    })

    it('passes the inner iteratee nothing when the first element splits', async () => {
      const log: Array<Input<string>> = []
      const recording: Iteratee<string, number> = Cont(function k(input: Input<string>): Iteratee<string, number> {
        log.push(input)
        return input._tag === 'EOF' ? Done(log.length, Input.EOF) : Cont(k)
      })
      expect(
        await runStrings([',rest'], andRest(Traversable.splitOnceAt<string>((c) => c !== ',').transform(recording)))
      ).toEqual([1, 'rest'])
      expect(log).toEqual([Input.EOF])
    })

    it('turns a throwing predicate into a rejection with what it threw', async () => {
      const boom = new Error('boom')
      await rejectsWith(
        Enumerator('abc').run(
          Traversable.splitOnceAt<string>(() => {
            throw boom
          }).transform(Iteratee.consume<string>())
        ),
        boom
      )
    })
  })

  describe('drop', () => {
    for (const [name, wrap] of variants) {
      it(`skips n elements, splitting a chunk (${name} inner)`, async () => {
        await mustTransformTo(Traversable.drop<string>(3), ['he', 'llo', 'world'], ['lo', 'world'], wrap)
      })
    }

    it('skips whole chunks, and passes the next one whole at a boundary', async () => {
      await mustTransformTo(Traversable.drop<Array<number>>(3), [[1], [2, 3], [4, 5]], [[4, 5]])
    })

    it('passes everything along for n <= 0', async () => {
      await mustTransformTo(Traversable.drop<string>(0), ['ab', 'c'], ['ab', 'c'])
    })

    it('skips everything when the stream is shorter than n', async () => {
      await mustTransformTo(Traversable.drop<string>(10), ['ab', 'c'], [])
    })

    it('leaves the rest when the inner iteratee is done', async () => {
      const outer = Traversable.drop<string>(1).transform(Done<string, number>(7))
      expect(await runStrings(['abc', 'd'], andRest(outer))).toEqual([7, 'bcd'])
    })

    it('is followed by passAlong: the same as Enumeratee.drop on one-element chunks', async () => {
      const chunks = ['a', 'b', 'c', 'd']
      const viaTraversable = await Enumerator.enumerate(chunks)
        .through(Traversable.drop<string>(2))
        .run(Iteratee.getChunks())
      const viaEnumeratee = await Enumerator.enumerate(chunks)
        .through(Enumeratee.drop<string>(2))
        .run(Iteratee.getChunks())
      expect(viaTraversable).toEqual(viaEnumeratee)
    })
  })

  it('every enumeratee waits for a pending inner iteratee (the producer is held back)', async () => {
    const never = <E>(): Iteratee<E, number> => Iteratee.flatten(new Promise<Iteratee<E, number>>(() => undefined))
    for (const e of [
      Traversable.takeUpTo<string>(10),
      Traversable.take<string>(10),
      Traversable.splitOnceAt<string>(() => true),
      Traversable.drop<string>(1)
    ]) {
      expect(await isStillPending(Enumerator('ab', 'cd', 'ef').apply(e.applyOn(never<string>())))).toBe(true)
    }
  })

  describe('properties: the chunking does not matter', () => {
    const input = chunkedString(fc.string({ maxLength: 30 }))
    const n = fc.integer({ min: 0, max: 35 })

    for (const [name, wrap] of variants.slice(0, 2)) {
      it(`take and takeUpTo take the first n characters, the rest is left over (${name})`, async () => {
        await fc.assert(
          fc.asyncProperty(input, n, async ([s, chunks], k) => {
            const expected = [s.slice(0, k), s.slice(k)]
            expect(
              await runStrings(chunks, andRest(Traversable.take<string>(k).transform(wrap(Iteratee.consume()))))
            ).toEqual(expected)
            expect(
              await runStrings(chunks, andRest(Traversable.takeUpTo<string>(k).transform(wrap(Iteratee.consume()))))
            ).toEqual(expected)
          }),
          runs
        )
      })

      it(`drop skips the first n characters (${name})`, async () => {
        await fc.assert(
          fc.asyncProperty(input, n, async ([s, chunks], k) => {
            expect(await runStrings(chunks, Traversable.drop<string>(k).transform(wrap(Iteratee.consume())))).toBe(
              s.slice(k)
            )
          }),
          runs
        )
      })

      it(`splitOnceAt splits at the first character that fails, which is dropped (${name})`, async () => {
        const withCommas = chunkedString(fc.stringMatching(/^[ab,]{0,20}$/))
        await fc.assert(
          fc.asyncProperty(withCommas, async ([s, chunks]) => {
            const at = s.indexOf(',')
            const expected = at < 0 ? [s, ''] : [s.slice(0, at), s.slice(at + 1)]
            const split = Traversable.splitOnceAt<string>((c) => c !== ',')
            expect(await runStrings(chunks, andRest(split.transform(wrap(Iteratee.consume()))))).toEqual(expected)
          }),
          runs
        )
      })

      it(`head gives the first character and leaves the rest (${name})`, async () => {
        await fc.assert(
          fc.asyncProperty(input, async ([s, chunks]) => {
            const expected = s.length === 0 ? [none, ''] : [some(s[0]), s.slice(1)]
            expect(await runStrings(chunks, andRest(wrap(Traversable.head<string>())))).toEqual(expected)
          }),
          runs
        )
      })
    }
  })
})
