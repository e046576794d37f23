import * as fc from 'fast-check'
import { left, right } from 'fp-ts/Either'
import { pipe } from 'fp-ts/function'
import { none, some } from 'fp-ts/Option'
import { Cont, Done, Enumerator, Err, Input, Iteratee, IterateeError, Step } from '../src'
import { rejectsWith } from './helpers'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const later = <T>(x: T, ms = 5): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(x), ms))

/** The same iteratee, whose state is known only after a timer. */
const pending = <E, A>(it: Iteratee<E, A>, ms = 5): Iteratee<E, A> => Iteratee.flatten(later(it, ms))

type Mode = <E, A>(it: Iteratee<E, A>) => Iteratee<E, A>
const sync: Mode = (it) => it
const modes: ReadonlyArray<[string, Mode]> = [
  ['synchronous', sync],
  ['pending', pending]
]

/** Feeds the inputs one by one with `feed`. */
const feedAll = async <E, A>(it: Iteratee<E, A>, inputs: ReadonlyArray<Input<E>>): Promise<Iteratee<E, A>> => {
  for (const input of inputs) it = await it.feed(input)
  return it
}

const els = <E>(...es: ReadonlyArray<E>): ReadonlyArray<Input<E>> => es.map((e) => Input.El(e))

/** Feeds the elements (no EOF) and gives the step. */
const stepAfter = <E, A>(it: Iteratee<E, A>, ...es: ReadonlyArray<E>): Promise<Step<E, A>> =>
  Enumerator.enumerate(es as Array<E>)
    .apply(it)
    .then((i) => i.unflatten())

/** The rejection of a promise that must reject. */
const rejectionOf = (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`)
    },
    (e: unknown) => e
  )

const expectIterateeError = async (p: Promise<unknown>, message?: string | RegExp) => {
  const e = await rejectionOf(p)
  expect(e).toBeInstanceOf(IterateeError)
  if (message !== undefined) expect((e as Error).message).toMatch(message)
  return e as IterateeError
}

/** Random splits of a string into chunks (possibly empty ones). */
const splitsOf = (s: string, cuts: ReadonlyArray<number>): Array<string> => {
  const points = [...new Set(cuts.map((c) => c % (s.length + 1)))].sort((a, b) => a - b)
  const out: Array<string> = []
  let at = 0
  for (const p of points) {
    out.push(s.slice(at, p))
    at = p
  }
  out.push(s.slice(at))
  return out
}

const boom = new Error('boom')
const thrower = (): never => {
  throw boom
}

// -------------------------------------------------------------------------------------
// Input and Step
// -------------------------------------------------------------------------------------

describe('Input', () => {
  it('El, Empty and EOF are plain data', () => {
    expect(Input.El(1)).toStrictEqual({ _tag: 'El', e: 1 })
    expect(Input.Empty).toStrictEqual({ _tag: 'Empty' })
    expect(Input.EOF).toStrictEqual({ _tag: 'EOF' })
  })

  it('map applies f to an element and leaves Empty and EOF alone', () => {
    const f = jest.fn((n: number) => n * 10)
    expect(Input.map(Input.El(2), f)).toStrictEqual({ _tag: 'El', e: 20 })
    expect(Input.map(Input.Empty as Input<number>, f)).toStrictEqual(Input.Empty)
    expect(Input.map(Input.EOF as Input<number>, f)).toStrictEqual(Input.EOF)
    expect(f).toHaveBeenCalledTimes(1)
  })
})

describe('Step', () => {
  it('Done is plain data with remaining input (Empty by default)', () => {
    expect(Step.Done(1)).toStrictEqual({ _tag: 'Done', a: 1, remaining: { _tag: 'Empty' } })
    expect(Step.Done(1, Input.El('x'))).toStrictEqual({ _tag: 'Done', a: 1, remaining: { _tag: 'El', e: 'x' } })
  })

  it('Cont keeps the very k', () => {
    const k = (_: Input<number>) => Done<number, number>(1)
    const s = Step.Cont(k)
    expect(s._tag).toBe('Cont')
    expect(s._tag === 'Cont' && s.k).toBe(k)
    expect(Object.keys(s).sort()).toEqual(['_tag', 'k'])
  })

  it('Error is plain data: the message and the input', () => {
    expect(Step.Error('bad', Input.El(3))).toStrictEqual({ _tag: 'Error', msg: 'bad', input: { _tag: 'El', e: 3 } })
  })

  it('it turns each step back into an iteratee', async () => {
    expect(await Step.it(Step.Done(1, Input.El(2))).unflatten()).toStrictEqual(Step.Done(1, Input.El(2)))
    const k = (_: Input<number>) => Done<number, string>('k')
    const c = await Step.it(Step.Cont(k)).unflatten()
    expect(c._tag === 'Cont' && c.k).toBe(k)
    expect(await Step.it(Step.Error('bad', Input.El(1))).unflatten()).toStrictEqual(Step.Error('bad', Input.El(1)))
    await expectIterateeError(Step.it(Step.Error('bad', Input.El(1))).run(), 'bad')
  })
})

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

describe('constructors', () => {
  it('Done: unflatten gives plain data', async () => {
    expect(await Done(1).unflatten()).toStrictEqual({ _tag: 'Done', a: 1, remaining: { _tag: 'Empty' } })
    expect(await Done(1, Input.El('a')).unflatten()).toStrictEqual({
      _tag: 'Done',
      a: 1,
      remaining: { _tag: 'El', e: 'a' }
    })
    expect(await Done(1, Input.EOF).unflatten()).toStrictEqual({ _tag: 'Done', a: 1, remaining: { _tag: 'EOF' } })
  })

  it('Cont: unflatten gives the very k', async () => {
    const k = (_: Input<number>) => Done<number, number>(1)
    const s = await Cont(k).unflatten()
    expect(s._tag).toBe('Cont')
    expect(s._tag === 'Cont' && s.k).toBe(k)
  })

  it('Err: unflatten gives plain data', async () => {
    expect(await Err('bad', Input.El(1)).unflatten()).toStrictEqual({
      _tag: 'Error',
      msg: 'bad',
      input: { _tag: 'El', e: 1 }
    })
  })
})

// -------------------------------------------------------------------------------------
// methods, each with a synchronous and with a pending iteratee
// -------------------------------------------------------------------------------------

describe.each(modes)('methods on a %s iteratee', (_name, mode) => {
  describe('fold', () => {
    it('gives the folder the step', async () => {
      expect(await mode(Done(1, Input.El(2))).fold((s) => s)).toStrictEqual(Step.Done(1, Input.El(2)))
      expect(await mode(Err('bad', Input.EOF)).fold((s) => s._tag)).toBe('Error')
      const k = (_: Input<number>) => Done<number, number>(3)
      expect(await mode(Cont(k)).fold((s) => s._tag === 'Cont' && s.k)).toBe(k)
    })

    it('the folder may return a Promise', async () => {
      expect(await mode(Done(1)).fold((s) => later(s._tag === 'Done' ? s.a + 1 : 0))).toBe(2)
    })

    it('a throw in the folder, or its rejected promise, rejects with the very value', async () => {
      await rejectsWith(mode(Done(1)).fold(thrower), boom)
      await rejectsWith(
        mode(Done(1)).fold(() => Promise.reject(boom)),
        boom
      )
    })
  })

  it('pureFold', async () => {
    expect(await mode(Done<number, number>(4)).pureFold((s) => (s._tag === 'Done' ? s.a * 2 : -1))).toBe(8)
    await rejectsWith(mode(Done(1)).pureFold(thrower), boom)
  })

  it('fold1 calls the callback for the state, with its fields', async () => {
    const done = jest.fn((a: number, rem: Input<number>): unknown => ['done', a, rem])
    const cont = jest.fn((_k: unknown): unknown => ['cont'])
    const error = jest.fn((msg: string, input: Input<number>): unknown => ['error', msg, input])
    expect(await mode(Done<number, number>(1, Input.El(2))).fold1(done, cont, error)).toEqual(['done', 1, Input.El(2)])
    const k = (_: Input<number>) => Done<number, number>(3)
    expect(await mode(Cont(k)).fold1(done, cont, error)).toEqual(['cont'])
    expect(cont).toHaveBeenCalledWith(k)
    expect(await mode(Err<number, number>('bad', Input.El(5))).fold1(done, cont, error)).toEqual([
      'error',
      'bad',
      Input.El(5)
    ])
    expect(await mode(Done<number, number>(1)).fold1((a): unknown => later(a + 1), cont, error)).toBe(2)
  })

  it('pureFlatFold: the iteratee the folder makes of the step', async () => {
    const it = mode(Done<number, number>(1, Input.El(2))).pureFlatFold((s) =>
      s._tag === 'Done'
        ? Done<string, string>(`${s.a}/${JSON.stringify(s.remaining)}`)
        : Err<string, string>('no', Input.Empty)
    )
    expect(await it.run()).toBe('1/{"_tag":"El","e":2}')
    // on a Cont, the folder may go on with k
    const cont = mode(Iteratee.head<number>()).pureFlatFold((s) =>
      s._tag === 'Cont' ? Cont((i: Input<number>) => s.k(i).map((o) => [o, 'via k'])) : Done<number, unknown>('no')
    )
    expect(await Enumerator(7, 8).run(cont)).toEqual([some(7), 'via k'])
    // a throwing folder gives a failure
    await rejectsWith(mode(Done(1)).pureFlatFold(thrower).run(), boom)
  })

  it('flatFold0: the folder may return a Promise of an iteratee', async () => {
    const it = mode(Done<number, number>(5)).flatFold0((s) =>
      later(Done<number, number>(s._tag === 'Done' ? s.a * 3 : 0))
    )
    expect(await it.run()).toBe(15)
    expect(
      await mode(Done<number, number>(5))
        .flatFold0((s) => Done<number, string>(s._tag))
        .run()
    ).toBe('Done')
    await rejectsWith(
      mode(Done(1))
        .flatFold0(() => Promise.reject(boom))
        .run(),
      boom
    )
    await rejectsWith(mode(Done(1)).flatFold0(thrower).run(), boom)
  })

  it('flatFold: the three-callback form', async () => {
    const onDone = (a: number, rem: Input<number>) => Done<number, string>(`done ${a} ${rem._tag}`)
    const onCont = (k: (i: Input<number>) => Iteratee<number, number>) =>
      later(Cont((i: Input<number>) => k(i).map((a) => `cont ${a}`)))
    const onError = (msg: string, input: Input<number>) => Done<number, string>(`error ${msg} ${input._tag}`)
    expect(await mode(Done<number, number>(1, Input.EOF)).flatFold(onDone, onCont, onError).run()).toBe('done 1 EOF')
    expect(
      await Enumerator(4).run(mode(Iteratee.fold<number, number>(0, (s, e) => s + e)).flatFold(onDone, onCont, onError))
    ).toBe('cont 4')
    expect(await mode(Err<number, number>('bad', Input.Empty)).flatFold(onDone, onCont, onError).run()).toBe(
      'error bad Empty'
    )
  })

  it('unflatten', async () => {
    expect(await mode(Done(1)).unflatten()).toStrictEqual(Step.Done(1))
    expect(await mode(Err('bad', Input.EOF)).unflatten()).toStrictEqual(Step.Error('bad', Input.EOF))
  })

  describe('feed', () => {
    it('feeds one input to a Cont', async () => {
      const it = mode(Iteratee.getChunks<number>())
      const after = await it.feed(Input.El(1))
      expect(await (await after.feed(Input.El(2))).run()).toEqual([1, 2])
      // the iteratee is a value: feeding it again starts from the same state
      expect(await (await it.feed(Input.El(9))).run()).toEqual([9])
      expect(await (await it.feed(Input.Empty)).run()).toEqual([])
      expect(await (await it.feed(Input.EOF)).unflatten()).toStrictEqual(Step.Done([], Input.EOF))
    })

    it('leaves a Done or an Error as it is', async () => {
      expect(await (await mode(Done(1, Input.El(0))).feed(Input.El(2))).unflatten()).toStrictEqual(
        Step.Done(1, Input.El(0))
      )
      expect(await (await mode(Err('bad', Input.Empty)).feed(Input.El(2))).unflatten()).toStrictEqual(
        Step.Error('bad', Input.Empty)
      )
    })
  })

  describe('run', () => {
    it('gives the result of a Done', async () => {
      expect(await mode(Done(1, Input.El(2))).run()).toBe(1)
    })

    it('feeds EOF to a Cont', async () => {
      const k = jest.fn((i: Input<number>) => Done<number, string>(i._tag))
      expect(await mode(Cont(k)).run()).toBe('EOF')
      expect(k).toHaveBeenCalledWith(Input.EOF)
    })

    it('rejects with an IterateeError on an Error step', async () => {
      const e = await expectIterateeError(mode(Err('bad', Input.El(1))).run(), 'bad')
      expect(e.cause).toBeUndefined()
    })

    it('rejects with an IterateeError on a Cont that diverges after EOF', async () => {
      await expectIterateeError(
        mode(Cont((_: Input<number>) => Cont((_2: Input<number>) => Done<number, number>(1)))).run(),
        /diverging/
      )
    })

    it('rejects when EOF gives an Error', async () => {
      await expectIterateeError(
        mode(Cont((i: Input<number>) => Err<number, number>('at ' + i._tag, i))).run(),
        'at EOF'
      )
    })

    it('rejects with the very value when k throws at EOF', async () => {
      await rejectsWith(mode(Cont<number, number>(thrower)).run(), boom)
    })
  })

  describe('map and mapM', () => {
    it('map transforms the result and keeps the leftover', async () => {
      expect(
        await mode(Done<number, number>(2, Input.El(9)))
          .map((a) => a * 10)
          .unflatten()
      ).toStrictEqual(Step.Done(20, Input.El(9)))
      expect(await Enumerator(1, 2, 3).run(mode(Iteratee.getChunks<number>()).map((xs) => xs.length))).toBe(3)
    })

    it('mapM with a synchronous and an asynchronous function', async () => {
      expect(
        await mode(Done<number, number>(2))
          .mapM((a) => a + 1)
          .run()
      ).toBe(3)
      expect(
        await mode(Done<number, number>(2))
          .mapM((a) => later(a + 2))
          .run()
      ).toBe(4)
      expect(await Enumerator(1, 2).run(mode(Iteratee.head<number>()).mapM((o) => later(o)))).toEqual(some(1))
      await rejectsWith(
        mode(Done(2))
          .mapM(() => Promise.reject(boom))
          .run(),
        boom
      )
    })

    it('a throw in map rejects run with the very value', async () => {
      await rejectsWith(mode(Done(1)).map(thrower).run(), boom)
      await rejectsWith(Enumerator(1, 2).run(mode(Iteratee.head<number>()).map(thrower)), boom)
    })
  })

  describe('flatMap', () => {
    it('chains on the result', async () => {
      const it = mode(Iteratee.head<number>()).flatMap((a) => Iteratee.getChunks<number>().map((rest) => [a, rest]))
      expect(await Enumerator(1, 2, 3).run(it)).toEqual([some(1), [2, 3]])
    })

    it('the next iteratee may be pending', async () => {
      const it = mode(Iteratee.head<number>()).flatMap((a) =>
        pending(Iteratee.getChunks<number>().map((rest) => [a, rest]))
      )
      expect(await Enumerator(1, 2, 3).run(it)).toEqual([some(1), [2, 3]])
    })

    it('a Done with remaining input feeds it to the next iteratee', async () => {
      const it = mode(Done<number, string>('a', Input.El(5))).flatMap((a) =>
        Iteratee.getChunks<number>().map((xs) => [a, xs])
      )
      expect(await Enumerator(6, 7).run(it)).toEqual(['a', [5, 6, 7]])
      // a next iteratee that is done at once keeps the first one's leftover
      expect(
        await mode(Done<number, number>(1, Input.El(5)))
          .flatMap((a) => Done<number, number>(a + 1))
          .unflatten()
      ).toStrictEqual(Step.Done(2, Input.El(5)))
      expect(
        await mode(Done<number, number>(1, Input.El(5)))
          .flatMap((a) => pending(Done<number, number>(a + 1)))
          .unflatten()
      ).toStrictEqual(Step.Done(2, Input.El(5)))
    })

    it('an Error stays an Error, and f is not called', async () => {
      const f = jest.fn((a: number) => Done<number, number>(a))
      expect(
        await mode(Err<number, number>('bad', Input.El(1)))
          .flatMap(f)
          .unflatten()
      ).toStrictEqual(Step.Error('bad', Input.El(1)))
      expect(f).not.toHaveBeenCalled()
    })

    it('a throw in f rejects run with the very value', async () => {
      await rejectsWith(mode(Done(1)).flatMap(thrower).run(), boom)
      await rejectsWith(Enumerator(1).run(mode(Iteratee.head<number>()).flatMap(thrower)), boom)
    })
  })

  it('flatMapM: f may return a Promise of an iteratee', async () => {
    const it = mode(Iteratee.head<number>()).flatMapM((a) =>
      later(Iteratee.getChunks<number>().map((rest) => [a, rest]))
    )
    expect(await Enumerator(1, 2, 3).run(it)).toEqual([some(1), [2, 3]])
    await rejectsWith(
      mode(Done(1))
        .flatMapM(() => Promise.reject(boom))
        .run(),
      boom
    )
  })

  it('flatMapInput: f gets the step', async () => {
    const it = mode(Done<number, number>(1, Input.El(2))).flatMapInput((s) =>
      s._tag === 'Done' ? Done<number, unknown>([s.a, s.remaining]) : Done<number, unknown>('no')
    )
    expect(await it.run()).toEqual([1, Input.El(2)])
  })

  describe('flatMapTraversable', () => {
    it('concatenates leftover strings', async () => {
      const it = mode(Done<string, number>(1, Input.El('ab'))).flatMapTraversable((a) =>
        Done<string, number>(a + 1, Input.El('cd'))
      )
      expect(await it.unflatten()).toStrictEqual(Step.Done(2, Input.El('abcd')))
    })

    it('concatenates leftover arrays', async () => {
      const it = mode(Done<ReadonlyArray<number>, number>(1, Input.El([1, 2]))).flatMapTraversable(() =>
        Done<ReadonlyArray<number>, number>(0, Input.El([3]))
      )
      expect(await it.unflatten()).toStrictEqual(Step.Done(0, Input.El([1, 2, 3])))
    })

    it('concatenates leftover Uint8Arrays', async () => {
      const it = mode(Done<Uint8Array, number>(1, Input.El(Uint8Array.of(1, 2)))).flatMapTraversable(() =>
        pending(Done<Uint8Array, number>(0, Input.El(Uint8Array.of(3, 4))))
      )
      const s = await it.unflatten()
      expect(s._tag === 'Done' && s.remaining._tag === 'El' && Array.from(s.remaining.e)).toEqual([1, 2, 3, 4])
    })

    it('Empty, EOF and Cont cases are as Play has them', async () => {
      const f = (rem: Input<string>) => () => Done<string, string>('r', rem)
      expect(
        await mode(Done<string, number>(1, Input.El('a')))
          .flatMapTraversable(f(Input.Empty))
          .unflatten()
      ).toStrictEqual(Step.Done('r', Input.El('a')))
      expect(
        await mode(Done<string, number>(1))
          .flatMapTraversable(f(Input.El('b')))
          .unflatten()
      ).toStrictEqual(Step.Done('r', Input.El('b')))
      expect(
        await mode(Done<string, number>(1, Input.EOF))
          .flatMapTraversable(f(Input.El('b')))
          .unflatten()
      ).toStrictEqual(Step.Done('r', Input.EOF))
      expect(
        await mode(Done<string, number>(1, Input.El('a')))
          .flatMapTraversable(f(Input.EOF))
          .unflatten()
      ).toStrictEqual(Step.Done('r', Input.El('a')))
      // a Cont next iteratee gets the leftover
      const it = mode(Done<string, number>(1, Input.El('ab'))).flatMapTraversable(() => Iteratee.consume<string>())
      expect(await Enumerator('cd').run(it)).toBe('abcd')
      // a Cont first iteratee
      const it2 = mode(Iteratee.head<string>()).flatMapTraversable((h) =>
        Iteratee.consume<string>().map((rest) => [h, rest])
      )
      expect(await Enumerator('a', 'b', 'c').run(it2)).toEqual([some('a'), 'bc'])
    })
  })

  describe('recover, recoverM, recoverWith', () => {
    it('recover turns an Error step into a value; f gets an IterateeError with the message', async () => {
      const f = jest.fn((_e: unknown) => 42)
      expect(await mode(Err<number, number>('bad', Input.Empty)).recover(f).run()).toBe(42)
      const e = f.mock.calls[0][0]
      expect(e).toBeInstanceOf(IterateeError)
      expect((e as Error).message).toBe('bad')
    })

    it('recover gets the very value that was thrown', async () => {
      const f = jest.fn((_e: unknown) => -1)
      const it = mode(Iteratee.fold<number, number>(0, thrower)).recover(f)
      expect(await Enumerator(1, 2).run(it)).toBe(-1)
      expect(f).toHaveBeenCalledWith(boom)
      const g = jest.fn((_e: unknown) => -2)
      expect(await mode(Done(1)).map(thrower).recover(g).run()).toBe(-2)
      expect(g).toHaveBeenCalledWith(boom)
      const h = jest.fn((_e: unknown) => 'recovered')
      expect(
        await mode(Iteratee.flatten<number, string>(Promise.reject(boom)))
          .recover(h)
          .run()
      ).toBe('recovered')
      expect(h).toHaveBeenCalledWith(boom)
    })

    it('recover leaves a Done alone', async () => {
      const f = jest.fn(() => 0)
      expect(await Enumerator(1, 2).run(mode(Iteratee.getChunks<number>()).recover(f))).toEqual([1, 2])
      expect(f).not.toHaveBeenCalled()
    })

    it('recover sees an Error step reached after input', async () => {
      const it = mode(Iteratee.head<number>()).flatMap((o) =>
        Err<number, number>(`got ${JSON.stringify(o)}`, Input.Empty)
      )
      const f = jest.fn((e: unknown) => (e as Error).message)
      expect(await Enumerator(1).run(it.recover(f))).toBe('got {"_tag":"Some","value":1}')
    })

    it('as Play: a Cont that diverges after EOF is not recovered (run rejects, f is not called)', async () => {
      const f = jest.fn(() => 0)
      const divergent = Cont((_: Input<number>) => Cont((_2: Input<number>) => Done<number, number>(1)))
      await expectIterateeError(mode(divergent).recover(f).run(), /diverging/)
      expect(f).not.toHaveBeenCalled()
    })

    it('recoverM with a synchronous and an asynchronous function', async () => {
      expect(
        await mode(Err<number, number>('bad', Input.Empty))
          .recoverM(() => 1)
          .run()
      ).toBe(1)
      const f = jest.fn((e: unknown) => later(e))
      expect(await Enumerator(1).run(mode(Iteratee.fold<number, unknown>(0, thrower)).recoverM(f))).toBe(boom)
      await rejectsWith(
        mode(Err('bad', Input.Empty))
          .recoverM(() => Promise.reject(boom))
          .run(),
        boom
      )
    })

    it('recoverWith goes on with the iteratee f gives, which gets the rest of the stream', async () => {
      const it = mode(Iteratee.head<number>())
        .flatMap((o): Iteratee<number, ReadonlyArray<number>> =>
          o._tag === 'Some' && o.value === 1 ? thrower() : Done([])
        )
        .recoverWith((e) => (e === boom ? Iteratee.getChunks<number>() : Done<number, ReadonlyArray<number>>([-1])))
      expect(await Enumerator(1, 2, 3).run(it)).toEqual([2, 3])
      const it2 = mode(Err<number, string>('bad', Input.Empty)).recoverWith((e) =>
        pending(Done<number, string>((e as Error).message + '!'))
      )
      expect(await it2.run()).toBe('bad!')
    })

    it('a throw in the recovering function is a failure', async () => {
      const other = new Error('other')
      await rejectsWith(
        mode(Err('bad', Input.Empty))
          .recover(() => {
            throw other
          })
          .run(),
        other
      )
    })
  })

  describe('joinI and joinConcatI', () => {
    it('joinI: the inner result, after EOF if the inner wants input; the outer leftover stays', async () => {
      const outer = mode(
        Done<number, Iteratee<string, ReadonlyArray<string>>>(Iteratee.getChunks<string>(), Input.El(1))
      )
      expect(await outer.joinI().unflatten()).toStrictEqual(Step.Done([], Input.El(1)))
      const outer2 = mode(Done<number, Iteratee<string, number>>(pending(Done<string, number>(7, Input.El('x')))))
      expect(await outer2.joinI().unflatten()).toStrictEqual(Step.Done(7, Input.Empty))
    })

    it('joinI: an inner Error and a divergent inner are Errors', async () => {
      const outer = mode(Done<number, Iteratee<string, number>>(Err<string, number>('inner bad', Input.El('a'))))
      expect(await outer.joinI().unflatten()).toStrictEqual(Step.Error('inner bad', Input.Empty))
      const divergent = Cont((_: Input<string>) => Cont((_2: Input<string>) => Done<string, number>(1)))
      const s = await mode(Done<number, Iteratee<string, number>>(divergent)).joinI().unflatten()
      expect(s._tag).toBe('Error')
      expect(s._tag === 'Error' && s.msg).toMatch(/divergent/)
    })

    it('joinConcatI: the outer leftover then the inner leftover, concatenated (strings)', async () => {
      const outer = mode(
        Done<string, Iteratee<string, number>>(Done<string, number>(1, Input.El('in')), Input.El('out'))
      )
      expect(await outer.joinConcatI().unflatten()).toStrictEqual(Step.Done(1, Input.El('outin')))
    })

    it('joinConcatI: arrays and Uint8Arrays', async () => {
      const arr = mode(
        Done<ReadonlyArray<number>, Iteratee<ReadonlyArray<number>, string>>(
          Done<ReadonlyArray<number>, string>('r', Input.El([3, 4])),
          Input.El([1, 2])
        )
      )
      expect(await arr.joinConcatI().unflatten()).toStrictEqual(Step.Done('r', Input.El([1, 2, 3, 4])))
      const bytes = mode(
        Done<Uint8Array, Iteratee<Uint8Array, string>>(
          pending(Done<Uint8Array, string>('r', Input.El(Uint8Array.of(3)))),
          Input.El(Uint8Array.of(1, 2))
        )
      )
      const s = await bytes.joinConcatI().unflatten()
      expect(s._tag === 'Done' && s.remaining._tag === 'El' && Array.from(s.remaining.e)).toEqual([1, 2, 3])
    })

    it('joinConcatI: a Cont inner gets EOF and its leftover is kept', async () => {
      const inner = Iteratee.consume<string>() // Done(all, EOF) at EOF
      const outer = mode(
        Done<string, Iteratee<string, string>>(Iteratee.flatten(Enumerator('a', 'b').apply(inner)), Input.El('z'))
      )
      expect(await outer.joinConcatI().unflatten()).toStrictEqual(Step.Done('ab', Input.El('z')))
    })
  })
})

describe('joinConcatI over random chunkings', () => {
  /**
   * An outer iteratee over string chunks that takes the first `n` characters; its result is an inner
   * iteratee that is done at once with the first `m` of them and leaves the other `n - m` over. The
   * outer leaves over what it did not take of the last chunk it read.
   */
  const takeChars = (n: number, m: number): Iteratee<string, Iteratee<string, string>> => {
    const go = (taken: string): Iteratee<string, Iteratee<string, string>> =>
      taken.length >= n
        ? Done(Done<string, string>(taken.slice(0, m), taken.length > m ? Input.El(taken.slice(m, n)) : Input.Empty))
        : Cont((input: Input<string>) => {
            if (input._tag === 'Empty') return go(taken)
            if (input._tag === 'EOF')
              return Done(Done<string, string>(taken.slice(0, m), Input.El(taken.slice(m))), Input.EOF)
            const all = taken + input.e
            if (all.length < n) return go(all)
            const inner = Done<string, string>(all.slice(0, m), n > m ? Input.El(all.slice(m, n)) : Input.Empty)
            return Done(inner, all.length > n ? Input.El(all.slice(n)) : Input.Empty)
          })
    return go('')
  }

  it('keeps every character, in Play order (outer leftover, then inner leftover)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        async (s, cuts, a, b, isPending) => {
          const n = 1 + (a % s.length)
          const m = b % (n + 1)
          const chunks = splitsOf(s, cuts).filter((c) => c.length > 0)
          const outer = isPending ? pending(takeChars(n, m), 0) : takeChars(n, m)
          const it = outer.joinConcatI().flatMap((r) => Iteratee.consume<string>().map((rest) => [r, rest] as const))
          const [r, rest] = await Enumerator.enumerate(chunks).run(it)
          expect(r).toBe(s.slice(0, m))
          // the chunk in which the outer got its n-th character
          let seen = 0
          let i = 0
          while (seen < n) seen += chunks[i++].length
          const outerLeft = s.slice(n, seen)
          expect(rest).toBe(outerLeft + s.slice(m, n) + s.slice(seen))
          expect(r.length + rest.length).toBe(s.length)
        }
      ),
      { numRuns: 150 }
    )
  })
})

// -------------------------------------------------------------------------------------
// statics
// -------------------------------------------------------------------------------------

describe('Iteratee.flatten', () => {
  it('the iteratee a promise gives', async () => {
    expect(await Iteratee.flatten(later(Done(1))).run()).toBe(1)
    expect(await Enumerator(1, 2).run(Iteratee.flatten(later(Iteratee.getChunks<number>())))).toEqual([1, 2])
    expect(await Iteratee.flatten(later(pending(Done(2)))).run()).toBe(2)
  })

  it('a rejected promise is a failure: run, unflatten, fold and feed reject with the very value', async () => {
    const it = Iteratee.flatten<number, number>(Promise.reject(boom))
    await rejectsWith(it.run(), boom)
    await rejectsWith(it.unflatten(), boom)
    const folder = jest.fn(() => 1)
    await rejectsWith(it.fold(folder), boom)
    expect(folder).not.toHaveBeenCalled()
    await rejectsWith(it.feed(Input.El(1)), boom)
    await rejectsWith(Iteratee.isDoneOrError(it), boom)
    // a folder that makes an iteratee is not called either: the failure goes on
    const flatFolder = jest.fn(() => Done<number, number>(1))
    await rejectsWith(it.pureFlatFold(flatFolder).run(), boom)
    await rejectsWith(it.flatFold0(flatFolder).run(), boom)
    expect(flatFolder).not.toHaveBeenCalled()
  })

  it('a rejection with undefined is a failure too, with an IterateeError saying so', async () => {
    await expectIterateeError(Iteratee.flatten<number, number>(Promise.reject(undefined)).run(), /undefined/)
    const throwsUndefined = Cont<number, number>(() => {
      throw undefined
    })
    await expectIterateeError(Enumerator(1).apply(throwsUndefined), /undefined/)
  })

  it('a promise of something else than an iteratee is a failure', async () => {
    const e = await rejectionOf(Iteratee.flatten(Promise.resolve(42 as unknown as Iteratee<number, number>)).run())
    expect(e).toBeInstanceOf(TypeError)
    expect((e as TypeError).message).toBe('expected an Iteratee, got number')
  })
})

describe.each(modes)('Iteratee.isDoneOrError on a %s iteratee', (_name, mode) => {
  it('is true for Done and Error, false for Cont', async () => {
    expect(await Iteratee.isDoneOrError(mode(Done(1)))).toBe(true)
    expect(await Iteratee.isDoneOrError(mode(Err('bad', Input.Empty)))).toBe(true)
    expect(await Iteratee.isDoneOrError(mode(Iteratee.head()))).toBe(false)
  })
})

describe('folds', () => {
  it('fold: folds each element, done at EOF (leftover EOF)', async () => {
    const it = Iteratee.fold<number, number>(0, (s, e) => s + e)
    expect(await Enumerator(1, 2, 3).run(it)).toBe(6)
    expect(await it.run()).toBe(0)
    expect(await (await feedAll(it, [...els(1, 2), Input.Empty, Input.El(3), Input.EOF])).unflatten()).toStrictEqual(
      Step.Done(6, Input.EOF)
    )
    // an iteratee is a value: it can be run twice from the same state
    const after = await Enumerator(1, 2).apply(it)
    expect(await Enumerator(10).run(after)).toBe(13)
    expect(await Enumerator(20).run(after)).toBe(23)
  })

  it('fold: a throw in f rejects run, apply and feed with the very value thrown', async () => {
    await rejectsWith(Enumerator(1, 2, 3).run(Iteratee.fold(0, thrower)), boom)
    await rejectsWith(Enumerator(1, 2, 3).apply(Iteratee.fold(0, thrower)), boom)
    await rejectsWith(
      (Iteratee.fold<number, number>(0, thrower).feed(Input.El(1)) as Promise<Iteratee<number, number>>).then((i) =>
        i.run()
      ),
      boom
    )
  })

  it('foldM: with a synchronous and with an asynchronous step', async () => {
    expect(await Enumerator(1, 2, 3).run(Iteratee.foldM<number, number>(0, (s, e) => s + e))).toBe(6)
    const order: Array<number> = []
    const it = Iteratee.foldM<number, number>(0, (s, e) =>
      later(s * 10 + e, 4 - e).then((v) => {
        order.push(e)
        return v
      })
    )
    expect(await Enumerator(1, 2, 3).run(it)).toBe(123)
    expect(order).toEqual([1, 2, 3])
    await rejectsWith(Enumerator(1).run(Iteratee.foldM(0, () => Promise.reject(boom))), boom)
    await rejectsWith(Enumerator(1).run(Iteratee.foldM(0, thrower)), boom)
    expect(
      await (
        await feedAll(
          Iteratee.foldM<number, number>(0, (s, e) => s + e),
          [Input.El(1), Input.EOF]
        )
      ).unflatten()
    ).toStrictEqual(Step.Done(1, Input.EOF))
  })

  it('fold2: done early when the step says so, leaving the rest', async () => {
    const syncStep = (s: number, e: number) => [s + e, s + e >= 5] as const
    const asyncStep = (s: number, e: number) => later([s + e, s + e >= 5] as const)
    for (const f of [syncStep, asyncStep]) {
      const it = Iteratee.fold2<number, number>(0, f).flatMap((sum) =>
        Iteratee.getChunks<number>().map((rest) => [sum, rest])
      )
      expect(await Enumerator(1, 2, 3, 4, 5).run(it)).toEqual([6, [4, 5]])
      expect(await Enumerator(1, 1).run(Iteratee.fold2<number, number>(0, f))).toBe(2)
      expect(await stepAfter(Iteratee.fold2<number, number>(0, f), 2, 3, 4)).toStrictEqual(Step.Done(5, Input.Empty))
    }
  })

  it('fold1: from a promised or a plain initial state, with sync and async steps', async () => {
    expect(await Enumerator(1, 2).run(Iteratee.fold1<number, number>(later(10), (s, e) => s + e))).toBe(13)
    expect(await Enumerator(1, 2).run(Iteratee.fold1<number, number>(10, (s, e) => later(s + e)))).toBe(13)
    expect(await Enumerator(1, 2).run(Iteratee.fold1<number, number>(later(10), (s, e) => later(s - e)))).toBe(7)
    await rejectsWith(Enumerator(1).run(Iteratee.fold1(Promise.reject(boom), (s: number) => s)), boom)
  })
})

describe('consume', () => {
  it('concatenates strings, arrays and Uint8Arrays', async () => {
    expect(await Enumerator('ab', 'cd', '', 'e').run(Iteratee.consume<string>())).toBe('abcde')
    expect(
      await Enumerator<ReadonlyArray<number>>([1], [], [2, 3]).run(Iteratee.consume<ReadonlyArray<number>>())
    ).toEqual([1, 2, 3])
    const bytes = await Enumerator<Uint8Array>(Uint8Array.of(1, 2), Buffer.from([3]), Uint8Array.of()).run(
      Iteratee.consume<Uint8Array>()
    )
    expect(bytes).toBeInstanceOf(Uint8Array)
    expect(Array.from(bytes)).toEqual([1, 2, 3])
  })

  it('with no chunk at all: the empty value', async () => {
    expect(await Enumerator<string>().run(Iteratee.consume<string>())).toBe('')
    expect(await Enumerator<ReadonlyArray<number>>().run(Iteratee.consume<ReadonlyArray<number>>([]))).toEqual([])
  })

  it('a single chunk is given as it is', async () => {
    expect(await Enumerator<ReadonlyArray<number>>([1, 2]).run(Iteratee.consume<ReadonlyArray<number>>())).toEqual([
      1, 2
    ])
  })

  it('over random splits of a string equals the string', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme-composite' }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (s, cuts) => {
          expect(await Enumerator.enumerate(splitsOf(s, cuts)).run(Iteratee.consume<string>())).toBe(s)
        }
      )
    )
  })

  it('over random splits of bytes equals the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), fc.array(fc.nat(), { maxLength: 10 }), async (bytes, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
        const chunks: Array<Uint8Array> = []
        let at = 0
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.subarray(at, p))
          at = p
        }
        const out = await Enumerator.enumerate(chunks).run(Iteratee.consume<Uint8Array>(new Uint8Array(0)))
        expect(Array.from(out)).toEqual(Array.from(bytes))
      })
    )
  })
})

describe('getChunks', () => {
  it('preserves order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.anything()), fc.boolean(), async (xs, isPending) => {
        const it = isPending ? pending(Iteratee.getChunks<unknown>(), 0) : Iteratee.getChunks<unknown>()
        expect(await Enumerator.enumerate(xs).run(it)).toEqual(xs)
      })
    )
  })

  it('preserves order over several enumerators and Empty inputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.integer())), async (groups) => {
        const e = groups.reduce(
          (acc, g) => acc.andThen(Enumerator.enumInput<number>(Input.Empty)).andThen(Enumerator.enumerate(g)),
          Enumerator.empty<number>()
        )
        expect(await e.run(Iteratee.getChunks<number>())).toEqual(groups.flat())
      })
    )
  })
})

describe('head', () => {
  it('the first element, leaving the rest', async () => {
    expect(await Enumerator(1, 2).run(Iteratee.head<number>())).toEqual(some(1))
    expect(await Enumerator<number>().run(Iteratee.head<number>())).toEqual(none)
    expect(await stepAfter(Iteratee.head<number>(), 1, 2)).toStrictEqual(Step.Done(some(1), Input.Empty))
    const it = Iteratee.head<number>().flatMap((h) => Iteratee.getChunks<number>().map((rest) => [h, rest]))
    expect(await Enumerator(1, 2, 3).run(it)).toEqual([some(1), [2, 3]])
    expect(await (await feedAll(Iteratee.head<number>(), [Input.Empty, Input.EOF])).unflatten()).toStrictEqual(
      Step.Done(none, Input.EOF)
    )
  })
})

describe('takeUpTo', () => {
  it('up to n elements, leaving the rest', async () => {
    const rest = (n: number) =>
      Iteratee.takeUpTo<number>(n).flatMap((xs) => Iteratee.getChunks<number>().map((r) => [xs, r]))
    expect(await Enumerator(1, 2, 3).run(rest(2))).toEqual([[1, 2], [3]])
    expect(await Enumerator(1, 2, 3).run(rest(5))).toEqual([[1, 2, 3], []])
    expect(await stepAfter(Iteratee.takeUpTo<number>(2), 1, 2, 3)).toStrictEqual(Step.Done([1, 2], Input.Empty))
  })

  it('takeUpTo(0) is done at once and consumes nothing', async () => {
    expect(await Iteratee.takeUpTo<number>(0).unflatten()).toStrictEqual(Step.Done([], Input.Empty))
    const it = Iteratee.takeUpTo<number>(0).flatMap((xs) => Iteratee.getChunks<number>().map((r) => [xs, r]))
    expect(await Enumerator(1, 2, 3).run(it)).toEqual([[], [1, 2, 3]])
  })

  it('splits any list at n', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.nat(20), async (xs, n) => {
        const it = Iteratee.takeUpTo<number>(n).flatMap((a) => Iteratee.getChunks<number>().map((b) => [a, b]))
        expect(await Enumerator.enumerate(xs).run(it)).toEqual([xs.slice(0, n), xs.slice(n)])
      })
    )
  })
})

describe('isEmpty', () => {
  it('leaves the element it sees', async () => {
    expect(await stepAfter(Iteratee.isEmpty<number>(), 1, 2)).toStrictEqual(Step.Done(false, Input.El(1)))
    const it = Iteratee.isEmpty<number>().flatMap((b) => Iteratee.getChunks<number>().map((xs) => [b, xs]))
    expect(await Enumerator(1, 2, 3).run(it)).toEqual([false, [1, 2, 3]])
    expect(await Enumerator<number>().run(it)).toEqual([true, []])
    expect(await (await feedAll(Iteratee.isEmpty<number>(), [Input.Empty, Input.EOF])).unflatten()).toStrictEqual(
      Step.Done(true, Input.EOF)
    )
  })
})

describe('skipToEof, ignore, foreach', () => {
  it('skipToEof ignores everything and is done at EOF', async () => {
    const s = await Enumerator(1, 2)
      .andThen(Enumerator.eof())
      .apply(Iteratee.skipToEof())
      .then((i) => i.unflatten())
    expect(s).toStrictEqual(Step.Done(undefined, Input.EOF))
    expect((await stepAfter(Iteratee.skipToEof(), 1, 2))._tag).toBe('Cont')
  })

  it('ignore consumes everything', async () => {
    expect(await Enumerator(1, 2).run(Iteratee.ignore<number>())).toBeUndefined()
  })

  it('foreach runs f on each element, in order', async () => {
    const seen: Array<number> = []
    expect(await Enumerator(1, 2, 3).run(Iteratee.foreach<number>((e) => seen.push(e)))).toBeUndefined()
    expect(seen).toEqual([1, 2, 3])
    await rejectsWith(Enumerator(1).run(Iteratee.foreach(thrower)), boom)
  })
})

describe('eofOrElse', () => {
  it('Right(eofValue) at EOF, Left(otherwise) on an element (left over)', async () => {
    const it = Iteratee.eofOrElse('else')<number, number>(42)
    expect(await it.run()).toEqual(right(42))
    expect(await (await feedAll(it, [Input.Empty, Input.EOF])).unflatten()).toStrictEqual(
      Step.Done(right(42), Input.EOF)
    )
    expect(await stepAfter(it, 1)).toStrictEqual(Step.Done(left('else'), Input.El(1)))
    const then = it.flatMap((r) => Iteratee.getChunks<number>().map((xs) => [r, xs]))
    expect(await Enumerator(1, 2).run(then)).toEqual([left('else'), [1, 2]])
  })
})

describe.each(modes)('repeat with a %s iteratee', (_name, mode) => {
  it('runs the iteratee again and again until EOF', async () => {
    expect(await Enumerator(1, 2, 3, 4, 5).run(Iteratee.repeat(mode(Iteratee.takeUpTo<number>(2))))).toEqual([
      [1, 2],
      [3, 4],
      [5]
    ])
    expect(await Enumerator(1, 2, 3).run(Iteratee.repeat(mode(Iteratee.head<number>())))).toEqual([
      some(1),
      some(2),
      some(3)
    ])
    expect(await Enumerator<number>().run(Iteratee.repeat(mode(Iteratee.head<number>())))).toEqual([])
  })

  it('as Play: a Done iteratee gives its result once and leaves the element', async () => {
    expect(await stepAfter(Iteratee.repeat(mode(Done<number, number>(7))), 1, 2)).toStrictEqual(
      Step.Done([7], Input.El(1))
    )
  })

  it('an Error iteratee is an Error', async () => {
    await expectIterateeError(Enumerator(1).run(Iteratee.repeat(mode(Err<number, number>('bad', Input.Empty)))), 'bad')
  })

  it('over random lists: groups of n', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 30 }), fc.integer({ min: 1, max: 5 }), async (xs, n) => {
        const groups: Array<Array<number>> = []
        for (let i = 0; i < xs.length; i += n) groups.push(xs.slice(i, i + n))
        expect(await Enumerator.enumerate(xs).run(Iteratee.repeat(mode(Iteratee.takeUpTo<number>(n))))).toEqual(groups)
      }),
      { numRuns: 30 }
    )
  })
})

describe('pipeables and fp-ts instances', () => {
  it('map, flatMap and recover work with pipe', async () => {
    const it = pipe(
      Iteratee.head<number>(),
      Iteratee.map((o) => (o._tag === 'Some' ? o.value : 0)),
      Iteratee.flatMap((h: number) => Iteratee.fold<number, number>(h, (s, e) => s + e))
    )
    expect(await Enumerator(1, 2, 3).run(it)).toBe(6)
    expect(
      await pipe(
        Err<number, number>('bad', Input.Empty),
        Iteratee.recover(() => 0)
      ).run()
    ).toBe(0)
  })

  it('Functor and Monad', async () => {
    const { Functor, Monad } = Iteratee
    expect(Functor.URI).toBe(Iteratee.URI)
    expect(await Functor.map(Done<number, number>(2), (a) => a + 1).run()).toBe(3)
    expect(await Monad.of<number, number>(1).unflatten()).toStrictEqual(Step.Done(1))
    const chained = Monad.chain(Iteratee.head<number>(), (h) => Iteratee.getChunks<number>().map((r) => [h, r]))
    expect(await Enumerator(1, 2).run(chained)).toEqual([some(1), [2]])
    const ap = Monad.ap(
      Iteratee.head<number>().map((h) => (n: number) => [h, n]),
      Iteratee.fold<number, number>(0, (s, e) => s + e)
    )
    expect(await Enumerator(1, 2, 3).run(ap)).toEqual([some(1), 5])
  })
})
