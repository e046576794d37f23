import * as fc from 'fast-check'
import { pipe } from 'fp-ts/function'
import { none, some } from 'fp-ts/Option'
import { Cont, Done, Enumeratee, Enumerator, Err, Input, Iteratee, IterateeError, type K } from '../src'
import {
  chunked,
  chunkedString,
  delay,
  failLater,
  feedChunks,
  isStillPending,
  later,
  mustTransformTo,
  recordingIteratee,
  rejectsWith,
  settlesWithin,
  slowGetChunks,
  variants
} from './helpers'

type Outer<From, To, A> = Iteratee<From, Iteratee<To, A>>

const sum = (): Iteratee<number, number> => Iteratee.fold(0, (s: number, x: number) => s + x)

const ints = fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 25 })
const runs = { numRuns: 40 }

/** `it`, then what is left of the stream, collected. */
const andRest = <E, A>(it: Iteratee<E, A>): Iteratee<E, readonly [A, ReadonlyArray<E>]> =>
  it.flatMap((a) => Iteratee.getChunks<E>().map((rest) => [a, rest] as const))

/** An iteratee that takes `n` characters of string chunks and leaves the rest of the chunk over. */
const takeChars = (n: number, taken = ''): Iteratee<string, string> =>
  Cont((input: Input<string>) => {
    if (input._tag === 'EOF') return Done<string, string>(taken, Input.EOF)
    if (input._tag === 'Empty') return takeChars(n, taken)
    const all = taken + input.e
    return all.length < n ? takeChars(n, all) : Done<string, string>(all.slice(0, n), Input.El(all.slice(n)))
  })

// -------------------------------------------------------------------------------------
// enumeratees written with checkDone, as Play's CheckDone trait is used
// -------------------------------------------------------------------------------------

/** Doubles each element. */
const doubling = (): Enumeratee<number, number> => {
  const step = <A>(k: K<number, A>): Outer<number, number, A> =>
    Cont((input: Input<number>) =>
      input._tag === 'EOF'
        ? Done<number, Iteratee<number, A>>(Cont(k), Input.EOF)
        : Enumeratee.checkDone<number, number>(step).applyOn(k(Input.map(input, (x) => x * 2)))
    )
  return Enumeratee.checkDone<number, number>(step)
}

/**
 * Play's `Traversable.splitOnceAt` over strings: passes characters while `p` holds; at the first
 * that fails, done with the inner fed the prefix, and the rest of the chunk (after that character)
 * left over.
 */
const splitOnceAt = (p: (c: string) => boolean): Enumeratee<string, string> => {
  const step = <A>(k: K<string, A>): Outer<string, string, A> =>
    Cont((input: Input<string>) => {
      if (input._tag === 'EOF') return Done<string, Iteratee<string, A>>(Cont(k), Input.EOF)
      if (input._tag === 'Empty') return Enumeratee.checkDone<string, string>(step).applyOn(k(input))
      let i = 0
      while (i < input.e.length && p(input.e[i])) i++
      if (i === input.e.length) return Enumeratee.checkDone<string, string>(step).applyOn(k(input))
      const prefix = input.e.slice(0, i)
      return Done<string, Iteratee<string, A>>(
        prefix === '' ? Cont(k) : k(Input.El(prefix)),
        Input.El(input.e.slice(i + 1))
      )
    })
  return Enumeratee.checkDone<string, string>(step)
}

describe('Enumeratee', () => {
  describe.each(variants)('with a %s inner iteratee', (_, wrap) => {
    const chunks = <E>() => wrap(Iteratee.getChunks<E>())

    // -----------------------------------------------------------------------------------
    // the methods
    // -----------------------------------------------------------------------------------

    describe('applyOn', () => {
      it('wraps the inner iteratee; the outer is done with it at EOF, without feeding it EOF', async () => {
        const log: Array<Input<number>> = []
        const outer = Enumeratee.map((x: number) => x * 10).applyOn(wrap(recordingIteratee(log)))
        const fed = await Enumerator(1, 2).andThen(Enumerator.eof()).apply(outer)
        const step = await fed.unflatten()
        expect(step._tag).toBe('Done')
        expect(log).toEqual([Input.El(10), Input.El(20)])
        const inner = await fed.run()
        expect(await inner.run()).toEqual([Input.El(10), Input.El(20), Input.EOF])
      })

      it('apply and &> are applyOn', async () => {
        const t = Enumeratee.map((x: number) => x + 1)
        expect(t.apply).toBe(t.applyOn)
        expect(t['&>']).toBe(t.applyOn)
        const inner = await Enumerator(1, 2).run(t['&>'](chunks<number>()))
        expect(await inner.run()).toEqual([2, 3])
        const inner2 = await Enumerator(1, 2).run(t.apply(chunks<number>()))
        expect(await inner2.run()).toEqual([2, 3])
      })
    })

    describe('transform', () => {
      it('gives the inner iteratee’s result; &>> is transform', async () => {
        const t = Enumeratee.map((x: number) => x + 1)
        expect(t['&>>']).toBe(t.transform)
        expect(await Enumerator(1, 2).run(t.transform(chunks<number>()))).toEqual([2, 3])
        expect(await Enumerator(1, 2).run(t['&>>'](chunks<number>()))).toEqual([2, 3])
        expect(await Enumerator(1, 2).run(pipe(t, Enumeratee.transform(chunks<number>())))).toEqual([2, 3])
      })

      it('rejects when the inner iteratee fails or diverges', async () => {
        await expect(
          settlesWithin(
            Enumerator(1).run(Enumeratee.passAlong<number>().transform(wrap(Err<number, number>('bad', Input.Empty))))
          )
        ).rejects.toThrow('bad')
        const diverging: Iteratee<number, number> = Cont(() => diverging)
        await expect(
          settlesWithin(Enumerator(1).run(Enumeratee.passAlong<number>().transform(wrap(diverging))))
        ).rejects.toBeInstanceOf(IterateeError)
      })
    })

    describe('compose', () => {
      it('runs this enumeratee, then the other; ><> is compose', async () => {
        const t = Enumeratee.map((x: number) => x + 1)
        expect(t['><>']).toBe(t.compose)
        await mustTransformTo(t.compose(Enumeratee.filter((x: number) => x % 2 === 0)), [1, 2, 3, 4], [2, 4], wrap)
        await mustTransformTo(
          Enumeratee.take<number>(2)['><>'](Enumeratee.map((x: number) => x * 10)),
          [1, 2, 3],
          [10, 20],
          wrap
        )
        await mustTransformTo(
          Enumeratee.map((x: number) => x * 10).compose(Enumeratee.take(2)),
          [1, 2, 3],
          [10, 20],
          wrap
        )
        await mustTransformTo(pipe(t, Enumeratee.compose(Enumeratee.map((x: number) => -x))), [1, 2], [-2, -3], wrap)
      })

      it('keeps the leftover of the first: takeWhile composed with map', async () => {
        const t = Enumeratee.takeWhile((x: number) => x < 3).compose(Enumeratee.map((x: number) => x * 10))
        expect(await Enumerator(1, 2, 3, 4).run(andRest(t.transform(chunks<number>())))).toEqual([
          [10, 20],
          [3, 4]
        ])
      })

      it('fused and unfused pipelines agree', async () => {
        await fc.assert(
          fc.asyncProperty(ints, async (xs) => {
            const f = Enumeratee.map((x: number) => x * 3)
            const g = Enumeratee.filter((x: number) => x % 2 === 0)
            const h = Enumeratee.collect((x: number) => (x > 0 ? some(String(x)) : none))
            const fused = await Enumerator.enumerate(xs).run(f.compose(g).compose(h).transform(chunks<string>()))
            const nested = await Enumerator.enumerate(xs).run(f.transform(g.transform(h.transform(chunks<string>()))))
            const through = await Enumerator.enumerate(xs).through(f).through(g).through(h).run(chunks<string>())
            const expected = xs
              .map((x) => x * 3)
              .filter((x) => x % 2 === 0)
              .filter((x) => x > 0)
              .map(String)
            expect(fused).toEqual(expected)
            expect(nested).toEqual(expected)
            expect(through).toEqual(expected)
          }),
          runs
        )
      })
    })

    describe('composeConcat', () => {
      it('keeps both leftovers, concatenated (string chunks, as Play: the other’s, then the inner’s)', async () => {
        const split = splitOnceAt((c) => c !== '\n')
        const concat = Enumeratee.passAlong<string>().composeConcat(split)
        expect(Enumeratee.passAlong<string>()['>+>']).toBe(Enumeratee.passAlong<string>().composeConcat)
        const inner1 = await Enumerator('abcd\nef').run(concat.applyOn(wrap(takeChars(2))))
        expect(await inner1.unflatten()).toEqual({ _tag: 'Done', a: 'ab', remaining: Input.El('efcd') })
        const inner2 = await Enumerator('abcd\nef').run(
          Enumeratee.passAlong<string>()
            ['>+>'](split)
            .applyOn(wrap(takeChars(2)))
        )
        expect(await inner2.unflatten()).toEqual({ _tag: 'Done', a: 'ab', remaining: Input.El('efcd') })
        // compose drops the other's leftover
        const composed = await Enumerator('abcd\nef').run(
          Enumeratee.passAlong<string>()
            .compose(split)
            .applyOn(wrap(takeChars(2)))
        )
        expect(await composed.unflatten()).toEqual({ _tag: 'Done', a: 'ab', remaining: Input.El('cd') })
        // with only the other's leftover
        const inner3 = await Enumerator('ab', 'c\nxy').run(concat.applyOn(wrap(Iteratee.consume<string>())))
        expect(await inner3.unflatten()).toEqual({ _tag: 'Done', a: 'abc', remaining: Input.El('xy') })
      })

      it('with random chunkings: the result and leftovers hold every character', async () => {
        await fc.assert(
          fc.asyncProperty(
            chunkedString(fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 12 })),
            async ([s, cs]) => {
              const concat = Enumeratee.passAlong<string>().composeConcat(splitOnceAt((c) => c !== '\n'))
              const inner = await Enumerator.enumerate(cs).run(concat.applyOn(wrap(Iteratee.consume<string>())))
              const step = await inner.unflatten()
              const nl = s.indexOf('\n')
              if (nl < 0) {
                // no newline: the other is not done, and passAlong feeds no EOF to it
                expect(step._tag).toBe('Cont')
                expect(await inner.run()).toBe(s)
              } else {
                // the inner's result, and what is left of the chunk that held the newline
                const ends = cs.map((_, k) => cs.slice(0, k + 1).join('').length)
                const end = ends.find((e) => e > nl)!
                expect(step).toEqual({ _tag: 'Done', a: s.slice(0, nl), remaining: Input.El(s.slice(nl + 1, end)) })
              }
            }
          ),
          runs
        )
      })
    })

    // -----------------------------------------------------------------------------------
    // transforming elements
    // -----------------------------------------------------------------------------------

    describe('map', () => {
      it('transforms each element', async () => {
        await mustTransformTo(
          Enumeratee.map((i: number) => [i + 1]),
          [1, 2, 3, 4],
          [[2], [3], [4], [5]],
          wrap
        )
        expect(
          await Enumerator(1, 2, 3, 4).run(
            Enumeratee.map((i: number) => [i + 1]).transform(wrap(Iteratee.consume<Array<number>>([])))
          )
        ).toEqual([2, 3, 4, 5])
      })

      it('for random lists and chunkings equals Array#map', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const it = await feedChunks(cs, Enumeratee.map((x: number) => x * 2).transform(chunks<number>()))
            expect(await it.run()).toEqual(xs.map((x) => x * 2))
          }),
          runs
        )
      })

      it('an f that throws rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        const t = Enumeratee.map((x: number) => {
          if (x === 2) throw boom
          return x
        })
        await rejectsWith(Enumerator(1, 2, 3).run(t.transform(chunks<number>())), boom)
        await rejectsWith(Enumerator(1, 2, 3).through(t).run(chunks<number>()), boom)
      })
    })

    describe('mapInput', () => {
      it('transforms each input (Play)', async () => {
        await mustTransformTo(
          Enumeratee.mapInput((i: Input<number>) => Input.map(i, (x) => x * 2)),
          [1, 2],
          [2, 4],
          wrap
        )
      })

      it('can end the stream early with EOF, leaving the rest', async () => {
        const t = Enumeratee.mapInput((i: Input<number>): Input<number> =>
          i._tag === 'El' && i.e === 3 ? Input.EOF : i
        )
        const r = await Enumerator(1, 2, 3, 4).run(andRest(t.transform(chunks<number>())))
        expect(r).toEqual([[1, 2], [4]])
      })
    })

    describe('mapM', () => {
      it('transforms each element with a promise (Play)', async () => {
        await mustTransformTo(
          Enumeratee.mapM((x: number) => Promise.resolve(x * 2)),
          [1, 2],
          [2, 4],
          wrap
        )
        await mustTransformTo(
          Enumeratee.mapM((x: number) => x * 2),
          [1, 2],
          [2, 4],
          wrap
        )
      })

      it('keeps the order when promises resolve out of order, one at a time', async () => {
        let inFlight = 0
        let maxInFlight = 0
        const t = Enumeratee.mapM(async (x: number) => {
          inFlight++
          maxInFlight = Math.max(maxInFlight, inFlight)
          await delay((5 - x) * 3)
          inFlight--
          return x * 10
        })
        await mustTransformTo(t, [1, 2, 3, 4], [10, 20, 30, 40], wrap)
        expect(maxInFlight).toBe(1)
      })

      it('a rejected promise rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        const t = Enumeratee.mapM((x: number) => (x === 2 ? failLater(boom) : later(x)))
        await rejectsWith(Enumerator(1, 2, 3).run(t.transform(chunks<number>())), boom)
      })
    })

    describe('mapInputM', () => {
      it('transforms each input with a promise (Play), in order', async () => {
        await mustTransformTo(
          Enumeratee.mapInputM((i: Input<number>) => Promise.resolve(Input.map(i, (x) => x * 2))),
          [1, 2],
          [2, 4],
          wrap
        )
        const t = Enumeratee.mapInputM((i: Input<number>) =>
          later(
            Input.map(i, (x) => x * 10),
            i._tag === 'El' ? (5 - i.e) * 3 : 0
          )
        )
        await mustTransformTo(t, [1, 2, 3, 4], [10, 20, 30, 40], wrap)
        const log: Array<Input<number>> = []
        const it = await Enumerator.enumInput<number>(Input.Empty).apply(t.applyOn(wrap(recordingIteratee(log))))
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(log).toEqual([Input.Empty])
      })
    })

    describe('mapConcat', () => {
      it('turns each element into several (Play)', async () => {
        await mustTransformTo(
          Enumeratee.mapConcat((x: number) => [x, x]),
          [1, 2],
          [1, 1, 2, 2],
          wrap
        )
        await mustTransformTo(
          Enumeratee.mapConcat((x: number) => (x % 2 === 0 ? [] : [x])),
          [1, 2, 3],
          [1, 3],
          wrap
        )
      })

      it('stops in the middle of an element’s elements when the inner is done, the rest is not fed', async () => {
        const r = await Enumerator(1, 2, 3).run(
          andRest(Enumeratee.mapConcat((x: number) => [x, x, x]).transform(wrap(Iteratee.takeUpTo<number>(4))))
        )
        expect(r).toEqual([[1, 1, 1, 2], [3]])
      })
    })

    describe('mapConcatInput', () => {
      it('turns each element into several inputs (Play)', async () => {
        await mustTransformTo(
          Enumeratee.mapConcatInput((x: number) => [Input.El(x), Input.Empty, Input.El(x)]),
          [1, 2],
          [1, 1, 2, 2],
          wrap
        )
      })

      it('an EOF among them ends the inner iteratee', async () => {
        await mustTransformTo(
          Enumeratee.mapConcatInput((x: number) => (x === 2 ? [Input.El(x), Input.EOF] : [Input.El(x)])),
          [1, 2, 3],
          [1, 2],
          wrap
        )
      })
    })

    describe('mapFlatten', () => {
      it('feeds each element’s enumerator to the inner iteratee (Play)', async () => {
        await mustTransformTo(
          Enumeratee.mapFlatten((x: number) => Enumerator(x, x)),
          [1, 2],
          [1, 1, 2, 2],
          wrap
        )
        const slow = (x: number) =>
          Enumerator.unfoldM(0, (i: number) => later(i < 2 ? some([i + 1, x] as const) : none))
        await mustTransformTo(Enumeratee.mapFlatten(slow), [1, 2], [1, 1, 2, 2], wrap)
      })

      it('stops when the inner iteratee is done', async () => {
        let made = 0
        const t = Enumeratee.mapFlatten((x: number) => {
          made++
          return Enumerator(x, x)
        })
        expect(await Enumerator(1, 2, 3).run(andRest(t.transform(wrap(Iteratee.takeUpTo<number>(3)))))).toEqual([
          [1, 1, 2],
          [3]
        ])
        expect(made).toBe(2)
      })
    })

    describe('mapInputFlatten', () => {
      it('feeds each input’s enumerator to the inner iteratee (Play, composed with take)', async () => {
        const t = Enumeratee.mapInputFlatten((i: Input<number>) =>
          i._tag === 'El' ? Enumerator(i.e * 2) : Enumerator.empty<number>()
        )
        await mustTransformTo(t.compose(Enumeratee.take(2)), [1, 2], [2, 4], wrap)
        await mustTransformTo(t, [1, 2], [2, 4], wrap)
      })

      it('gives EOF to f too, so that f can add a trailer (Play)', async () => {
        const seen: Array<Input<number>> = []
        const t = Enumeratee.mapInputFlatten((i: Input<number>) => {
          seen.push(i)
          return i._tag === 'El'
            ? Enumerator(i.e * 2)
            : i._tag === 'EOF'
              ? Enumerator(99).andThen(Enumerator.eof())
              : Enumerator.empty<number>()
        })
        await mustTransformTo(t, [1, 2], [2, 4, 99], wrap)
        expect(seen).toEqual([Input.El(1), Input.El(2), Input.EOF])
      })
    })

    describe('filter, filterNot, collect', () => {
      const words = ['One', 'Two', 'Three', 'Four', 'Five', 'Six']

      it('filter keeps what satisfies the predicate (Play)', async () => {
        await mustTransformTo(
          Enumeratee.filter((s: string) => s.length < 4),
          words,
          ['One', 'Two', 'Six'],
          wrap
        )
      })

      it('filterNot keeps what does not (Play)', async () => {
        await mustTransformTo(
          Enumeratee.filterNot((s: string) => s.length < 4),
          words,
          ['Three', 'Four', 'Five'],
          wrap
        )
      })

      it('collect keeps and maps what f gives Some for (Play)', async () => {
        const t = Enumeratee.collect((s: string) => (['One', 'Two', 'Six'].includes(s) ? some(s.toUpperCase()) : none))
        await mustTransformTo(t, words, ['ONE', 'TWO', 'SIX'], wrap)
      })

      it('for random lists and chunkings equal the Array operations', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const p = (x: number) => x % 3 === 0
            const f = await feedChunks(cs, Enumeratee.filter(p).transform(chunks<number>()))
            const n = await feedChunks(cs, Enumeratee.filterNot(p).transform(chunks<number>()))
            const c = await feedChunks(
              cs,
              Enumeratee.collect((x: number) => (p(x) ? some(x / 3) : none)).transform(chunks<number>())
            )
            expect(await f.run()).toEqual(xs.filter(p))
            expect(await n.run()).toEqual(xs.filter((x) => !p(x)))
            expect(await c.run()).toEqual(xs.filter(p).map((x) => x / 3))
          }),
          runs
        )
      })

      it('a predicate that throws rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        const p = (x: number): boolean => {
          if (x === 2) throw boom
          return true
        }
        await rejectsWith(Enumerator(1, 2, 3).run(Enumeratee.filter(p).transform(chunks<number>())), boom)
        await rejectsWith(Enumerator(1, 2, 3).run(Enumeratee.filterNot(p).transform(chunks<number>())), boom)
      })
    })

    describe('scanLeft', () => {
      it('emits the running fold, not the seed (Play)', async () => {
        await mustTransformTo(
          Enumeratee.scanLeft(0, (acc: number, x: number) => acc + x),
          [1, 2, 3, 4],
          [1, 3, 6, 10],
          wrap
        )
        await mustTransformTo(
          Enumeratee.scanLeft(0, (acc: number, x: number) => acc + x),
          [],
          [],
          wrap
        )
        const r = await Enumerator(1, 2, 3, 4).run(
          Enumeratee.scanLeft(0, (acc: number, x: number) => acc + x)
            .compose(Enumeratee.map((x: number) => [x]))
            .transform(wrap(Iteratee.consume<Array<number>>([])))
        )
        expect(r).toEqual([1, 3, 6, 10])
      })

      it('keeps its state across enumerator boundaries', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const it = await feedChunks(
              cs,
              Enumeratee.scanLeft('', (acc: string, x: number) => acc + x).transform(chunks<string>())
            )
            const expected = xs.map((_, i) => xs.slice(0, i + 1).join(''))
            expect(await it.run()).toEqual(expected)
          }),
          runs
        )
      })
    })

    describe('grouped', () => {
      it('groups with a folder iteratee (Play)', async () => {
        const folder = Enumeratee.mapInput((i: Input<string>): Input<string> =>
          i._tag === 'El' && i.e === 'Concat' ? Input.EOF : i
        ).transform(Iteratee.fold('', (s: string, e: string) => s + e))
        const r = await Enumerator('He', 'll', 'o', 'Concat', 'Wo', 'r', 'ld', 'Concat', '!')
          .through(Enumeratee.grouped(folder).compose(Enumeratee.map((s: string) => [s])))
          .run(wrap(Iteratee.consume<Array<string>>([])))
        expect(r).toEqual(['Hello', 'World', '!'])
      })

      it('passes along what the last folder consumed at EOF (Play)', async () => {
        const upToNewline = splitOnceAt((c) => c !== '\n').transform(Iteratee.consume<string>())
        const r = await Enumerator('dasdasdas ', 'dadadasda\nshouldb\neinnext')
          .through(Enumeratee.grouped(upToNewline).compose(Enumeratee.map((s: string) => s + '|')))
          .run(wrap(Iteratee.consume<string>()))
        expect(r).toBe('dasdasdas dadadasda|shouldb|einnext|')
      })

      it('loses nothing: the groups concatenated are the input, for random lists, group sizes and chunkings', async () => {
        await fc.assert(
          fc.asyncProperty(
            chunked(ints),
            fc.integer({ min: 1, max: 6 }),
            fc.boolean(),
            async ([xs, cs], n, slowFolder) => {
              const folder = slowFolder ? wrap(Iteratee.takeUpTo<number>(n)) : Iteratee.takeUpTo<number>(n)
              const it = await feedChunks(cs, Enumeratee.grouped(folder).transform(chunks<ReadonlyArray<number>>()))
              const groups = await settlesWithin(it.run())
              expect(groups.flat()).toEqual(xs)
              // every group full but the last, which holds the rest (empty when n divides the length, as Play)
              expect(groups).toHaveLength(Math.floor(xs.length / n) + 1)
              for (const g of groups.slice(0, -1)) expect(g).toHaveLength(n)
              expect(groups[groups.length - 1]).toHaveLength(xs.length % n)
            }
          ),
          runs
        )
      })

      it('a folder that fails makes the run reject', async () => {
        const boom = new Error('boom')
        const folder = Iteratee.fold(0, (s: number, x: number) => {
          if (x === 3) throw boom
          return s + x
        })
        await rejectsWith(Enumerator(1, 2, 3).run(Enumeratee.grouped(folder).transform(chunks<number>())), boom)
      })
    })

    // -----------------------------------------------------------------------------------
    // slicing
    // -----------------------------------------------------------------------------------

    describe('take', () => {
      it('passes the first n elements, then the rest is left for what follows (Play)', async () => {
        const xs = Array.from({ length: 19 }, (_, i) => String(i + 1))
        expect(
          await Enumerator.enumerate(xs).run(Enumeratee.take<string>(3).transform(wrap(Iteratee.consume<string>())))
        ).toBe('123')
        const thenRest = Enumeratee.take<string>(3)
          .transform(wrap(Iteratee.consume<string>()))
          .flatMap(() => Iteratee.consume<string>())
        expect(await Enumerator.enumerate(xs).run(thenRest)).toBe(xs.slice(3).join(''))
      })

      it('take(0) consumes nothing and leaves the inner iteratee untouched', async () => {
        const log: Array<Input<number>> = []
        let pulled = 0
        const source = Enumerator.repeat(() => ++pulled)
        const outer = await source.apply(Enumeratee.take<number>(0).applyOn(wrap(recordingIteratee(log))))
        const step = await outer.unflatten()
        expect(step._tag).toBe('Done')
        if (step._tag === 'Done') {
          expect(step.remaining).toEqual(Input.EOF)
          expect(pulled).toBe(0)
          expect(log).toEqual([])
          expect((await step.a.unflatten())._tag).toBe('Cont')
        }
        expect(await Enumerator(1, 2).run(Enumeratee.take<number>(0).transform(chunks<number>()))).toEqual([])
        expect(await Enumerator(1, 2).run(Enumeratee.take<number>(-1).transform(chunks<number>()))).toEqual([])
      })

      it('take(n) with n larger than the stream passes everything, and wants more', async () => {
        expect(await Enumerator(1, 2, 3).run(Enumeratee.take<number>(10).transform(chunks<number>()))).toEqual([
          1, 2, 3
        ])
        const it = await Enumerator(1, 2, 3).apply(Enumeratee.take<number>(5).transform(chunks<number>()))
        expect((await it.unflatten())._tag).toBe('Cont')
        const it2 = await Enumerator(4, 5, 6, 7).apply(it)
        expect((await it2.unflatten())._tag).toBe('Done')
        expect(await it2.run()).toEqual([1, 2, 3, 4, 5])
      })

      it('for random lists, counts and chunkings: the first n, and the rest for what follows', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), fc.integer({ min: 0, max: 30 }), async ([xs, cs], n) => {
            const it = await feedChunks(cs, andRest(Enumeratee.take<number>(n).transform(chunks<number>())))
            // take(0) is done at once with EOF left over, as in Play: what follows sees EOF
            expect(await it.run()).toEqual([xs.slice(0, n), n === 0 ? [] : xs.slice(n)])
          }),
          runs
        )
      })

      it('Empty inputs do not count', async () => {
        const e = Enumerator.enumInput<number>(Input.Empty)
          .andThen(Enumerator(1))
          .andThen(Enumerator.enumInput<number>(Input.Empty))
        expect(await e.andThen(Enumerator(2, 3)).run(Enumeratee.take<number>(2).transform(chunks<number>()))).toEqual([
          1, 2
        ])
      })
    })

    describe('drop', () => {
      it('skips the first n elements (Play)', async () => {
        const xs = Array.from({ length: 19 }, (_, i) => String(i + 1))
        expect(
          await Enumerator.enumerate(xs).run(Enumeratee.drop<string>(3).transform(wrap(Iteratee.consume<string>())))
        ).toBe(xs.slice(3).join(''))
      })

      it('for random lists, counts and chunkings equals Array#slice', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), fc.integer({ min: 0, max: 30 }), async ([xs, cs], n) => {
            const it = await feedChunks(cs, Enumeratee.drop<number>(n).transform(chunks<number>()))
            expect(await it.run()).toEqual(xs.slice(n))
          }),
          runs
        )
      })
    })

    describe('takeWhile', () => {
      it('passes elements while p holds; the first that fails is left over', async () => {
        expect(
          await Enumerator(1, 2, 3, 4).run(Enumeratee.takeWhile((x: number) => x < 3).transform(chunks<number>()))
        ).toEqual([1, 2])
        await mustTransformTo(
          Enumeratee.takeWhile((x: number) => x <= 2),
          [1, 2, 3, 2, 1],
          [1, 2],
          wrap
        )
        const fed = await Enumerator(1, 2, 3, 4).apply(
          Enumeratee.takeWhile((x: number) => x < 3).applyOn(chunks<number>())
        )
        const step = await fed.unflatten()
        expect(step._tag === 'Done' && step.remaining).toEqual(Input.El(3))
        expect(
          await Enumerator(1, 2, 3, 4).run(
            andRest(Enumeratee.takeWhile((x: number) => x < 3).transform(chunks<number>()))
          )
        ).toEqual([
          [1, 2],
          [3, 4]
        ])
      })

      it('passes along what is left (Play)', async () => {
        const xs = Array.from({ length: 19 }, (_, i) => String(i + 1))
        const it = Enumeratee.takeWhile((s: string) => s !== '4')
          .transform(wrap(Iteratee.consume<string>()))
          .flatMap(() => Iteratee.consume<string>())
        expect(await Enumerator.enumerate(xs).run(it)).toBe(xs.slice(3).join(''))
      })

      it('for random lists and chunkings: the longest prefix, and the rest for what follows', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const p = (x: number) => x > -15
            const it = await feedChunks(cs, andRest(Enumeratee.takeWhile(p).transform(chunks<number>())))
            const i = xs.findIndex((x) => !p(x))
            const n = i < 0 ? xs.length : i
            expect(await it.run()).toEqual([xs.slice(0, n), xs.slice(n)])
          }),
          runs
        )
      })
    })

    describe('dropWhile', () => {
      it('skips elements while p holds (Play)', async () => {
        const xs = Array.from({ length: 19 }, (_, i) => String(i + 1))
        expect(
          await Enumerator.enumerate(xs).run(
            Enumeratee.dropWhile((s: string) => s !== '4').transform(wrap(Iteratee.consume<string>()))
          )
        ).toBe(xs.slice(3).join(''))
        await mustTransformTo(
          Enumeratee.dropWhile((x: number) => x < 10),
          [1, 2, 3],
          [],
          wrap
        )
      })

      it('for random lists and chunkings: everything from the first element that fails p', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const p = (x: number) => x < 10
            const it = await feedChunks(cs, Enumeratee.dropWhile(p).transform(chunks<number>()))
            const i = xs.findIndex((x) => !p(x))
            expect(await it.run()).toEqual(i < 0 ? [] : xs.slice(i))
          }),
          runs
        )
      })
    })

    describe('breakE', () => {
      it('passes input until an element satisfies p (Play)', async () => {
        await mustTransformTo(
          Enumeratee.breakE((x: number) => x > 2),
          [1, 2, 3, 2, 1],
          [1, 2],
          wrap
        )
      })

      it('the breaking element is left over', async () => {
        expect(
          await Enumerator(1, 2, 3, 4).run(andRest(Enumeratee.breakE((x: number) => x > 2).transform(chunks<number>())))
        ).toEqual([
          [1, 2],
          [3, 4]
        ])
      })

      it('EOF reaches the inner iteratee, once', async () => {
        const log: Array<Input<number>> = []
        const r = await Enumerator(1, 2).run(
          Enumeratee.breakE((x: number) => x > 5).transform(wrap(recordingIteratee(log)))
        )
        expect(r).toEqual([Input.El(1), Input.El(2), Input.EOF])
        expect(log).toEqual([Input.El(1), Input.El(2), Input.EOF])
        const fed = await Enumerator(1, 2)
          .andThen(Enumerator.eof())
          .apply(Enumeratee.breakE((x: number) => x > 5).applyOn(wrap(recordingIteratee([]))))
        const step = await fed.unflatten()
        expect(step._tag).toBe('Done')
        if (step._tag === 'Done') expect((await step.a.unflatten())._tag).toBe('Done')
      })

      it('is done when the inner iteratee is, leaving the rest', async () => {
        expect(
          await Enumerator(1, 2, 3, 4).run(
            andRest(Enumeratee.breakE((x: number) => x > 10).transform(wrap(Iteratee.takeUpTo<number>(2))))
          )
        ).toEqual([
          [1, 2],
          [3, 4]
        ])
      })

      it('for random lists and chunkings: the prefix before the first match, and the rest', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const p = (x: number) => x > 15
            const it = await feedChunks(cs, andRest(Enumeratee.breakE(p).transform(chunks<number>())))
            const i = xs.findIndex(p)
            const n = i < 0 ? xs.length : i
            expect(await it.run()).toEqual([xs.slice(0, n), xs.slice(n)])
          }),
          runs
        )
      })
    })

    // -----------------------------------------------------------------------------------
    // around the stream
    // -----------------------------------------------------------------------------------

    describe('passAlong', () => {
      it('passes everything, and is done at EOF with EOF left over, without feeding it to the inner', async () => {
        await mustTransformTo(Enumeratee.passAlong<number>(), [1, 2, 3], [1, 2, 3], wrap)
        const fed = await Enumerator(1, 2)
          .andThen(Enumerator.eof())
          .apply(Enumeratee.passAlong<number>().applyOn(chunks<number>()))
        const step = await fed.unflatten()
        expect(step._tag === 'Done' && step.remaining).toEqual(Input.EOF)
        if (step._tag === 'Done') {
          expect((await step.a.unflatten())._tag).toBe('Cont')
          expect(await step.a.run()).toEqual([1, 2])
        }
      })
    })

    describe('heading', () => {
      it('feeds the enumerator first', async () => {
        await mustTransformTo(Enumeratee.heading(Enumerator(-1, 0)), [1, 2], [-1, 0, 1, 2], wrap)
        await mustTransformTo(
          Enumeratee.heading(
            Enumerator.unfoldM(0, (i: number) => later(i < 2 ? some([i + 1, 10 + i] as const) : none))
          ),
          [1],
          [10, 11, 1],
          wrap
        )
      })

      it('when the inner is done with the heading, nothing of the stream is consumed', async () => {
        expect(
          await Enumerator(3, 4).run(
            andRest(Enumeratee.heading(Enumerator(1, 2)).transform(wrap(Iteratee.takeUpTo<number>(2))))
          )
        ).toEqual([
          [1, 2],
          [3, 4]
        ])
      })
    })

    describe('trailing', () => {
      it('feeds the enumerator at EOF', async () => {
        await mustTransformTo(Enumeratee.trailing(Enumerator(8, 9)), [1, 2], [1, 2, 8, 9], wrap)
        await mustTransformTo(Enumeratee.trailing(Enumerator(8, 9)), [], [8, 9], wrap)
      })

      it('not before EOF, nor when the inner is done before', async () => {
        const it = await Enumerator(1, 2).apply(Enumeratee.trailing(Enumerator(9)).transform(chunks<number>()))
        const it2 = await Enumerator(3).apply(it)
        expect(await it2.run()).toEqual([1, 2, 3, 9])
        expect(
          await Enumerator(1, 2).run(Enumeratee.trailing(Enumerator(9)).transform(wrap(Iteratee.takeUpTo<number>(2))))
        ).toEqual([1, 2])
      })
    })

    describe('onEOF', () => {
      it('runs the action once, at EOF, not before (Play)', async () => {
        let count = 0
        const t = Enumeratee.onEOF<number>(() => count++)
        const it = await Enumerator(1, 2, 3).apply(t.transform(chunks<number>()))
        expect(count).toBe(0)
        expect(await it.run()).toEqual([1, 2, 3])
        expect(count).toBe(1)
        await mustTransformTo(
          Enumeratee.onEOF<number>(() => count++),
          [1, 2, 3],
          [1, 2, 3],
          wrap
        )
        expect(count).toBe(2)
      })

      it('does not run when the inner iteratee is done before EOF', async () => {
        let count = 0
        expect(
          await Enumerator(1, 2, 3).run(
            Enumeratee.onEOF<number>(() => count++).transform(wrap(Iteratee.takeUpTo<number>(2)))
          )
        ).toEqual([1, 2])
        expect(count).toBe(0)
      })
    })

    describe('onIterateeDone', () => {
      it('runs the action once, when the inner iteratee is done (Play)', async () => {
        let count = 0
        await mustTransformTo(
          Enumeratee.onIterateeDone<number>(() => count++),
          [1, 2, 3],
          [1, 2, 3],
          wrap
        )
        expect(count).toBe(1)
      })

      it('not before the inner is done; also when it is done before EOF', async () => {
        let count = 0
        const t = Enumeratee.onIterateeDone<number>(() => count++)
        const it = await Enumerator(1, 2).apply(t.transform(chunks<number>()))
        expect(count).toBe(0)
        await it.run()
        expect(count).toBe(1)
        const early = await Enumerator(1, 2, 3).apply(t.transform(wrap(Iteratee.takeUpTo<number>(2))))
        expect(await early.run()).toEqual([1, 2])
        expect(count).toBe(2)
      })
    })

    describe('recover', () => {
      it('skips an element the inner iteratee throws on, tells f, and goes on (Play: 8 / i)', async () => {
        const told: Array<[unknown, Input<number>]> = []
        const r = await Enumerator(0, 2, 4)
          .through(Enumeratee.recover<number>((e, input) => told.push([e, input])))
          .through(
            Enumeratee.map((i: number) => {
              if (i === 0) throw new RangeError('division by zero')
              return 8 / i
            })
          )
          .run(chunks<number>())
        expect(r).toEqual([4, 2])
        expect(told).toHaveLength(1)
        expect(told[0][0]).toBeInstanceOf(RangeError)
        expect(told[0][1]).toEqual(Input.El(0))
      })

      it('an inner iteratee that throws on some elements: each is skipped, f gets the thrown value and the input', async () => {
        const told: Array<[unknown, Input<number>]> = []
        const errors = new Map<number, Error>()
        const sum = Iteratee.fold(0, (s: number, x: number) => {
          if (x % 3 === 0) {
            const e = new Error(`bad ${x}`)
            errors.set(x, e)
            throw e
          }
          return s + x
        })
        const r = await Enumerator(1, 2, 3, 4, 5, 6, 7).run(
          Enumeratee.recover<number>((e, input) => told.push([e, input])).transform(wrap(sum))
        )
        expect(r).toBe(1 + 2 + 4 + 5 + 7)
        expect(told).toEqual([
          [errors.get(3), Input.El(3)],
          [errors.get(6), Input.El(6)]
        ])
        expect(told[0][0]).toBe(errors.get(3))
      })

      it('also when the inner fails asynchronously', async () => {
        const told: Array<Input<number>> = []
        const sum = Iteratee.foldM(0, async (s: number, x: number) => {
          await delay(0)
          if (x === 2) throw new Error('two')
          return s + x
        })
        const r = await settlesWithin(
          Enumerator(1, 2, 3).run(Enumeratee.recover<number>((_e, input) => told.push(input)).transform(wrap(sum)))
        )
        expect(r).toBe(4)
        expect(told).toEqual([Input.El(2)])
      })

      it('does not recover a plain Error step', async () => {
        let told = 0
        const failing: Iteratee<number, number> = Cont((i: Input<number>) =>
          i._tag === 'El' && i.e === 2 ? Err('two is bad', i) : failing
        )
        await expect(
          settlesWithin(Enumerator(1, 2, 3).run(Enumeratee.recover<number>(() => told++).transform(wrap(failing))))
        ).rejects.toThrow('two is bad')
        expect(told).toBe(0)
      })

      it('the default f ignores the error', async () => {
        const it = Iteratee.fold(0, (s: number, x: number) => {
          if (x === 2) throw new Error('two')
          return s + x
        })
        expect(await Enumerator(1, 2, 3).run(Enumeratee.recover<number>().transform(wrap(it)))).toBe(4)
      })
    })

    // -----------------------------------------------------------------------------------
    // zip
    // -----------------------------------------------------------------------------------

    describe('zip and zipWith', () => {
      it('combine the final results (Play)', async () => {
        expect(await Enumeratee.zip(wrap(Done<number, number>(2)), wrap(Done<number, number>(3))).unflatten()).toEqual({
          _tag: 'Done',
          a: [2, 3],
          remaining: Input.Empty
        })
        expect(
          await Enumeratee.zipWith(
            wrap(Done<number, number>(2)),
            wrap(Done<number, number>(3)),
            (a, b) => a * b
          ).unflatten()
        ).toEqual({ _tag: 'Done', a: 6, remaining: Input.Empty })
      })

      it('feed the same input to both; the one done first waits for the other (both orders)', async () => {
        const xs = [1, 2, 3, 4, 5]
        expect(
          await Enumerator.enumerate(xs).run(Enumeratee.zip(wrap(Iteratee.takeUpTo<number>(2)), chunks<number>()))
        ).toEqual([[1, 2], xs])
        expect(
          await Enumerator.enumerate(xs).run(Enumeratee.zip(chunks<number>(), wrap(Iteratee.takeUpTo<number>(2))))
        ).toEqual([xs, [1, 2]])
        expect(
          await Enumerator.enumerate(xs).run(
            Enumeratee.zipWith(wrap(Iteratee.takeUpTo<number>(2)), wrap(sum()), (a, b) => a.length + b)
          )
        ).toBe(17)
      })

      it('both done before EOF: the rest of the stream is left for what follows (both orders)', async () => {
        const xs = [1, 2, 3, 4, 5]
        const r1 = await Enumerator.enumerate(xs).run(
          andRest(Enumeratee.zip(wrap(Iteratee.takeUpTo<number>(1)), wrap(Iteratee.takeUpTo<number>(3))))
        )
        expect(r1).toEqual([
          [[1], [1, 2, 3]],
          [4, 5]
        ])
        const r2 = await Enumerator.enumerate(xs).run(
          andRest(Enumeratee.zip(wrap(Iteratee.takeUpTo<number>(3)), wrap(Iteratee.takeUpTo<number>(1))))
        )
        expect(r2).toEqual([
          [[1, 2, 3], [1]],
          [4, 5]
        ])
      })

      it('an Error in either is an Error (both orders, before and after the other is done)', async () => {
        const failAt = (n: number): Iteratee<number, number> => {
          const go = (seen: number): Iteratee<number, number> =>
            Cont((i: Input<number>) => (i._tag === 'El' && seen + 1 === n ? Err(`failed at ${n}`, i) : go(seen + 1)))
          return go(0)
        }
        for (const [a, b] of [
          [wrap(failAt(2)), chunks<number>()],
          [chunks<number>(), wrap(failAt(2))],
          [wrap(Iteratee.takeUpTo<number>(1)), wrap(failAt(3))],
          [wrap(failAt(3)), wrap(Iteratee.takeUpTo<number>(1))]
        ] as const) {
          await expect(
            settlesWithin(Enumerator(1, 2, 3, 4).run(Enumeratee.zip<number, unknown, unknown>(a, b)))
          ).rejects.toThrow(/failed at/)
        }
        await expect(
          settlesWithin(
            Enumerator(1).run(Enumeratee.zip(wrap(Err<number, number>('bad', Input.Empty)), chunks<number>()))
          )
        ).rejects.toThrow('bad')
      })

      it('a throw in either rejects with the original itself', async () => {
        const boom = new Error('boom')
        const throwing = Iteratee.fold(0, (s: number, x: number) => {
          if (x === 2) throw boom
          return s + x
        })
        await rejectsWith(Enumerator(1, 2, 3).run(Enumeratee.zip(chunks<number>(), wrap(throwing))), boom)
      })
    })

    // -----------------------------------------------------------------------------------
    // flatten, checkDone
    // -----------------------------------------------------------------------------------

    describe('flatten', () => {
      it('uses the enumeratee a promise gives (Play: passAlong, sum 45)', async () => {
        const t = Enumeratee.flatten(later(Enumeratee.passAlong<number>(), 2))
        expect(await Enumerator(1, 2, 3, 4, 5, 6, 7, 8, 9).run(t.transform(wrap(sum())))).toBe(45)
        await mustTransformTo(
          Enumeratee.flatten(Promise.resolve(Enumeratee.map((x: number) => -x))),
          [1, 2],
          [-1, -2],
          wrap
        )
      })

      it('a rejected promise rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        await rejectsWith(
          Enumerator(1).run(Enumeratee.flatten<number, number>(failLater(boom)).transform(chunks<number>())),
          boom
        )
      })

      it('a rejected promise, applied much later, is no unhandled rejection meanwhile', async () => {
        const boom = new Error('boom')
        const t = Enumeratee.flatten<number, number>(Promise.reject(boom))
        await delay(10)
        await rejectsWith(Enumerator(1).run(t.transform(chunks<number>())), boom)
        const it = Iteratee.flatten<number, number>(Promise.reject(boom))
        await delay(10)
        await rejectsWith(Enumerator(1).run(Enumeratee.passAlong<number>().transform(wrap(it))), boom)
      })
    })

    describe('checkDone', () => {
      it('writes an enumeratee the way Play’s CheckDone is used: doubling', async () => {
        await mustTransformTo(doubling(), [1, 2, 3], [2, 4, 6], wrap)
        await mustTransformTo(doubling(), [], [], wrap)
      })

      it('composes with other enumeratees, on either side', async () => {
        await mustTransformTo(doubling().compose(Enumeratee.take(2)), [1, 2, 3], [2, 4], wrap)
        await mustTransformTo(Enumeratee.take<number>(2).compose(doubling()), [1, 2, 3], [2, 4], wrap)
        await mustTransformTo(
          doubling()
            .compose(doubling())
            .compose(Enumeratee.map((x: number) => x + 1)),
          [1, 2],
          [5, 9],
          wrap
        )
        await mustTransformTo(Enumeratee.filter((x: number) => x > 1).compose(doubling()), [1, 2, 3], [4, 6], wrap)
        expect(await Enumerator(1, 2, 3).through(doubling()).through(doubling()).run(chunks<number>())).toEqual([
          4, 8, 12
        ])
      })

      it('is done at once when the inner iteratee is, leaving the rest', async () => {
        expect(
          await Enumerator(1, 2, 3).run(andRest(doubling().transform(wrap(Iteratee.takeUpTo<number>(1)))))
        ).toEqual([[2], [2, 3]])
        const fed = await Enumerator(1, 2).apply(doubling().applyOn(wrap(Done<number, string>('done'))))
        const step = await fed.unflatten()
        expect(step._tag === 'Done' && step.remaining).toEqual(Input.Empty)
        expect(await (await fed.run()).run()).toBe('done')
      })

      it('keeps its state across enumerator boundaries', async () => {
        await fc.assert(
          fc.asyncProperty(chunked(ints), async ([xs, cs]) => {
            const it = await feedChunks(cs, doubling().transform(chunks<number>()))
            expect(await it.run()).toEqual(xs.map((x) => x * 2))
          }),
          runs
        )
      })
    })
  })

  // -------------------------------------------------------------------------------------
  // every enumeratee with an inner whose every step is pending (foldM)
  // -------------------------------------------------------------------------------------

  describe('with a foldM inner iteratee whose every step is pending', () => {
    const cases: ReadonlyArray<
      readonly [string, Enumeratee<number, number>, ReadonlyArray<number>, ReadonlyArray<number>]
    > = [
      ['map', Enumeratee.map((x: number) => x + 1), [1, 2], [2, 3]],
      ['mapM', Enumeratee.mapM((x: number) => later(x + 1)), [1, 2], [2, 3]],
      ['mapInput', Enumeratee.mapInput((i: Input<number>) => Input.map(i, (x) => x + 1)), [1, 2], [2, 3]],
      ['mapInputM', Enumeratee.mapInputM((i: Input<number>) => later(Input.map(i, (x) => x + 1))), [1, 2], [2, 3]],
      ['mapConcat', Enumeratee.mapConcat((x: number) => [x, x]), [1, 2], [1, 1, 2, 2]],
      ['mapConcatInput', Enumeratee.mapConcatInput((x: number) => [Input.El(x), Input.Empty]), [1, 2], [1, 2]],
      ['mapFlatten', Enumeratee.mapFlatten((x: number) => Enumerator(x, -x)), [1, 2], [1, -1, 2, -2]],
      [
        'mapInputFlatten',
        Enumeratee.mapInputFlatten((i: Input<number>) =>
          i._tag === 'El' ? Enumerator(i.e) : Enumerator.empty<number>()
        ),
        [1, 2],
        [1, 2]
      ],
      ['filter', Enumeratee.filter((x: number) => x > 1), [1, 2, 3], [2, 3]],
      ['filterNot', Enumeratee.filterNot((x: number) => x > 1), [1, 2, 3], [1]],
      ['collect', Enumeratee.collect((x: number) => (x > 1 ? some(x * 2) : none)), [1, 2, 3], [4, 6]],
      ['take', Enumeratee.take<number>(2), [1, 2, 3], [1, 2]],
      ['drop', Enumeratee.drop<number>(2), [1, 2, 3], [3]],
      ['takeWhile', Enumeratee.takeWhile((x: number) => x < 3), [1, 2, 3, 1], [1, 2]],
      ['dropWhile', Enumeratee.dropWhile((x: number) => x < 3), [1, 2, 3, 1], [3, 1]],
      ['breakE', Enumeratee.breakE((x: number) => x >= 3), [1, 2, 3, 1], [1, 2]],
      ['scanLeft', Enumeratee.scanLeft(0, (a: number, x: number) => a + x), [1, 2, 3], [1, 3, 6]],
      ['grouped', Enumeratee.grouped(Iteratee.takeUpTo<number>(2).map((g) => g.length)), [1, 2, 3], [2, 1]],
      ['passAlong', Enumeratee.passAlong<number>(), [1, 2], [1, 2]],
      ['heading', Enumeratee.heading(Enumerator(0)), [1, 2], [0, 1, 2]],
      ['trailing', Enumeratee.trailing(Enumerator(9)), [1, 2], [1, 2, 9]],
      ['onEOF', Enumeratee.onEOF<number>(() => undefined), [1, 2], [1, 2]],
      ['onIterateeDone', Enumeratee.onIterateeDone<number>(() => undefined), [1, 2], [1, 2]],
      ['recover', Enumeratee.recover<number>(), [1, 2], [1, 2]],
      ['flatten', Enumeratee.flatten(later(Enumeratee.passAlong<number>())), [1, 2], [1, 2]],
      ['checkDone', doubling(), [1, 2], [2, 4]],
      ['compose', Enumeratee.take<number>(3).compose(Enumeratee.drop(1)), [1, 2, 3, 4], [2, 3]]
    ]

    it.each(cases)('%s', async (_, t, input, expected) => {
      expect(await settlesWithin(Enumerator.enumerate(input).run(t.transform(slowGetChunks<number>())))).toEqual(
        expected
      )
      expect(await settlesWithin(Enumerator.enumerate(input).through(t).run(slowGetChunks<number>()))).toEqual(expected)
    })

    it('an enumeratee waits for its pending inner iteratee', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const inner: Promise<Iteratee<number, ReadonlyArray<number>>> = gate.then(() => Iteratee.getChunks<number>())
      const p = Enumerator(1, 2).run(Enumeratee.map((x: number) => x * 2).transform(Iteratee.flatten(inner)))
      expect(await isStillPending(p)).toBe(true)
      release()
      expect(await settlesWithin(p)).toEqual([2, 4])
    })
  })
})
