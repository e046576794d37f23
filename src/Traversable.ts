/**
 * Iteratees and enumeratees over streams of chunks (strings, arrays, `Uint8Array`s) that count
 * the elements inside the chunks, not the chunks: `take(3)` over `'hello'` passes `'hel'` and
 * leaves `'lo'` over. A chunk is split where the count ends.
 *
 * ```
 *   chunks:              "he"  "llo"  "world"
 *   Traversable.take(3): "he"  "l"                (leftover "lo")
 * ```
 *
 * Over strings an element is a UTF-16 code unit (Java's `Char`, as in Play): a predicate gets
 * one-character strings. Over a `Uint8Array` an element is a byte (a number); the pieces are
 * `subarray`s of the input, so they share its memory. Empty pieces are neither fed to the inner
 * iteratee nor left over.
 *
 * Play: `play.api.libs.iteratee.Traversable`.
 *
 * @since 0.1.0
 */
import { none, type Option, some } from 'fp-ts/Option'
import { type Input, Input as In } from './Input'
import type { Iteratee } from './Iteratee'
import { Enumeratee } from './Enumeratee'
import * as C from './internal/core'
import * as I from './internal/iteratee'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A chunk whose elements `Traversable` counts: a string, an array or a `Uint8Array`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable, type TraversableLike } from 'play-iteratees-ts'
 * const firstTwo = <M extends TraversableLike>(...chunks: Array<M>) =>
 *   Enumerator(...chunks).through(Traversable.take<M>(2)).run(Iteratee.getChunks())
 * assert.deepStrictEqual(await firstTwo('a', 'bc'), ['a', 'b'])
 * assert.deepStrictEqual(await firstTwo([1, 2, 3]), [[1, 2]])
 * ```
 *
 * @play scala.collection.TraversableLike
 * @category model
 */
export type TraversableLike = string | ReadonlyArray<unknown> | Uint8Array

/**
 * The element of a chunk: a one-character string, a byte, or the array's element type.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable, type ElementOf } from 'play-iteratees-ts'
 * const isDigit = (c: ElementOf<string>) => c >= '0' && c <= '9' // c is one character
 * const digits = await Enumerator('12', '3x45')
 *   .through(Traversable.splitOnceAt<string>(isDigit))
 *   .run(Iteratee.consume())
 * assert.strictEqual(digits, '123')
 * const nonZero = (b: ElementOf<Uint8Array>) => b !== 0 // b is a byte
 * const head = await Enumerator<Uint8Array>(Uint8Array.of(7, 8, 0, 9))
 *   .through(Traversable.splitOnceAt<Uint8Array>(nonZero))
 *   .run(Iteratee.consume())
 * assert.deepStrictEqual(head, Uint8Array.of(7, 8))
 * ```
 *
 * @play none — Play names the element with the type parameter `E` of `TraversableLike[E, M]`
 * @category model
 */
export type ElementOf<M> = M extends string
  ? string
  : M extends Uint8Array
    ? number
    : M extends ReadonlyArray<infer A>
      ? A
      : never

type Outer<M, A> = Iteratee<M, Iteratee<M, A>>

// -------------------------------------------------------------------------------------
// chunks
// -------------------------------------------------------------------------------------

const notAChunk = (m: unknown): TypeError =>
  new TypeError(`Traversable: expected a string, an array or a Uint8Array chunk, got ${typeof m}`)

/** The number of elements of a chunk. */
const sizeOf = (m: TraversableLike): number => {
  if (typeof m === 'string' || m instanceof Uint8Array || Array.isArray(m)) return m.length
  throw notAChunk(m)
}

/** `m[from..to)`: a substring, a subarray (no copy) or an array slice. */
const slice = <M extends TraversableLike>(m: M, from: number, to?: number): M =>
  (typeof m === 'string'
    ? m.slice(from, to)
    : m instanceof Uint8Array
      ? m.subarray(from, to)
      : (m as ReadonlyArray<unknown>).slice(from, to)) as M

/** `m` from `from` on, as leftover input: Empty when nothing is left. */
const restFrom = <M extends TraversableLike>(m: M, from: number, size: number): Input<M> =>
  from >= size ? In.Empty : In.El(from === 0 ? m : slice(m, from))

// -------------------------------------------------------------------------------------
// iteratees
// -------------------------------------------------------------------------------------

/**
 * The first element of the stream, if any.
 *
 * Empty chunks are skipped; the rest of the chunk the element came from is left over.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { some, none } from 'fp-ts/Option'
 * import { Enumerator, Traversable } from 'play-iteratees-ts'
 * assert.deepStrictEqual(await Enumerator('', 'hello').run(Traversable.head<string>()), some('h'))
 * assert.deepStrictEqual(await Enumerator<Array<number>>([]).run(Traversable.head<Array<number>>()), none)
 * ```
 *
 * @play play.api.libs.iteratee.Traversable.head
 * @category iteratees
 * @since 0.1.0
 */
const head = <M extends TraversableLike>(): Iteratee<M, Option<ElementOf<M>>> => {
  const self: Iteratee<M, Option<ElementOf<M>>> = I.cont((input: Input<M>) => {
    if (input._tag === 'EOF') return I.done(none, In.EOF)
    if (input._tag === 'Empty') return self
    const xs = input.e
    const size = sizeOf(xs)
    return size === 0 ? self : I.done(some(xs[0] as ElementOf<M>), restFrom(xs, 1, size))
  })
  return self
}

// -------------------------------------------------------------------------------------
// enumeratees
// -------------------------------------------------------------------------------------

/**
 * Passes at most `count` elements, and stops early when the inner iteratee is done.
 *
 * The chunk is split where the count ends (the rest is left over). It stops as soon as the inner
 * iteratee is done, leaving the chunk it was offered.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable } from 'play-iteratees-ts'
 * const hel = await Enumerator('he', 'llo').through(Traversable.takeUpTo<string>(3)).run(Iteratee.consume())
 * assert.strictEqual(hel, 'hel')
 * ```
 *
 * @play play.api.libs.iteratee.Traversable.takeUpTo
 * @category enumeratees
 * @since 0.1.0
 */
const takeUpTo = <M extends TraversableLike>(count: number): Enumeratee<M, M> => {
  const go = <A>(c: Iteratee<M, A>, left: number): Outer<M, A> =>
    I.cont((input: Input<M>): Outer<M, A> => {
      if (input._tag === 'EOF') return I.done(c, In.EOF)
      if (input._tag === 'Empty') return go(c, left)
      const e = input.e
      const size = sizeOf(e)
      if (size === 0) return go(c, left)
      if (size < left) return C.feedInner(c, input, (c2) => go(c2, left - size))
      if (size === left) return I.done(I.continueWith(c, input), In.Empty)
      return I.done(I.continueWith(c, In.El(slice(e, 0, left))), In.El(slice(e, left)))
    })
  return C.enumeratee(<A>(c: Iteratee<M, A>) => (count <= 0 ? I.done(c, In.Empty) : go(c, count)))
}

/**
 * Consumes exactly `count` elements (fewer only at EOF) and passes them to the inner iteratee.
 *
 * The chunk is split where the count ends, and the elements go to the inner iteratee while it
 * wants them: unlike `takeUpTo`, the elements are consumed even when the inner iteratee is
 * already done.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable } from 'play-iteratees-ts'
 * const bytes = Enumerator<Uint8Array>(Uint8Array.of(1, 2), Uint8Array.of(3, 4))
 * const first3 = await bytes.through(Traversable.take<Uint8Array>(3)).run(Iteratee.consume())
 * assert.deepStrictEqual(first3, Uint8Array.of(1, 2, 3))
 * ```
 *
 * @play play.api.libs.iteratee.Traversable.take
 * @category enumeratees
 * @since 0.1.0
 */
const take = <M extends TraversableLike>(count: number): Enumeratee<M, M> => {
  const go = <A>(inner: Iteratee<M, A>, left: number): Outer<M, A> =>
    I.cont((input: Input<M>): Outer<M, A> => {
      if (input._tag === 'EOF') return I.done(inner, In.EOF)
      if (input._tag === 'Empty') return go(inner, left)
      const e = input.e
      const size = sizeOf(e)
      if (size === 0) return go(inner, left)
      // wait for the inner iteratee (so a slow one holds the producer back), then offer it the piece if it wants it
      return I.whenKnown(inner, (s): Outer<M, A> => {
        const piece = size <= left ? e : slice(e, 0, left)
        const fed = I.isCont(s) ? I.continueWith(s, In.El(piece)) : s
        return size < left ? go(fed, left - size) : I.done(fed, restFrom(e, left, size))
      })
    })
  return new C.Enumeratee(<A>(inner: Iteratee<M, A>) => (count <= 0 ? I.done(inner, In.Empty) : go(inner, count)))
}

/**
 * Passes elements while `p` holds, then drops the first element for which it does not and stops.
 *
 * At that element the enumeratee is done: the inner iteratee gets the part of the chunk before
 * it, the element is dropped and the rest of the chunk is left over.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable } from 'play-iteratees-ts'
 * const firstLine = Traversable.splitOnceAt<string>((c) => c !== '\n')
 * const line = await Enumerator('hel', 'lo\nworld').through(firstLine).run(Iteratee.consume())
 * assert.strictEqual(line, 'hello')
 * ```
 *
 * @play play.api.libs.iteratee.Traversable.splitOnceAt
 * @category enumeratees
 * @since 0.1.0
 */
const splitOnceAt = <M extends TraversableLike>(p: (e: ElementOf<M>) => boolean): Enumeratee<M, M> => {
  const go = <A>(c: Iteratee<M, A>): Outer<M, A> =>
    I.cont((input: Input<M>): Outer<M, A> => {
      if (input._tag === 'EOF') return I.done(c, In.EOF)
      if (input._tag === 'Empty') return C.feedInner(c, input, go)
      const e = input.e
      const size = sizeOf(e)
      let i = 0
      while (i < size && p(e[i] as ElementOf<M>)) i++
      if (i === size) return size === 0 ? go(c) : C.feedInner(c, input, go)
      return I.done(i === 0 ? c : I.continueWith(c, In.El(slice(e, 0, i))), restFrom(e, i + 1, size))
    })
  return C.enumeratee(go)
}

/**
 * Skips the first `count` elements, then passes everything along.
 *
 * The chunk is split where the count ends.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable } from 'play-iteratees-ts'
 * const chunks = await Enumerator([1, 2], [3, 4, 5], [6])
 *   .through(Traversable.drop<Array<number>>(3))
 *   .run(Iteratee.getChunks())
 * assert.deepStrictEqual(chunks, [[4, 5], [6]])
 * ```
 *
 * @play play.api.libs.iteratee.Traversable.drop
 * @category enumeratees
 * @since 0.1.0
 */
const drop = <M extends TraversableLike>(count: number): Enumeratee<M, M> => {
  const go = <A>(inner: Iteratee<M, A>, left: number): Outer<M, A> =>
    I.cont((input: Input<M>): Outer<M, A> => {
      if (input._tag === 'EOF') return I.done(inner, In.EOF)
      if (input._tag === 'Empty') return go(inner, left)
      const e = input.e
      const size = sizeOf(e)
      if (size < left) return go(inner, left - size)
      const toPass = restFrom(e, left, size)
      return I.whenKnown(inner, (s): Outer<M, A> => {
        if (!I.isCont(s)) return I.done(s, toPass)
        return Enumeratee.passAlong<M>().applyOn(toPass._tag === 'El' ? I.continueWith(s, toPass) : s)
      })
    })
  return new C.Enumeratee(<A>(inner: Iteratee<M, A>) => go(inner, count))
}

// -------------------------------------------------------------------------------------
// the namespace
// -------------------------------------------------------------------------------------

/**
 * Iteratees and enumeratees that count the elements inside chunks, not the chunks.
 *
 * `head`, `takeUpTo`, `take`, `splitOnceAt` and `drop`, over string, array and `Uint8Array` chunks.
 *
 * @example
 * ```ts
 * import assert from 'node:assert'
 * import { Enumerator, Iteratee, Traversable } from 'play-iteratees-ts'
 * // a 4-byte header, then the payload, whatever the chunks
 * const chunks = Enumerator<Uint8Array>(Uint8Array.of(0, 0), Uint8Array.of(0, 3, 104, 105), Uint8Array.of(33))
 * const header = await chunks.through(Traversable.take<Uint8Array>(4)).run(Iteratee.consume())
 * const payload = await chunks.through(Traversable.drop<Uint8Array>(4)).run(Iteratee.consume())
 * assert.deepStrictEqual(header, Uint8Array.of(0, 0, 0, 3))
 * assert.strictEqual(new TextDecoder().decode(payload), 'hi!')
 * ```
 *
 * @play play.api.libs.iteratee.Traversable
 * @since 0.1.0
 */
export const Traversable = {
  head,
  takeUpTo,
  take,
  splitOnceAt,
  drop
} as const
