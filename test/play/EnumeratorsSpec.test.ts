/**
 * Play 2.4's `EnumeratorsSpec` (framework/src/iteratees/src/test/scala/play/api/libs/iteratee/), one `it` per
 * Play example, with Play's names.
 *
 * The ExecutionContext counts of Play's `mustExecute` are not translated (JavaScript has no execution contexts);
 * where a count is the number of calls of the user's function, the calls are counted instead. Play's
 * `Enumerator.fromPath` takes a `java.nio.file.Path`; here `fromFile` takes any Node path, and the example gives
 * it a file URL. No example is skipped (the spec's "PatchPanel" block is commented out in Play itself).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { Readable, type Writable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { none, type Option, some } from 'fp-ts/Option'
import { Enumeratee, Enumerator, Err, Input, Iteratee } from '../../src'
import { mustEnumerateTo, mustPropagateFailure, settlesWithin } from '../helpers'

type Chunk = ReadonlyArray<number>
const chunks = (...xs: ReadonlyArray<Chunk>): Enumerator<Chunk> => Enumerator.enumerate(xs)
const concatAll = () => Iteratee.fold<Chunk, Chunk>([], (r, e) => [...r, ...e])

/** The elements of `xs` not in `ys` (Scala's `diff`, for distinct elements). */
const diff = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): ReadonlyArray<number> =>
  xs.filter((x) => !ys.includes(x))

const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8')

/** A temporary directory for one test, removed after it. */
const withTempDir = async (f: (dir: string) => Promise<void>): Promise<void> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'EnumeratorsSpec-'))
  try {
    await f(dir)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe('EnumeratorsSpec', () => {
  describe("Enumerator's interleave should", () => {
    it('mix it with another enumerator into one', async () => {
      const e1 = chunks([1], [3], [5], [7])
      const e2 = chunks([2], [4], [6], [8])
      const result = await settlesWithin(e1.interleave(e2).run(concatAll()))
      expect(diff(result, [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([])
    })

    it('yield when both enumerators EOF', async () => {
      const e1 = chunks([1], [3], [5], [7]).andThen(Enumerator.enumInput<Chunk>(Input.EOF))
      const e2 = chunks([2], [4], [6], [8]).andThen(Enumerator.enumInput<Chunk>(Input.EOF))
      const result = await settlesWithin(e1.interleave(e2).run(concatAll()))
      expect(diff(result, [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([])
    })

    it('yield when iteratee is done!', async () => {
      const e1 = chunks([1], [3], [5], [7])
      const e2 = chunks([2], [4], [6], [8])
      const folds = jest.fn((r: Chunk, e: Chunk): Chunk => [...r, ...e])
      const result = await settlesWithin(
        e1.interleave(e2).run(Enumeratee.take<Chunk>(7).transform(Iteratee.fold<Chunk, Chunk>([], folds)))
      )
      expect(result).toHaveLength(7)
      expect(folds).toHaveBeenCalledTimes(7)
    })

    it('not necessarily go alternatively between two enumerators', async () => {
      let firstDone!: () => void
      const whenFirstDone = new Promise<void>((resolve) => (firstDone = resolve))
      const e1 = Enumerator(1, 2, 3, 4).onDoneEnumerating(() => firstDone())
      const e2 = Enumerator.unfoldM(true, (first): Promise<Option<readonly [boolean, number]>> =>
        first ? whenFirstDone.then(() => some([false, 5] as const)) : Promise.resolve(none)
      )
      expect(await settlesWithin(e1.interleave(e2).run(Iteratee.getChunks<number>()))).toEqual([1, 2, 3, 4, 5])
    })
  })

  describe('Enumerator.enumerate should', () => {
    it('generate an Enumerator from a singleton Iterator', async () => {
      const iterator = [3][Symbol.iterator]()
      const result = await Enumerator.enumerate(iterator).run(
        Enumeratee.take<number>(1).transform(Iteratee.fold<number, ReadonlyArray<number>>([], (r, e) => [e, ...r]))
      )
      expect(result[0]).toBe(3)
      expect(result).toHaveLength(1)
    })

    it('take as much element as in the iterator in the right order', async () => {
      function* range(from: number, until: number): Generator<number> {
        for (let i = from; i < until; i++) yield i
      }
      const result = await Enumerator.enumerate(range(0, 50)).run(
        Enumeratee.take<number>(100).transform(Iteratee.fold<number, ReadonlyArray<number>>([], (r, e) => [...r, e]))
      )
      expect(result).toHaveLength(50)
      expect(result[0]).toBe(0)
      expect(result[49]).toBe(49)
    })

    it('work with Seq too', async () => {
      const seq = [1, 2, 3, 7, 42, 666]
      const result = await Enumerator.enumerate(seq).run(
        Enumeratee.take<number>(100).transform(Iteratee.fold<number, ReadonlyArray<number>>([], (r, e) => [...r, e]))
      )
      expect(result).toHaveLength(6)
      expect(result[0]).toBe(1)
      expect(result[4]).toBe(42)
    })
  })

  describe('Enumerator.apply should', () => {
    it('enumerate zero args', async () => {
      await mustEnumerateTo(Enumerator<number>(), [])
    })

    it('enumerate 1 arg', async () => {
      await mustEnumerateTo(Enumerator(1), [1])
    })

    it('enumerate more than 1 arg', async () => {
      await mustEnumerateTo(Enumerator(1, 2), [1, 2])
      await mustEnumerateTo(Enumerator(1, 2, 3), [1, 2, 3])
    })
  })

  describe('Enumerator should', () => {
    it('call onDoneEnumerating callback', async () => {
      let count = 0
      await mustEnumerateTo(
        Enumerator(1, 2, 3).onDoneEnumerating(() => count++),
        [1, 2, 3]
      )
      expect(count).toBe(1)
    })

    it('call onDoneEnumerating callback when an error is encountered', async () => {
      let count = 0
      await mustPropagateFailure(Enumerator(1, 2, 3).onDoneEnumerating(() => count++))
      expect(count).toBe(1)
    })

    it('transform input elements with map', async () => {
      const double = jest.fn((x: number) => x * 2)
      await mustEnumerateTo(Enumerator(1, 2, 3).map(double), [2, 4, 6])
      expect(double).toHaveBeenCalledTimes(3)
    })

    it('transform input with map', async () => {
      const double = jest.fn((input: Input<number>) => Input.map(input, (x) => x * 2))
      await mustEnumerateTo(Enumerator(1, 2, 3).mapInput(double), [2, 4, 6])
      expect(double).toHaveBeenCalledTimes(3)
    })

    it('be transformed to another Enumerator using flatMap', async () => {
      const tenFrom = jest.fn((i: number) => Enumerator(...Array.from({ length: 10 }, (_, k) => i + k)))
      const sum = jest.fn((s: number, x: number) => s + x)
      const e = Enumerator(10, 20, 30).flatMap(tenFrom)
      let expected = 0
      for (let x = 10; x < 40; x++) expected += x
      expect(await settlesWithin(e.run(Iteratee.fold(0, sum)))).toBe(expected)
      expect(tenFrom).toHaveBeenCalledTimes(3)
      expect(sum).toHaveBeenCalledTimes(30)
    })
  })

  describe('Enumerator.generateM should', () => {
    const zeroToTen = () => {
      const it = Array.from({ length: 11 }, (_, i) => i)[Symbol.iterator]()
      return Enumerator.generateM(() =>
        Promise.resolve().then((): Option<number> => {
          const next = it.next()
          return next.done === true ? none : some(next.value)
        })
      )
    }
    const concatenated = () => Iteratee.fold<number, string>('', (s, n) => s + String(n))

    it('generate a stream of values until the expression is None', async () => {
      expect(await settlesWithin(zeroToTen().run(concatenated()))).toBe('012345678910')
    })

    it("Can be composed with another enumerator (doesn't send EOF)", async () => {
      expect(await settlesWithin(zeroToTen().andThen(Enumerator(12)).run(concatenated()))).toBe('01234567891012')
    })
  })

  describe('Enumerator.callback1 should', () => {
    it("Call onError on iteratee's error state", async () => {
      const it = Err<string, string>('foo', Input.Empty)
      let errorCount = 0
      const e = Enumerator.fromCallback1<string>(
        () => Promise.resolve(none),
        () => undefined,
        () => errorCount++
      )
      await settlesWithin(e.run(it)).catch(() => undefined)
      expect(errorCount).toBe(1)
    })

    it('Call onError on future failure', async () => {
      const it1 = Iteratee.fold1<string, string>(Promise.resolve(''), () => Promise.reject(new Error()))
      const it2 = Iteratee.fold1<string, string>(Promise.reject(new Error()), () => Promise.reject(new Error()))
      let errorCount = 0
      const e = Enumerator.fromCallback1<string>(
        () => Promise.resolve(some('')),
        () => undefined,
        () => errorCount++
      )
      await settlesWithin(Promise.allSettled([e.run(it1), e.run(it2)]))
      expect(errorCount).toBe(2)
    })

    it('generate a stream of values until the expression is None', async () => {
      const it = [1, 2, 3][Symbol.iterator]()
      let completeCount = 0
      let errorCount = 0
      let completeDone!: () => void
      const completed = new Promise<void>((resolve) => (completeDone = resolve))
      const enumerator = Enumerator.fromCallback1(
        (b: boolean): Promise<Option<readonly [boolean, number]>> =>
          Promise.resolve().then(() => {
            const next = it.next()
            return next.done === true ? none : some([b, next.value] as const)
          }),
        () => {
          completeCount++
          completeDone()
        },
        () => errorCount++
      )
      await mustEnumerateTo(enumerator, [
        [true, 1],
        [false, 2],
        [false, 3]
      ])
      await settlesWithin(completed)
      expect(completeCount).toBe(1)
      expect(errorCount).toBe(0)
    })
  })

  describe('Enumerator.fromStream should', () => {
    it('read bytes from a stream', async () => {
      const s = 'hello'
      const enumerator = Enumerator.fromStream(Readable.from([Buffer.from(s)])).map(utf8)
      await mustEnumerateTo(enumerator, [s])
    })

    describe('close the stream', () => {
      it('when done normally', async () => {
        const stream = Readable.from([] as Array<Buffer>)
        await settlesWithin(Enumerator.fromStream(stream).apply(Iteratee.ignore()))
        await settlesWithin(
          new Promise((resolve) => (stream.closed ? resolve(undefined) : stream.on('close', resolve)))
        )
        expect(stream.destroyed).toBe(true)
      })

      it('when completed abnormally', async () => {
        const stream = Readable.from([Buffer.from('hello')])
        await mustPropagateFailure(Enumerator.fromStream(stream))
        expect(stream.destroyed).toBe(true)
      })
    })
  })

  describe('Enumerator.fromFile should', () => {
    it('read bytes from a file', async () => {
      await withTempDir(async (dir) => {
        const f = path.join(dir, 'fromFile')
        const s = 'hello'
        fs.writeFileSync(f, s)
        await mustEnumerateTo(Enumerator.fromFile(f).map(utf8), [s])
      })
    })
  })

  describe('Enumerator.fromPath should', () => {
    it('read bytes from a path', async () => {
      await withTempDir(async (dir) => {
        const f = path.join(dir, 'fromPath')
        const s = 'hello'
        fs.writeFileSync(f, s)
        await mustEnumerateTo(Enumerator.fromFile(pathToFileURL(f)).map(utf8), [s])
      })
    })
  })

  describe('Enumerator.unfoldM should', () => {
    it("Can be composed with another enumerator (doesn't send EOF)", async () => {
      const enumerator = Enumerator.unfoldM(0, (s: number) =>
        Promise.resolve().then((): Option<readonly [number, number]> => (s > 10 ? none : some([s + 1, s + 1])))
      ).andThen(Enumerator(12))
      expect(await settlesWithin(enumerator.run(Iteratee.fold<number, string>('', (r, n) => r + String(n))))).toBe(
        '123456789101112'
      )
    })
  })

  describe('Enumerator.unfold should', () => {
    it('unfolds a value into input for an enumerator', async () => {
      const f = jest.fn((s: number): Option<readonly [number, number]> => (s > 3 ? none : some([s + 1, s])))
      await mustEnumerateTo(Enumerator.unfold(0, f), [0, 1, 2, 3])
      expect(f).toHaveBeenCalledTimes(5)
    })
  })

  describe('Enumerator.repeat should', () => {
    it('supply input from a by-name arg', async () => {
      let count = 0
      const result = Enumerator.repeat(() => ++count).run(Enumeratee.take<number>(3).transform(Iteratee.getChunks()))
      expect(await settlesWithin(result)).toEqual([1, 2, 3])
      expect(count).toBe(3)
    })
  })

  describe('Enumerator.repeatM should', () => {
    it('supply input from a by-name arg', async () => {
      let count = 0
      const result = Enumerator.repeatM(() => Promise.resolve(++count)).run(
        Enumeratee.take<number>(3).transform(Iteratee.getChunks())
      )
      expect(await settlesWithin(result)).toEqual([1, 2, 3])
      expect(count).toBe(3)
    })
  })

  describe('Enumerator.outputStream should', () => {
    it('produce the same value written in the OutputStream', async () => {
      const a = 'FOO'
      const b = 'bar'
      const enumerator = Enumerator.outputStream((outputStream) => {
        outputStream.write(Buffer.from(a))
        outputStream.write(Buffer.from(b))
        outputStream.end()
      })
      const bytes = await settlesWithin(enumerator.run(Iteratee.consume<Uint8Array>()))
      expect(utf8(bytes)).toBe(a + b)
    })

    it('not block', async () => {
      let os: Writable | undefined
      const enumerator = Enumerator.outputStream((o) => {
        os = o
      })
      let promiseIteratee!: (it: Iteratee<Uint8Array, Uint8Array>) => void
      const future = enumerator.run(
        Iteratee.flatten(new Promise<Iteratee<Uint8Array, Uint8Array>>((resolve) => (promiseIteratee = resolve)))
      )
      // os is set now, and writing to it does not wait for the iteratee
      expect(os).toBeDefined()
      os!.write(Buffer.from('hello'))
      os!.write(Buffer.from(' '))
      os!.write(Buffer.from('world'))
      os!.end()
      promiseIteratee(Iteratee.consume<Uint8Array>())
      expect(utf8(await settlesWithin(future, 10_000))).toBe('hello world')
    })
  })
})
