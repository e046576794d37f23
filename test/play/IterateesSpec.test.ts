/**
 * Play 2.4's `IterateesSpec` (framework/src/iteratees/src/test/scala/play/api/libs/iteratee/), one `it` per
 * Play example, with Play's names.
 *
 * Play wraps most examples in `mustExecute(n) { ec => ... }`, which counts the tasks run on a test
 * ExecutionContext. JavaScript has no execution contexts, so those counts are not translated; where a count is
 * the number of calls of the user's function (a fold's or a map's), the calls are counted instead. No example is
 * skipped.
 */
import { getHeapStatistics } from 'node:v8'
import { Cont, Done, Enumerator, Err, Input, Iteratee, IterateeError, Step } from '../../src'
import { rejectsWith, settlesWithin } from '../helpers'

// -------------------------------------------------------------------------------------
// Play's IterateeSpecification, for strings
// -------------------------------------------------------------------------------------

/** A Done iteratee with the given result. */
const done = (value: string): Iteratee<string, string> => Done<string, string>(value)

/** An iteratee in an Error step with the given message. */
const error = (msg: string): Iteratee<string, string> => Err<string, string>(msg, Input.Empty)

/** A Cont that hands each element to `f`; any other input is a mistake of the test. */
const cont = (f: (input: string) => Iteratee<string, string>): Iteratee<string, string> =>
  Cont((input: Input<string>) => {
    if (input._tag !== 'El') throw new TypeError(`Unexpected input for Cont iteratee: ${input._tag}`)
    return f(input.e)
  })

/** `it()` (what it gives, or what it throws), as an iteratee known 5 milliseconds from now. */
const delayed = (it: () => Iteratee<string, string>, ms = 5): Iteratee<string, string> =>
  Iteratee.flatten(new Promise<void>((resolve) => setTimeout(resolve, ms)).then(it))

/** Scala's `???`: a function the example never calls. */
const unreachable = (): never => {
  throw new Error('an implementation is missing')
}

/** What a promise rejects with (and a failure of the test if it resolves). */
const failed = (p: Promise<unknown>): Promise<unknown> =>
  settlesWithin(p).then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`)
    },
    (e: unknown) => e
  )

/**
 * Scala's `{ case t: T => f(t) }` given to `recover`: a function for the errors it knows, which throws the others
 * again (so the failure stays as it was).
 */
const partial =
  <B>(knows: (e: unknown) => boolean, f: (e: unknown) => B) =>
  (e: unknown): B => {
    if (!knows(e)) throw e
    return f(e)
  }
const anyError = (): boolean => true
/** Play's `IllegalArgumentException`, which none of these iteratees throws. */
const isRangeError = (e: unknown): boolean => e instanceof RangeError

// -------------------------------------------------------------------------------------
// Play's checks
// -------------------------------------------------------------------------------------

const checkFoldResult = async <E, A>(i: Iteratee<E, A>, expected: Step<E, A>): Promise<void> => {
  expect(await settlesWithin(i.fold((s) => Promise.resolve(s)))).toStrictEqual(expected)
}

/** The fold's promise rejects with `expected` itself; the folder is never called. */
const checkFoldTryResult = async <E, A>(i: Iteratee<E, A>, expected: unknown): Promise<void> => {
  const folder = jest.fn((s: Step<E, A>) => Promise.resolve(s))
  await rejectsWith(i.fold(folder), expected)
  expect(folder).not.toHaveBeenCalled()
}

const checkUnflattenResult = async <E, A>(i: Iteratee<E, A>, expected: Step<E, A>): Promise<void> => {
  expect(await settlesWithin(i.unflatten())).toStrictEqual(expected)
}

const checkImmediateFoldFailure = async <E, A>(i: Iteratee<E, A>): Promise<void> => {
  const e = new Error('exception')
  await rejectsWith(
    i.fold(() => {
      throw e
    }),
    e
  )
}

const checkFutureFoldFailure = async <E, A>(i: Iteratee<E, A>): Promise<void> => {
  const e = new Error('exception')
  await rejectsWith(
    i.fold(() => new Promise<never>((_, reject) => setImmediate(() => reject(e)))),
    e
  )
}

const mustTranslate3To = async (x: number, f: (it: Iteratee<number, number>) => Iteratee<number, number>) => {
  expect(await settlesWithin(f(Done(3)).unflatten())).toStrictEqual(Step.Done(x, Input.Empty))
}

const oneTo4 = () => Enumerator(1, 2, 3, 4)

// -------------------------------------------------------------------------------------
// the spec
// -------------------------------------------------------------------------------------

describe('IterateesSpec', () => {
  describe('Flattened iteratees should', () => {
    const i = Iteratee.flatten(Promise.resolve(Done<string, number>(1, Input.El('x'))))

    it('delegate folding to their promised iteratee', async () => {
      await checkFoldResult(i, Step.Done(1, Input.El('x')))
    })

    it('return errors in flattened failed future', async () => {
      const ex = new Error('exception message')
      const flattenedFailedFuture = Iteratee.flatten<never, never>(Promise.reject(ex))
      await checkFoldTryResult(flattenedFailedFuture, ex)
    })

    it('return immediate fold errors in promise', async () => {
      await checkImmediateFoldFailure(i)
    })

    it('return future fold errors in promise', async () => {
      await checkFutureFoldFailure(i)
    })

    it('support unflattening their state', async () => {
      await checkUnflattenResult(i, Step.Done(1, Input.El('x')))
    })
  })

  describe('Done iteratees should', () => {
    const i = Done<string, number>(1, Input.El('x'))

    it('fold with their result and unused input', async () => {
      await checkFoldResult(i, Step.Done(1, Input.El('x')))
    })

    it('return immediate fold errors in promise', async () => {
      await checkImmediateFoldFailure(i)
    })

    it('return future fold errors in promise', async () => {
      await checkFutureFoldFailure(i)
    })

    it('fold input with fold1', async () => {
      await mustTranslate3To(5, (it) =>
        Iteratee.flatten(
          it.fold1((a, remaining) => Promise.resolve(Done<number, number>(a + 2, remaining)), unreachable, unreachable)
        )
      )
    })

    it('fold input with pureFold', async () => {
      await mustTranslate3To(9, (it) => Iteratee.flatten(it.pureFold(() => Done<number, number>(9))))
    })

    it('fold input with pureFlatFold', async () => {
      await mustTranslate3To(9, (it) => it.pureFlatFold(() => Done<number, number>(9)))
    })

    it('fold input with flatFold0', async () => {
      await mustTranslate3To(9, (it) => it.flatFold0(() => Promise.resolve(Done<number, number>(9))))
    })

    it('fold input with flatFold', async () => {
      await mustTranslate3To(9, (it) =>
        it.flatFold(() => Promise.resolve(Done<number, number>(9)), unreachable, unreachable)
      )
    })

    it('support unflattening their state', async () => {
      await checkUnflattenResult(i, Step.Done(1, Input.El('x')))
    })

    it('flatMap directly to result when no remaining input', async () => {
      const f = jest.fn((x: number) => Done<number, number>(x * 2))
      expect(await Done<number, number>(3).flatMap(f).unflatten()).toStrictEqual(Step.Done(6, Input.Empty))
      expect(f).toHaveBeenCalledTimes(1)
    })

    it('flatMap result and process remaining input with Done', async () => {
      const it = Done<string, number>(3, Input.El('remaining')).flatMap((x) => Done<string, number>(x * 2))
      expect(await it.unflatten()).toStrictEqual(Step.Done(6, Input.El('remaining')))
    })

    it('flatMap result and process remaining input with Cont', async () => {
      const it = Done<string, number>(3, Input.El('remaining')).flatMap((x) =>
        Cont((input: Input<string>) => Done<string, number>(x * 2, input))
      )
      expect(await it.unflatten()).toStrictEqual(Step.Done(6, Input.El('remaining')))
    })

    it('flatMap result and process remaining input with Error', async () => {
      const it = Done<string, number>(3, Input.El('remaining')).flatMap(() =>
        Err<string, number>('error', Input.El('bad'))
      )
      expect(await it.unflatten()).toStrictEqual(Step.Error('error', Input.El('bad')))
    })

    it('flatMap result with flatMapM', async () => {
      await mustTranslate3To(6, (it) => it.flatMapM((x) => Promise.resolve(Done<number, number>(x * 2))))
    })

    it('fold result with flatMapInput', async () => {
      await mustTranslate3To(1, (it) => it.flatMapInput(() => Done<number, number>(1)))
    })

    it('concatenate unused input with flatMapTraversable', async () => {
      const it = Done<ReadonlyArray<number>, number>(3, Input.El([1, 2])).flatMapTraversable(() =>
        Done<ReadonlyArray<number>, number>(4, Input.El([3, 4]))
      )
      expect(await it.unflatten()).toStrictEqual(Step.Done(4, Input.El([1, 2, 3, 4])))
    })
  })

  describe('Cont iteratees should', () => {
    const k = (_: Input<string>): Iteratee<string, number> => unreachable()
    const i = Cont(k)

    it('fold with their continuation', async () => {
      await checkFoldResult(i, Step.Cont(k))
    })

    it('return immediate fold errors in promise', async () => {
      await checkImmediateFoldFailure(i)
    })

    it('return future fold errors in promise', async () => {
      await checkFutureFoldFailure(i)
    })

    it('support unflattening their state', async () => {
      await checkUnflattenResult(i, Step.Cont(k))
    })

    it('flatMap recursively', async () => {
      const f = jest.fn((x: number) => Done<number, number>(x * 2))
      const fed = Cont((_: Input<number>) => Done<number, number>(3))
        .flatMap(f)
        .feed(Input.El(11))
      expect(await Iteratee.flatten(fed).unflatten()).toStrictEqual(Step.Done(6, Input.Empty))
      expect(f).toHaveBeenCalledTimes(1)
    })

    it('not overflow the stack when called recursively', async () => {
      // how much recursion overflows the stack of this runtime
      const recurseTimes = (n: number): number => (n === 0 ? 0 : 1 + recurseTimes(n - 1))
      const overflows = (n: number): boolean => {
        try {
          recurseTimes(n)
          return false
        } catch (e) {
          if (e instanceof RangeError) return true
          throw e
        }
      }
      const overflowDepth = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22].map((p) => 2 ** p).find(overflows)!
      expect(overflowDepth).toBeDefined()

      const unitDone = Done<void, void>(undefined)
      let flatMapped: Iteratee<void, void> = Cont(() => unitDone)
      for (let i = 0; i < overflowDepth; i++) flatMapped = flatMapped.flatMap(() => unitDone)
      expect(await (await flatMapped.feed(Input.EOF)).unflatten()).toStrictEqual(Step.Done(undefined, Input.Empty))
    })
  })

  describe('Error iteratees should', () => {
    const i = Err<string, number>('msg', Input.El('x'))

    it('fold with their message and the input that caused the error', async () => {
      await checkFoldResult(i, Step.Error('msg', Input.El('x')))
    })

    it('return immediate fold errors in promise', async () => {
      await checkImmediateFoldFailure(i)
    })

    it('return future fold errors in promise', async () => {
      await checkFutureFoldFailure(i)
    })

    it('support unflattening their state', async () => {
      await checkUnflattenResult(i, Step.Error('msg', Input.El('x')))
    })

    it('flatMap to an error', async () => {
      const f = jest.fn(() => Done<string, string>('done'))
      expect(await Err<string, number>('msg', Input.El('bad')).flatMap(f).unflatten()).toStrictEqual(
        Step.Error('msg', Input.El('bad'))
      )
      expect(f).not.toHaveBeenCalled()
    })
  })

  describe('Iteratees fed multiple inputs should', () => {
    it("map the final iteratee's result (with map)", async () => {
      const add = jest.fn((s: number, n: number) => s + n)
      const double = jest.fn((x: number) => x * 2)
      expect(await oneTo4().run(Iteratee.fold(0, add).map(double))).toBe(20)
      expect(add).toHaveBeenCalledTimes(4)
      expect(double).toHaveBeenCalledTimes(1)
    })

    it("map the final iteratee's result (with mapM)", async () => {
      const add = jest.fn((s: number, n: number) => s + n)
      const double = jest.fn((x: number) => Promise.resolve(x * 2))
      expect(await oneTo4().run(Iteratee.fold(0, add).mapM(double))).toBe(20)
      expect(add).toHaveBeenCalledTimes(4)
      expect(double).toHaveBeenCalledTimes(1)
    })
  })

  describe('Iteratee.fold should', () => {
    it('fold input', async () => {
      const add = jest.fn((s: number, n: number) => s + n)
      expect(await oneTo4().run(Iteratee.fold(0, add))).toBe(10)
      expect(add).toHaveBeenCalledTimes(4)
    })
  })

  describe('Iteratee.foldM should', () => {
    it('fold input', async () => {
      const add = jest.fn((s: number, n: number) => Promise.resolve(s + n))
      expect(await oneTo4().run(Iteratee.foldM(0, add))).toBe(10)
      expect(add).toHaveBeenCalledTimes(4)
    })
  })

  describe('Iteratee.fold2 should', () => {
    it('fold input', async () => {
      const folder = jest.fn((s: number, n: number) => Promise.resolve([s + n, false] as const))
      expect(await oneTo4().run(Iteratee.fold2(0, folder))).toBe(10)
      expect(folder).toHaveBeenCalledTimes(4)
    })

    it('fold input, stopping early', async () => {
      const folder = jest.fn((s: number, n: number) => Promise.resolve([s + n, n > 2] as const))
      expect(await oneTo4().run(Iteratee.fold2(0, folder))).toBe(6)
      expect(folder).toHaveBeenCalledTimes(3)
    })
  })

  // Play's spec names this group "Iteratee.foldM" a second time; it tries fold1
  describe('Iteratee.foldM should (fold1)', () => {
    it('fold input', async () => {
      const add = jest.fn((s: number, n: number) => Promise.resolve(s + n))
      expect(await oneTo4().run(Iteratee.fold1(Promise.resolve(0), add))).toBe(10)
      expect(add).toHaveBeenCalledTimes(4)
    })
  })

  describe('Iteratee.recover should', () => {
    const expected = 'expected'
    const unexpected = 'should not be returned'

    it('do nothing on a Done iteratee', async () => {
      const it = done(expected).recover(() => unexpected)
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('do nothing on an eventually Done iteratee', async () => {
      const it = delayed(() => done(expected)).recover(() => unexpected)
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('recover with the expected fallback value from an Error iteratee', async () => {
      const it = error(unexpected).recover(() => expected)
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it("leave the Error iteratee unchanged if the Exception type doesn't match the partial function", async () => {
      const it = error(expected).recover(partial(isRangeError, () => unexpected))
      const actual = await failed(Enumerator(unexpected).run(it))
      expect(actual).toBeInstanceOf(IterateeError)
      expect((actual as IterateeError).message).toBe(expected)
    })

    it('recover with the expected fallback value from an eventually Error iteratee', async () => {
      const it = delayed(() => error(unexpected)).recover(() => expected)
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('recover with the expected fallback value from an iteratee that eventually throws an exception', async () => {
      const it = delayed(() => {
        throw new Error(unexpected)
      }).recover(() => expected)
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('do nothing on a Cont iteratee that becomes Done with input', async () => {
      const it = cont((input) => done(input)).recover(() => unexpected)
      expect(await Enumerator(expected).run(it)).toBe(expected)
    })

    it('do nothing on an eventually Cont iteratee that becomes Done with input', async () => {
      const it = delayed(() => cont((input) => done(input))).recover(() => unexpected)
      expect(await Enumerator(expected).run(it)).toBe(expected)
    })

    it('do nothing on a Cont iteratee that eventually becomes Done with input', async () => {
      const it = cont((input) => delayed(() => done(input))).recover(() => unexpected)
      expect(await Enumerator(expected).run(it)).toBe(expected)
    })

    it('do nothing on an Cont iteratee that eventually becomes Done with input after several steps', async () => {
      const it = delayed(() =>
        cont((input1) =>
          delayed(() =>
            cont((input2) => delayed(() => cont((input3) => delayed(() => done(input1 + input2 + input3)))))
          )
        )
      ).recover(() => unexpected)
      expect(await Enumerator(expected, expected, expected).run(it)).toBe(expected.repeat(3))
    })

    it('recover with the expected fallback value from a Cont iteratee that eventually becomes an Error iteratee after several steps', async () => {
      const it = delayed(() =>
        cont((input1) =>
          delayed(() =>
            cont((input2) => delayed(() => cont((input3) => delayed(() => error(input1 + input2 + input3)))))
          )
        )
      ).recover(() => expected)
      expect(await Enumerator(unexpected, unexpected, unexpected).run(it)).toBe(expected)
    })
  })

  describe('Iteratee.recoverM should', () => {
    const expected = 'expected'
    const unexpected = 'should not be returned'

    it('do nothing on a Done iteratee', async () => {
      const it = done(expected).recoverM(() => Promise.resolve(unexpected))
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('do nothing on a Done iteratee even if the recover block gets a failed Future', async () => {
      const it = done(expected).recoverM(() => Promise.reject(new Error(unexpected)))
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('recover with the expected fallback Future from an Error iteratee', async () => {
      const it = error(unexpected).recoverM(() => Promise.resolve(expected))
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it("leave the Error iteratee unchanged if the Exception type doesn't match the partial function", async () => {
      const it = error(expected).recoverM(partial(isRangeError, () => Promise.resolve(unexpected)))
      const actual = await failed(Enumerator(unexpected).run(it))
      expect(actual).toBeInstanceOf(IterateeError)
      expect((actual as IterateeError).message).toBe(expected)
    })

    it('return a failed Future if you try to recover from an Error iteratee with a failed Future', async () => {
      const exception = new Error(expected)
      const it = error(unexpected).recoverM(partial(anyError, () => Promise.reject(exception)))
      await rejectsWith(Enumerator(unexpected).run(it), exception)
    })
  })

  describe('Iteratee.recoverWith should', () => {
    const expected = 'expected'
    const unexpected = 'should not be returned'

    it('do nothing on a Done iteratee', async () => {
      const it = done(expected).recoverWith(() => done(unexpected))
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('do nothing on a Done iteratee even if the recover block gets an error Iteratee', async () => {
      const it = done(expected).recoverWith(() => error(unexpected))
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it('recover with the expected fallback Iteratee from an Error iteratee', async () => {
      const it = error(unexpected).recoverWith(() => done(expected))
      expect(await Enumerator(unexpected).run(it)).toBe(expected)
    })

    it("leave the Error iteratee unchanged if the Exception type doesn't match the partial function", async () => {
      const it = error(expected).recoverWith(partial(isRangeError, () => done(unexpected)))
      const actual = await failed(Enumerator(unexpected).run(it))
      expect(actual).toBeInstanceOf(IterateeError)
      expect((actual as IterateeError).message).toBe(expected)
    })

    it('return a failed Future if you try to recover from an Error iteratee with an Error iteratee', async () => {
      const it = error(unexpected).recoverWith(() => error(expected))
      const actual = await failed(Enumerator(unexpected).run(it))
      expect(actual).toBeInstanceOf(IterateeError)
      expect((actual as IterateeError).message).toBe(expected)
    })
  })

  describe('Iteratee.consume should', () => {
    it('return its concatenated input', async () => {
      const s: ReadonlyArray<ReadonlyArray<number>> = [[1, 2], [3], [4, 5]]
      expect(await Enumerator.enumerate(s).run(Iteratee.consume<ReadonlyArray<number>>())).toEqual([1, 2, 3, 4, 5])
    })
  })

  describe('Iteratee.getChunks should', () => {
    it('return its input as a list', async () => {
      const s = [1, 2, 3, 4, 5]
      expect(await Enumerator.enumerate(s).run(Iteratee.getChunks<number>())).toEqual(s)
    })
  })

  describe('Iteratee.takeUpTo should', () => {
    const takenAndNotTaken = <E>(n: number): Iteratee<E, [ReadonlyArray<E>, ReadonlyArray<E>]> =>
      Iteratee.takeUpTo<E>(n).flatMap((seq1) => Iteratee.getChunks<E>().map((seq2) => [seq1, seq2]))

    it('take 0 elements from 0', async () => {
      expect(await Enumerator<number>().run(takenAndNotTaken(0))).toEqual([[], []])
    })

    it('take 0 elements from 0 when asked for 2', async () => {
      expect(await Enumerator<number>().run(takenAndNotTaken(2))).toEqual([[], []])
    })

    it('take 1 element from 2', async () => {
      expect(await Enumerator(1, 2).run(takenAndNotTaken(1))).toEqual([[1], [2]])
    })

    it('take 2 elements from 2', async () => {
      expect(await Enumerator(1, 2).run(takenAndNotTaken(2))).toEqual([[1, 2], []])
    })

    it('take 2 elements from 2 when asked for 3', async () => {
      expect(await Enumerator(1, 2).run(takenAndNotTaken(3))).toEqual([[1, 2], []])
    })

    it('skip Input.Empty when taking elements', async () => {
      const e = Enumerator(1, 2).andThen(Enumerator.enumInput<number>(Input.Empty)).andThen(Enumerator(3, 4))
      expect(await e.run(takenAndNotTaken(3))).toEqual([[1, 2, 3], [4]])
    })
  })

  describe('Iteratee.isEmpty should', () => {
    const isEmptyThenRest = <E>(): Iteratee<E, [boolean, ReadonlyArray<E>]> =>
      Iteratee.isEmpty<E>().flatMap((empty) => Iteratee.getChunks<E>().map((seq) => [empty, seq]))

    it('be true for a stream with only EOF', async () => {
      expect(await Enumerator<number>().run(isEmptyThenRest())).toEqual([true, []])
    })

    it('be true for a stream with Empty and EOF', async () => {
      const e = Enumerator.enumInput<number>(Input.Empty).andThen(Enumerator.eof())
      expect(await e.run(isEmptyThenRest())).toEqual([true, []])
    })

    it('be false for a stream with one element', async () => {
      expect(await Enumerator(1).run(isEmptyThenRest())).toEqual([false, [1]])
    })

    it('be false for a stream with two elements', async () => {
      expect(await Enumerator(1, 2).run(isEmptyThenRest())).toEqual([false, [1, 2]])
    })

    it('be false for a stream with empty and element inputs', async () => {
      const e = Enumerator.enumInput<number>(Input.Empty).andThen(Enumerator(1, 2))
      expect(await e.run(isEmptyThenRest())).toEqual([false, [1, 2]])
    })
  })

  describe('Iteratee.takeUpTo and Iteratee.isEmpty should', () => {
    const process = <E>(n: number): Iteratee<E, [ReadonlyArray<E>, boolean, ReadonlyArray<E>]> =>
      Iteratee.takeUpTo<E>(n).flatMap((seq1) =>
        Iteratee.isEmpty<E>().flatMap((emptyAfterSeq1) =>
          Iteratee.getChunks<E>().map((seq2) => [seq1, emptyAfterSeq1, seq2])
        )
      )

    it('take 0 elements and be empty from 0', async () => {
      expect(await Enumerator<number>().run(process(0))).toEqual([[], true, []])
    })

    it('take 0 elements from 0 and be empty when asked for 2', async () => {
      expect(await Enumerator<number>().run(process(2))).toEqual([[], true, []])
    })

    it('take 1 element and not be empty from 2', async () => {
      expect(await Enumerator(1, 2).run(process(1))).toEqual([[1], false, [2]])
    })

    it('take 2 elements and be empty from 2', async () => {
      expect(await Enumerator(1, 2).run(process(2))).toEqual([[1, 2], true, []])
    })

    it('take 2 elements and be empty from 2 when asked for 3', async () => {
      expect(await Enumerator(1, 2).run(process(3))).toEqual([[1, 2], true, []])
    })

    it('skip Input.Empty when taking elements', async () => {
      const e = Enumerator(1, 2).andThen(Enumerator.enumInput<number>(Input.Empty)).andThen(Enumerator(3, 4))
      expect(await e.run(process(3))).toEqual([[1, 2, 3], false, [4]])
    })
  })

  describe('Iteratee.ignore should', () => {
    it('never throw an OutOfMemoryError when consuming large input', async () => {
      // more arrays than the heap can hold at once, each on the heap (doubles, 8 bytes an element, unboxed). Play
      // makes 1 MB arrays; 64 KiB ones die young, so the run takes a second rather than many.
      const arraySize = 64 * 1024
      const tooManyArrays = Math.floor(getHeapStatistics().heap_size_limit / arraySize) + 1
      function* arrays(): Generator<ReadonlyArray<number>> {
        for (let i = 0; i < tooManyArrays; i++) yield new Array<number>(arraySize / 8).fill(0.5)
      }
      expect(await Enumerator.enumerate(arrays()).run(Iteratee.ignore<ReadonlyArray<number>>())).toBeUndefined()
    })
  })
})
