/**
 * The fast path (sinks, fused filter-map stages, folds' own loops) is an optimisation, never semantics: a pipeline
 * fed by a synchronous source behaves exactly as if each element were fed through `k`, one at a time (DESIGN.md).
 *
 * The reference feeds the same elements through `Enumerator.generateM` with synchronous values: the asynchronous
 * driver steps the iteratee with one input per element and never opens a sink. Everything is compared: the result
 * or the rejection (the very value), what the consumer's step is after `apply` (Done's leftover, or a Cont), and
 * the log of every user function call, in order.
 */
import * as fc from 'fast-check'
import { none, some, type Option } from 'fp-ts/Option'
import { Done, Enumeratee, Enumerator, Input, Iteratee } from '../src'

type Log = Array<string>

/** A stage of the pipeline, described as data so that fast-check can print it. */
type StageSpec =
  | { readonly kind: 'map'; readonly k: number }
  | { readonly kind: 'filter'; readonly m: number }
  | { readonly kind: 'filterNot'; readonly m: number }
  | { readonly kind: 'collect'; readonly m: number }
  | { readonly kind: 'take'; readonly n: number }
  | { readonly kind: 'passAlong' }
  | {
      readonly kind: 'mapM'
      readonly k: number
      /** Which elements' values are promises: none, all, or the even ones. */
      readonly values: 'sync' | 'async' | 'mixed'
      /** How a failing element fails: its function throws, or its promise rejects. */
      readonly fails: 'throw' | 'reject'
    }

/** What consumes the pipeline's output. */
type ConsumerSpec =
  | { readonly kind: 'fold' }
  | { readonly kind: 'foreach' }
  | { readonly kind: 'getChunks' }
  | { readonly kind: 'takeUpTo'; readonly n: number }
  | { readonly kind: 'headThenFold' }
  | { readonly kind: 'flatMapChain'; readonly n: number }
  | { readonly kind: 'pendingFoldM' }
  | { readonly kind: 'pendingThenFold'; readonly at: number }

/** Where a failure is thrown, if anywhere: by the source at element `at`, or by the user function `stage`. */
type FailureSpec = { readonly where: 'none' } | { readonly where: 'source' | 'stage' | 'consumer'; readonly at: number }

const stageSpec: fc.Arbitrary<StageSpec> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), k: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('filter' as const), m: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('filterNot' as const), m: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ kind: fc.constant('collect' as const), m: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('take' as const), n: fc.integer({ min: 0, max: 30 }) }),
  fc.constant({ kind: 'passAlong' as const }),
  fc.record({
    kind: fc.constant('mapM' as const),
    k: fc.integer({ min: 1, max: 5 }),
    values: fc.constantFrom('sync' as const, 'async' as const, 'mixed' as const),
    fails: fc.constantFrom('throw' as const, 'reject' as const)
  })
)

const consumerSpec: fc.Arbitrary<ConsumerSpec> = fc.oneof(
  fc.constant({ kind: 'fold' as const }),
  fc.constant({ kind: 'foreach' as const }),
  fc.constant({ kind: 'getChunks' as const }),
  fc.record({ kind: fc.constant('takeUpTo' as const), n: fc.integer({ min: 0, max: 20 }) }),
  fc.constant({ kind: 'headThenFold' as const }),
  fc.record({ kind: fc.constant('flatMapChain' as const), n: fc.integer({ min: 1, max: 6 }) }),
  fc.constant({ kind: 'pendingFoldM' as const }),
  fc.record({ kind: fc.constant('pendingThenFold' as const), at: fc.integer({ min: 0, max: 10 }) })
)

const failureSpec: fc.Arbitrary<FailureSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ where: 'none' as const }) },
  fc.record({ where: fc.constantFrom('source' as const, 'stage' as const, 'consumer' as const), at: fc.nat(40) })
)

/** What a failure throws: one object per run, so that identity can be checked. */
class Boom extends Error {}

const stage = (spec: StageSpec, log: Log, fail: (what: string, x: number) => void): Enumeratee<number, number> => {
  switch (spec.kind) {
    case 'map':
      return Enumeratee.map((x: number) => {
        log.push(`map${spec.k} ${x}`)
        fail('stage', x)
        return x * spec.k + 1
      })
    case 'filter':
      return Enumeratee.filter((x: number) => {
        log.push(`filter${spec.m} ${x}`)
        fail('stage', x)
        return x % spec.m === 0
      })
    case 'filterNot':
      return Enumeratee.filterNot((x: number) => {
        log.push(`filterNot${spec.m} ${x}`)
        return x % spec.m === 0
      })
    case 'collect':
      return Enumeratee.collect((x: number): Option<number> => {
        log.push(`collect${spec.m} ${x}`)
        fail('stage', x)
        return x % spec.m === 1 ? none : some(x - 1)
      })
    case 'take':
      return Enumeratee.take<number>(spec.n)
    case 'passAlong':
      return Enumeratee.passAlong<number>()
    case 'mapM':
      return Enumeratee.mapM((x: number) => {
        log.push(`mapM${spec.k} ${x}`)
        if (spec.fails === 'reject') {
          try {
            fail('stage', x)
          } catch (thrown) {
            return Promise.reject(thrown as Error)
          }
        } else fail('stage', x)
        const y = x * spec.k - 1
        return spec.values === 'async' || (spec.values === 'mixed' && (x & 1) === 0) ? Promise.resolve(y) : y
      })
  }
}

const consumer = (spec: ConsumerSpec, log: Log, fail: (what: string, x: number) => void): Iteratee<number, unknown> => {
  const use = (tag: string) => (s: number, x: number) => {
    log.push(`${tag} ${x}`)
    fail('consumer', x)
    return s + x
  }
  switch (spec.kind) {
    case 'fold':
      return Iteratee.fold(0, use('fold'))
    case 'foreach':
      return Iteratee.foreach((x: number) => void use('foreach')(0, x))
    case 'getChunks':
      return Iteratee.getChunks<number>()
    case 'takeUpTo':
      return Iteratee.takeUpTo<number>(spec.n)
    case 'headThenFold':
      return Iteratee.head<number>().flatMap((h) => Iteratee.fold(0, use('rest')).map((s) => [h, s]))
    case 'flatMapChain': {
      let it: Iteratee<number, unknown> = Iteratee.fold(0, use('chain'))
      for (let i = 0; i < spec.n; i++) it = it.flatMap((a) => Done<number, unknown>(a))
      return it
    }
    case 'pendingFoldM':
      return Iteratee.foldM(0, (s: number, x: number) => Promise.resolve(use('foldM')(s, x)))
    case 'pendingThenFold':
      // takes a few elements, waits for a promise, then folds the rest with its fast path
      return Iteratee.takeUpTo<number>(spec.at)
        .flatMap((first) => Iteratee.flatten(Promise.resolve(Iteratee.fold(first.length, use('after')))))
        .map((s) => s)
  }
}

interface Outcome {
  readonly log: Log
  readonly result:
    | { readonly ok: true; readonly value: unknown; readonly step: unknown }
    | { readonly ok: false; readonly error: unknown }
}

/** Runs one pipeline; `fast` says which source feeds it (the fast path, or the element-by-element reference). */
const outcome = async (
  elements: ReadonlyArray<number>,
  chunks: ReadonlyArray<number>,
  stages: ReadonlyArray<StageSpec>,
  consumed: ConsumerSpec,
  failure: FailureSpec,
  fast: 'array' | 'iterator' | 'reference',
  boom: Boom,
  mode: 'array' | 'iterator'
): Promise<Outcome> => {
  const log: Log = []
  const fail = (what: string, x: number): void => {
    if (failure.where === what && failure.where !== 'none' && x === failure.at) throw boom
  }
  const sourceFails = failure.where === 'source' ? failure.at : undefined
  // an array enumerated as it is has no user code of its own to log
  const logSource = mode === 'iterator' || sourceFails !== undefined
  // the elements, cut into pieces that are enumerated one after the other (a fresh sink at each cut)
  const pieces: Array<ReadonlyArray<number>> = []
  let from = 0
  for (const size of chunks) {
    if (from >= elements.length) break
    pieces.push(elements.slice(from, from + size))
    from += size
  }
  if (from < elements.length) pieces.push(elements.slice(from))
  const source = (piece: ReadonlyArray<number>): Enumerator<number> => {
    const produced = (x: number): number => {
      if (logSource) log.push(`source ${x}`)
      if (x === sourceFails) throw boom
      return x
    }
    if (fast === 'array' && sourceFails === undefined) return Enumerator.enumerate(piece)
    if (fast === 'array' || fast === 'iterator') {
      return Enumerator.enumerate({
        *[Symbol.iterator]() {
          for (const x of piece) yield produced(x)
        }
      })
    }
    let i = 0
    return Enumerator.generateM(() => (i < piece.length ? some(produced(piece[i++])) : none))
  }
  let enumerator = pieces.map(source).reduce((a, b) => a.andThen(b), Enumerator.empty<number>())
  for (const s of stages) enumerator = enumerator.through(stage(s, log, fail))
  try {
    const applied = await enumerator.apply(consumer(consumed, log, fail))
    const step = await applied.unflatten()
    const shown = step._tag === 'Done' ? { tag: 'Done', remaining: step.remaining } : { tag: step._tag }
    const value = await applied.run()
    return { log, result: { ok: true, value, step: shown } }
  } catch (error) {
    return { log, result: { ok: false, error } }
  }
}

describe('the fast path is feeding one element at a time', () => {
  it('agrees with the reference on results, leftovers, the order of user effects and where a failure happens', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }),
        fc.array(stageSpec, { maxLength: 4 }),
        consumerSpec,
        failureSpec,
        fc.constantFrom('array' as const, 'iterator' as const),
        async (raw, chunks, stages, consumed, failure, fast) => {
          // distinct elements, so that "fail at x" names one place
          const elements = raw.map((x, i) => x * 100 + i)
          const failAt =
            failure.where === 'none'
              ? failure
              : { ...failure, at: elements[failure.at % Math.max(1, elements.length)] ?? -1 }
          const boom = new Boom('boom')
          const expected = await outcome(elements, chunks, stages, consumed, failAt, 'reference', boom, fast)
          const actual = await outcome(elements, chunks, stages, consumed, failAt, fast, boom, fast)
          expect(actual.log).toEqual(expected.log)
          if (expected.result.ok) expect(actual.result).toEqual(expected.result)
          else {
            expect(actual.result.ok).toBe(false)
            expect(actual.result.ok ? undefined : actual.result.error).toBe(expected.result.error)
          }
        }
      ),
      { numRuns: 600 }
    )
  })

  it('a source that throws at its 3rd element: the consumer has seen the first two, and run rejects with the throw', async () => {
    const log: Log = []
    const boom = new Error('third')
    const source = Enumerator.enumerate({
      *[Symbol.iterator]() {
        yield 1 as number
        yield 2 as number
        throw boom
      }
    })
    const done = source
      .through(Enumeratee.map((x: number) => (log.push(`map ${x}`), x * 10)))
      .run(Iteratee.foreach((x: number) => void log.push(`use ${x}`)))
    await expect(done).rejects.toBe(boom)
    expect(log).toEqual(['map 1', 'use 10', 'map 2', 'use 20'])
  })

  it('user effects interleave as element by element: map 1, use 1, map 2, use 2', async () => {
    const log: Log = []
    await Enumerator(1, 2, 3)
      .through(Enumeratee.map((x: number) => (log.push(`map ${x}`), x)))
      .through(Enumeratee.filter((x: number) => (log.push(`filter ${x}`), true)))
      .run(Iteratee.fold(0, (s: number, x: number) => (log.push(`use ${x}`), s + x)))
    expect(log).toEqual(['map 1', 'filter 1', 'use 1', 'map 2', 'filter 2', 'use 2', 'map 3', 'filter 3', 'use 3'])
  })

  it('a consumer that is done is fed nothing more: the stages see no element past it', async () => {
    const seen: Array<number> = []
    const firstTwo = await Enumerator(1, 2, 3, 4)
      .through(Enumeratee.map((x: number) => (seen.push(x), x)))
      .run(Iteratee.takeUpTo<number>(2))
    expect(firstTwo).toEqual([1, 2])
    expect(seen).toEqual([1, 2])
  })

  it('a leftover is the same either way', async () => {
    const step = await (await Enumerator(1, 2, 3).apply(Iteratee.head<number>())).unflatten()
    expect(step).toEqual({ _tag: 'Done', a: some(1), remaining: Input.Empty })
  })

  it('a fold whose state starts as a number and turns into something else keeps every value (the number loops)', async () => {
    // the fused loops run a number state in a loop of its own: a state that stops being a number must go on as is
    const xs = Array.from({ length: 5000 }, (_, i) => i)
    const step = (s: number | string, x: number): number | string =>
      x === 2500 ? `${s}!` : typeof s === 'string' ? s.length + x : s + x
    const expected = xs.reduce(step, 0 as number | string)
    const folded = (pipeline: Enumeratee<number, number>) =>
      Enumerator.enumerate(xs)
        .through(pipeline)
        .run(Iteratee.fold(0 as number | string, step))
    expect(await Enumerator.enumerate(xs).run(Iteratee.fold(0 as number | string, step))).toBe(expected)
    expect(await folded(Enumeratee.map((x: number) => x))).toBe(expected)
    expect(await folded(Enumeratee.filter((x: number) => x >= 0))).toBe(expected)
    expect(await folded(Enumeratee.map((x: number) => x).compose(Enumeratee.filter((x: number) => x >= 0)))).toBe(
      expected
    )
    expect(await folded(Enumeratee.filter((x: number) => x >= 0).compose(Enumeratee.map((x: number) => x)))).toBe(
      expected
    )
    // -0 and NaN stay what they are
    expect(
      Object.is(await Enumerator.enumerate([-0]).run(Iteratee.fold(-0, (s: number, x: number) => s + x)), -0)
    ).toBe(true)
    expect(await Enumerator.enumerate([1]).run(Iteratee.fold(NaN, (s: number, x: number) => s + x))).toBeNaN()
  })

  it('mapM: a consumer that leaves while an element waits gets that element, and nothing more is pulled', async () => {
    const log: Log = []
    const leaving = new AbortController()
    const source = Enumerator.enumerate({
      *[Symbol.iterator]() {
        try {
          for (let i = 1; i <= 10; i++) {
            log.push(`source ${i}`)
            yield i
          }
        } finally {
          log.push('closed')
        }
      }
    })
    const mapped = source.through(
      Enumeratee.mapM((x: number) => {
        log.push(`mapM ${x}`)
        if (x === 3) leaving.abort()
        return Promise.resolve(x)
      })
    )
    const applied = await mapped.apply(
      Iteratee.fold(0, (s: number, x: number) => (log.push(`fold ${x}`), s + x)),
      { signal: leaving.signal }
    )
    expect(log).toEqual([
      'source 1',
      'mapM 1',
      'fold 1',
      'source 2',
      'mapM 2',
      'fold 2',
      'source 3',
      'mapM 3',
      'fold 3',
      'closed'
    ])
    expect(await applied.run()).toBe(6)
  })

  it('mapM: a long run of promises gives the event loop turns, without growing the stack', async () => {
    let turns = 0
    let running = true
    const tick = (): void => {
      if (!running) return
      turns++
      setImmediate(tick)
    }
    setImmediate(tick)
    const n = 300_000
    const sum = await Enumerator.enumerate(Array.from({ length: n }, (_, i) => i))
      .through(Enumeratee.mapM((x: number) => Promise.resolve(x)))
      .run(Iteratee.fold(0, (s: number, x: number) => s + x))
    running = false
    expect(sum).toBe((n * (n - 1)) / 2)
    expect(turns).toBeGreaterThan(0)
  })

  it('mapM: a rejection after elements that waited fails run with that very value, and closes the source', async () => {
    const boom = new Boom('rejected')
    let closed = false
    const source = Enumerator.enumerate({
      *[Symbol.iterator]() {
        try {
          for (let i = 1; i <= 10; i++) yield i
        } finally {
          closed = true
        }
      }
    })
    const seen: Array<number> = []
    const done = source
      .through(Enumeratee.mapM((x: number) => (x === 4 ? Promise.reject(boom) : Promise.resolve(x))))
      .run(Iteratee.foreach((x: number) => void seen.push(x)))
    await expect(done).rejects.toBe(boom)
    expect(seen).toEqual([1, 2, 3])
    expect(closed).toBe(true)
  })

  it.each([
    ['through', 'array'],
    ['transform', 'array'],
    ['transform', 'reference']
  ] as const)('mapM (%s, %s source): the same user calls and the same result or rejection', async (how, source) => {
    const run = async (failAt: number | undefined): Promise<{ log: Log; result: unknown }> => {
      const log: Log = []
      const boom = new Boom(`at ${failAt}`)
      const elements = Array.from({ length: 20 }, (_, i) => i)
      let i = 0
      const enumerator =
        source === 'array'
          ? Enumerator.enumerate(elements)
          : Enumerator.generateM(() => (i < elements.length ? some(elements[i++]) : none))
      const double = Enumeratee.mapM((x: number) => {
        log.push(`mapM ${x}`)
        if (x === failAt) return x % 2 === 0 ? Promise.reject(boom) : Promise.resolve(-1)
        return x % 3 === 0 ? x * 2 : Promise.resolve(x * 2)
      })
      const sum = Iteratee.fold(0, (s: number, x: number) => {
        log.push(`fold ${x}`)
        if (x === -1) throw boom
        return s + x
      })
      const done = how === 'through' ? enumerator.through(double).run(sum) : enumerator.run(double.transform(sum))
      try {
        return { log, result: await done }
      } catch (error) {
        return { log, result: error === boom ? 'boom' : error }
      }
    }
    for (const failAt of [undefined, 4, 7, 19]) {
      const outcome = await run(failAt)
      const expectedLog = []
      for (let x = 0; x < 20; x++) {
        expectedLog.push(`mapM ${x}`)
        if (x === failAt && x % 2 === 0) break
        expectedLog.push(`fold ${x === failAt ? -1 : x * 2}`)
        if (x === failAt) break
      }
      expect(outcome.log).toEqual(expectedLog)
      expect(outcome.result).toBe(failAt === undefined ? 380 : 'boom')
    }
  })
})
