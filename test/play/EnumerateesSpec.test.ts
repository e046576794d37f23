/**
 * Play 2.4's `EnumerateesSpec` (framework/src/iteratees/src/test/scala/play/api/libs/iteratee/), one `it` per
 * Play example, with Play's names.
 *
 * The ExecutionContext counts of Play's `mustExecute` are not translated (JavaScript has no execution contexts);
 * where a count is the number of calls of the user's function, the calls are counted instead. Play's two
 * "infer its types correctly" examples are about the compiler: here they are type annotations that `tsc` checks.
 * Scala's `8 / 0` throws and JavaScript's is `Infinity`, so the "recover" example divides with a function that
 * throws on zero. No example is skipped.
 */
import { none, type Option, some } from 'fp-ts/Option'
import { Done, Enumeratee, Enumerator, Input, Iteratee, Step, Traversable } from '../../src'
import { mustTransformTo, settlesWithin } from '../helpers'

const oneTo19 = (): Enumerator<string> => Enumerator.enumerate(Array.from({ length: 19 }, (_, i) => String(i + 1)))
const fromTo = (from: number, until: number): string =>
  Array.from({ length: until - from }, (_, i) => String(from + i)).join('')

describe('EnumerateesSpec', () => {
  describe('Enumeratee.zip should', () => {
    it('combine the final results into a pair', async () => {
      expect(await Enumeratee.zip(Done<number, number>(2), Done<number, number>(3)).unflatten()).toStrictEqual(
        Step.Done([2, 3], Input.Empty)
      )
    })
  })

  describe('Enumeratee.zipWith should', () => {
    it('combine the final results', async () => {
      const times = jest.fn((a: number, b: number) => a * b)
      expect(
        await Enumeratee.zipWith(Done<number, number>(2), Done<number, number>(3), times).unflatten()
      ).toStrictEqual(Step.Done(6, Input.Empty))
      expect(times).toHaveBeenCalledTimes(1)
    })
  })

  describe('Enumeratee.mapInput should', () => {
    it('transform each input', async () => {
      await mustTransformTo(
        Enumeratee.mapInput((input: Input<number>) => Input.map(input, (x) => x * 2)),
        [1, 2],
        [2, 4]
      )
    })
  })

  describe('Enumeratee.mapConcatInput should', () => {
    it('transform each input element into a sequence of inputs', async () => {
      const f = jest.fn((x: number) => [Input.El(x), Input.Empty, Input.El(x)])
      await mustTransformTo(Enumeratee.mapConcatInput(f), [1, 2], [1, 1, 2, 2])
      expect(f).toHaveBeenCalledTimes(2)
    })
  })

  describe('Enumeratee.mapConcat should', () => {
    it('transform each input element into a sequence of input elements', async () => {
      const f = jest.fn((x: number) => [x, x])
      await mustTransformTo(Enumeratee.mapConcat(f), [1, 2], [1, 1, 2, 2])
      expect(f).toHaveBeenCalledTimes(2)
    })
  })

  describe('Enumeratee.mapFlatten should', () => {
    it('transform each input element into the output of an enumerator', async () => {
      const f = jest.fn((x: number) => Enumerator(x, x))
      await mustTransformTo(Enumeratee.mapFlatten(f), [1, 2], [1, 1, 2, 2])
      expect(f).toHaveBeenCalledTimes(2)
    })
  })

  describe('Enumeratee.mapInputFlatten should', () => {
    it('transform each input', async () => {
      const eee = Enumeratee.mapInputFlatten((input: Input<number>): Enumerator<number> =>
        input._tag === 'El' ? Enumerator(input.e * 2) : Enumerator.empty<number>()
      )
      await mustTransformTo(eee.compose(Enumeratee.take<number>(2)), [1, 2], [2, 4])
    })
  })

  describe('Enumeratee.mapInputM should', () => {
    it('transform each input', async () => {
      const f = jest.fn((i: Input<number>) => Promise.resolve(Input.map(i, (x) => x * 2)))
      await mustTransformTo(Enumeratee.mapInputM(f), [1, 2], [2, 4])
    })
  })

  describe('Enumeratee.mapM should', () => {
    it('transform each input element', async () => {
      const f = jest.fn((x: number) => Promise.resolve(x * 2))
      await mustTransformTo(Enumeratee.mapM(f), [1, 2], [2, 4])
      expect(f).toHaveBeenCalledTimes(2)
    })
  })

  describe('Enumeratee.drop should', () => {
    it('ignore 3 chunkes when applied with 3', async () => {
      const drop3AndConsume = Enumeratee.drop<string>(3).transform(Iteratee.consume<string>())
      expect(await settlesWithin(oneTo19().run(drop3AndConsume))).toBe(fromTo(4, 20))
    })
  })

  describe('Enumeratee.dropWhile should', () => {
    it('ignore chunks while predicate is valid', async () => {
      const p = jest.fn((s: string) => s !== '4')
      const drop3AndConsume = Enumeratee.dropWhile(p).transform(Iteratee.consume<string>())
      expect(await settlesWithin(oneTo19().run(drop3AndConsume))).toBe(fromTo(4, 20))
      expect(p).toHaveBeenCalledTimes(4)
    })
  })

  describe('Enumeratee.take should', () => {
    it('pass only first 3 chunks to Iteratee when applied with 3', async () => {
      const take3AndConsume = Enumeratee.take<string>(3).transform(Iteratee.consume<string>())
      expect(await settlesWithin(oneTo19().run(take3AndConsume))).toBe('123')
    })

    it("passes along what's left of chunks after taking 3", async () => {
      const take3AndConsume = Enumeratee.take<string>(3)
        .transform(Iteratee.consume<string>())
        .flatMap(() => Iteratee.consume<string>())
      expect(await settlesWithin(oneTo19().run(take3AndConsume))).toBe(fromTo(4, 20))
    })

    it('not execute callback on take 0', async () => {
      let triggered = false
      const enumerator = Enumerator.generateM(() => {
        triggered = true
        return Promise.resolve(some(1))
      })
      const add = jest.fn((a: number, b: number) => a + b)
      expect(await settlesWithin(enumerator.through(Enumeratee.take<number>(0)).run(Iteratee.fold(0, add)))).toBe(0)
      expect(triggered).toBe(false)
      expect(add).not.toHaveBeenCalled()
    })
  })

  describe('Enumeratee.takeWhile should', () => {
    it('pass chunks until condition is not met', async () => {
      const p = jest.fn((s: string) => s !== '4')
      const take3AndConsume = Enumeratee.takeWhile(p).transform(Iteratee.consume<string>())
      expect(await settlesWithin(oneTo19().run(take3AndConsume))).toBe('123')
      expect(p).toHaveBeenCalledTimes(4)
    })

    it("passes along what's left of chunks after taking", async () => {
      const take3AndConsume = Enumeratee.takeWhile((s: string) => s !== '4')
        .transform(Iteratee.consume<string>())
        .flatMap(() => Iteratee.consume<string>())
      expect(await settlesWithin(oneTo19().run(take3AndConsume))).toBe(fromTo(4, 20))
    })

    it('pass input through while the predicate is met', async () => {
      const p = jest.fn((x: number) => x <= 2)
      await mustTransformTo(Enumeratee.takeWhile(p), [1, 2, 3, 2, 1], [1, 2])
      expect(p).toHaveBeenCalledTimes(3)
    })
  })

  describe('Enumeratee.breakE should', () => {
    it('pass input through until the predicate is met', async () => {
      const p = jest.fn((x: number) => x > 2)
      await mustTransformTo(Enumeratee.breakE(p), [1, 2, 3, 2, 1], [1, 2])
      expect(p).toHaveBeenCalledTimes(3)
    })
  })

  describe('Enumeratee.onIterateeDone should', () => {
    it('call the callback when the iteratee is done', async () => {
      let count = 0
      await mustTransformTo(
        Enumeratee.onIterateeDone<number>(() => count++),
        [1, 2, 3],
        [1, 2, 3]
      )
      expect(count).toBe(1)
    })
  })

  describe('Enumeratee.onEOF should', () => {
    it('call the callback on EOF', async () => {
      let count = 0
      await mustTransformTo(
        Enumeratee.onEOF<number>(() => count++),
        [1, 2, 3],
        [1, 2, 3]
      )
      expect(count).toBe(1)
    })
  })

  describe('Traversable.take should', () => {
    it('pass only first 3 elements to Iteratee when applied with 3', async () => {
      const take3AndConsume = Traversable.take<string>(3).transform(Iteratee.consume<string>())
      expect(await settlesWithin(Enumerator('he', 'ybbb', 'bbb').run(take3AndConsume))).toBe('hey')
    })

    it("pass along what's left after taking 3 elements", async () => {
      const take3AndConsume = Traversable.take<string>(3)
        .transform(Iteratee.consume<string>())
        .flatMap(() => Iteratee.consume<string>())
      expect(await settlesWithin(Enumerator('he', 'ybbb', 'bbb').run(take3AndConsume))).toBe('bbbbbb')
    })
  })

  describe('Enumeratee.map should', () => {
    it('add one to each of the ints enumerated', async () => {
      const f = jest.fn((i: number): ReadonlyArray<number> => [i + 1])
      const add1AndConsume = Enumeratee.map(f).transform(Iteratee.consume<ReadonlyArray<number>>())
      expect(await settlesWithin(Enumerator(1, 2, 3, 4).run(add1AndConsume))).toEqual([2, 3, 4, 5])
      expect(f).toHaveBeenCalledTimes(4)
    })

    it('infer its types correctly from previous enumeratee', () => {
      // this example is about compilation: if it compiles, the types were inferred right
      const add1AndConsume = Enumeratee.map((i: number) => i + 1)
        .compose(Enumeratee.map((i: number): ReadonlyArray<number> => [i]))
        .transform(Iteratee.consume<ReadonlyArray<number>>())
      const check: Iteratee<number, ReadonlyArray<number>> = add1AndConsume
      expect(check).toBeDefined()
    })

    it('infer its types correctly from the preceeding enumerator', () => {
      // this example is about compilation: if it compiles, the types were inferred right
      const addOne = Enumerator(1, 2, 3, 4).through(Enumeratee.map((i: number) => i + 1))
      const check: Enumerator<number> = addOne
      expect(check).toBeDefined()
    })
  })

  describe('Enumeratee.flatten should', () => {
    it('passAlong a future enumerator', async () => {
      const passAlongFuture = Enumeratee.flatten(
        new Promise<Enumeratee<number, number>>((resolve) =>
          setImmediate(() => resolve(Enumeratee.passAlong<number>()))
        )
      )
      const add = jest.fn((a: number, b: number) => a + b)
      const sum = Iteratee.fold(0, add)
      const enumerator = Enumerator(1, 2, 3, 4, 5, 6, 7, 8, 9)
      expect(await settlesWithin(enumerator.run(passAlongFuture.transform(sum)))).toBe(45)
      expect(add).toHaveBeenCalledTimes(9)
    })
  })

  describe('Enumeratee.filter should', () => {
    it('only enumerate input that satisfies the predicate', async () => {
      const p = jest.fn((s: string) => s.length < 4)
      await mustTransformTo(Enumeratee.filter(p), ['One', 'Two', 'Three', 'Four', 'Five', 'Six'], ['One', 'Two', 'Six'])
      expect(p).toHaveBeenCalledTimes(6)
    })
  })

  describe('Enumeratee.filterNot should', () => {
    it("only enumerate input that doesn't satisfy the predicate", async () => {
      const p = jest.fn((s: string) => s.length < 4)
      await mustTransformTo(
        Enumeratee.filterNot(p),
        ['One', 'Two', 'Three', 'Four', 'Five', 'Six'],
        ['Three', 'Four', 'Five']
      )
      expect(p).toHaveBeenCalledTimes(6)
    })
  })

  describe('Enumeratee.collect should', () => {
    it("ignores input that doesn't satisfy the predicate and transform the input when matches", async () => {
      const f = jest.fn((e: string): Option<string> =>
        ['One', 'Two', 'Six'].includes(e) ? some(e.toUpperCase()) : none
      )
      await mustTransformTo(
        Enumeratee.collect(f),
        ['One', 'Two', 'Three', 'Four', 'Five', 'Six'],
        ['ONE', 'TWO', 'SIX']
      )
      expect(f).toHaveBeenCalledTimes(6)
    })
  })

  describe('Enumeratee.grouped should', () => {
    it('group input elements according to a folder iteratee', async () => {
      const folderIteratee = Enumeratee.mapInput((input: Input<string>): Input<string> =>
        input._tag === 'El' && input.e === 'Concat' ? Input.EOF : input
      ).transform(Iteratee.fold<string, string>('', (s, e) => s + e))

      const result = Enumerator('He', 'll', 'o', 'Concat', 'Wo', 'r', 'ld', 'Concat', '!')
        .through(Enumeratee.grouped(folderIteratee).compose(Enumeratee.map((s: string): ReadonlyArray<string> => [s])))
        .run(Iteratee.consume<ReadonlyArray<string>>())
      expect(await settlesWithin(result)).toEqual(['Hello', 'World', '!'])
    })

    // Play's spec has a second "Enumeratee.grouped should" group for this example
    it('pass along what is consumed by the last folder iteratee on EOF', async () => {
      const upToSpace = Traversable.splitOnceAt<string>((c) => c !== '\n').transform(Iteratee.consume<string>())
      const result = Enumerator('dasdasdas ', 'dadadasda\nshouldb\neinnext')
        .through(Enumeratee.grouped(upToSpace).compose(Enumeratee.map((s: string) => s + '|')))
        .run(Iteratee.consume<string>())
      expect(await settlesWithin(result)).toBe('dasdasdas dadadasda|shouldb|einnext|')
    })
  })

  describe('Enumeratee.scanLeft should', () => {
    it('transform elements using a sate', async () => {
      const result = Enumerator(1, 2, 3, 4)
        .through(
          Enumeratee.scanLeft(0, (acc: number, e: number) => acc + e).compose(
            Enumeratee.map((n: number): ReadonlyArray<number> => [n])
          )
        )
        .run(Iteratee.consume<ReadonlyArray<number>>())
      expect(await settlesWithin(result)).toEqual([1, 3, 6, 10])
    })
  })

  describe('Enumeratee.recover should', () => {
    it('perform computations and log errors', async () => {
      let eventuallyInput!: (input: Input<number>) => void
      const recovered = new Promise<Input<number>>((resolve) => (eventuallyInput = resolve))
      const divideEight = jest.fn((i: number) => {
        if (i === 0) throw new RangeError('/ by zero')
        return 8 / i
      })
      const result = Enumerator(0, 2, 4)
        .through(Enumeratee.recover<number>((_, input) => eventuallyInput(input)))
        .through(Enumeratee.map(divideEight))
        .run(Iteratee.getChunks<number>())
      expect(await settlesWithin(result)).toEqual([4, 2])
      expect(await settlesWithin(recovered)).toStrictEqual(Input.El(0))
      expect(divideEight).toHaveBeenCalledTimes(3)
    })
  })
})
