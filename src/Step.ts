/**
 * The state of an iteratee, as plain data: `Done(a, remaining)`, `Cont(k)` or `Error(msg, input)`.
 * An iteratee that failed (a function threw, a promise rejected) has no step: as Play's failed
 * Future, `fold` and `unflatten` reject with what it failed with.
 *
 * Play: `play.api.libs.iteratee.Step`.
 *
 * @since 0.1.0
 */
import { type Input, Input as In } from './Input'
import * as I from './internal/iteratee'
import type * as T from './types'

export type { StepCont as Cont, StepDone as Done, StepError as Error, K } from './types'

/**
 * The state of an iteratee as plain data: `Done`, `Cont` or `Error`, told apart by `_tag`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee, type Step } from 'play-iteratees-ts'
 *
 * const sum = Iteratee.fold(0, (s, n: number) => s + n)
 * const before: Step<number, number> = await sum.unflatten()
 * assert.equal(before._tag, 'Cont')
 *
 * const after = await (await Enumerator(1, 2).apply(Iteratee.head<number>())).unflatten()
 * assert.equal(after._tag === 'Done' && after.a._tag === 'Some' ? after.a.value : undefined, 1)
 * ```
 *
 * @play play.api.libs.iteratee.Step
 * @category model
 */
export type Step<E, A> = T.Step<E, A>

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * The step of an iteratee that is done: its result `a` and the input it did not use.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input, Step } from 'play-iteratees-ts'
 *
 * const done = Step.Done<number, string>('result', Input.El(3))
 * assert.deepEqual(done, { _tag: 'Done', a: 'result', remaining: { _tag: 'El', e: 3 } })
 * ```
 *
 * @play play.api.libs.iteratee.Step.Done
 */
const done = <E, A>(a: A, remaining: NoInfer<Input<E>> = In.Empty): Step<E, A> => ({ _tag: 'Done', a, remaining })

/**
 * The step of an iteratee that wants input: `k(input)` is the iteratee that follows.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Done, Enumerator, Step } from 'play-iteratees-ts'
 *
 * // the first element, as a string
 * const step = Step.Cont<number, string>((input) => Done(input._tag === 'El' ? String(input.e) : 'none'))
 * assert.equal(await Enumerator(7, 8).run(Step.it(step)), '7')
 * ```
 *
 * @play play.api.libs.iteratee.Step.Cont
 */
const cont = <E, A>(k: T.K<E, A>): Step<E, A> => ({ _tag: 'Cont', k })

/**
 * The step of an iteratee that has failed on `input` with `msg`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input, IterateeError, Step } from 'play-iteratees-ts'
 *
 * const failed = Step.it(Step.Error<string>('bad header', Input.El('x')))
 * await assert.rejects(failed.run(), new IterateeError('bad header'))
 * ```
 *
 * @play play.api.libs.iteratee.Step.Error
 */
const error = <E, A = never>(msg: string, input: NoInfer<Input<E>>): Step<E, A> => ({ _tag: 'Error', msg, input })

/**
 * The iteratee in the given step. Play: `Step#it`.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Enumerator, Iteratee, Step } from 'play-iteratees-ts'
 *
 * // an iteratee's step and back: the same iteratee, to go on with
 * const step = await (await Enumerator(1, 2).apply(Iteratee.getChunks<number>())).unflatten()
 * assert.deepEqual(await Enumerator(3).run(Step.it(step)), [1, 2, 3])
 * ```
 *
 * @play play.api.libs.iteratee.Step#it
 */
const it = <E, A>(step: Step<E, A>): T.Iteratee<E, A> => I.fromStep(step)

/**
 * The `Step` constructors and `Step.it`, which turns a step back into an iteratee.
 *
 * @example
 * ```ts
 * import assert from 'node:assert/strict'
 * import { Input, Step } from 'play-iteratees-ts'
 *
 * assert.deepEqual(Step.Done(1, Input.Empty), { _tag: 'Done', a: 1, remaining: { _tag: 'Empty' } })
 * assert.equal(await Step.it(Step.Done<string, number>(1)).run(), 1)
 * ```
 *
 * @play play.api.libs.iteratee.Step
 */
export const Step = {
  Done: done,
  Cont: cont,
  Error: error,
  it
} as const
