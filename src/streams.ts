/**
 * Enumerators from and to Node streams, files, async iterables and WHATWG streams. Its functions
 * are also statics of `Enumerator` (`Enumerator.fromStream`...), from every entry point.
 *
 * Backpressure goes both ways: a stream is read only while the iteratee wants input, and a writer
 * on `outputStream` waits while the iteratee works. A source is closed (a stream destroyed, a
 * file closed, an async iterator's `return()` called) when the iteratee is done before the end,
 * and the enumeration resolves only once that is finished, so no file descriptor outlives it.
 *
 * No `node:` module is loaded here: `fromStream`, `fromFile` and `outputStream` find Node's `fs`
 * and `stream` when they are called (see `builtin`), so this module, and `Enumerator` with it,
 * loads on any JavaScript platform.
 *
 * Play: `Enumerator.fromStream`, `Enumerator.fromFile`, `Enumerator.outputStream`.
 *
 * @since 0.1.0
 */
import type { PathLike } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { IterateeError } from './IterateeError'
import * as C from './internal/core'
import * as I from './internal/iteratee'
import type { Lifetime } from './internal/lifetime'
import { unicastWith } from './internal/unicast'
import type { Enumerator, Iteratee } from './types'

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const noop = (): void => undefined

/**
 * Node's built-in module `id`, found when a Node static is called, never when the library is loaded.
 *
 * Why: the Node statics live on the `Enumerator` object, as in Play (`Enumerator.fromStream`), and every entry point
 * loads `Enumerator`. A static `import 'node:fs'` here would make every entry point load Node's modules, and a
 * bundle for a browser pull them in. Node's `process.getBuiltinModule` (Node 20.16 and later) gives a built-in module
 * without an import, so the library loads anywhere and only these three statics need Node, when they run. Their
 * declarations still name Node's types (`Readable`, `Writable`, `PathLike`), by type-only imports, which leave no
 * trace in the JavaScript: a user of these statics is on Node, and has its types.
 */
const builtin = <M>(id: 'node:fs' | 'node:stream', caller: string): M => {
  const host = (globalThis as { readonly process?: { readonly getBuiltinModule?: (id: string) => unknown } }).process
  const m = typeof host?.getBuiltinModule === 'function' ? host.getBuiltinModule(id) : undefined
  if (m === undefined) throw new TypeError(`Enumerator.${caller} needs Node.js (20.16 or later), for ${id}`)
  return m as M
}

const checkChunkSize = (name: string, chunkSize: number): void => {
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new TypeError(`Enumerator.${name}: chunkSize must be a positive integer, got ${String(chunkSize)}`)
  }
}

const onceOnly = (name: string): IterateeError =>
  new IterateeError(`Enumerator.${name}: this source has been enumerated already; it can be applied once`)

/**
 * Feeds what `pull` gives (a promise of an element or `END`). When the iteratee stops before the
 * end, `close` runs, and the enumeration resolves after what it returns; `always` runs at the
 * end in every case, and is waited for too.
 */
const pullSource = <E, A>(
  it: Iteratee<E, A>,
  life: Lifetime,
  pull: () => PromiseLike<E | C.End> | E | C.End,
  close: () => PromiseLike<unknown> | void,
  always?: () => PromiseLike<unknown> | void
): Iteratee<E, A> => {
  let closing: PromiseLike<unknown> | void = undefined
  const fed = C.asyncSource(it, life, pull, () => {
    closing = close()
  })
  return I.whenKnown(fed, (r) => {
    const after = (): PromiseLike<unknown> | void => {
      const last = always === undefined ? undefined : always()
      return closing === undefined ? last : last === undefined ? closing : Promise.all([closing, last])
    }
    let p: PromiseLike<unknown> | void
    try {
      p = after()
    } catch {
      return r
    }
    // the source's own failure to close does not change the enumeration's outcome
    return p === undefined ? r : I.suspend(Promise.resolve(p).then(noop, noop), () => r)
  })
}

/** A promise that settles when the stream is closed (or at once when it will not emit 'close'). */
const closed = (stream: Readable): Promise<void> | undefined => {
  if (stream.closed) return undefined
  const { finished } = builtin<typeof import('node:stream')>('node:stream', 'fromStream')
  return new Promise((resolve) => finished(stream, () => resolve()))
}

/** Byte chunks longer than `chunkSize` become several chunks (views, not copies); other values pass. */
const splitter = <E>(chunkSize: number) => {
  let rest: Uint8Array | undefined
  return {
    hasRest: (): boolean => rest !== undefined,
    take: (value?: E): E => {
      const chunk = value === undefined ? rest! : (value as unknown as Uint8Array)
      if (value !== undefined && !(value instanceof Uint8Array)) return value
      if (chunk.length <= chunkSize) {
        rest = undefined
        return chunk as unknown as E
      }
      rest = chunk.subarray(chunkSize)
      return chunk.subarray(0, chunkSize) as unknown as E
    }
  }
}

/** Feeds a Node Readable, `chunkSize` bytes at most per element; destroys it when done early or on failure. */
const streamSource = <E, A>(
  it: Iteratee<E, A>,
  life: Lifetime,
  readable: Readable,
  chunkSize: number
): Iteratee<E, A> => {
  if (!I.isCont(I.settle(it))) {
    readable.destroy()
    return I.whenKnown(it, (k) => {
      const p = closed(readable)
      return p === undefined ? k : I.suspend(p, () => k)
    })
  }
  const iterator: AsyncIterator<unknown> = readable[Symbol.asyncIterator]()
  const split = splitter<E>(chunkSize)
  return pullSource(
    it,
    life,
    () =>
      split.hasRest()
        ? split.take()
        : iterator.next().then((r) => (r.done === true ? C.END : split.take(r.value as E))),
    () => {
      readable.destroy()
    },
    () => {
      if (!readable.destroyed) readable.destroy()
      return closed(readable)
    }
  )
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The chunks of a Node `Readable`, at most `chunkSize` bytes each (an object-mode stream's objects
 * pass as they are).
 *
 * The stream is read only while the iteratee wants input (backpressure), and destroyed when the
 * iteratee is done or the stream fails; a stream failure makes `run` reject with the stream's
 * error itself. A stream can be enumerated once: a second `apply` is refused with an
 * `IterateeError`. Play: `Enumerator.fromStream`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Readable } from 'node:stream'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const stream = Readable.from([Buffer.from('hello '), Buffer.from('world')])
 * const bytes = await Enumerator.fromStream(stream).run(Iteratee.consume<Uint8Array>())
 * assert.equal(Buffer.from(bytes).toString(), 'hello world')
 * assert.equal(stream.destroyed, true)
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.fromStream
 */
export const fromStream = <E = Uint8Array>(
  readable: Readable | NodeJS.ReadableStream,
  chunkSize: number = 8192
): Enumerator<E> => {
  checkChunkSize('fromStream', chunkSize)
  let used = false
  return new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    if (used) return I.failure<E, A>(onceOnly('fromStream'))
    used = true
    return I.whenKnown(it, (k) => streamSource(k, life, readable as Readable, chunkSize))
  })
}

/**
 * The bytes of a file, in chunks of at most `chunkSize` bytes.
 *
 * The file is opened at each `apply` (so the enumerator can be applied again), only if the
 * iteratee wants input, and closed before the enumeration resolves, however it ends.
 * Play: `Enumerator.fromFile`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const dir = mkdtempSync(join(tmpdir(), 'from-file-'))
 * const file = join(dir, 'letters.txt')
 * writeFileSync(file, 'abcdef')
 * const chunks = await Enumerator.fromFile(file, 4).run(Iteratee.getChunks())
 * assert.deepEqual(
 *   chunks.map((chunk) => Buffer.from(chunk).toString()),
 *   ['abcd', 'ef']
 * )
 * rmSync(dir, { recursive: true })
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.fromFile
 */
export const fromFile = (path: PathLike, chunkSize: number = 8192): Enumerator<Uint8Array> => {
  checkChunkSize('fromFile', chunkSize)
  const fs = builtin<typeof import('node:fs')>('node:fs', 'fromFile')
  return new C.Enumerator(<A>(it: Iteratee<Uint8Array, A>, life: Lifetime) =>
    I.whenKnown(it, (k) =>
      !I.isCont(k) ? k : streamSource(k, life, fs.createReadStream(path, { highWaterMark: chunkSize }), chunkSize)
    )
  )
}

/**
 * An enumerator of the bytes `writer` writes to a `Writable`: at each `apply`, `writer(out)` runs
 * with a new `out`.
 *
 * A write completes when the iteratee has taken the chunk, so `write()` returns false and
 * `'drain'` comes as with any slow stream (backpressure). `out.end()` ends the enumeration
 * (without EOF); `out.destroy(error)`, a throw in `writer` or a rejection of the promise it
 * returns makes `apply` reject with that error. When the iteratee is done first, `out` is
 * destroyed (its `'close'` tells the writer to stop); later writes are dropped.
 * Play: `Enumerator.outputStream`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const greeting = Enumerator.outputStream((out) => {
 *   out.write('hello ')
 *   out.end('world')
 * })
 * const bytes = await greeting.run(Iteratee.consume<Uint8Array>())
 * assert.equal(Buffer.from(bytes).toString(), 'hello world')
 * ```
 *
 * @play play.api.libs.iteratee.Enumerator.outputStream
 */
export const outputStream = (writer: (out: Writable) => void): Enumerator<Uint8Array> => {
  const { Writable } = builtin<typeof import('node:stream')>('node:stream', 'outputStream')
  return unicastWith<Uint8Array>((channel) => {
    /** `cb` once the iteratee has taken what was pushed; then, if it wants no more, `out` is destroyed. */
    const whenTaken = (cb: () => void, ending: boolean): void => {
      const p = channel.whenIdle()
      const after = (): void => {
        cb()
        if (!ending && channel.isClosed() && !out.destroyed) out.destroy()
      }
      if (p === undefined) after()
      else p.then(after)
    }
    const out = new Writable({
      write(chunk: Uint8Array, _encoding, cb) {
        if (channel.isClosed()) {
          // the consumer left without a push telling it (an HTTP client under Action): the producer stops here
          cb()
          if (!out.destroyed) out.destroy()
          return
        }
        channel.push(chunk)
        whenTaken(() => cb(), false)
      },
      final(cb) {
        channel.end()
        whenTaken(() => cb(), true)
      },
      destroy(error, cb) {
        if (error !== null && error !== undefined) channel.end(error)
        else channel.end()
        cb(error)
      }
    })
    // an error ends the enumeration (apply rejects with it): it must not also crash the process
    out.on('error', noop)
    // a writer may be async: the promise it returns (typed void, as any callback's result) is watched
    let r: unknown
    try {
      r = writer(out)
    } catch (thrown) {
      out.destroy()
      throw thrown
    }
    if (I.isPromiseLike(r)) {
      ;(r as PromiseLike<unknown>).then(undefined, (thrown: unknown) =>
        out.destroy(
          (thrown ?? new IterateeError('Enumerator.outputStream: the writer rejected without a reason')) as Error
        )
      )
    }
  })
}

/**
 * The reader a `ReadableStreamLike` gives: what `Enumerator.fromAsyncIterable` needs of a WHATWG stream's reader.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * const web = new ReadableStream<string>({ start: (c) => (c.enqueue('a'), c.close()) })
 * assert.deepEqual(await Enumerator.fromAsyncIterable(web).run(Iteratee.getChunks()), ['a'])
 * ```
 *
 * @play none — the WHATWG Streams API is JavaScript's; Play has no counterpart
 */
interface ReaderLike<E> {
  read(): PromiseLike<{ readonly done?: boolean; readonly value?: E }>
  cancel(reason?: unknown): PromiseLike<void>
  releaseLock(): void
}
/**
 * What `fromAsyncIterable` needs of a WHATWG `ReadableStream`: a `getReader()` (any implementation will do).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { ReadableStream } from 'node:stream/web'
 * import { Enumerator, Iteratee, type ReadableStreamLike } from 'play-iteratees-ts'
 *
 * const web: ReadableStreamLike<string> = new ReadableStream<string>({
 *   start(controller) {
 *     controller.enqueue('a')
 *     controller.enqueue('b')
 *     controller.close()
 *   }
 * })
 * assert.deepEqual(await Enumerator.fromAsyncIterable(web).run(Iteratee.getChunks()), ['a', 'b'])
 * ```
 *
 * @play none — the WHATWG Streams API is JavaScript's; Play has no counterpart
 */
export interface ReadableStreamLike<E> {
  getReader(): ReaderLike<E>
}

const isReadableStreamLike = (x: unknown): x is ReadableStreamLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { getReader?: unknown }).getReader === 'function'

/**
 * The elements of an async iterable (an async generator, a Node `Readable`, anything `for await`
 * takes) or of a WHATWG `ReadableStream`.
 *
 * When the iteratee stops before the end, the iterator's `return()` is called (a `ReadableStream`
 * is cancelled) and waited for. A rejection of `next()` makes `run` reject with the very reason.
 * A one-shot source (an async generator, a stream) refuses a second `apply` with an
 * `IterateeError`. Not in Play.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee } from 'play-iteratees-ts'
 *
 * let closed = false
 * async function* naturals() {
 *   try {
 *     for (let n = 1; ; n++) yield n
 *   } finally {
 *     closed = true
 *   }
 * }
 * assert.deepEqual(await Enumerator.fromAsyncIterable(naturals()).run(Iteratee.takeUpTo(3)), [1, 2, 3])
 * assert.equal(closed, true)
 * ```
 *
 * @play none — JavaScript's async iterables (Play's nearest: `IterateeStreams.publisherToEnumerator`)
 */
export const fromAsyncIterable = <E>(source: AsyncIterable<E> | ReadableStreamLike<E>): Enumerator<E> => {
  let used = false
  let oneShot = isReadableStreamLike(source)
  return new C.Enumerator(<A>(it: Iteratee<E, A>, life: Lifetime) => {
    if (used && oneShot) return I.failure<E, A>(onceOnly('fromAsyncIterable'))
    used = true
    return I.whenKnown(it, (k) => {
      if (!I.isCont(k)) return k
      if (isReadableStreamLike(source)) {
        const reader = (source as ReadableStreamLike<E>).getReader()
        return pullSource(
          k,
          life,
          () => reader.read().then((r) => (r.done === true ? C.END : (r.value as E))),
          () => reader.cancel()
        )
      }
      const iterator = (source as AsyncIterable<E>)[Symbol.asyncIterator]()
      if ((iterator as unknown) === source) oneShot = true
      return pullSource(
        k,
        life,
        () => iterator.next().then((r) => (r.done === true ? C.END : r.value)),
        () => (typeof iterator.return === 'function' ? iterator.return() : undefined)
      )
    })
  })
}

/**
 * The enumerator as an async iterable, for `for await`, `Readable.from` and the like.
 *
 * Each iteration applies the enumerator afresh; elements are produced as they are asked for
 * (backpressure). Leaving the loop (`break`, `return`, a throw) stops the enumerator, and waits
 * until it has stopped (its sources closed). A failing enumerator makes the loop throw what it
 * failed with (an `IterateeError` for an Error step). EOF from the enumerator ends the iteration.
 * Not in Play.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator } from 'play-iteratees-ts'
 *
 * let produced = 0
 * const counter = Enumerator.repeat(() => ++produced)
 * const seen: Array<number> = []
 * for await (const n of Enumerator.toAsyncIterable(counter)) {
 *   if (n > 3) break
 *   seen.push(n)
 * }
 * assert.deepEqual(seen, [1, 2, 3])
 * assert.equal(produced, 4)
 * ```
 *
 * @play none — JavaScript's async iteration (Play's nearest: `IterateeStreams.enumeratorToPublisher`)
 */
export const toAsyncIterable = <E>(e: Enumerator<E>): AsyncIterable<E> => ({
  [Symbol.asyncIterator]: (): AsyncIterableIterator<E> => iterate(e)
})

interface Waiter<E> {
  readonly resolve: (r: IteratorResult<E, undefined>) => void
  readonly reject: (e: unknown) => void
}

const iterate = <E>(e: Enumerator<E>): AsyncIterableIterator<E> => {
  /** Elements produced before they were asked for (only when `next()` is called concurrently). */
  const buffered: Array<E> = []
  const waiters: Array<Waiter<E>> = []
  /** The producer, waiting for demand: resumed with the consumer (go on) or with Done (stop). */
  let resume: ((it: Iteratee<E, void>) => void) | undefined
  let run: Promise<void> | undefined
  let finished = false
  let stopping = false
  let failed: { readonly error: unknown } | undefined
  const stop: Iteratee<E, void> = I.done<E, void>(undefined)
  const DONE: IteratorResult<E, undefined> = { done: true, value: undefined }

  const consumer: Iteratee<E, void> = I.cont((input) => {
    if (stopping || input._tag === 'EOF') return stop
    if (input._tag === 'Empty') return consumer
    const w = waiters.shift()
    if (w !== undefined) w.resolve({ done: false, value: input.e })
    else buffered.push(input.e)
    if (waiters.length > 0) return consumer
    return I.flatten(new Promise<Iteratee<E, void>>((r) => (resume = r)))
  })

  /** The enumeration is over: every waiting `next()` learns it. */
  const settle = (): void => {
    finished = true
    for (let w = waiters.shift(); w !== undefined; w = waiters.shift()) {
      if (failed !== undefined) {
        const error = failed.error
        failed = undefined
        w.reject(error)
      } else w.resolve(DONE)
    }
  }

  const demand = (): void => {
    if (run === undefined) {
      run = e.apply(consumer).then(
        () => settle(),
        (error: unknown) => {
          failed = { error }
          settle()
        }
      )
    } else if (resume !== undefined) {
      const r = resume
      resume = undefined
      r(consumer)
    }
  }

  const self: AsyncIterableIterator<E> = {
    next: (): Promise<IteratorResult<E, undefined>> => {
      if (buffered.length > 0) return Promise.resolve({ done: false, value: buffered.shift()! })
      if (failed !== undefined) {
        const error = failed.error
        failed = undefined
        return Promise.reject(error)
      }
      if (finished || stopping) return Promise.resolve(DONE)
      return new Promise((resolve, reject) => {
        waiters.push({ resolve, reject })
        demand()
      })
    },
    return: async (): Promise<IteratorResult<E, undefined>> => {
      stopping = true
      buffered.length = 0
      if (resume !== undefined) {
        const r = resume
        resume = undefined
        r(stop)
      }
      if (run !== undefined) await run
      failed = undefined
      settle()
      return DONE
    },
    [Symbol.asyncIterator]: () => self
  }
  return self
}
