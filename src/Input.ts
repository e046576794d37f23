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

/** An element of the stream. @category model */
export interface El<E> {
  readonly _tag: 'El'
  readonly e: E
}

/** No element this time; the stream goes on. @category model */
export interface Empty {
  readonly _tag: 'Empty'
}

/** The end of the stream. @category model */
export interface EOF {
  readonly _tag: 'EOF'
}

/** @category model */
export type Input<E> = El<E> | Empty | EOF

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

const el = <E>(e: E): Input<E> => ({ _tag: 'El', e })
const empty: Empty = Object.freeze({ _tag: 'Empty' as const })
const eof: EOF = Object.freeze({ _tag: 'EOF' as const })

// -------------------------------------------------------------------------------------
// combinators
// -------------------------------------------------------------------------------------

/** Applies `f` to an element; `Empty` and `EOF` stay as they are. Play: `Input#map`. */
const map = <E, B>(input: Input<E>, f: (e: E) => B): Input<B> => (input._tag === 'El' ? el(f(input.e)) : input)

/** Pattern matching on the three cases. */
const match =
  <E, B>(onEl: (e: E) => B, onEmpty: () => B, onEOF: () => B) =>
  (input: Input<E>): B =>
    input._tag === 'El' ? onEl(input.e) : input._tag === 'Empty' ? onEmpty() : onEOF()

/**
 * The `Input` constructors and helpers: `Input.El(e)`, `Input.Empty`, `Input.EOF`, `Input.map`.
 *
 * @example
 * import { Input } from 'play-iteratees-ts'
 * Input.map(Input.El(2), (n) => n * 10) // { _tag: 'El', e: 20 }
 */
export const Input = {
  El: el,
  Empty: empty as Input<never>,
  EOF: eof as Input<never>,
  map,
  match,
  isEl: <E>(input: Input<E>): input is El<E> => input._tag === 'El'
} as const
