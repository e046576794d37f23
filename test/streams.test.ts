import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { PassThrough, Readable, Writable, pipeline } from 'node:stream'
import { some } from 'fp-ts/Option'
import { Concurrent, Done, Enumerator, Iteratee, IterateeError } from '../src'
import { delay, later, rejectsWith, settlesWithin, variants } from './helpers'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const gate = (): { readonly promise: Promise<void>; readonly open: () => void } => {
  let open!: () => void
  const promise = new Promise<void>((r) => (open = r))
  return { promise, open }
}

/** Open file descriptors of this process. */
const fds = (): number => fs.readdirSync('/proc/self/fd').length

/** Every chunk, kept as it came. */
const chunks = (): Iteratee<Uint8Array, ReadonlyArray<Uint8Array>> => Iteratee.getChunks<Uint8Array>()

const concat = (cs: ReadonlyArray<Uint8Array>): Buffer => Buffer.concat(cs.map((c) => Buffer.from(c)))

/** Bytes 0, 1, 2... (mod 251), `n` of them. */
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i % 251))

/** Elements of an iteratee, after a gate opens: a consumer that is stalled until then. */
const stalledChunks = <E>(g: Promise<void>): Iteratee<E, ReadonlyArray<E>> =>
  Iteratee.flatten(g.then((): Iteratee<E, ReadonlyArray<E>> => Iteratee.getChunks<E>()))

let dir = ''
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streams-test-'))
})
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A file of `n` bytes in the temporary directory. */
const file = (name: string, n: number): { readonly path: string; readonly content: Buffer } => {
  const p = path.join(dir, name)
  const content = bytes(n)
  fs.writeFileSync(p, content)
  return { path: p, content }
}

/** A Readable that makes 100-byte chunks forever, counting how often it is asked to read. */
const endless = (): { readonly stream: Readable; readonly reads: () => number } => {
  let reads = 0
  const stream = new Readable({
    highWaterMark: 1000,
    read() {
      reads++
      this.push(bytes(100))
    }
  })
  return { stream, reads: () => reads }
}

describe('streams', () => {
  // -----------------------------------------------------------------------------------
  // fromStream
  // -----------------------------------------------------------------------------------

  describe('Enumerator.fromStream', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('enumerates the stream in chunks of at most chunkSize bytes', async () => {
        const data = bytes(20_000)
        const got = await settlesWithin(Enumerator.fromStream(Readable.from([data]), 3000).run(wrap(chunks())))
        expect(concat(got).equals(data)).toBe(true)
        expect(got.every((c) => c.length <= 3000)).toBe(true)
        expect(got.map((c) => c.length)).toEqual([3000, 3000, 3000, 3000, 3000, 3000, 2000])
      })

      it('destroys the stream when the iteratee is done', async () => {
        const { stream } = endless()
        let closeEvent = false
        stream.on('close', () => (closeEvent = true))
        const first = await settlesWithin(Enumerator.fromStream(stream, 50).run(wrap(Iteratee.head<Uint8Array>())))
        expect(first._tag === 'Some' && first.value.length).toBe(50)
        // closed (its resources released) when the run resolves; the 'close' event follows on the next tick
        expect(stream.destroyed).toBe(true)
        expect(stream.closed).toBe(true)
        await delay()
        expect(closeEvent).toBe(true)
      })

      it('rejects with the stream error itself, and destroys the stream', async () => {
        const boom = new Error('boom')
        let n = 0
        const stream = new Readable({
          read() {
            if (++n < 3) this.push(bytes(10))
            else this.destroy(boom)
          }
        })
        await rejectsWith(Enumerator.fromStream(stream).run(wrap(chunks())), boom)
        expect(stream.destroyed).toBe(true)
      })
    })

    it('uses 8192 bytes as the default chunk size', async () => {
      const got = await settlesWithin(Enumerator.fromStream(Readable.from([bytes(10_000)])).run(chunks()))
      expect(got.map((c) => c.length)).toEqual([8192, 1808])
    })

    it('reads only while the iteratee wants input (backpressure)', async () => {
      const { stream, reads } = endless()
      const g = gate()
      let taken = 0
      const slow = Iteratee.foldM<Uint8Array, number>(0, async (n) => {
        await g.promise
        taken++
        return n + 1
      })
      const applied = Enumerator.fromStream(stream, 100).apply(
        Iteratee.flatten(Promise.resolve(slow)).flatMap(() => Done<Uint8Array, number>(0))
      )
      await delay(20)
      const stalledReads = reads()
      // the stream fills its buffer (highWaterMark: 1000 bytes = 10 reads) and stops
      expect(stalledReads).toBeLessThanOrEqual(15)
      await delay(20)
      expect(reads()).toBe(stalledReads)
      expect(taken).toBe(0)
      stream.destroy()
      g.open()
      await settlesWithin(applied).catch(() => undefined)
    })

    it('passes the objects of an object-mode stream as they are', async () => {
      const got = await settlesWithin(
        Enumerator.fromStream<{ n: number }>(Readable.from([{ n: 1 }, { n: 2 }])).run(Iteratee.getChunks())
      )
      expect(got).toEqual([{ n: 1 }, { n: 2 }])
    })

    it('destroys the stream at once for an iteratee that is done when applied', async () => {
      const { stream, reads } = endless()
      expect(await settlesWithin(Enumerator.fromStream(stream).run(Done<Uint8Array, string>('x')))).toBe('x')
      expect(stream.destroyed).toBe(true)
      expect(reads()).toBe(0)
    })

    it('refuses a second apply', async () => {
      const e = Enumerator.fromStream(Readable.from([bytes(3)]))
      await settlesWithin(e.run(chunks()))
      await expect(settlesWithin(e.run(chunks()))).rejects.toBeInstanceOf(IterateeError)
    })

    it('refuses a bad chunk size', () => {
      expect(() => Enumerator.fromStream(Readable.from([]), 0)).toThrow(TypeError)
    })
  })

  // -----------------------------------------------------------------------------------
  // fromFile
  // -----------------------------------------------------------------------------------

  describe('Enumerator.fromFile', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('enumerates the bytes of a file, chunkSize at most at a time', async () => {
        const f = file('whole.bin', 50_000)
        const got = await settlesWithin(Enumerator.fromFile(f.path, 4096).run(wrap(chunks())))
        expect(concat(got).equals(f.content)).toBe(true)
        expect(got.every((c) => c.length <= 4096)).toBe(true)
      })

      it('leaks no file descriptor when the iteratee is done midway', async () => {
        const f = file('midway.bin', 100_000)
        const before = fds()
        for (let i = 0; i < 20; i++) {
          const first = await settlesWithin(
            Enumerator.fromFile(f.path, 1000).run(wrap(Iteratee.takeUpTo<Uint8Array>(3)))
          )
          expect(concat(first).equals(f.content.subarray(0, 3000))).toBe(true)
        }
        expect(fds()).toBe(before)
      })

      it('leaks no file descriptor when the iteratee fails midway', async () => {
        const f = file('failing.bin', 100_000)
        const boom = new Error('boom')
        const before = fds()
        for (let i = 0; i < 10; i++) {
          let n = 0
          const failing = Iteratee.fold<Uint8Array, number>(0, (s) => {
            if (++n === 3) throw boom
            return s + 1
          })
          await rejectsWith(Enumerator.fromFile(f.path, 1000).run(wrap(failing)), boom)
        }
        expect(fds()).toBe(before)
      })
    })

    it('can be applied again (the file is opened at each apply)', async () => {
      const f = file('again.bin', 10_000)
      const e = Enumerator.fromFile(f.path)
      expect(concat(await settlesWithin(e.run(chunks()))).equals(f.content)).toBe(true)
      expect(concat(await settlesWithin(e.run(chunks()))).equals(f.content)).toBe(true)
    })

    it('leaves a file it abandoned in a `for await` loop closed', async () => {
      const f = file('loop.bin', 100_000)
      const before = fds()
      let seen = 0
      for await (const chunk of Enumerator.toAsyncIterable(Enumerator.fromFile(f.path, 1000))) {
        seen += chunk.length
        if (seen >= 5000) break
      }
      expect(fds()).toBe(before)
    })

    it('rejects with the file system error itself', async () => {
      const missing = path.join(dir, 'missing.bin')
      let caught: unknown
      try {
        await settlesWithin(Enumerator.fromFile(missing).run(chunks()))
      } catch (e) {
        caught = e
      }
      expect((caught as NodeJS.ErrnoException).code).toBe('ENOENT')
    })
  })

  // -----------------------------------------------------------------------------------
  // outputStream
  // -----------------------------------------------------------------------------------

  describe('Enumerator.outputStream', () => {
    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('enumerates what the writer writes; end() ends the enumeration', async () => {
        const e = Enumerator.outputStream((out) => {
          out.write('hello')
          out.write(Buffer.from(' '))
          out.end('world')
        })
        expect(concat(await settlesWithin(e.run(wrap(chunks())))).toString()).toBe('hello world')
      })

      it('sends no EOF at the end: apply resolves with the iteratee, still Cont', async () => {
        const e = Enumerator.outputStream((out) => out.end('x'))
        const step = await settlesWithin(e.applyUnflatten(wrap(chunks())))
        expect(step._tag).toBe('Cont')
      })

      it('rejects with the error of destroy(error) itself', async () => {
        const boom = new Error('boom')
        const e = Enumerator.outputStream((out) => {
          out.write('a')
          out.destroy(boom)
        })
        await rejectsWith(e.run(wrap(chunks())), boom)
      })
    })

    it('rejects when the writer throws, or when the promise it returns rejects', async () => {
      const boom = new Error('boom')
      await rejectsWith(
        Enumerator.outputStream(() => {
          throw boom
        }).run(chunks()),
        boom
      )
      await rejectsWith(
        Enumerator.outputStream(async (out) => {
          out.write('a')
          await delay()
          throw boom
        }).run(chunks()),
        boom
      )
    })

    it('makes the writer wait for the iteratee (backpressure)', async () => {
      const g = gate()
      let writtenBeforeFalse = 0
      let drained = false
      const e = Enumerator.outputStream((out) => {
        const chunk = Buffer.alloc(1024, 1)
        while (out.write(chunk)) writtenBeforeFalse++
        out.once('drain', () => {
          drained = true
          out.end()
        })
      })
      const result = e.run(stalledChunks<Uint8Array>(g.promise))
      await delay(10)
      // the Writable's highWaterMark (16 KiB) is reached while the iteratee stalls
      expect(writtenBeforeFalse).toBeLessThanOrEqual(16)
      expect(drained).toBe(false)
      g.open()
      const got = await settlesWithin(result)
      expect(drained).toBe(true)
      expect(concat(got).length).toBe((writtenBeforeFalse + 1) * 1024)
    })

    it('destroys the writable when the iteratee is done first; later writes are dropped', async () => {
      let out: Writable | undefined
      let closed = false
      const e = Enumerator.outputStream((o) => {
        out = o
        o.on('close', () => (closed = true))
        o.write('first')
      })
      const head = await settlesWithin(e.run(Iteratee.head<Uint8Array>()))
      expect(head._tag === 'Some' && Buffer.from(head.value).toString()).toBe('first')
      await delay()
      expect(closed).toBe(true)
      expect(out!.destroyed).toBe(true)
      out!.write('dropped', () => undefined)
      await delay()
    })

    it('works as the end of a Node pipeline', async () => {
      const f = file('piped.bin', 70_000)
      const e = Enumerator.outputStream((out) => pipeline(fs.createReadStream(f.path), out, () => undefined))
      expect(concat(await settlesWithin(e.run(chunks()))).equals(f.content)).toBe(true)
    })
  })

  // -----------------------------------------------------------------------------------
  // fromAsyncIterable
  // -----------------------------------------------------------------------------------

  describe('Enumerator.fromAsyncIterable', () => {
    async function* numbers(n: number, log?: { finallyRan: boolean }): AsyncGenerator<number> {
      try {
        for (let i = 1; i <= n; i++) {
          await delay()
          yield i
        }
      } finally {
        if (log !== undefined) {
          await delay()
          log.finallyRan = true
        }
      }
    }

    describe.each(variants)('with a %s iteratee', (_, wrap) => {
      it('enumerates an async generator', async () => {
        const got = await settlesWithin(
          Enumerator.fromAsyncIterable(numbers(5)).run(wrap(Iteratee.getChunks<number>()))
        )
        expect(got).toEqual([1, 2, 3, 4, 5])
      })

      it('calls return() when the iteratee stops early, and waits for it', async () => {
        const log = { finallyRan: false }
        const got = await settlesWithin(
          Enumerator.fromAsyncIterable(numbers(100, log)).run(wrap(Iteratee.takeUpTo<number>(2)))
        )
        expect(got).toEqual([1, 2])
        expect(log.finallyRan).toBe(true)
      })

      it('rejects with what the iterator threw', async () => {
        const boom = new Error('boom')
        async function* failing(): AsyncGenerator<number> {
          yield 1
          throw boom
        }
        await rejectsWith(Enumerator.fromAsyncIterable(failing()).run(wrap(Iteratee.getChunks<number>())), boom)
      })

      it('enumerates a WHATWG ReadableStream, and cancels it when the iteratee stops early', async () => {
        let cancelled = false
        let n = 0
        const stream = new ReadableStream<number>({
          pull(controller) {
            controller.enqueue(++n)
          },
          cancel() {
            cancelled = true
          }
        })
        const got = await settlesWithin(Enumerator.fromAsyncIterable(stream).run(wrap(Iteratee.takeUpTo<number>(3))))
        expect(got).toEqual([1, 2, 3])
        expect(cancelled).toBe(true)
      })
    })

    it('enumerates a finite ReadableStream, and rejects with its error', async () => {
      const finite = new ReadableStream<string>({
        start(controller) {
          controller.enqueue('a')
          controller.enqueue('b')
          controller.close()
        }
      })
      expect(await settlesWithin(Enumerator.fromAsyncIterable(finite).run(Iteratee.getChunks<string>()))).toEqual([
        'a',
        'b'
      ])
      const boom = new Error('boom')
      const failing = new ReadableStream<string>({
        start(controller) {
          controller.enqueue('a')
          controller.error(boom)
        }
      })
      await rejectsWith(Enumerator.fromAsyncIterable(failing).run(Iteratee.getChunks<string>()), boom)
    })

    it('refuses a second apply of a one-shot source; a re-iterable one can be applied again', async () => {
      const once = Enumerator.fromAsyncIterable(numbers(2))
      expect(await settlesWithin(once.run(Iteratee.getChunks<number>()))).toEqual([1, 2])
      await expect(settlesWithin(once.run(Iteratee.getChunks<number>()))).rejects.toBeInstanceOf(IterateeError)
      const again = Enumerator.fromAsyncIterable({ [Symbol.asyncIterator]: () => numbers(2) })
      expect(await settlesWithin(again.run(Iteratee.getChunks<number>()))).toEqual([1, 2])
      expect(await settlesWithin(again.run(Iteratee.getChunks<number>()))).toEqual([1, 2])
    })

    it('takes a Node Readable too', async () => {
      const got = await settlesWithin(
        Enumerator.fromAsyncIterable(Readable.from(['a', 'b', 'c'])).run(Iteratee.consume())
      )
      expect(got).toBe('abc')
    })
  })

  // -----------------------------------------------------------------------------------
  // toAsyncIterable
  // -----------------------------------------------------------------------------------

  describe('Enumerator.toAsyncIterable', () => {
    it('works with for await, and can be iterated again', async () => {
      const iterable = Enumerator.toAsyncIterable(Enumerator(1, 2, 3))
      for (let round = 0; round < 2; round++) {
        const got: Array<number> = []
        for await (const x of iterable) got.push(x)
        expect(got).toEqual([1, 2, 3])
      }
    })

    it('produces elements only as they are asked for', async () => {
      let produced = 0
      const iterator = Enumerator.toAsyncIterable(Enumerator.repeatM(() => later(++produced)))[Symbol.asyncIterator]()
      expect(await iterator.next()).toEqual({ done: false, value: 1 })
      await delay(10)
      expect(produced).toBe(1)
      expect(await iterator.next()).toEqual({ done: false, value: 2 })
      await iterator.return!()
      expect(produced).toBe(2)
    })

    it('stops the producer when the loop breaks', async () => {
      let produced = 0
      let stopped = false
      const e = Enumerator.repeatM(() => later(++produced)).onDoneEnumerating(() => (stopped = true))
      const got: Array<number> = []
      for await (const x of Enumerator.toAsyncIterable(e)) {
        got.push(x)
        if (got.length === 3) break
      }
      expect(got).toEqual([1, 2, 3])
      expect(stopped).toBe(true)
      await delay(10)
      expect(produced).toBe(3)
    })

    it('releases a broadcast subscriber when the loop breaks', async () => {
      const [events, channel] = Concurrent.broadcast<number>({ bufferSize: 4, overflow: 'dropOldest' })
      const got: Array<number> = []
      const loop = (async () => {
        for await (const x of Enumerator.toAsyncIterable(events)) {
          got.push(x)
          if (x === 2) break
        }
      })()
      await delay()
      channel.push(1)
      channel.push(2)
      await settlesWithin(loop)
      channel.push(3)
      expect(got).toEqual([1, 2])
    })

    it('throws what the enumeration failed with', async () => {
      const boom = new Error('boom')
      const failing = Enumerator.unfoldM(0, (n: number) =>
        n < 2 ? later(some([n + 1, n] as const)) : Promise.reject(boom)
      )
      const got: Array<number> = []
      let caught: unknown
      try {
        for await (const x of Enumerator.toAsyncIterable(failing)) got.push(x)
      } catch (e) {
        caught = e
      }
      expect(got).toEqual([0, 1])
      expect(caught).toBe(boom)
    })

    it('ends at EOF', async () => {
      const e = Enumerator(1).andThen(Enumerator.eof()).andThen(Enumerator(2))
      const got: Array<number> = []
      for await (const x of Enumerator.toAsyncIterable(e)) got.push(x)
      expect(got).toEqual([1])
    })

    it('feeds Readable.from, which stops the producer when destroyed', async () => {
      const text = Enumerator('a', 'b', 'c')
      const readable = Readable.from(Enumerator.toAsyncIterable(text))
      const got: Array<string> = []
      for await (const x of readable) got.push(x as string)
      expect(got).toEqual(['a', 'b', 'c'])

      let stopped = false
      let produced = 0
      const endlessText = Enumerator.repeatM(() => later(`line ${++produced}\n`)).onDoneEnumerating(
        () => (stopped = true)
      )
      const lines = Readable.from(Enumerator.toAsyncIterable(endlessText))
      const first = await new Promise<string>((resolve) => lines.once('data', (d: string) => resolve(d)))
      expect(first).toBe('line 1\n')
      lines.destroy()
      await new Promise((resolve) => lines.once('close', resolve))
      await delay(10)
      expect(stopped).toBe(true)
    })

    it('round-trips with fromAsyncIterable and Node streams', async () => {
      const e = Enumerator.enumerate([1, 2, 3, 4, 5]).map((n) => `${n}`)
      const back = Enumerator.fromAsyncIterable(Enumerator.toAsyncIterable(e))
      expect(await settlesWithin(back.run(Iteratee.consume()))).toBe('12345')
      const through = new PassThrough()
      Readable.from(Enumerator.toAsyncIterable(e)).pipe(through)
      const bytesBack = await settlesWithin(Enumerator.fromStream(through).run(chunks()))
      expect(concat(bytesBack).toString()).toBe('12345')
    })

    it('turns what a writer writes into a for await loop', async () => {
      const e = Enumerator.outputStream((out) => {
        out.write('x')
        out.end('y')
      })
      const got: Array<string> = []
      for await (const chunk of Enumerator.toAsyncIterable(e)) got.push(Buffer.from(chunk).toString())
      expect(got).toEqual(['x', 'y'])
    })
  })
})
