import * as fc from 'fast-check'
import { none, some, type Option } from 'fp-ts/Option'
import { Cont, Done, Enumeratee, Enumerator, Err, Input, Iteratee, IterateeError } from '../src'
import {
  delay,
  failLater,
  feedChunks,
  isStillPending,
  later,
  mustEnumerateTo,
  mustPropagateFailure,
  pendingIteratee,
  recordingIteratee,
  rejectsWith,
  settlesWithin,
  slowGetChunks,
  slowIteratee,
  variants
} from './helpers'

const sum = (): Iteratee<number, number> => Iteratee.fold(0, (s: number, x: number) => s + x)

/** An async source of `xs`, each element some ms after the previous. */
const slowSource = <E>(xs: ReadonlyArray<E>, ms = 1): Enumerator<E> =>
  Enumerator.unfoldM(0, (i: number) => (i < xs.length ? later(some([i + 1, xs[i]] as const), ms) : later(none, ms)))

/** A counter and an enumerator that counts how often it is asked for an element. */
const counting = (): { readonly count: () => number; readonly e: Enumerator<number> } => {
  let n = 0
  return {
    count: () => n,
    e: Enumerator.generateM(() => {
      n++
      return Promise.resolve(some(n))
    })
  }
}

describe('Enumerator', () => {
  describe.each(variants)('with a %s iteratee', (_, wrap) => {
    // -----------------------------------------------------------------------------------
    // Enumerator(...), apply, run, |>>|
    // -----------------------------------------------------------------------------------

    describe('Enumerator(...)', () => {
      it('enumerates zero, one and several arguments', async () => {
        expect(await Enumerator<number>().run(wrap(Iteratee.getChunks<number>()))).toEqual([])
        expect(await Enumerator(1).run(wrap(Iteratee.getChunks<number>()))).toEqual([1])
        expect(await Enumerator(1, 2).run(wrap(Iteratee.getChunks<number>()))).toEqual([1, 2])
        expect(await Enumerator('kiki', 'foo', 'bar').run(wrap(Iteratee.getChunks<string>()))).toEqual([
          'kiki',
          'foo',
          'bar'
        ])
      })

      it('is a value: each application feeds a fresh iteratee', async () => {
        const e = Enumerator(1, 2, 3)
        expect(await e.run(wrap(sum()))).toBe(6)
        expect(await e.run(wrap(sum()))).toBe(6)
      })
    })

    describe('apply', () => {
      it('feeds no EOF: the iteratee is still Cont afterwards, and can be fed more', async () => {
        const it = await Enumerator(1, 2).apply(wrap(Iteratee.getChunks<number>()))
        expect((await it.unflatten())._tag).toBe('Cont')
        const it2 = await Enumerator(3).apply(it)
        expect(await it2.run()).toEqual([1, 2, 3])
      })

      it('feeds nothing to an iteratee that does not want input', async () => {
        const log: Array<Input<number>> = []
        const doneIt = wrap(Done<number, string>('x', Input.El(9)))
        const step = await (await Enumerator(1, 2).apply(doneIt)).unflatten()
        expect(step).toEqual({ _tag: 'Done', a: 'x', remaining: Input.El(9) })
        const r = recordingIteratee(log).flatMap(() => Iteratee.getChunks<number>())
        await Enumerator<number>().apply(wrap(r))
        expect(log).toEqual([])
      })

      it('stops feeding as soon as the iteratee is done, and keeps its leftover', async () => {
        const step = await (await Enumerator(1, 2, 3).apply(wrap(Iteratee.isEmpty<number>()))).unflatten()
        expect(step).toEqual({ _tag: 'Done', a: false, remaining: Input.El(1) })
      })

      it('resolves with an Error step (it is not a failure)', async () => {
        const it = await Enumerator(1, 2).apply(wrap(Err<number, number>('bad', Input.Empty)))
        expect(await it.unflatten()).toEqual({ _tag: 'Error', msg: 'bad', input: Input.Empty })
      })

      it('rejects with what the iteratee threw', async () => {
        const boom = new Error('boom')
        const it = Cont<number, number>(() => {
          throw boom
        })
        await rejectsWith(Enumerator(1, 2).apply(wrap(it)), boom)
        await mustPropagateFailure(Enumerator(1, 2, 3))
      })

      it("'|>>' is apply", () => {
        const e = Enumerator(1)
        expect(e['|>>']).toBe(e.apply)
      })
    })

    describe('run', () => {
      it('feeds EOF after the elements', async () => {
        const log: Array<Input<number>> = []
        const r = await Enumerator(1, 2).run(wrap(recordingIteratee(log)))
        expect(r).toEqual([Input.El(1), Input.El(2), Input.EOF])
        expect(log).toEqual([Input.El(1), Input.El(2), Input.EOF])
      })

      it('gives the result of an iteratee that was done early, without EOF', async () => {
        expect(await Enumerator(1, 2, 3).run(wrap(Iteratee.head<number>()))).toEqual(some(1))
      })

      it('rejects with an IterateeError on an Error step', async () => {
        const p = Enumerator(1).run(wrap(Err<number, number>('bad', Input.Empty)))
        await expect(settlesWithin(p)).rejects.toBeInstanceOf(IterateeError)
        await expect(p).rejects.toThrow('bad')
      })

      it('rejects when the iteratee diverges after EOF', async () => {
        const diverging: Iteratee<number, number> = Cont(() => diverging)
        await expect(settlesWithin(Enumerator(1).run(wrap(diverging)))).rejects.toBeInstanceOf(IterateeError)
      })

      it("'|>>>' is run", () => {
        const e = Enumerator(1)
        expect(e['|>>>']).toBe(e.run)
      })
    })

    describe("'|>>|'", () => {
      it('gives the step of the fed iteratee', async () => {
        expect(await Enumerator(1, 2, 3)['|>>|'](wrap(Iteratee.takeUpTo<number>(2)))).toEqual({
          _tag: 'Done',
          a: [1, 2],
          remaining: Input.Empty
        })
        const cont = await Enumerator(1, 2)['|>>|'](wrap(Iteratee.getChunks<number>()))
        expect(cont._tag).toBe('Cont')
        if (cont._tag === 'Cont') expect(await cont.k(Input.EOF).run()).toEqual([1, 2])
        expect(await Enumerator(1)['|>>|'](wrap(Err<number, number>('no', Input.El(0))))).toEqual({
          _tag: 'Error',
          msg: 'no',
          input: Input.El(0)
        })
      })

      it('is applyUnflatten', () => {
        const e = Enumerator(1)
        expect(e['|>>|']).toBe(e.applyUnflatten)
      })
    })

    // -----------------------------------------------------------------------------------
    // andThen
    // -----------------------------------------------------------------------------------

    describe('andThen', () => {
      it('feeds this enumerator, then the other', async () => {
        await mustEnumerateTo(Enumerator(1, 2).andThen(Enumerator(3, 4)), [1, 2, 3, 4])
        expect(
          await Enumerator(1, 2)
            ['>>>'](slowSource([3, 4]))
            .run(wrap(Iteratee.getChunks<number>()))
        ).toEqual([1, 2, 3, 4])
        expect(await slowSource([1, 2]).andThen(Enumerator(3)).run(wrap(Iteratee.getChunks<number>()))).toEqual([
          1, 2, 3
        ])
      })

      it("'>>>' is andThen", () => {
        const e = Enumerator(1)
        expect(e['>>>']).toBe(e.andThen)
      })

      it('sends no EOF between the two (Play: generateM and unfoldM compose with another enumerator)', async () => {
        let i = 0
        const gen = Enumerator.generateM(() => later(i <= 10 ? some(i++) : none))
        expect(await gen.andThen(Enumerator(12)).run(wrap(Iteratee.fold('', (s: string, x: number) => s + x)))).toBe(
          '01234567891012'
        )
        const unf = Enumerator.unfoldM(0, (s: number) => later(s > 10 ? none : some([s + 1, s + 1] as const)))
        expect(await unf.andThen(Enumerator(12)).run(wrap(Iteratee.fold('', (s: string, x: number) => s + x)))).toBe(
          '123456789101112'
        )
      })

      it('does not run the second enumerator once the iteratee is done', async () => {
        const c = counting()
        let repeated = 0
        const r = Enumerator.repeat(() => ++repeated)
        expect(
          await Enumerator(1, 2)
            .andThen(c.e)
            .andThen(r)
            .run(wrap(Iteratee.takeUpTo<number>(2)))
        ).toEqual([1, 2])
        expect(c.count()).toBe(0)
        expect(repeated).toBe(0)
      })

      it('does not run the second enumerator after a failure', async () => {
        const c = counting()
        const boom = new Error('boom')
        const e = Enumerator.generateM<number>(() => failLater(boom)).andThen(c.e)
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
        expect(c.count()).toBe(0)
      })

      it('stops at an Enumerator.eof() in the middle', async () => {
        expect(
          await Enumerator(1).andThen(Enumerator.eof()).andThen(Enumerator(2)).run(wrap(Iteratee.getChunks<number>()))
        ).toEqual([1])
      })

      it('is associative, with empty() as identity', async () => {
        const arr = fc.array(fc.integer(), { maxLength: 5 })
        await fc.assert(
          fc.asyncProperty(arr, arr, arr, fc.integer({ min: 0, max: 16 }), async (a, b, c, n) => {
            const [ea, eb, ec] = [a, b, c].map((xs) => Enumerator.enumerate(xs))
            const it = () =>
              wrap(Iteratee.takeUpTo<number>(n).flatMap((x) => Iteratee.head<number>().map((h) => [x, h])))
            const left = await ea.andThen(eb).andThen(ec).run(it())
            const right = await ea.andThen(eb.andThen(ec)).run(it())
            const expected = [
              [...a, ...b, ...c].slice(0, n),
              [...a, ...b, ...c][n] === undefined ? none : some([...a, ...b, ...c][n])
            ]
            expect(left).toEqual(expected)
            expect(right).toEqual(expected)
            expect(await Enumerator.empty<number>().andThen(ea).run(it())).toEqual(await ea.run(it()))
            expect(await ea.andThen(Enumerator.empty()).run(it())).toEqual(await ea.run(it()))
          }),
          { numRuns: 30 }
        )
      })
    })

    // -----------------------------------------------------------------------------------
    // interleave
    // -----------------------------------------------------------------------------------

    describe('interleave', () => {
      /** Every element exactly once, and each source's elements in their order. */
      const checkInterleaving = (result: ReadonlyArray<string>, sources: ReadonlyArray<ReadonlyArray<string>>) => {
        expect([...result].sort()).toEqual(sources.flat().sort())
        for (const s of sources) expect(result.filter((x) => s.includes(x))).toEqual(s)
      }
      const a = ['a1', 'a2', 'a3', 'a4']
      const b = ['b1', 'b2', 'b3']
      const c = ['c1', 'c2']

      it('with the method and its alias: delivers every element of both once, in order, and completes', async () => {
        const r1 = await settlesWithin(
          slowSource(a, 2).interleave(slowSource(b, 3)).run(wrap(Iteratee.getChunks<string>()))
        )
        checkInterleaving(r1, [a, b])
        const r2 = await settlesWithin(
          Enumerator.enumerate(a)['>-'](slowSource(b)).run(wrap(Iteratee.getChunks<string>()))
        )
        checkInterleaving(r2, [a, b])
        const r3 = await settlesWithin(
          Enumerator.enumerate(a).interleave(Enumerator.enumerate(b)).run(wrap(Iteratee.getChunks<string>()))
        )
        checkInterleaving(r3, [a, b])
      })

      it("'>-' is interleave", () => {
        const e = Enumerator(1)
        expect(e['>-']).toBe(e.interleave)
      })

      it('the static, with several enumerators and with an array of them', async () => {
        const r1 = await settlesWithin(
          Enumerator.interleave(slowSource(a, 1), slowSource(b, 2), Enumerator.enumerate(c)).run(
            wrap(Iteratee.getChunks<string>())
          )
        )
        checkInterleaving(r1, [a, b, c])
        const r2 = await settlesWithin(
          Enumerator.interleave([slowSource(a, 2), slowSource(b, 1), slowSource(c, 3)]).run(
            wrap(Iteratee.getChunks<string>())
          )
        )
        checkInterleaving(r2, [a, b, c])
        expect(await Enumerator.interleave<string>([]).run(wrap(Iteratee.getChunks<string>()))).toEqual([])
      })

      it('keeps every element for random sources and delays', async () => {
        const src = fc.tuple(fc.array(fc.nat({ max: 3 }), { maxLength: 5 }), fc.boolean())
        await fc.assert(
          fc.asyncProperty(fc.array(src, { maxLength: 4 }), async (specs) => {
            const sources = specs.map(([delays], i) => delays.map((_, j) => `s${i}-${j}`))
            const es = specs.map(([delays, sync], i) =>
              sync
                ? Enumerator.enumerate(sources[i])
                : Enumerator.unfoldM(0, (j: number) =>
                    j < delays.length ? later(some([j + 1, sources[i][j]] as const), delays[j]) : later(none)
                  )
            )
            const r = await settlesWithin(Enumerator.interleave(es).run(wrap(Iteratee.getChunks<string>())))
            checkInterleaving(r, sources)
          }),
          { numRuns: 25 }
        )
      })

      it('completes when the iteratee is done before the sources (Play: yield when iteratee is done)', async () => {
        const e1 = Enumerator<ReadonlyArray<number>>([1], [3], [5], [7])
        const e2 = Enumerator<ReadonlyArray<number>>([2], [4], [6], [8])
        const r = await settlesWithin(
          e1
            .interleave(e2)
            .run(Enumeratee.take<ReadonlyArray<number>>(7).transform(wrap(Iteratee.consume<ReadonlyArray<number>>([]))))
        )
        expect(r).toHaveLength(7)
        const c1 = counting()
        const c2 = counting()
        expect(await settlesWithin(c1.e.interleave(c2.e).run(wrap(Iteratee.takeUpTo<number>(5))))).toHaveLength(5)
        await delay(5)
        expect(c1.count() + c2.count()).toBeLessThanOrEqual(7)
      })

      it('does not go alternately: a source that is ready goes on (Play)', async () => {
        let firstDone!: () => void
        const done = new Promise<void>((resolve) => (firstDone = resolve))
        const e1 = Enumerator(1, 2, 3, 4).onDoneEnumerating(() => firstDone())
        const e2 = Enumerator.unfoldM<boolean, number>(true, (first: boolean) =>
          first ? done.then(() => some([false, 5] as const)) : Promise.resolve(none)
        )
        expect(await settlesWithin(e1.interleave(e2).run(wrap(Iteratee.getChunks<number>())))).toEqual([1, 2, 3, 4, 5])
      })

      it('holds back EOF until every source has sent it (Play: yield when both enumerators EOF)', async () => {
        const e1 = Enumerator(1, 3, 5, 7).andThen(Enumerator.eof())
        const e2 = slowSource([2, 4, 6, 8]).andThen(Enumerator.eof())
        const r = await settlesWithin(e1.interleave(e2).run(wrap(Iteratee.getChunks<number>())))
        expect([...r].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      })

      it('rejects when a source fails', async () => {
        const boom = new Error('boom')
        const failing = Enumerator.generateM<number>(() => failLater(boom, 2))
        await rejectsWith(slowSource([1, 2, 3]).interleave(failing).run(wrap(Iteratee.getChunks<number>())), boom)
      })

      it('feeds no EOF', async () => {
        const it = await settlesWithin(
          Enumerator(1)
            .interleave(slowSource([2]))
            .apply(wrap(Iteratee.getChunks<number>()))
        )
        expect((await it.unflatten())._tag).toBe('Cont')
        expect([...(await it.run())].sort()).toEqual([1, 2])
      })
    })

    // -----------------------------------------------------------------------------------
    // through, onDoneEnumerating, map, mapInput, flatMap
    // -----------------------------------------------------------------------------------

    describe('through', () => {
      it('transforms the elements with an enumeratee', async () => {
        expect(
          await Enumerator(1, 2, 3)
            .through(Enumeratee.map((x: number) => x * 10))
            .run(wrap(sum()))
        ).toBe(60)
        const e = Enumerator(1, 2, 3)
        expect(e['&>']).toBe(e.through)
        expect(await e['&>'](Enumeratee.take<number>(2)).run(wrap(Iteratee.getChunks<number>()))).toEqual([1, 2])
      })

      it('is done with the inner iteratee, and feeds it no EOF', async () => {
        const it = await Enumerator(1, 2)
          .through(Enumeratee.map((x: number) => x + 1))
          .apply(wrap(Iteratee.getChunks<number>()))
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(
          await Enumerator(9)
            .apply(it)
            .then((i) => i.run())
        ).toEqual([2, 3, 9])
      })
    })

    describe('onDoneEnumerating', () => {
      it('runs the callback exactly once, after the enumeration', async () => {
        let count = 0
        const e = slowSource([1, 2, 3]).onDoneEnumerating(() => count++)
        const p = e.run(wrap(Iteratee.getChunks<number>()))
        expect(count).toBe(0)
        expect(await settlesWithin(p)).toEqual([1, 2, 3])
        expect(count).toBe(1)
        await mustEnumerateTo(
          Enumerator(1, 2, 3).onDoneEnumerating(() => count++),
          [1, 2, 3]
        )
        expect(count).toBe(2)
      })

      it('runs once when the iteratee finishes early', async () => {
        let count = 0
        const c = counting()
        expect(await c.e.onDoneEnumerating(() => count++).run(wrap(Iteratee.takeUpTo<number>(3)))).toEqual([1, 2, 3])
        expect(count).toBe(1)
        expect(c.count()).toBe(3)
      })

      it('runs once when the iteratee fails', async () => {
        let count = 0
        await mustPropagateFailure(Enumerator(1, 2, 3).onDoneEnumerating(() => count++))
        expect(count).toBe(1)
        const boom = new Error('boom')
        const throwing = Cont<number, number>(() => {
          throw boom
        })
        await rejectsWith(
          slowSource([1])
            .onDoneEnumerating(() => count++)
            .run(wrap(throwing)),
          boom
        )
        expect(count).toBe(2)
      })

      it('runs once when the source fails', async () => {
        let count = 0
        const boom = new Error('boom')
        const e = Enumerator.generateM<number>(() => failLater(boom)).onDoneEnumerating(() => count++)
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
        expect(count).toBe(1)
      })

      it('runs once per application', async () => {
        let count = 0
        const e = Enumerator(1).onDoneEnumerating(() => count++)
        await e.run(wrap(Iteratee.ignore<number>()))
        await e.apply(wrap(Iteratee.ignore<number>()))
        expect(count).toBe(2)
      })

      it('a callback that throws does not change the outcome (as Play: Future#andThen)', async () => {
        const e = Enumerator(1, 2).onDoneEnumerating(() => {
          throw new Error('callback')
        })
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([1, 2])
      })
    })

    describe('map', () => {
      it('transforms each element', async () => {
        expect(
          await Enumerator(1, 2, 3)
            .map((x) => x * 2)
            .run(wrap(Iteratee.getChunks<number>()))
        ).toEqual([2, 4, 6])
        expect(await slowSource([1, 2, 3]).map(String).run(wrap(Iteratee.getChunks<string>()))).toEqual(['1', '2', '3'])
      })

      it('a map f that throws rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        const e = Enumerator(1, 2, 3).map((x) => {
          if (x === 2) throw boom
          return x
        })
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    describe('mapInput', () => {
      it('transforms each input', async () => {
        expect(
          await Enumerator(1, 2, 3)
            .mapInput((i) => Input.map(i, (x) => x * 2))
            .run(wrap(Iteratee.getChunks<number>()))
        ).toEqual([2, 4, 6])
      })

      it('can drop elements (as Empty) and end the stream (as EOF)', async () => {
        const e = Enumerator(1, 2, 3, 4, 5).mapInput((i): Input<number> =>
          i._tag === 'El' && i.e === 2 ? Input.Empty : i._tag === 'El' && i.e === 4 ? Input.EOF : i
        )
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([1, 3])
      })
    })

    describe('flatMap', () => {
      it('feeds each element’s enumerator in turn (Play: sum of 10 until 40)', async () => {
        const e = Enumerator(10, 20, 30).flatMap((i) => Enumerator(...Array.from({ length: 10 }, (_, j) => i + j)))
        expect(await e.run(wrap(sum()))).toBe(((10 + 39) * 30) / 2)
        const s = Enumerator(1, 2).flatMap((i) => slowSource([i, -i]))
        expect(await s.run(wrap(Iteratee.getChunks<number>()))).toEqual([1, -1, 2, -2])
      })

      it('stops once the iteratee is done', async () => {
        let made = 0
        const e = Enumerator(1, 2, 3, 4).flatMap((i) => {
          made++
          return Enumerator(i, i)
        })
        expect(await e.run(wrap(Iteratee.takeUpTo<number>(3)))).toEqual([1, 1, 2])
        expect(made).toBe(2)
      })
    })

    // -----------------------------------------------------------------------------------
    // enumerate
    // -----------------------------------------------------------------------------------

    describe('enumerate', () => {
      it('pulls only a few elements ahead of the iteratee, so memory stays bounded whatever their size', async () => {
        let pulled = 0
        let taken = 0
        let ahead = 0
        function* source(): Generator<number> {
          for (let i = 0; i < 100_000; i++) {
            pulled++
            ahead = Math.max(ahead, pulled - taken)
            yield i
          }
        }
        const count = Iteratee.fold(0, (n: number, _e: number) => {
          taken++
          return n + 1
        })
        expect(await Enumerator.enumerate(source()).run(wrap(count))).toBe(100_000)
        expect(ahead).toBeLessThanOrEqual(64)
      })

      it('an array, again and again', async () => {
        const e = Enumerator.enumerate([1, 2, 3, 7, 42, 666])
        expect(await e.run(Enumeratee.take<number>(100).transform(wrap(Iteratee.getChunks<number>())))).toEqual([
          1, 2, 3, 7, 42, 666
        ])
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([1, 2, 3, 7, 42, 666])
      })

      it('a Set and a string, again and again', async () => {
        const s = Enumerator.enumerate(new Set([3, 1, 2]))
        expect(await s.run(wrap(Iteratee.getChunks<number>()))).toEqual([3, 1, 2])
        expect(await s.run(wrap(Iteratee.getChunks<number>()))).toEqual([3, 1, 2])
        const str = Enumerator.enumerate('abc')
        expect(await str.run(wrap(Iteratee.getChunks<string>()))).toEqual(['a', 'b', 'c'])
        expect(await str.run(wrap(Iteratee.consume<string>()))).toBe('abc')
      })

      it('a generator once: a second apply rejects with an IterateeError', async () => {
        function* gen(): Generator<number> {
          for (let i = 0; i < 50; i++) yield i
        }
        const e = Enumerator.enumerate(gen())
        expect(await e.run(Enumeratee.take<number>(100).transform(wrap(Iteratee.getChunks<number>())))).toEqual(
          Array.from({ length: 50 }, (_, i) => i)
        )
        await expect(settlesWithin(e.apply(wrap(Iteratee.getChunks<number>())))).rejects.toBeInstanceOf(IterateeError)
        await expect(settlesWithin(e.run(wrap(Iteratee.getChunks<number>())))).rejects.toBeInstanceOf(IterateeError)
      })

      it('a singleton iterator (Play)', async () => {
        expect(
          await Enumerator.enumerate([3][Symbol.iterator]()).run(Enumeratee.take<number>(1).transform(wrap(sum())))
        ).toBe(3)
      })

      it("calls the iterator's return() when the iteratee stops early, and not when the iterator is exhausted", async () => {
        let returned = 0
        let finished = 0
        const iterable = (n: number): Iterable<number> => ({
          [Symbol.iterator]: () => {
            let i = 0
            return {
              next: () => (i < n ? { done: false, value: i++ } : (finished++, { done: true, value: undefined })),
              return: () => {
                returned++
                return { done: true, value: undefined }
              }
            }
          }
        })
        expect(await Enumerator.enumerate(iterable(10)).run(wrap(Iteratee.takeUpTo<number>(3)))).toEqual([0, 1, 2])
        expect(returned).toBe(1)
        expect(await Enumerator.enumerate(iterable(3)).run(wrap(Iteratee.getChunks<number>()))).toEqual([0, 1, 2])
        expect(returned).toBe(1)
        expect(finished).toBe(1)
      })

      it("runs a generator's finally when the iteratee is done early, or throws", async () => {
        let cleaned = 0
        function* gen(): Generator<number> {
          try {
            for (let i = 0; ; i++) yield i
          } finally {
            cleaned++
          }
        }
        expect(await Enumerator.enumerate(gen()).run(wrap(Iteratee.head<number>()))).toEqual(some(0))
        expect(cleaned).toBe(1)
        const boom = new Error('boom')
        const throwing = Iteratee.fold(0, (s: number, x: number) => {
          if (x === 3) throw boom
          return s + x
        })
        await rejectsWith(Enumerator.enumerate(gen()).run(wrap(throwing)), boom)
        expect(cleaned).toBe(2)
      })

      it('an iterator that throws rejects with the original itself', async () => {
        const boom = new Error('boom')
        function* gen(): Generator<number> {
          yield 1
          throw boom
        }
        await rejectsWith(Enumerator.enumerate(gen()).run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    // -----------------------------------------------------------------------------------
    // unfold, unfoldM, repeat, repeatM, generateM
    // -----------------------------------------------------------------------------------

    describe('unfold', () => {
      it('unfolds a state into elements (Play)', async () => {
        const e = Enumerator.unfold(0, (s: number) => (s > 3 ? none : some([s + 1, s] as const)))
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([0, 1, 2, 3])
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([0, 1, 2, 3])
      })

      it('stops asking once the iteratee is done', async () => {
        let calls = 0
        const e = Enumerator.unfold(0, (s: number) => {
          calls++
          return some([s + 1, s] as const)
        })
        expect(await e.run(wrap(Iteratee.takeUpTo<number>(4)))).toEqual([0, 1, 2, 3])
        expect(calls).toBe(4)
      })

      it('an f that throws rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        const e = Enumerator.unfold(0, (s: number): Option<readonly [number, number]> => {
          if (s === 2) throw boom
          return some([s + 1, s] as const)
        })
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    describe('unfoldM', () => {
      it('with an async f', async () => {
        const e = Enumerator.unfoldM(0, (s: number) => later(s > 3 ? none : some([s + 1, s * 10] as const)))
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([0, 10, 20, 30])
      })

      it('with a synchronous f', async () => {
        const e = Enumerator.unfoldM(0, (s: number) => (s > 3 ? none : some([s + 1, s * 10] as const)))
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([0, 10, 20, 30])
      })

      it('a rejected promise rejects the run with the original itself; a throw too', async () => {
        const boom = new Error('boom')
        const e = Enumerator.unfoldM(0, (s: number) => (s === 2 ? failLater(boom) : later(some([s + 1, s] as const))))
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
        const t = Enumerator.unfoldM(0, (s: number): Promise<Option<readonly [number, number]>> => {
          if (s === 1) throw boom
          return later(some([s + 1, s] as const))
        })
        await rejectsWith(t.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    describe('repeat', () => {
      it('supplies elements for as long as the iteratee wants (Play)', async () => {
        let count = 0
        const e = Enumerator.repeat(() => ++count)
        expect(await e.run(Enumeratee.take<number>(3).transform(wrap(Iteratee.getChunks<number>())))).toEqual([1, 2, 3])
        expect(count).toBe(3)
      })

      it('an f that throws rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        let count = 0
        const e = Enumerator.repeat(() => {
          if (++count === 3) throw boom
          return count
        })
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    describe('repeatM', () => {
      it('supplies elements for as long as the iteratee wants (Play)', async () => {
        let count = 0
        const e = Enumerator.repeatM(() => Promise.resolve(++count))
        expect(await e.run(Enumeratee.take<number>(3).transform(wrap(Iteratee.getChunks<number>())))).toEqual([1, 2, 3])
        expect(count).toBe(3)
        let n = 0
        const s = Enumerator.repeatM(() => later(++n, 1))
        expect(await s.run(wrap(Iteratee.takeUpTo<number>(3)))).toEqual([1, 2, 3])
        expect(n).toBe(3)
      })

      it('a rejected promise rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        let count = 0
        const e = Enumerator.repeatM(() => (++count === 3 ? failLater(boom) : later(count)))
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    describe('generateM', () => {
      it('generates elements until None (Play)', async () => {
        let i = 0
        const e = Enumerator.generateM(() => later(i <= 10 ? some(i++) : none))
        expect(await e.run(wrap(Iteratee.fold('', (s: string, x: number) => s + x)))).toBe('012345678910')
      })

      it('with a synchronous f', async () => {
        let i = 0
        const e = Enumerator.generateM(() => (i < 3 ? some(i++) : none))
        expect(await e.run(wrap(Iteratee.getChunks<number>()))).toEqual([0, 1, 2])
      })

      it('does not ask for an element the iteratee does not want (Play: take 0)', async () => {
        let triggered = false
        const e = Enumerator.generateM(() => {
          triggered = true
          return later(some(1))
        })
        expect(await e.through(Enumeratee.take<number>(0)).run(wrap(sum()))).toBe(0)
        expect(triggered).toBe(false)
      })

      it('a rejected promise rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        let i = 0
        const e = Enumerator.generateM(() => (i++ < 2 ? later(some(i)) : failLater(boom)))
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
        const rejectedNow = Enumerator.generateM<number>(() => Promise.reject(boom))
        await rejectsWith(rejectedNow.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    // -----------------------------------------------------------------------------------
    // fromCallback1
    // -----------------------------------------------------------------------------------

    describe('fromCallback1', () => {
      it('calls the retriever with true first, then false, until None; onComplete once (Play)', async () => {
        const firsts: Array<boolean> = []
        let completed = 0
        let errors = 0
        let i = 1
        const e = Enumerator.fromCallback1(
          (first: boolean) => {
            firsts.push(first)
            return later(i <= 3 ? some([first, i++] as const) : none)
          },
          () => completed++,
          () => errors++
        )
        expect(await settlesWithin(e.run(wrap(Iteratee.getChunks<readonly [boolean, number]>())))).toEqual([
          [true, 1],
          [false, 2],
          [false, 3]
        ])
        expect(firsts).toEqual([true, false, false, false])
        expect(completed).toBe(1)
        expect(errors).toBe(0)
      })

      it('sends no EOF', async () => {
        let i = 0
        const e = Enumerator.fromCallback1(() => (i < 2 ? some(i++) : none))
        const it = await settlesWithin(e.apply(wrap(Iteratee.getChunks<number>())))
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(await it.run()).toEqual([0, 1])
      })

      it('calls onComplete once when the iteratee is done early', async () => {
        let completed = 0
        let calls = 0
        const e = Enumerator.fromCallback1(
          () => later(some(++calls)),
          () => completed++
        )
        expect(await settlesWithin(e.run(wrap(Iteratee.takeUpTo<number>(2))))).toEqual([1, 2])
        expect(calls).toBe(2)
        expect(completed).toBe(1)
      })

      it("calls onError on the iteratee's Error step (Play)", async () => {
        const errors: Array<[string, Input<string>]> = []
        let completed = 0
        const e = Enumerator.fromCallback1<string>(
          () => Promise.resolve(none),
          () => completed++,
          (msg, input) => errors.push([msg, input])
        )
        await expect(settlesWithin(e.run(wrap(Err<string, string>('foo', Input.Empty))))).rejects.toThrow('foo')
        expect(errors).toEqual([['foo', Input.Empty]])
        expect(completed).toBe(0)
        const later2 = Enumerator.fromCallback1<string>(
          () => Promise.resolve(some('x')),
          undefined,
          (msg, input) => errors.push([msg, input])
        )
        const failing = Cont<string, string>((i) => Err('bar', i))
        await expect(settlesWithin(later2.run(wrap(failing)))).rejects.toThrow('bar')
        expect(errors).toEqual([
          ['foo', Input.Empty],
          ['bar', Input.El('x')]
        ])
      })

      it('calls onError when the iteratee fails (Play: on future failure)', async () => {
        let errors = 0
        const e = Enumerator.fromCallback1<string>(
          () => Promise.resolve(some('')),
          () => undefined,
          () => errors++
        )
        const step = new Error('step')
        const initial = new Error('initial')
        const it1 = Iteratee.fold1<string, string>(Promise.resolve(''), () => Promise.reject(step))
        const it2 = Iteratee.fold1<string, string>(Promise.reject(initial), () => Promise.reject(step))
        const [r1, r2] = await settlesWithin(Promise.allSettled([e.run(wrap(it1)), e.run(wrap(it2))]))
        expect(r1.status === 'rejected' && r1.reason).toBe(step)
        expect(r2.status === 'rejected' && r2.reason).toBe(initial)
        expect(errors).toBe(2)
      })

      it('a retriever that rejects fails the run with the original itself, and onError is told', async () => {
        const boom = new Error('boom')
        let errors = 0
        const e = Enumerator.fromCallback1<number>(
          () => failLater(boom),
          () => undefined,
          () => errors++
        )
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
        expect(errors).toBe(1)
      })
    })

    // -----------------------------------------------------------------------------------
    // flatten, enumInput, empty, eof
    // -----------------------------------------------------------------------------------

    describe('flatten', () => {
      it('enumerates the enumerator a promise gives', async () => {
        expect(await Enumerator.flatten(later(Enumerator(1, 2, 3), 2)).run(wrap(Iteratee.getChunks<number>()))).toEqual(
          [1, 2, 3]
        )
        expect(
          await Enumerator.flatten(Promise.resolve(slowSource([1]))).run(wrap(Iteratee.getChunks<number>()))
        ).toEqual([1])
      })

      it('a rejected promise rejects the run with the original itself', async () => {
        const boom = new Error('boom')
        await rejectsWith(Enumerator.flatten<number>(failLater(boom)).run(wrap(Iteratee.getChunks<number>())), boom)
      })

      it('a rejected promise, applied much later, is no unhandled rejection meanwhile', async () => {
        const boom = new Error('boom')
        const e = Enumerator.flatten<number>(Promise.reject(boom))
        await delay(10)
        await rejectsWith(e.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    describe('enumInput', () => {
      it('feeds one input: an element, Empty, or EOF', async () => {
        const a = await Enumerator.enumInput(Input.El(1)).apply(wrap(Iteratee.getChunks<number>()))
        expect((await a.unflatten())._tag).toBe('Cont')
        expect(await a.run()).toEqual([1])
        const log: Array<Input<number>> = []
        const b = await Enumerator.enumInput<number>(Input.Empty).apply(wrap(recordingIteratee(log)))
        expect(log).toEqual([Input.Empty])
        expect((await b.unflatten())._tag).toBe('Cont')
        const c = await Enumerator.enumInput<number>(Input.EOF).apply(wrap(Iteratee.getChunks<number>()))
        expect(await c.unflatten()).toEqual({ _tag: 'Done', a: [], remaining: Input.EOF })
      })
    })

    describe('empty', () => {
      it('feeds nothing and hands the iteratee back', async () => {
        const log: Array<Input<number>> = []
        const it = await Enumerator.empty<number>().apply(wrap(recordingIteratee(log)))
        expect(log).toEqual([])
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(await Enumerator.empty<number>().run(wrap(Iteratee.getChunks<number>()))).toEqual([])
      })
    })

    describe('eof', () => {
      it('feeds EOF, and nothing else', async () => {
        const it = await Enumerator(1, 2).andThen(Enumerator.eof()).apply(wrap(Iteratee.getChunks<number>()))
        expect(await it.unflatten()).toEqual({ _tag: 'Done', a: [1, 2], remaining: Input.EOF })
        expect(await Enumerator.eof<number>().run(wrap(Iteratee.getChunks<number>()))).toEqual([])
      })
    })

    // -----------------------------------------------------------------------------------
    // state across applications, nothing pending
    // -----------------------------------------------------------------------------------

    it('feeding in several applications equals feeding at once', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.array(fc.integer(), { maxLength: 4 }), { maxLength: 5 }), async (chunks) => {
          const it = await feedChunks(chunks, wrap(Iteratee.getChunks<number>()))
          expect(await it.run()).toEqual(chunks.flat())
        }),
        { numRuns: 30 }
      )
    })
  })

  // -------------------------------------------------------------------------------------
  // with a slow iteratee (foldM, every step pending)
  // -------------------------------------------------------------------------------------

  describe('with a foldM iteratee whose every step is pending', () => {
    it('every source feeds it and waits for each step', async () => {
      const sources: ReadonlyArray<[string, Enumerator<number>]> = [
        ['Enumerator(...)', Enumerator(1, 2, 3)],
        ['enumerate', Enumerator.enumerate([1, 2, 3])],
        ['unfold', Enumerator.unfold(1, (s: number) => (s > 3 ? none : some([s + 1, s] as const)))],
        ['unfoldM', Enumerator.unfoldM(1, (s: number) => later(s > 3 ? none : some([s + 1, s] as const)))],
        ['andThen', Enumerator(1).andThen(slowSource([2, 3]))],
        ['map', Enumerator(0, 1, 2).map((x) => x + 1)],
        ['flatMap', Enumerator(1, 3).flatMap((x) => (x === 1 ? Enumerator(1, 2) : Enumerator(3)))],
        ['flatten', Enumerator.flatten(later(Enumerator(1, 2, 3)))]
      ]
      for (const [, e] of sources) expect(await settlesWithin(e.run(slowGetChunks<number>()))).toEqual([1, 2, 3])
    })

    it('repeat and generateM wait for each step before asking again', async () => {
      let asked = 0
      let inFlight = false
      const e = Enumerator.repeat(() => {
        expect(inFlight).toBe(false)
        return ++asked
      })
      const it = Iteratee.foldM<number, ReadonlyArray<number>>([], async (acc, x) => {
        inFlight = true
        await delay(1)
        inFlight = false
        return [...acc, x]
      })
      expect(await settlesWithin(e.run(Enumeratee.take<number>(3).transform(it)))).toEqual([1, 2, 3])
      expect(asked).toBe(3)
    })
  })

  describe('user functions that throw', () => {
    it.each([
      [
        'unfold',
        (boom: unknown) =>
          Enumerator.unfold(0, (): Option<readonly [number, number]> => {
            throw boom
          })
      ],
      [
        'repeat',
        (boom: unknown) =>
          Enumerator.repeat((): number => {
            throw boom
          })
      ],
      [
        'repeatM',
        (boom: unknown) =>
          Enumerator.repeatM((): number => {
            throw boom
          })
      ],
      [
        'generateM',
        (boom: unknown) =>
          Enumerator.generateM((): Option<number> => {
            throw boom
          })
      ],
      [
        'Enumeratee.map',
        (boom: unknown) =>
          Enumerator(1, 2).through(
            Enumeratee.map((): number => {
              throw boom
            })
          )
      ],
      [
        'Enumerator#map',
        (boom: unknown) =>
          Enumerator(1, 2).map((): number => {
            throw boom
          })
      ],
      [
        'flatMap',
        (boom: unknown) =>
          Enumerator(1, 2).flatMap((): Enumerator<number> => {
            throw boom
          })
      ],
      [
        'fromCallback1',
        (boom: unknown) =>
          Enumerator.fromCallback1((): Option<number> => {
            throw boom
          })
      ]
    ])('%s: the run rejects with the thrown value itself, and nothing is left pending', async (_, make) => {
      const boom = new Error('boom')
      for (const [, wrap] of variants) await rejectsWith(make(boom).run(wrap(Iteratee.getChunks<number>())), boom)
      const notAnError = { reason: 'not an Error' }
      await rejectsWith(make(notAnError).run(Iteratee.getChunks<number>()), notAnError)
    })
  })

  describe('pending iteratees', () => {
    it('an enumeration waits for a pending iteratee and is pending meanwhile', async () => {
      let release!: () => void
      const gate = new Promise<void>((resolve) => (release = resolve))
      const later: Promise<Iteratee<number, ReadonlyArray<number>>> = gate.then(() => Iteratee.getChunks<number>())
      const gated = Iteratee.flatten(later)
      const p = Enumerator(1, 2).run(gated)
      expect(await isStillPending(p)).toBe(true)
      release()
      expect(await settlesWithin(p)).toEqual([1, 2])
    })

    it('pendingIteratee and slowIteratee behave as the iteratee they wrap', async () => {
      for (const mk of [pendingIteratee, slowIteratee]) {
        expect(await Enumerator(1, 2, 3).run(mk(Iteratee.takeUpTo<number>(2)))).toEqual([1, 2])
        expect(await Enumerator(1, 2, 3)['|>>|'](mk(Iteratee.isEmpty<number>()))).toEqual({
          _tag: 'Done',
          a: false,
          remaining: Input.El(1)
        })
      }
    })
  })
})
