/**
 * Play 2.4's `ConcurrentSpec` (framework/src/iteratees/src/test/scala/play/api/libs/iteratee/), one `it` per
 * Play example, with Play's names.
 *
 * The ExecutionContext counts of Play's `mustExecute` and `testExecution` are not translated (JavaScript has no
 * execution contexts); where a count is the number of calls of the user's function, the calls are counted
 * instead. Two examples are named after the ExecutionContext their callback runs in ("call callback in the
 * correct ExecutionContext", "perform patching in the correct ExecutionContext"): what they check beyond the
 * context is kept, and the callback is checked to run once. No example is skipped.
 *
 * unicast's "allow to push messages and end": Play's spec asserts `completeCount == 0`, but its `onComplete` is a
 * by-name `=> Unit` parameter given the function literal `() => completeCount.incrementAndGet()`, which Scala
 * evaluates to a function and discards without calling it; the count stays 0 whatever unicast does. The same
 * example's `mustExecute(2, 2)` counts two tasks on the unicast ExecutionContext: `onStart` and `onComplete`,
 * which Play's unicast runs when the pushed EOF leaves the fold Done. So `onComplete` runs once here.
 */
import { type Option, some } from 'fp-ts/Option'
import { Concurrent, Cont, Done, Enumerator, Err, Input, Iteratee, IterateeError, type PatchPanel } from '../../src'
import { delay, rejectsWith, settlesWithin } from '../helpers'

/** What a promise rejects with (and a failure of the test if it resolves). */
const failed = (p: Promise<unknown>): Promise<unknown> =>
  settlesWithin(p).then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`)
    },
    (e: unknown) => e
  )

/** A promise and its resolver (Play's `Promise[A]()`, or a `CountDownLatch(1)`). */
const deferred = <A = void>(): { readonly promise: Promise<A>; readonly resolve: (a: A) => void } => {
  let resolve!: (a: A) => void
  const promise = new Promise<A>((r) => (resolve = r))
  return { promise, resolve }
}

const oneTo = (n: number): ReadonlyArray<number> => Array.from({ length: n }, (_, i) => i + 1)

describe('ConcurrentSpec', () => {
  describe('Concurrent.broadcast (0-arg) should', () => {
    it('broadcast the same to already registered iteratees', async () => {
      const [broadcaster, pushHere] = Concurrent.broadcast<string>()
      const concat = jest.fn((s: string, e: string) => s + e)
      const results = Promise.all(
        Array.from({ length: 19 }, () => broadcaster.apply(Iteratee.fold('', concat)).then((it) => it.run()))
      )
      pushHere.push('beep')
      pushHere.push('beep')
      pushHere.eofAndEnd()
      expect(await settlesWithin(results)).toEqual(Array.from({ length: 19 }, () => 'beepbeep'))
      expect(concat).toHaveBeenCalledTimes(38)
    })

    it('allow invoking end twice', async () => {
      const [broadcaster, pushHere] = Concurrent.broadcast<string>()
      const result = broadcaster.run(Iteratee.getChunks<string>())
      pushHere.push('beep')
      pushHere.end()
      pushHere.end()
      expect(await settlesWithin(result)).toEqual(['beep'])
    })

    it('return the iteratee if already ended before the iteratee is attached', async () => {
      const [broadcaster, pushHere] = Concurrent.broadcast<string>()
      pushHere.end()
      const result = broadcaster.run(Iteratee.getChunks<string>())
      expect(await settlesWithin(result)).toEqual([])
    })

    it('allow ending with an exception', async () => {
      const [broadcaster, pushHere] = Concurrent.broadcast<string>()
      const result = broadcaster.run(Iteratee.getChunks<string>())
      const foo = new Error('foo')
      pushHere.end(foo)
      await rejectsWith(result, foo)
    })

    it('update the end result after end is already called', async () => {
      const [broadcaster, pushHere] = Concurrent.broadcast<string>()
      const result1 = broadcaster.run(Iteratee.getChunks<string>())
      const foo = new Error('foo')
      pushHere.end(foo)
      await rejectsWith(result1, foo)
      pushHere.end()
      const result2 = broadcaster.run(Iteratee.getChunks<string>())
      expect(await settlesWithin(result2)).toEqual([])
    })
  })

  describe('Concurrent.buffer should', () => {
    it('not slow down the enumerator if the iteratee is slow', async () => {
      // the enumerator emits elements as fast as it can, and says when it has finished
      const enumeratorFinished = deferred()
      const fastEnumerator = Enumerator(...oneTo(10)).onDoneEnumerating(() => enumeratorFinished.resolve())
      // the iteratee takes nothing until the enumerator has finished (or a timeout)
      const slowIteratee = Iteratee.foldM<number, ReadonlyArray<number>>([], async (s, e) => {
        await Promise.race([enumeratorFinished.promise, delay(5000)])
        return [...s, e]
      })
      const length = jest.fn((_: Input<number>) => 1)
      const result = fastEnumerator.through(Concurrent.buffer(20, length)).run(slowIteratee)
      expect(await settlesWithin(result, 10_000)).toEqual(oneTo(10))
    })

    it('throw an exception when buffer is full', async () => {
      let foldCount = 0
      const stuck = new Promise<ReadonlyArray<number>>(() => undefined)
      const stuckIteratee = Iteratee.foldM<number, ReadonlyArray<number>>([], () => {
        foldCount++
        return stuck
      })
      const fastEnumerator = Enumerator(...oneTo(10))
      const result = fastEnumerator.through(Concurrent.buffer<number>(7)).run(stuckIteratee)
      const e = await failed(result)
      expect(e).toBeInstanceOf(IterateeError)
      expect((e as IterateeError).message).toBe('buffer overflow')
      expect(foldCount).toBe(1)
    })

    it('drop intermediate unused input, swallow even the unused eof forcing u to pass it twice', async () => {
      const slowIteratee = Iteratee.flatten<number, ReadonlyArray<number>>(
        delay(100).then(() =>
          Cont<number, ReadonlyArray<number>>((input) => {
            if (input._tag !== 'El') throw new TypeError(`shouldn't occur: ${input._tag}`)
            return Done<number, ReadonlyArray<number>>([input.e], Input.Empty)
          })
        )
      )
      const fastEnumerator = Enumerator(...oneTo(10)).andThen(Enumerator.eof())
      const mapped = jest.fn((rest: ReadonlyArray<number>) => rest)
      const result = fastEnumerator.run(
        Concurrent.buffer<number>(20)
          .transform(slowIteratee)
          .flatMap((l) => Iteratee.getChunks<number>().map((rest) => [...l, ...mapped(rest)]))
      )
      expect(await settlesWithin(result)).not.toEqual(oneTo(10))
      expect(mapped).toHaveBeenCalledTimes(1)
    })
  })

  describe('Concurrent.lazyAndErrIfNotReady should', () => {
    it('return an error if the iteratee is taking too long', async () => {
      // an iteratee that never finishes, until it is let go: lazyAndErrIfNotReady's timeout always fires
      const gotResult = deferred()
      const slowIteratee = Iteratee.foldM<number, ReadonlyArray<number>>([], async (s, e) => {
        await Promise.race([gotResult.promise, delay(5000)])
        return [...s, e]
      })
      const fastEnumerator = Enumerator(...oneTo(10)).andThen(Enumerator.eof())
      const result = failed(fastEnumerator.through(Concurrent.lazyAndErrIfNotReady<number>(50)).run(slowIteratee))
      const e = await result
      // we have our result (a timeout): let the iteratee complete
      gotResult.resolve()
      expect(e).toBeInstanceOf(IterateeError)
      expect((e as IterateeError).message).toBe('iteratee is taking too long')
    })
  })

  describe('Concurrent.unicast should', () => {
    it('allow to push messages and end', async () => {
      const a = 'FOO'
      const b = 'bar'
      let startCount = 0
      let completeCount = 0
      let errorCount = 0
      const enumerator = Concurrent.unicast<string>(
        (c) => {
          startCount++
          c.push(a)
          c.push(b)
          c.eofAndEnd()
        },
        () => completeCount++,
        () => errorCount++
      )
      const concat = jest.fn((s: string, e: string) => s + e)
      const promise = enumerator.apply(Iteratee.fold('', concat)).then((it) => it.run())
      expect(await settlesWithin(promise)).toBe(a + b)
      expect(startCount).toBe(1)
      // Play's spec says 0 only because its onComplete is never called (see the comment at the top): the EOF
      // pushed by eofAndEnd leaves the fold Done, and onComplete runs, as in Play's unicast
      expect(completeCount).toBe(1)
      expect(errorCount).toBe(0)
      expect(concat).toHaveBeenCalledTimes(2)
    })

    it('call the onComplete callback when the iteratee is done', async () => {
      const completed = deferred<string>()
      const enumerator = Concurrent.unicast<string>(
        (c) => {
          c.push('foo')
          c.push('bar')
        },
        () => completed.resolve('called')
      )
      const future = enumerator.run(
        Cont<string, string>((input) => Done(input._tag === 'El' ? input.e : "didn't get data"))
      )
      expect(await settlesWithin(future)).toBe('foo')
      expect(await settlesWithin(completed.promise)).toBe('called')
    })

    it('call the onError callback when the iteratee encounters an error', async () => {
      const error = deferred<string>()
      const enumerator = Concurrent.unicast<string>(
        (c) => {
          c.push('foo')
          c.push('bar')
        },
        undefined,
        (err) => error.resolve(err)
      )
      void enumerator.apply(
        Cont<string, string>((input) =>
          input._tag === 'El' ? Err(input.e, Input.Empty) : Err("didn't get data", input)
        )
      )
      expect(await settlesWithin(error.promise)).toBe('foo')
    })

    it('allow invoking end twice', async () => {
      const endInvokedTwice = deferred()
      const enumerator = Concurrent.unicast<string>((c) => {
        c.end()
        c.end()
        endInvokedTwice.resolve()
      })
      expect(await settlesWithin(enumerator.run(Iteratee.getChunks<string>()))).toEqual([])
      await settlesWithin(endInvokedTwice.promise)
    })

    it('allow ending with an exception', async () => {
      const foo = new Error('foo')
      const enumerator = Concurrent.unicast<string>((c) => c.end(foo))
      await rejectsWith(enumerator.run(Iteratee.getChunks<string>()), foo)
    })

    it('only use the invocation of the first end', async () => {
      const endInvokedTwice = deferred()
      const enumerator = Concurrent.unicast<string>((c) => {
        c.end()
        c.end(new Error('foo'))
        endInvokedTwice.resolve()
      })
      const result = enumerator.run(Iteratee.getChunks<string>())
      await settlesWithin(endInvokedTwice.promise)
      expect(await settlesWithin(result)).toEqual([])
    })
  })

  describe('Concurrent.broadcast (2-arg) should', () => {
    it('call callback in the correct ExecutionContext', async () => {
      const [e0, c] = Concurrent.broadcast<number>()
      let interestCount = 0
      const interestDone = deferred()
      const [e2] = Concurrent.broadcast(e0, () => {
        interestCount++
        interestDone.resolve()
      })
      const i = e2.run(Iteratee.getChunks<number>())
      c.push(1)
      c.push(2)
      c.push(3)
      c.eofAndEnd()
      expect(await settlesWithin(i)).toEqual([1, 2, 3])
      await settlesWithin(interestDone.promise)
      expect(interestCount).toBe(1)
    })
  })

  describe('Concurrent.patchPanel should', () => {
    it('perform patching in the correct ExecutionContext', async () => {
      const patcher = jest.fn((pp: PatchPanel<number>) => {
        pp.patchIn(Enumerator.eof())
      })
      const e = Concurrent.patchPanel<number>(patcher)
      expect(await settlesWithin(e.run(Iteratee.getChunks<number>()))).toEqual([])
      expect(patcher).toHaveBeenCalledTimes(1)
    })
  })

  describe('Concurrent.joined should', () => {
    it('join the iteratee and enumerator if the enumerator is applied first', async () => {
      const [iteratee, enumerator] = Concurrent.joined<string>()
      const result = enumerator.run(Iteratee.getChunks<string>())
      const unitResult = Enumerator('foo', 'bar').run(iteratee)
      expect(await settlesWithin(result)).toEqual(['foo', 'bar'])
      expect(await settlesWithin(unitResult)).toBeUndefined()
    })

    it('join the iteratee and enumerator if the iteratee is applied first', async () => {
      const [iteratee, enumerator] = Concurrent.joined<string>()
      const unitResult = Enumerator('foo', 'bar').run(iteratee)
      const result = enumerator.run(Iteratee.getChunks<string>())
      expect(await settlesWithin(result)).toEqual(['foo', 'bar'])
      expect(await settlesWithin(unitResult)).toBeUndefined()
    })

    it('join the iteratee and enumerator if the enumerator is applied during the iteratees run', async () => {
      const [iteratee, enumerator] = Concurrent.joined<string>()
      const [broadcast, channel] = Concurrent.broadcast<string>()
      const unitResult = broadcast.run(iteratee)
      channel.push('foo')
      await delay(10)
      const result = enumerator.run(Iteratee.getChunks<string>())
      channel.push('bar')
      channel.end()
      expect(await settlesWithin(result)).toEqual(['foo', 'bar'])
      expect(await settlesWithin(unitResult)).toBeUndefined()
    })

    it('break early from infinite enumerators', async () => {
      const [iteratee, enumerator] = Concurrent.joined<string>()
      const infinite = Enumerator.repeat(() => 'foo')
      const unitResult = infinite.run(iteratee)
      const head = enumerator.run(Iteratee.head<string>())
      expect(await settlesWithin(head)).toEqual(some('foo'))
      expect(await settlesWithin(unitResult)).toBeUndefined()
    })
  })

  describe('Concurrent.runPartial should', () => {
    it('redeem the iteratee with the result and the partial enumerator', async () => {
      const [a, remaining] = await settlesWithin(
        Concurrent.runPartial(Enumerator('foo', 'bar'), Iteratee.head<string>())
      )
      expect(a).toEqual<Option<string>>(some('foo'))
      expect(await settlesWithin(remaining.run(Iteratee.getChunks<string>()))).toEqual(['bar'])
    })

    it('work when there is no input left in the enumerator', async () => {
      const [a, remaining] = await settlesWithin(
        Concurrent.runPartial(Enumerator('foo', 'bar'), Iteratee.getChunks<string>())
      )
      expect(a).toEqual(['foo', 'bar'])
      expect(await settlesWithin(remaining.run(Iteratee.getChunks<string>()))).toEqual([])
    })
  })
})
