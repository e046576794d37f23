/**
 * Long streams: no stack overflow, no heap growth proportional to the stream, the event loop gets
 * its turns during a long synchronous enumeration, and no promise rejection goes unhandled.
 *
 * Heap is measured with `gc()`. Jest does not run with `--expose-gc`; the flag is set at run time
 * with `v8.setFlagsFromString` and `gc` is taken from a fresh context, so nothing in the jest
 * configuration needs to change.
 *
 * Unhandled rejections: jest-circus fails the running test on any unhandled rejection (its own
 * `unhandledRejection` handler is installed while tests run), so every test here also checks that
 * none is left behind; the tests of the last section wait a turn of the event loop for that.
 */
import { none, some } from 'fp-ts/Option'
import * as v8 from 'node:v8'
import * as vm from 'node:vm'
import { Cont, Done, Enumeratee, Enumerator, Input, Iteratee, IterateeError } from '../src'

jest.setTimeout(30_000)

const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === 'function') return exposed
  v8.setFlagsFromString('--expose-gc')
  return vm.runInNewContext('gc') as () => void
})()

const MB = 1024 * 1024

/** Live heap, after collecting garbage. */
const heapUsed = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/**
 * Measures the live heap before the run, near the end of the stream (`probe()` is called from
 * inside the pipeline) and after it.
 */
const measure = async <A>(run: (probe: () => void) => Promise<A>) => {
  const before = heapUsed()
  let during = Number.NaN
  const result = await run(() => {
    during = heapUsed()
  })
  const after = heapUsed()
  return { result, growthDuring: (during - before) / MB, growthAfter: (after - before) / MB }
}

const sum = (a: number, b: number): number => a + b

const later = <T>(x: T, ms = 0): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(x), ms))

// -------------------------------------------------------------------------------------
// long synchronous streams
// -------------------------------------------------------------------------------------

describe('long synchronous streams', () => {
  it('1,000,000 elements through map and filter into a fold', async () => {
    const N = 1_000_000
    const arr = Array.from({ length: N }, (_, i) => i)
    const { result, growthDuring, growthAfter } = await measure((probe) =>
      Enumerator.enumerate(arr)
        .through(
          Enumeratee.map((x: number) => {
            if (x === N - 10) probe()
            return x * 2
          })
        )
        .through(Enumeratee.filter((x: number) => x % 3 === 0))
        .run(Iteratee.fold(0, sum))
    )
    let expected = 0
    for (let i = 0; i < N; i++) if ((i * 2) % 3 === 0) expected += i * 2
    expect(result).toBe(expected)
    expect(growthDuring).toBeLessThan(32)
    expect(growthAfter).toBeLessThan(32)
  })

  it('1,000,000 elements without a fast path (a hand-written Cont)', async () => {
    const N = 1_000_000
    const count = (n: number): Iteratee<number, number> =>
      Cont((input: Input<number>) =>
        input._tag === 'El' ? count(n + 1) : input._tag === 'Empty' ? count(n) : Done(n, input)
      )
    const { result, growthDuring } = await measure((probe) =>
      Enumerator.unfold(0, (s: number) => {
        if (s === N - 10) probe()
        return s < N ? some([s + 1, s] as const) : none
      }).run(count(0))
    )
    expect(result).toBe(N)
    expect(growthDuring).toBeLessThan(32)
  })

  it('Enumerator.repeat(f) through take(1,000,000)', async () => {
    const N = 1_000_000
    let calls = 0
    const { result, growthDuring, growthAfter } = await measure((probe) =>
      Enumerator.repeat(() => {
        if (++calls === N - 10) probe()
        return 1
      })
        .through(Enumeratee.take(N))
        .run(Iteratee.fold(0, sum))
    )
    expect(result).toBe(N)
    // take pulls no element it does not pass on
    expect(calls).toBe(N)
    expect(growthDuring).toBeLessThan(32)
    expect(growthAfter).toBeLessThan(32)
  })
})

// -------------------------------------------------------------------------------------
// long asynchronous streams
// -------------------------------------------------------------------------------------

describe('long asynchronous streams', () => {
  it('1,000,000 elements through an asynchronous Enumeratee.mapM', async () => {
    const N = 1_000_000
    const { result, growthDuring, growthAfter } = await measure((probe) =>
      Enumerator.unfold(0, (s: number) => (s < N ? some([s + 1, s] as const) : none))
        .through(
          Enumeratee.mapM((x: number) => {
            if (x === N - 10) probe()
            return Promise.resolve(x)
          })
        )
        .run(Iteratee.fold(0, sum))
    )
    expect(result).toBe((N * (N - 1)) / 2)
    expect(growthDuring).toBeLessThan(32)
    expect(growthAfter).toBeLessThan(32)
  })

  const N = 200_000

  it('Enumerator.unfoldM with 200,000 asynchronous steps', async () => {
    const { result, growthDuring, growthAfter } = await measure((probe) =>
      Enumerator.unfoldM(0, (s: number) => {
        if (s === N - 10) probe()
        return Promise.resolve(s < N ? some([s + 1, s] as const) : none)
      }).run(Iteratee.fold(0, sum))
    )
    expect(result).toBe((N * (N - 1)) / 2)
    expect(growthDuring).toBeLessThan(16)
    expect(growthAfter).toBeLessThan(16)
  })

  it('Enumerator.generateM with 200,000 asynchronous steps', async () => {
    let i = 0
    const { result, growthDuring, growthAfter } = await measure((probe) =>
      Enumerator.generateM(() => {
        if (i === N - 10) probe()
        return Promise.resolve(i < N ? some(i++) : none)
      }).run(Iteratee.fold(0, sum))
    )
    expect(result).toBe((N * (N - 1)) / 2)
    expect(growthDuring).toBeLessThan(16)
    expect(growthAfter).toBeLessThan(16)
  })

  it('Enumerator.repeatM with 200,000 asynchronous steps', async () => {
    let i = 0
    const { result, growthDuring, growthAfter } = await measure((probe) =>
      Enumerator.repeatM(() => {
        if (++i === N - 10) probe()
        return Promise.resolve(1)
      })
        .through(Enumeratee.take(N))
        .run(Iteratee.fold(0, sum))
    )
    expect(result).toBe(N)
    expect(growthDuring).toBeLessThan(16)
    expect(growthAfter).toBeLessThan(16)
  })

  it('Iteratee.foldM with 200,000 asynchronous steps', async () => {
    const { result, growthDuring } = await measure((probe) =>
      Enumerator.unfold(0, (s: number) => (s < N ? some([s + 1, s] as const) : none)).run(
        Iteratee.foldM(0, (acc: number, e: number) => {
          if (e === N - 10) probe()
          return Promise.resolve(acc + e)
        })
      )
    )
    expect(result).toBe((N * (N - 1)) / 2)
    expect(growthDuring).toBeLessThan(16)
  })
})

// -------------------------------------------------------------------------------------
// long flatMap chains
// -------------------------------------------------------------------------------------

describe('100,000 chained flatMaps', () => {
  const N = 100_000
  const valueOf = (o: { _tag: 'None' } | { _tag: 'Some'; value: number }) => (o._tag === 'Some' ? o.value : 0)

  it('left-nested on a Cont, each function Done at once', async () => {
    let it: Iteratee<number, number> = Iteratee.head<number>().map(valueOf)
    for (let i = 0; i < N; i++) it = it.flatMap((a) => Done<number, number>(a + 1))
    expect(await Enumerator(7).run(it)).toBe(7 + N)
  })

  it('left-nested on a Cont, each function consuming an element', async () => {
    const elements = Array.from({ length: N + 1 }, (_, i) => i % 10)
    let it: Iteratee<number, number> = Iteratee.head<number>().map(valueOf)
    for (let i = 0; i < N; i++) it = it.flatMap((a) => Iteratee.head<number>().map((o) => a + valueOf(o)))
    const started = Date.now()
    expect(await Enumerator.enumerate(elements).run(it)).toBe(elements.reduce(sum, 0))
    // linear, not quadratic, in the length of the chain
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('left-nested on a pending iteratee', async () => {
    let it: Iteratee<number, number> = Iteratee.flatten(later(Iteratee.head<number>().map(valueOf)))
    for (let i = 0; i < N; i++) it = it.flatMap((a) => Done<number, number>(a + 1))
    expect(await Enumerator(1).run(it)).toBe(1 + N)
  })

  it('left-nested on a pending iteratee, each function consuming an element (50,000)', async () => {
    const M = 50_000
    const elements = Array.from({ length: M + 1 }, (_, i) => i % 7)
    let it: Iteratee<number, number> = Iteratee.flatten(later(Iteratee.head<number>().map(valueOf)))
    for (let i = 0; i < M; i++) it = it.flatMap((a) => Iteratee.head<number>().map((o) => a + valueOf(o)))
    expect(await Enumerator.enumerate(elements).run(it)).toBe(elements.reduce(sum, 0))
  })

  it('right-nested recursion consuming 100,000 elements', async () => {
    const elements = Array.from({ length: N }, (_, i) => i)
    const loop = (acc: number): Iteratee<number, number> =>
      Iteratee.head<number>().flatMap((o) => (o._tag === 'None' ? Done<number, number>(acc) : loop(acc + o.value)))
    const { result, growthDuring } = await measure(async (probe) => {
      const r = await Enumerator.enumerate(elements).run(loop(0))
      probe()
      return r
    })
    expect(result).toBe((N * (N - 1)) / 2)
    expect(growthDuring).toBeLessThan(32)
  })

  it('right-nested recursion with a pending step now and then', async () => {
    const elements = Array.from({ length: N }, (_, i) => i)
    const loop = (acc: number): Iteratee<number, number> =>
      Iteratee.head<number>().flatMap((o) =>
        o._tag === 'None'
          ? Done<number, number>(acc)
          : o.value % 1000 === 0
            ? Iteratee.flatten(Promise.resolve(loop(acc + o.value)))
            : loop(acc + o.value)
      )
    expect(await Enumerator.enumerate(elements).run(loop(0))).toBe((N * (N - 1)) / 2)
  })

  it('100,000 Enumerator.andThen', async () => {
    let e = Enumerator.empty<number>()
    for (let i = 0; i < N; i++) e = e.andThen(Enumerator(1))
    expect(await e.run(Iteratee.fold(0, sum))).toBe(N)
  })
})

// -------------------------------------------------------------------------------------
// the event loop gets its turns
// -------------------------------------------------------------------------------------

describe('a long synchronous enumeration yields to the event loop', () => {
  const N = 5_000_000

  it('a setImmediate callback fires before a 5,000,000-element pipeline is done', async () => {
    let fired = false
    setImmediate(() => {
      fired = true
    })
    const [result, firedBefore] = await Enumerator.repeat((): number => 1)
      .through(Enumeratee.take(N))
      .through(Enumeratee.map((x: number) => x * 2))
      .through(Enumeratee.filter((x: number) => x > 0))
      .run(Iteratee.fold(0, sum))
      .then((r) => [r, fired] as const)
    expect(result).toBe(2 * N)
    expect(firedBefore).toBe(true)
  })

  it('a setTimeout(0) callback fires before a 5,000,000-element pipeline is done', async () => {
    let fired = false
    setTimeout(() => {
      fired = true
    }, 0)
    const [result, firedBefore] = await Enumerator.unfold(0, (s: number) =>
      s < N ? some([s + 1, 1] as readonly [number, number]) : none
    )
      .run(Iteratee.fold(0, sum))
      .then((r) => [r, fired] as const)
    expect(result).toBe(N)
    expect(firedBefore).toBe(true)
  })

  it('also without a fast path', async () => {
    let fired = false
    setImmediate(() => {
      fired = true
    })
    const count = (n: number): Iteratee<number, number> =>
      Cont((input: Input<number>) => (input._tag === 'El' ? count(n + 1) : Done(n, input)))
    const [result, firedBefore] = await Enumerator.repeat((): number => 1)
      .through(Enumeratee.take(2_000_000))
      .run(count(0))
      .then((r) => [r, fired] as const)
    expect(result).toBe(2_000_000)
    expect(firedBefore).toBe(true)
  })
})

// -------------------------------------------------------------------------------------
// no unhandled rejections
// -------------------------------------------------------------------------------------

describe('no rejection goes unhandled', () => {
  /** A turn of the event loop, so that Node reports an unhandled rejection while this test runs. */
  const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 10))

  const expectRejection = async (p: Promise<unknown>, message: string) => {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x
    )
    expect(e).toBeInstanceOf(Error)
    expect(e).not.toBeInstanceOf(IterateeError)
    expect((e as Error).message).toBe(message)
  }

  it('a rejected promise given to Iteratee.flatten, run later', async () => {
    const it = Iteratee.flatten<number, number>(Promise.reject(new Error('iteratee')))
    await turn()
    await expectRejection(it.run(), 'iteratee')
  })

  it('a rejected promise given to Enumerator.flatten, applied later', async () => {
    const e = Enumerator.flatten<number>(Promise.reject(new Error('enumerator')))
    await turn()
    await expectRejection(e.run(Iteratee.getChunks<number>()), 'enumerator')
  })

  it('a rejected promise given to Enumeratee.flatten, applied later', async () => {
    const t = Enumeratee.flatten<number, number>(Promise.reject(new Error('enumeratee')))
    await turn()
    await expectRejection(Enumerator(1).through(t).run(Iteratee.getChunks<number>()), 'enumeratee')
  })

  it('a rejected initial state given to Iteratee.fold1, run later', async () => {
    const it = Iteratee.fold1<number, number>(Promise.reject(new Error('state')), sum)
    await turn()
    await expectRejection(Enumerator(1).run(it), 'state')
  })

  it('a rejected mapM on a Done, run later', async () => {
    const it = Done<number, number>(1).mapM(() => Promise.reject(new Error('mapM')))
    await turn()
    await expectRejection(it.run(), 'mapM')
  })

  it('failing asynchronous producers and enumeratees', async () => {
    await expectRejection(
      Enumerator.generateM<number>(() => Promise.reject(new Error('generateM'))).run(Iteratee.getChunks()),
      'generateM'
    )
    await expectRejection(
      Enumerator(1, 2, 3)
        .through(Enumeratee.mapM((x: number) => (x === 2 ? Promise.reject(new Error('mapM 2')) : later(x))))
        .run(Iteratee.getChunks<number>()),
      'mapM 2'
    )
    await expectRejection(
      Enumerator.interleave(
        Enumerator.repeatM<number>(() => later(1, 1)).through(Enumeratee.take(5)),
        Enumerator.generateM<number>(() => later(none, 3).then(() => Promise.reject(new Error('interleaved'))))
      ).run(Iteratee.getChunks<number>()),
      'interleaved'
    )
    await turn()
  })

  it('an iteratee that is done before a failing part of the stream is reached', async () => {
    const failing = Enumerator.generateM<number>(() => Promise.reject(new Error('not reached')))
    expect(await Enumerator(1, 2).andThen(failing).run(Iteratee.head<number>())).toEqual(some(1))
    expect(await Enumerator(1, 2).andThen(failing).run(Iteratee.takeUpTo<number>(2))).toEqual([1, 2])
    await turn()
  })
})
