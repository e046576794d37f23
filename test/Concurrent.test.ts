import { none, some } from 'fp-ts/Option'
import {
  Concurrent,
  Cont,
  Done,
  Enumeratee,
  Enumerator,
  Err,
  Input,
  Iteratee,
  IterateeError,
  type Channel
} from '../src'
import {
  delay,
  isStillPending,
  later,
  pendingIteratee,
  recordingIteratee,
  rejectsWith,
  settlesWithin,
  slowIteratee,
  variants
} from './helpers'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

/** A promise opened by hand. */
const gate = (): { readonly promise: Promise<void>; readonly open: () => void } => {
  let open!: () => void
  const promise = new Promise<void>((r) => (open = r))
  return { promise, open }
}

/** A promise that never settles. */
const never = new Promise<never>(() => undefined)

/**
 * Collects elements into `received`; after the `after`-th element its next step is pending until
 * `stall` settles (forever, for `never`), then it goes on synchronously. Done with them at EOF.
 */
const stalling = <E>(
  stall: Promise<unknown>,
  after = 1
): { readonly it: Iteratee<E, ReadonlyArray<E>>; readonly received: Array<E> } => {
  const received: Array<E> = []
  const go = (): Iteratee<E, ReadonlyArray<E>> =>
    Cont((input: Input<E>) => {
      if (input._tag === 'EOF') return Done<E, ReadonlyArray<E>>(received.slice(), Input.EOF)
      if (input._tag === 'El') received.push(input.e)
      return received.length === after ? Iteratee.flatten(stall.then(go)) : go()
    })
  return { it: go(), received }
}

/** Takes `n` elements (counting how often its continuation is called), then is done with them. */
const taking = <E>(n: number): { readonly it: Iteratee<E, ReadonlyArray<E>>; readonly calls: () => number } => {
  let calls = 0
  const go = (acc: ReadonlyArray<E>): Iteratee<E, ReadonlyArray<E>> =>
    Cont((input: Input<E>) => {
      calls++
      if (input._tag === 'EOF') return Done(acc, Input.EOF)
      const next = input._tag === 'El' ? [...acc, input.e] : acc
      return next.length >= n ? Done(next) : go(next)
    })
  return { it: go([]), calls: () => calls }
}

/** Waits (a turn of the event loop at a time, 2 s at most) until `cond()` holds. */
const eventually = async (cond: () => boolean): Promise<void> => {
  const until = Date.now() + 2000
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition still false after 2000 ms')
    await delay(1)
  }
}

const range = (from: number, to: number): Array<number> => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/**
 * Watches the timers set with a delay of `ms` (a value nothing else in the test uses): how many
 * were set, whether each was unref'd, and how many are still waiting (neither fired nor cleared).
 */
const watchTimers = (
  ms: number
): {
  readonly set: () => number
  readonly allUnref: () => boolean
  readonly live: () => number
  readonly restore: () => void
} => {
  const realSet = global.setTimeout
  const realClear = global.clearTimeout
  const timers = new Map<NodeJS.Timeout, { live: boolean }>()
  const setSpy = jest.spyOn(global, 'setTimeout').mockImplementation(((
    fn: (...args: Array<unknown>) => void,
    delay?: number,
    ...args: Array<unknown>
  ) => {
    if (delay !== ms) return realSet(fn, delay, ...args)
    const state = { live: true }
    const t = realSet(
      (...a: Array<unknown>) => {
        state.live = false
        fn(...a)
      },
      delay,
      ...args
    )
    timers.set(t, state)
    return t
  }) as unknown as typeof setTimeout)
  const clearSpy = jest.spyOn(global, 'clearTimeout').mockImplementation(((t?: NodeJS.Timeout) => {
    const state = t === undefined ? undefined : timers.get(t)
    if (state !== undefined) state.live = false
    realClear(t)
  }) as unknown as typeof clearTimeout)
  return {
    set: () => timers.size,
    allUnref: () => [...timers.keys()].every((t) => !t.hasRef()),
    live: () => [...timers.values()].filter((t) => t.live).length,
    restore: () => {
      setSpy.mockRestore()
      clearSpy.mockRestore()
    }
  }
}

describe('Concurrent', () => {
  // -----------------------------------------------------------------------------------
  // broadcast(): Play's lockstep form
  // -----------------------------------------------------------------------------------

  describe('broadcast()', () => {
    describe.each(variants)('with %s iteratees', (_, wrap) => {
      it('broadcasts the same to every registered iteratee', async () => {
        const [events, channel] = Concurrent.broadcast<string>()
        const results = range(1, 19).map(() => events.run(wrap(Iteratee.fold('', (s: string, e: string) => s + e))))
        channel.push('beep')
        channel.push('beep')
        channel.eofAndEnd()
        expect(await settlesWithin(Promise.all(results))).toEqual(range(1, 19).map(() => 'beepbeep'))
      })

      it('gives an iteratee only what is pushed after it is attached', async () => {
        const [events, channel] = Concurrent.broadcast<number>()
        const first = events.run(wrap(Iteratee.getChunks<number>()))
        channel.push(1)
        await delay()
        const second = events.run(wrap(Iteratee.getChunks<number>()))
        channel.push(2)
        channel.eofAndEnd()
        expect(await settlesWithin(first)).toEqual([1, 2])
        expect(await settlesWithin(second)).toEqual([2])
      })

      it('end() sends no EOF: apply resolves with the iteratee, still Cont', async () => {
        const [events, channel] = Concurrent.broadcast<number>()
        const applied = events.apply(wrap(Iteratee.getChunks<number>()))
        channel.push(1)
        channel.end()
        const it = await settlesWithin(applied)
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(await Enumerator(2).run(it)).toEqual([1, 2])
      })

      it('eofAndEnd() sends EOF, then ends', async () => {
        const [events, channel] = Concurrent.broadcast<number>()
        const log: Array<Input<number>> = []
        const applied = events.apply(wrap(recordingIteratee(log)))
        channel.push(1)
        channel.eofAndEnd()
        const it = await settlesWithin(applied)
        expect(log).toEqual([Input.El(1), Input.EOF])
        expect((await it.unflatten())._tag).toBe('Done')
      })

      it('releases an iteratee as soon as it is done, without waiting for the next push', async () => {
        const [events, channel] = Concurrent.broadcast<number>()
        const t = taking<number>(2)
        let resolved = false
        const result = events.run(wrap(t.it)).then((r) => {
          resolved = true
          return r
        })
        channel.push(1)
        channel.push(2)
        await eventually(() => resolved)
        expect(await result).toEqual([1, 2])
        channel.push(3)
        await delay()
        expect(t.calls()).toBe(2)
      })

      it('resolves at once an iteratee that is done when attached', async () => {
        const [events] = Concurrent.broadcast<number>()
        expect(await settlesWithin(events.run(wrap(Done<number, string>('x'))))).toBe('x')
      })

      it('lets a composed andThen go on as soon as the iteratee is done (Play waited for the next push)', async () => {
        const [events, channel] = Concurrent.broadcast<number>()
        const result = events.andThen(Enumerator(99)).run(wrap(Iteratee.takeUpTo<number>(2)))
        channel.push(1)
        channel.push(2)
        expect(await settlesWithin(result)).toEqual([1, 2])
      })
    })

    it('makes each push wait until every consumer has taken the previous one', async () => {
      const [events, channel] = Concurrent.broadcast<number>()
      const g = gate()
      const slow = stalling<number>(g.promise)
      const fast: Array<number> = []
      const slowResult = events.run(slow.it)
      const fastResult = events.run(Iteratee.foreach((x: number) => void fast.push(x)))
      channel.push(1)
      channel.push(2)
      channel.push(3)
      await delay(5)
      expect(fast).toEqual([1])
      g.open()
      await delay()
      expect(fast).toEqual([1, 2, 3])
      channel.eofAndEnd()
      expect(await settlesWithin(slowResult)).toEqual([1, 2, 3])
      await settlesWithin(fastResult)
    })

    it('lets one failing consumer fail alone', async () => {
      const [events, channel] = Concurrent.broadcast<number>()
      const boom = new Error('boom')
      const failing = events.run(
        Cont<number, number>(() => {
          throw boom
        })
      )
      const fine = events.run(Iteratee.getChunks<number>())
      channel.push(1)
      channel.push(2)
      channel.eofAndEnd()
      await rejectsWith(failing, boom)
      expect(await settlesWithin(fine)).toEqual([1, 2])
    })

    it('resolves apply with an iteratee in an Error step (run rejects)', async () => {
      const [events, channel] = Concurrent.broadcast<number>()
      const applied = events.apply(Cont<number, number>(() => Err('nope', Input.Empty)))
      channel.push(1)
      const it = await settlesWithin(applied)
      expect(await it.unflatten()).toEqual({ _tag: 'Error', msg: 'nope', input: Input.Empty })
    })

    it('allows invoking end twice', async () => {
      const [events, channel] = Concurrent.broadcast<string>()
      const result = events.run(Iteratee.getChunks<string>())
      channel.push('beep')
      channel.end()
      channel.end()
      expect(await settlesWithin(result)).toEqual(['beep'])
    })

    it('returns the iteratee at once when it is attached after the end', async () => {
      const [events, channel] = Concurrent.broadcast<string>()
      channel.end()
      expect(await settlesWithin(events.run(Iteratee.getChunks<string>()))).toEqual([])
    })

    it('ends with an error: apply rejects with it', async () => {
      const [events, channel] = Concurrent.broadcast<string>()
      const result = events.run(Iteratee.getChunks<string>())
      const foo = new Error('foo')
      channel.end(foo)
      await rejectsWith(result, foo)
    })

    it('updates the end result when end is called again', async () => {
      const [events, channel] = Concurrent.broadcast<string>()
      const foo = new Error('foo')
      const result1 = events.run(Iteratee.getChunks<string>())
      channel.end(foo)
      await rejectsWith(result1, foo)
      await rejectsWith(events.run(Iteratee.getChunks<string>()), foo)
      channel.end()
      expect(await settlesWithin(events.run(Iteratee.getChunks<string>()))).toEqual([])
    })

    it('ignores pushes after EOF or after end', async () => {
      const [events, channel] = Concurrent.broadcast<number>()
      const log: Array<Input<number>> = []
      const applied = events.apply(recordingIteratee(log))
      channel.pushInput(Input.EOF)
      // attached after EOF: what is pushed now is ignored, and so is what comes after end
      const later1: Array<Input<number>> = []
      const applied2 = events.apply(recordingIteratee(later1))
      channel.push(1)
      channel.end()
      channel.push(2)
      await settlesWithin(applied)
      await settlesWithin(applied2)
      expect(log).toEqual([Input.EOF])
      expect(later1).toEqual([])
    })

    it('queues pushes for a pending consumer and delivers them in order', async () => {
      const [events, channel] = Concurrent.broadcast<number>()
      const result = events.run(slowIteratee(Iteratee.getChunks<number>(), 2))
      for (const x of range(1, 20)) channel.push(x)
      channel.eofAndEnd()
      expect(await settlesWithin(result)).toEqual(range(1, 20))
    })
  })

  // -----------------------------------------------------------------------------------
  // broadcast({ bufferSize, overflow })
  // -----------------------------------------------------------------------------------

  describe('broadcast({ bufferSize, overflow })', () => {
    it('refuses bad options', () => {
      expect(() => Concurrent.broadcast({ bufferSize: 0, overflow: 'dropOldest' })).toThrow(TypeError)
      expect(() => Concurrent.broadcast({ bufferSize: 1.5, overflow: 'dropOldest' })).toThrow(TypeError)
      expect(() => Concurrent.broadcast({ bufferSize: 1, overflow: 'nope' as 'dropOldest' })).toThrow(TypeError)
    })

    describe.each(variants)('with %s iteratees', (_, wrap) => {
      it('delivers everything to consumers that keep up', async () => {
        const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 4, overflow: 'disconnect' })
        const results = range(1, 5).map(() => events.run(wrap(Iteratee.getChunks<number>())))
        for (const x of range(1, 30)) {
          channel.push(x)
          await delay()
        }
        channel.eofAndEnd()
        for (const r of await settlesWithin(Promise.all(results))) expect(r).toEqual(range(1, 30))
      })

      it('end() sends no EOF; end(error) rejects', async () => {
        const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 4, overflow: 'dropOldest' })
        const applied = events.apply(wrap(Iteratee.getChunks<number>()))
        channel.push(1)
        channel.end()
        const it = await settlesWithin(applied)
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(await it.run()).toEqual([1])
        const [events2, channel2] = Concurrent.broadcast<number>({ bufferSize: 4, overflow: 'dropOldest' })
        const failed = events2.run(wrap(Iteratee.getChunks<number>()))
        const boom = new Error('boom')
        channel2.end(boom)
        await rejectsWith(failed, boom)
        await rejectsWith(events2.run(wrap(Iteratee.getChunks<number>())), boom)
      })
    })

    it('1,000 subscribers, some stalled and some leaving: the others get everything, in order, once', async () => {
      const bufferSize = 8
      const N = 120
      const [events, channel] = Concurrent.broadcast<number>({ bufferSize, overflow: 'dropOldest' })
      let pushed = 0
      const keepingUp: Array<Promise<ReadonlyArray<number>>> = []
      const stalledForever: Array<{ readonly received: ReadonlyArray<number>; readonly result: Promise<unknown> }> = []
      const slow: Array<{ readonly result: Promise<ReadonlyArray<number>> }> = []
      const leavers: Array<{
        readonly n: number
        readonly calls: () => number
        readonly result: Promise<ReadonlyArray<number>>
        readonly leftAt: () => number
      }> = []
      const slowGate = gate()
      for (let i = 0; i < 1000; i++) {
        switch (i % 10) {
          case 0: {
            const s = stalling<number>(never)
            stalledForever.push({ received: s.received, result: events.run(s.it) })
            break
          }
          case 1:
            slow.push({ result: events.run(stalling<number>(slowGate.promise).it) })
            break
          case 2: {
            const n = 1 + (i % 7)
            const t = taking<number>(n)
            let leftAt = -1
            const result = events.run(t.it).then((r) => {
              leftAt = pushed
              return r
            })
            leavers.push({ n, calls: t.calls, result, leftAt: () => leftAt })
            break
          }
          case 3:
            keepingUp.push(events.run(pendingIteratee(Iteratee.getChunks<number>())))
            break
          case 4:
            keepingUp.push(events.run(slowIteratee(Iteratee.getChunks<number>())))
            break
          default:
            keepingUp.push(events.run(Iteratee.getChunks<number>()))
        }
      }
      await delay()
      for (let x = 1; x <= N; x++) {
        pushed = x
        channel.push(x)
        await delay()
      }
      // the slow ones held at most bufferSize elements while stalled: the oldest were dropped
      slowGate.open()
      await delay()
      channel.eofAndEnd()

      const expected = range(1, N)
      for (const r of await settlesWithin(Promise.all(keepingUp), 10_000)) expect(r).toEqual(expected)
      for (const s of slow) expect(await settlesWithin(s.result)).toEqual([1, ...range(N - bufferSize + 1, N)])
      for (const l of leavers) {
        expect(await settlesWithin(l.result)).toEqual(range(1, l.n))
        // released at once: its apply resolved before the next push, and it was never fed again
        expect(l.leftAt()).toBe(l.n)
        expect(l.calls()).toBe(l.n)
      }
      for (const s of stalledForever) {
        expect(s.received).toEqual([1])
        expect(await isStillPending(s.result)).toBe(true)
      }
    }, 30_000)

    describe('overflow', () => {
      /** A subscriber stalled on its first element while 2..10 are pushed, then released; and one that keeps up. */
      const scenario = async (
        overflow: 'dropOldest' | 'dropNewest' | 'disconnect'
      ): Promise<{ readonly stalled: ReadonlyArray<number>; readonly fast: ReadonlyArray<number> }> => {
        const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 3, overflow })
        const g = gate()
        const s = stalling<number>(g.promise)
        const stalled = events.run(s.it)
        const fast = events.run(Iteratee.getChunks<number>())
        for (const x of range(1, 10)) channel.push(x)
        await delay()
        g.open()
        await delay()
        channel.eofAndEnd()
        return { stalled: await settlesWithin(stalled), fast: await settlesWithin(fast) }
      }

      it('dropOldest keeps the newest bufferSize elements', async () => {
        expect(await scenario('dropOldest')).toEqual({ stalled: [1, 8, 9, 10], fast: range(1, 10) })
      })

      it('dropNewest keeps the oldest bufferSize elements', async () => {
        expect(await scenario('dropNewest')).toEqual({ stalled: [1, 2, 3, 4], fast: range(1, 10) })
      })

      it('disconnect ends the slow subscriber, with its iteratee as it is', async () => {
        expect(await scenario('disconnect')).toEqual({ stalled: [1], fast: range(1, 10) })
      })

      it('EOF is not an element: it reaches a full queue', async () => {
        const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 2, overflow: 'dropNewest' })
        const g = gate()
        const log: Array<Input<number>> = []
        const applied = events.apply(Iteratee.flatten(g.promise.then(() => recordingIteratee(log))))
        for (const x of range(1, 5)) channel.push(x)
        channel.eofAndEnd()
        g.open()
        await settlesWithin(applied)
        expect(log).toEqual([Input.El(1), Input.El(2), Input.EOF])
      })

      it('a stalled subscriber does not delay the others', async () => {
        const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 1, overflow: 'dropOldest' })
        events.run(stalling<number>(never).it)
        const seen: Array<number> = []
        events.run(Iteratee.foreach((x: number) => void seen.push(x)))
        for (const x of range(1, 100)) channel.push(x)
        expect(seen).toEqual(range(1, 100))
      })
    })
  })

  // -----------------------------------------------------------------------------------
  // broadcast(enumerator)
  // -----------------------------------------------------------------------------------

  describe('broadcast(enumerator, interestIsDownToZero)', () => {
    it('shares an enumerator, and calls interestIsDownToZero when the last iteratee is done', async () => {
      const [e0, channel] = Concurrent.broadcast<number>()
      let interest = 0
      const [e2, broadcaster] = Concurrent.broadcast(e0, () => interest++)
      const result = e2.run(Iteratee.getChunks<number>())
      expect(broadcaster.noCords()).toBe(false)
      channel.push(1)
      channel.push(2)
      channel.push(3)
      channel.eofAndEnd()
      expect(await settlesWithin(result)).toEqual([1, 2, 3])
      expect(interest).toBe(1)
      expect(broadcaster.noCords()).toBe(true)
      expect(broadcaster.getPatchCord()).toBe(e2)
    })

    it('gives each iteratee what the source produces from its attachment on', async () => {
      const [e0, channel] = Concurrent.broadcast<number>()
      const [e2] = Concurrent.broadcast(e0)
      const a = e2.run(Iteratee.getChunks<number>())
      channel.push(1)
      await delay()
      const b = e2.run(Iteratee.getChunks<number>())
      channel.push(2)
      channel.eofAndEnd()
      expect(await settlesWithin(a)).toEqual([1, 2])
      expect(await settlesWithin(b)).toEqual([2])
    })

    it('starts the source at the first attachment, which gets all of it; later ones get the end', async () => {
      const [e2] = Concurrent.broadcast(Enumerator(1, 2, 3))
      expect(await settlesWithin(e2.run(Iteratee.getChunks<number>()))).toEqual([1, 2, 3])
      expect(await settlesWithin(e2.run(Iteratee.getChunks<number>()))).toEqual([])
    })

    it('stops the source when interestIsDownToZero closes the broadcaster', async () => {
      let produced = 0
      let stopped = false
      const source = Enumerator.repeatM(() => later(++produced)).onDoneEnumerating(() => (stopped = true))
      const [e2, broadcaster] = Concurrent.broadcast(source, (b) => b.close())
      expect(broadcaster.closed()).toBe(false)
      expect(await settlesWithin(e2.run(Iteratee.takeUpTo<number>(3)))).toEqual([1, 2, 3])
      await delay(5)
      expect(stopped).toBe(true)
      expect(produced).toBe(3)
      expect(broadcaster.closed()).toBe(true)
    })

    it('runs in lockstep: the source waits for a slow iteratee; close() stops it after the input under way', async () => {
      let produced = 0
      const source = Enumerator.repeatM(() => later(++produced))
      const [e2, broadcaster] = Concurrent.broadcast(source)
      const g = gate()
      const s = stalling<number>(g.promise)
      const result = e2.apply(s.it)
      await delay(10)
      expect(produced).toBe(1)
      broadcaster.close()
      g.open()
      const it = await settlesWithin(result)
      expect(await it.run()).toEqual([1])
      expect(produced).toBe(1)
    })

    it('fails every iteratee when the source fails', async () => {
      const boom = new Error('boom')
      const source = Enumerator.unfoldM(0, (n: number) =>
        n < 2 ? later(some([n + 1, n] as const)) : Promise.reject(boom)
      )
      const [e2] = Concurrent.broadcast(source)
      const a = e2.run(Iteratee.getChunks<number>())
      const b = e2.run(Iteratee.getChunks<number>())
      await rejectsWith(a, boom)
      await rejectsWith(b, boom)
    })
  })

  // -----------------------------------------------------------------------------------
  // unicast
  // -----------------------------------------------------------------------------------

  describe('unicast', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('pushes to the iteratee and ends', async () => {
        let started = 0
        let completed = 0
        let errors = 0
        const e = Concurrent.unicast<string>(
          (c) => {
            started++
            c.push('FOO')
            c.push('bar')
            c.eofAndEnd()
          },
          () => completed++,
          () => errors++
        )
        const it = await settlesWithin(e.apply(wrap(Iteratee.fold('', (s: string, x: string) => s + x))))
        expect(await it.run()).toBe('FOObar')
        expect(started).toBe(1)
        // EOF left the fold done: onComplete ran (Play's own spec counts 0 here only because its
        // by-name `onComplete` was given a function literal, which Scala never calls)
        expect(completed).toBe(1)
        expect(errors).toBe(0)
      })

      it('calls onComplete when the iteratee is done', async () => {
        let completed = 0
        const e = Concurrent.unicast<string>(
          (c) => {
            c.push('foo')
            c.push('bar')
          },
          () => completed++
        )
        const result = e.run(
          wrap(Cont<string, string>((input) => Done(input._tag === 'El' ? input.e : "didn't get data")))
        )
        expect(await settlesWithin(result)).toBe('foo')
        expect(completed).toBe(1)
      })

      it('calls onError when the iteratee is in an Error step, and resolves with it', async () => {
        const errors: Array<string> = []
        const e = Concurrent.unicast<string>(
          (c) => {
            c.push('foo')
            c.push('bar')
          },
          undefined,
          (msg) => errors.push(msg)
        )
        const step = await settlesWithin(
          e.applyUnflatten(wrap(Cont<string, string>((input) => Err(input._tag === 'El' ? input.e : '?', Input.Empty))))
        )
        expect(step._tag).toBe('Error')
        expect(errors).toEqual(['foo'])
      })

      it('end() sends no EOF, and only the first end counts', async () => {
        const e = Concurrent.unicast<number>((c) => {
          c.push(1)
          c.end()
          c.end(new Error('ignored'))
          c.push(2)
        })
        const it = await settlesWithin(e.apply(wrap(Iteratee.getChunks<number>())))
        expect((await it.unflatten())._tag).toBe('Cont')
        expect(await it.run()).toEqual([1])
      })

      it('ends with an error: apply rejects with it', async () => {
        const foo = new Error('foo')
        const e = Concurrent.unicast<string>((c) => c.end(foo))
        await rejectsWith(e.run(wrap(Iteratee.getChunks<string>())), foo)
      })

      it('gives each application its own channel', async () => {
        const channels: Array<Channel<number>> = []
        const e = Concurrent.unicast<number>((c) => void channels.push(c))
        const a = e.run(wrap(Iteratee.getChunks<number>()))
        const b = e.run(wrap(Iteratee.getChunks<number>()))
        channels[0].push(1)
        channels[1].push(2)
        channels[0].push(3)
        channels[0].eofAndEnd()
        channels[1].eofAndEnd()
        expect(await settlesWithin(a)).toEqual([1, 3])
        expect(await settlesWithin(b)).toEqual([2])
      })

      it('can push later, from outside onStart', async () => {
        let channel: Channel<number> | undefined
        const e = Concurrent.unicast<number>((c) => (channel = c))
        const result = e.run(wrap(Iteratee.getChunks<number>()))
        for (const x of range(1, 10)) {
          channel!.push(x)
          if (x % 3 === 0) await delay()
        }
        channel!.end()
        expect(await settlesWithin(result)).toEqual(range(1, 10))
      })
    })

    it('allows invoking end twice', async () => {
      let invoked = false
      const e = Concurrent.unicast<string>((c) => {
        c.end()
        c.end()
        invoked = true
      })
      expect(await settlesWithin(e.run(Iteratee.getChunks<string>()))).toEqual([])
      expect(invoked).toBe(true)
    })

    it('rejects when onStart throws', async () => {
      const boom = new Error('boom')
      const e = Concurrent.unicast<number>(() => {
        throw boom
      })
      await rejectsWith(e.run(Iteratee.getChunks<number>()), boom)
    })

    it('resolves at once with an iteratee that is done when applied; pushes are ignored', async () => {
      let completed = 0
      const e = Concurrent.unicast<number>(
        (c) => c.push(1),
        () => completed++
      )
      expect(await settlesWithin(e.run(Done<number, string>('x')))).toBe('x')
      expect(completed).toBe(0)
    })
  })

  // -----------------------------------------------------------------------------------
  // buffer
  // -----------------------------------------------------------------------------------

  describe('buffer', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('passes everything on, in order', async () => {
        const result = Enumerator.enumerate(range(1, 50))
          .through(Concurrent.buffer<number>(100))
          .run(wrap(Iteratee.getChunks<number>()))
        expect(await settlesWithin(result)).toEqual(range(1, 50))
      })
    })

    it('does not slow the enumerator down when the iteratee is slow', async () => {
      const enumeratorDone = gate()
      const fast = Enumerator.enumerate(range(1, 10)).onDoneEnumerating(enumeratorDone.open)
      const slow = Iteratee.foldM<number, ReadonlyArray<number>>([], async (s, e) => {
        await enumeratorDone.promise
        return [...s, e]
      })
      expect(await settlesWithin(fast.through(Concurrent.buffer<number>(20)).run(slow))).toEqual(range(1, 10))
    })

    it('fails with "buffer overflow" when the iteratee falls behind by more than max', async () => {
      let folds = 0
      const stuck = Iteratee.foldM<number, number>(0, () => {
        folds++
        return never
      })
      const result = Enumerator.enumerate(range(1, 10)).through(Concurrent.buffer<number>(7)).run(stuck)
      await expect(settlesWithin(result)).rejects.toThrow('buffer overflow')
      expect(folds).toBe(1)
    })

    it('overflows exactly when more than max is queued; what was queued is dropped and the iteratee gets EOF', async () => {
      // max = 2: 1 goes to the iteratee, 2, 3, 4 are queued (the check is made before adding), 5 overflows
      const g = gate()
      const log: Array<Input<number>> = []
      const recorder = recordingIteratee(log)
      const gated = Cont<number, ReadonlyArray<Input<number>>>((input) => {
        log.push(input)
        return Iteratee.flatten(g.promise.then(() => recorder))
      })
      const outer = Concurrent.buffer<number>(2).applyOn(gated)
      const fed = await settlesWithin(Enumerator(1, 2, 3, 4).apply(outer))
      expect((await fed.unflatten())._tag).toBe('Cont')
      const overflowed = await settlesWithin(Enumerator(5).apply(fed))
      expect(await overflowed.unflatten()).toEqual({ _tag: 'Error', msg: 'buffer overflow', input: Input.El(5) })
      g.open()
      await delay()
      expect(log).toEqual([Input.El(1), Input.EOF])
    })

    it('counts sizes with the length function', async () => {
      const g = gate()
      const ready: Promise<Iteratee<string, ReadonlyArray<string>>> = g.promise.then(() => Iteratee.getChunks<string>())
      const it = Iteratee.flatten(ready)
      const lengthOf = (input: Input<string>): number => (input._tag === 'El' ? input.e.length : 0)
      const fits = await settlesWithin(Enumerator('aaa', 'bb', 'c').apply(Concurrent.buffer(6, lengthOf).applyOn(it)))
      expect((await fits.unflatten())._tag).toBe('Cont')
      // 6 <= 6: still queued (as in Play, the check is made before adding); now 10 > 6
      const stillFits = await settlesWithin(Enumerator('dddd').apply(fits))
      expect((await stillFits.unflatten())._tag).toBe('Cont')
      const over = await settlesWithin(Enumerator('e').apply(stillFits))
      expect((await over.unflatten())._tag).toBe('Error')
    })

    it('swallows input left unused when the iteratee is done while input is queued (as Play)', async () => {
      const slowTakeOne = Iteratee.flatten(
        later(
          Cont<number, ReadonlyArray<number>>((input) => Done(input._tag === 'El' ? [input.e] : [])),
          20
        )
      )
      const result = Enumerator.enumerate(range(1, 10))
        .andThen(Enumerator.eof())
        .run(
          Concurrent.buffer<number>(20)
            .transform(slowTakeOne)
            .flatMap((l) => Iteratee.getChunks<number>().map((rest) => [...l, ...rest]))
        )
      expect(await settlesWithin(result)).toEqual([1])
    })

    it('hands back the rest when the iteratee is done at once (Play swallowed one more input)', async () => {
      const result = Enumerator.enumerate(range(1, 5)).run(
        Concurrent.buffer<number>(10)
          .transform(Iteratee.takeUpTo<number>(2))
          .flatMap((taken) => Iteratee.getChunks<number>().map((rest) => [taken, rest]))
      )
      expect(await settlesWithin(result)).toEqual([
        [1, 2],
        [3, 4, 5]
      ])
    })

    it('keeps a failure of the iteratee', async () => {
      const boom = new Error('boom')
      const failing = Iteratee.foldM<number, number>(0, () => Promise.reject(boom))
      await rejectsWith(Enumerator(1, 2).through(Concurrent.buffer<number>(5)).run(failing), boom)
    })
  })

  // -----------------------------------------------------------------------------------
  // dropInputIfNotReady, lazyAndErrIfNotReady
  // -----------------------------------------------------------------------------------

  describe('dropInputIfNotReady', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('passes everything on to an iteratee that is ready in time', async () => {
        const result = Enumerator.enumerate(range(1, 10))
          .through(Concurrent.dropInputIfNotReady<number>(1000))
          .run(wrap(Iteratee.getChunks<number>()))
        expect(await settlesWithin(result)).toEqual(range(1, 10))
      })
    })

    it("drops what comes while the iteratee is busy; its timers are unref'd and gone afterwards", async () => {
      const timers = watchTimers(7)
      try {
        const slow = Iteratee.foldM<number, ReadonlyArray<number>>([], async (s, e) => {
          await delay(40)
          return [...s, e]
        })
        const result = Enumerator.enumerate(range(1, 5)).through(Concurrent.dropInputIfNotReady<number>(7)).run(slow)
        expect(await settlesWithin(result)).toEqual([1])
        // one timer, for 2; 3, 4 and 5 were dropped at once while the iteratee was still busy
        expect(timers.set()).toBe(1)
        expect(timers.allUnref()).toBe(true)
        expect(timers.live()).toBe(0)
      } finally {
        timers.restore()
      }
    })

    it('passes input on again once the iteratee is ready', async () => {
      const slow = Iteratee.foldM<number, ReadonlyArray<number>>([], async (s, e) => {
        await delay(10)
        return [...s, e]
      })
      const source = Enumerator.unfoldM(1, (n: number) => (n <= 3 ? later(some([n + 1, n] as const), 40) : later(none)))
      const result = source.through(Concurrent.dropInputIfNotReady<number>(5)).run(slow)
      expect(await settlesWithin(result)).toEqual([1, 2, 3])
    })

    it('stops at EOF without passing it on, and when the iteratee is done', async () => {
      const log: Array<Input<number>> = []
      const outer = Concurrent.dropInputIfNotReady<number>(10).applyOn(recordingIteratee(log))
      const r = await settlesWithin(Enumerator(1).andThen(Enumerator.eof()).apply(outer))
      const step = await r.unflatten()
      expect(step._tag === 'Done' && step.remaining).toEqual(Input.Empty)
      expect(log).toEqual([Input.El(1)])
      const done = await settlesWithin(
        Enumerator(1, 2).apply(Concurrent.dropInputIfNotReady<number>(10).applyOn(Done<number, string>('x')))
      )
      expect((await done.unflatten())._tag).toBe('Done')
    })
  })

  describe('lazyAndErrIfNotReady', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('passes everything on to an iteratee that is ready in time', async () => {
        const result = Enumerator.enumerate(range(1, 10))
          .through(Concurrent.lazyAndErrIfNotReady<number>(1000))
          .run(wrap(Iteratee.getChunks<number>()))
        expect(await settlesWithin(result)).toEqual(range(1, 10))
      })
    })

    it('fails with "iteratee is taking too long"; its timer is unref\'d', async () => {
      const timers = watchTimers(23)
      try {
        const released = gate()
        const slow = Iteratee.foldM<number, ReadonlyArray<number>>([], async (s, e) => {
          await released.promise
          return [...s, e]
        })
        const result = Enumerator.enumerate(range(1, 10))
          .andThen(Enumerator.eof())
          .through(Concurrent.lazyAndErrIfNotReady<number>(23))
          .run(slow)
        await expect(settlesWithin(result)).rejects.toThrow('iteratee is taking too long')
        released.open()
        expect(timers.set()).toBe(1)
        expect(timers.allUnref()).toBe(true)
        expect(timers.live()).toBe(0)
      } finally {
        timers.restore()
      }
    })

    it('clears the timers of an iteratee that was ready in time', async () => {
      const timers = watchTimers(60_001)
      try {
        const result = Enumerator(1, 2, 3)
          .through(Concurrent.lazyAndErrIfNotReady<number>(60_001))
          .run(slowIteratee(Iteratee.getChunks<number>(), 1))
        expect(await settlesWithin(result)).toEqual([1, 2, 3])
        expect(timers.set()).toBeGreaterThan(0)
        expect(timers.allUnref()).toBe(true)
        expect(timers.live()).toBe(0)
      } finally {
        timers.restore()
      }
    })

    it('hands back a done iteratee with the input as leftover', async () => {
      const outer = Concurrent.lazyAndErrIfNotReady<number>(10).applyOn(Done<number, string>('x'))
      const step = await (await settlesWithin(Enumerator(7).apply(outer))).unflatten()
      expect(step._tag === 'Done' && step.remaining).toEqual(Input.El(7))
    })
  })

  // -----------------------------------------------------------------------------------
  // patchPanel
  // -----------------------------------------------------------------------------------

  describe('patchPanel', () => {
    it('feeds what is patched in', async () => {
      const e = Concurrent.patchPanel<number>((pp) => pp.patchIn(Enumerator.eof()))
      expect(await settlesWithin(e.run(Iteratee.getChunks<number>()))).toEqual([])
    })

    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('switches from one enumerator to the next; the previous one stops at its next input', async () => {
        const [a, channelA] = Concurrent.broadcast<string>()
        const [b, channelB] = Concurrent.broadcast<string>()
        let aStopped = false
        // what `a` has given the panel so far: b is patched in once a2 is given, however slowly the steps go (a fixed
        // delay raced the slow iteratee's timers on a loaded machine)
        const given: Array<string> = []
        const seen = Enumeratee.map((x: string) => (given.push(x), x))
        let panel: import('../src').PatchPanel<string> | undefined
        const e = Concurrent.patchPanel<string>((pp) => {
          panel = pp
          expect(pp.patchIn(a.through(seen).onDoneEnumerating(() => (aStopped = true)))).toBe(true)
        })
        const result = e.run(wrap(Iteratee.getChunks<string>()))
        channelA.push('a1')
        channelA.push('a2')
        await eventually(() => given.includes('a2'))
        panel!.patchIn(b)
        channelA.push('a3')
        await eventually(() => aStopped)
        channelB.push('b1')
        channelB.pushInput(Input.EOF)
        expect(await settlesWithin(result)).toEqual(['a1', 'a2', 'b1'])
        expect(panel!.closed()).toBe(true)
        expect(panel!.patchIn(Enumerator('late'))).toBe(false)
      })

      it('lets enumerators that end take turns: their end is not the end', async () => {
        let panel: import('../src').PatchPanel<number> | undefined
        const e = Concurrent.patchPanel<number>((pp) => {
          panel = pp
          pp.patchIn(Enumerator(1, 2))
        })
        const result = e.run(wrap(Iteratee.getChunks<number>()))
        await delay(5)
        expect(await isStillPending(result)).toBe(true)
        panel!.patchIn(Enumerator(3))
        await delay(5)
        panel!.patchIn(Enumerator.eof())
        expect(await settlesWithin(result)).toEqual([1, 2, 3])
      })
    })

    it('keeps the order of input when it switches while the iteratee works', async () => {
      const e = Concurrent.patchPanel<number>((pp) => {
        pp.patchIn(Enumerator(1, 2, 3))
        pp.patchIn(Enumerator(4, 5).andThen(Enumerator.eof()))
      })
      expect(await settlesWithin(e.run(slowIteratee(Iteratee.getChunks<number>())))).toEqual([1, 4, 5])
    })

    it('resolves at once with an iteratee that is done when applied (Play waited for a patch)', async () => {
      let closed: boolean | undefined
      const e = Concurrent.patchPanel<number>((pp) => (closed = pp.closed()))
      expect(await settlesWithin(e.run(Done<number, string>('x')))).toBe('x')
      expect(closed).toBe(true)
    })

    it('rejects when the patcher throws', async () => {
      const boom = new Error('boom')
      const e = Concurrent.patchPanel<number>(() => {
        throw boom
      })
      await rejectsWith(e.run(Iteratee.getChunks<number>()), boom)
    })
  })

  // -----------------------------------------------------------------------------------
  // joined, runPartial
  // -----------------------------------------------------------------------------------

  describe('joined', () => {
    it('returns the iteratee first, then the enumerator', async () => {
      const [iteratee, enumerator] = Concurrent.joined<string>()
      expect(enumerator).toBeInstanceOf(Object.getPrototypeOf(Enumerator(1)).constructor)
      expect(typeof iteratee.unflatten).toBe('function')
    })

    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('joins when the enumerator is applied first', async () => {
        const [iteratee, enumerator] = Concurrent.joined<string>()
        const result = enumerator.run(wrap(Iteratee.getChunks<string>()))
        const unit = Enumerator('foo', 'bar').run(iteratee)
        expect(await settlesWithin(result)).toEqual(['foo', 'bar'])
        expect(await settlesWithin(unit)).toBeUndefined()
      })

      it('joins when the iteratee is applied first', async () => {
        const [iteratee, enumerator] = Concurrent.joined<string>()
        const unit = Enumerator('foo', 'bar').run(iteratee)
        const result = enumerator.run(wrap(Iteratee.getChunks<string>()))
        expect(await settlesWithin(result)).toEqual(['foo', 'bar'])
        expect(await settlesWithin(unit)).toBeUndefined()
      })

      it('joins when the enumerator is applied during the run', async () => {
        const [iteratee, enumerator] = Concurrent.joined<string>()
        const [events, channel] = Concurrent.broadcast<string>()
        const unit = events.run(iteratee)
        channel.push('foo')
        await delay(10)
        const result = enumerator.run(wrap(Iteratee.getChunks<string>()))
        channel.push('bar')
        channel.end()
        expect(await settlesWithin(result)).toEqual(['foo', 'bar'])
        expect(await settlesWithin(unit)).toBeUndefined()
      })

      it('breaks early from an infinite enumerator', async () => {
        const [iteratee, enumerator] = Concurrent.joined<string>()
        const unit = Enumerator.repeat(() => 'foo').run(iteratee)
        const head = enumerator.run(wrap(Iteratee.head<string>()))
        expect(await settlesWithin(head)).toEqual(some('foo'))
        expect(await settlesWithin(unit)).toBeUndefined()
      })
    })

    it('can be applied once', async () => {
      const [, enumerator] = Concurrent.joined<string>()
      void enumerator.apply(Iteratee.getChunks<string>())
      await expect(settlesWithin(enumerator.apply(Iteratee.getChunks<string>()))).rejects.toBeInstanceOf(IterateeError)
    })

    it('hands back an iteratee in an Error step; the joined iteratee fails', async () => {
      const [iteratee, enumerator] = Concurrent.joined<string>()
      const applied = enumerator.applyUnflatten(Cont<string, string>(() => Err('nope', Input.Empty)))
      const unit = Enumerator('foo').run(iteratee)
      expect((await settlesWithin(applied))._tag).toBe('Error')
      await expect(settlesWithin(unit)).rejects.toBeInstanceOf(IterateeError)
    })
  })

  describe('runPartial', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('gives the result and an enumerator of the rest', async () => {
        const [a, remaining] = await settlesWithin(
          Concurrent.runPartial(Enumerator('foo', 'bar'), wrap(Iteratee.head<string>()))
        )
        expect(a).toEqual(some('foo'))
        expect(await settlesWithin(remaining.run(Iteratee.getChunks<string>()))).toEqual(['bar'])
      })

      it('works when no input is left', async () => {
        const [a, remaining] = await settlesWithin(
          Concurrent.runPartial(Enumerator('foo', 'bar'), wrap(Iteratee.getChunks<string>()))
        )
        expect(a).toEqual(['foo', 'bar'])
        expect(await settlesWithin(remaining.run(Iteratee.getChunks<string>()))).toEqual([])
      })
    })

    it('keeps the leftover of the iteratee in the rest', async () => {
      const peek = Cont<string, string>((input) => Done(input._tag === 'El' ? input.e : '', input))
      const [a, remaining] = await settlesWithin(Concurrent.runPartial(Enumerator('foo', 'bar'), peek))
      expect(a).toBe('foo')
      expect(await settlesWithin(remaining.run(Iteratee.getChunks<string>()))).toEqual(['foo', 'bar'])
    })

    it('rejects when the iteratee fails', async () => {
      const boom = new Error('boom')
      const failing = Cont<string, string>(() => {
        throw boom
      })
      await rejectsWith(Concurrent.runPartial(Enumerator('foo'), failing), boom)
    })
  })
})

describe('broadcast: a subscriber that pushes into the channel it listens to', () => {
  it.each([
    ['lockstep', () => Concurrent.broadcast<string>()],
    ['bounded', () => Concurrent.broadcast<string>({ bufferSize: 64, overflow: 'dropOldest' })]
  ] as const)('%s: everyone, the bot included, receives every push in push order', async (_, make) => {
    const [chat, channel] = make()
    const early = chat.run(Iteratee.getChunks<string>())
    // a bot that answers each `ping i` with `pong i`, from inside its own step
    const bot = chat.run(
      Iteratee.fold([] as Array<string>, (seen, m: string) => {
        if (m.startsWith('ping')) channel.push(m.replace('ping', 'pong'))
        return [...seen, m]
      })
    )
    const late = chat.run(Iteratee.getChunks<string>())
    for (let i = 0; i < 3; i++) channel.push(`ping ${i}`)
    channel.eofAndEnd()
    const expected = ['ping 0', 'pong 0', 'ping 1', 'pong 1', 'ping 2', 'pong 2']
    expect(await early).toEqual(expected)
    expect(await bot).toEqual(expected)
    expect(await late).toEqual(expected)
  })

  it.each([
    ['lockstep', () => Concurrent.broadcast<string>()],
    ['bounded', () => Concurrent.broadcast<string>({ bufferSize: 64, overflow: 'dropOldest' })]
  ] as const)('%s: the same with a bot that answers after an asynchronous step', async (_, make) => {
    const [chat, channel] = make()
    const bot = chat.run(
      Iteratee.foldM([] as Array<string>, async (seen: Array<string>, m: string) => {
        await Promise.resolve()
        if (m.startsWith('ping')) channel.push(m.replace('ping', 'pong'))
        return [...seen, m]
      })
    )
    const watcher = chat.run(Iteratee.getChunks<string>())
    channel.push('ping 0')
    await new Promise((resolve) => setTimeout(resolve, 20))
    channel.push('ping 1')
    await new Promise((resolve) => setTimeout(resolve, 20))
    channel.eofAndEnd()
    const expected = ['ping 0', 'pong 0', 'ping 1', 'pong 1']
    expect(await bot).toEqual(expected)
    expect(await watcher).toEqual(expected)
  })
})

describe('broadcast: presence', () => {
  it('counts its subscribers, and tells each arrival and departure with the count after it', async () => {
    const seen: Array<string> = []
    const [room, channel] = Concurrent.broadcast<string>({
      bufferSize: 8,
      overflow: 'dropOldest',
      onSubscribe: (n) => seen.push(`+${n}`),
      onUnsubscribe: (n) => seen.push(`-${n}`)
    })
    const ann = new AbortController()
    const annSaw = room.apply(Iteratee.getChunks<string>(), { signal: ann.signal })
    const bob = room.run(Iteratee.takeUpTo<string>(1))
    const carol = room.run(Iteratee.getChunks<string>())
    expect(channel.subscribers()).toBe(3)
    ann.abort() // ann's page closes
    expect(channel.subscribers()).toBe(2)
    channel.push('hello') // bob wanted one message: done
    expect(channel.subscribers()).toBe(1)
    channel.eofAndEnd()
    expect(await (await annSaw).run()).toEqual([])
    expect(await bob).toEqual(['hello'])
    expect(await carol).toEqual(['hello'])
    expect(channel.subscribers()).toBe(0)
    expect(seen).toEqual(['+1', '+2', '+3', '-2', '-1', '-0'])
  })

  it('the lockstep form counts too; a hook that throws changes nothing', async () => {
    const [room, channel] = Concurrent.broadcast<string>()
    const a = room.run(Iteratee.getChunks<string>())
    expect(channel.subscribers()).toBe(1)
    channel.eofAndEnd()
    expect(await a).toEqual([])
    expect(channel.subscribers()).toBe(0)
    const [r2, c2] = Concurrent.broadcast<string>({
      bufferSize: 1,
      overflow: 'dropNewest',
      onSubscribe: () => {
        throw new Error('hook')
      }
    })
    const b = r2.run(Iteratee.getChunks<string>())
    c2.push('x')
    c2.eofAndEnd()
    expect(await b).toEqual(['x'])
    expect(() => Concurrent.broadcast({ bufferSize: 1, overflow: 'dropOldest', onSubscribe: 3 as never })).toThrow(
      /onSubscribe must be a function/
    )
  })
})
