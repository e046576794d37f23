/**
 * What an enumerator feeds an iteratee: an element, nothing for now, or the end of the stream.
 *
 * ```ts
 * type Input<E> = { _tag: 'El', e: E } | { _tag: 'Empty' } | { _tag: 'EOF' }
 * ```
 *
 * Play: `play.api.libs.iteratee.Input`.
 *
 * @since 0.1.0
 */

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * An element of the stream, as `Input.El(e)` makes it.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input, type El } from 'play-iteratees-ts'
 *
 * const el: El<string> = { _tag: 'El', e: 'kiki' }
 * assert.deepEqual(Input.El('kiki'), el)
 * ```
 *
 * @play play.api.libs.iteratee.Input.El
 * @category model
 */
export interface El<E> {
  readonly _tag: 'El'
  readonly e: E
}

/**
 * No element this time; the stream goes on (the type of `Input.Empty`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * // an iteratee takes Empty in its stride: the elements after it still come
 * const withGap = Enumerator(1).andThen(Enumerator.enumInput<number>(Input.Empty)).andThen(Enumerator(2))
 * assert.deepEqual(await withGap.run(Iteratee.getChunks()), [1, 2])
 * ```
 *
 * @play play.api.libs.iteratee.Input.Empty
 * @category model
 */
export interface Empty {
  readonly _tag: 'Empty'
}

/**
 * The end of the stream (the type of `Input.EOF`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * // the iteratee is done at EOF: what comes after it is not taken
 * const cut = Enumerator(1).andThen(Enumerator.enumInput<number>(Input.EOF)).andThen(Enumerator(2))
 * assert.deepEqual(await cut.run(Iteratee.getChunks()), [1])
 * ```
 *
 * @play play.api.libs.iteratee.Input.EOF
 * @category model
 */
export interface EOF {
  readonly _tag: 'EOF'
}

/**
 * One input to an iteratee: an element (`El`), nothing for now (`Empty`) or the end (`EOF`).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input } from 'play-iteratees-ts'
 *
 * const describe = (input: Input<number>): string =>
 *   input._tag === 'El' ? `element ${input.e}` : input._tag === 'Empty' ? 'nothing yet' : 'the end'
 * assert.equal(describe(Input.El(1)), 'element 1')
 * assert.equal(describe(Input.Empty), 'nothing yet')
 * assert.equal(describe(Input.EOF), 'the end')
 * ```
 *
 * @play play.api.libs.iteratee.Input
 * @category model
 */
export type Input<E> = El<E> | Empty | EOF

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The input of one element `e`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input } from 'play-iteratees-ts'
 *
 * assert.deepEqual(Input.El('kiki'), { _tag: 'El', e: 'kiki' })
 * ```
 *
 * @play play.api.libs.iteratee.Input.El
 */
const el = <E>(e: E): Input<E> => ({ _tag: 'El', e })

/**
 * The input that carries no element: the stream goes on.
 *
 * @play play.api.libs.iteratee.Input.Empty
 */
const empty: Input<never> = Object.freeze({ _tag: 'Empty' as const })

/**
 * The input that ends the stream.
 *
 * @play play.api.libs.iteratee.Input.EOF
 */
const eof: Input<never> = Object.freeze({ _tag: 'EOF' as const })

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/**
 * Applies `f` to an element; `Empty` and `EOF` stay as they are.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input } from 'play-iteratees-ts'
 *
 * assert.deepEqual(Input.map(Input.El(2), (n: number) => n * 10), Input.El(20))
 * assert.equal(Input.map(Input.EOF, (n: number) => n * 10), Input.EOF)
 * ```
 *
 * @play play.api.libs.iteratee.Input#map
 */
const map = <E, B>(input: Input<E>, f: (e: E) => B): Input<B> => (input._tag === 'El' ? el(f(input.e)) : input)

/**
 * Pattern matching on the three cases: `match(onEl, onEmpty, onEOF)(input)`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input } from 'play-iteratees-ts'
 *
 * const show = Input.match(
 *   (n: number) => `El(${n})`,
 *   () => 'Empty',
 *   () => 'EOF'
 * )
 * assert.deepEqual([Input.El(1), Input.Empty, Input.EOF].map(show), ['El(1)', 'Empty', 'EOF'])
 * ```
 *
 * @play none — Scala matches on the case classes (`case Input.El(e) =>`); this is the function that stands for it
 */
const match =
  <E, B>(onEl: (e: E) => B, onEmpty: () => B, onEOF: () => B) =>
  (input: Input<E>): B =>
    input._tag === 'El' ? onEl(input.e) : input._tag === 'Empty' ? onEmpty() : onEOF()

// -------------------------------------------------------------------------------------
// refinements
// -------------------------------------------------------------------------------------

/**
 * Whether the input is an element (a type guard, so `input.e` can be read after it).
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input } from 'play-iteratees-ts'
 *
 * const inputs: Array<Input<number>> = [Input.El(1), Input.Empty, Input.El(2), Input.EOF]
 * assert.deepEqual(inputs.filter(Input.isEl).map((el) => el.e), [1, 2])
 * ```
 *
 * @play none — Scala tests `case Input.El(e) =>`; this type guard stands for it
 */
const isEl = <E>(input: Input<E>): input is El<E> => input._tag === 'El'

/**
 * The `Input` constructors and helpers: `Input.El(e)`, `Input.Empty`, `Input.EOF`, `Input.map`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Input, Iteratee } from 'play-iteratees-ts'
 *
 * assert.deepEqual(Input.map(Input.El(2), (n: number) => n * 10), { _tag: 'El', e: 20 })
 *
 * // feeding inputs one by one, as an enumerator does
 * const it = await Iteratee.getChunks<string>().feed(Input.El('a'))
 * assert.deepEqual(await Enumerator.enumInput<string>(Input.El('b')).run(it), ['a', 'b'])
 * ```
 *
 * @play play.api.libs.iteratee.Input
 */
export const Input = {
  El: el,
  Empty: empty,
  EOF: eof,
  map,
  match,
  isEl
} as const
