/**
 * The state of an iteratee, as plain data: `Done(a, remaining)`, `Cont(k)` or `Error(msg, input)`.
 * An Error made from a thrown exception also keeps it as `cause`.
 *
 * Play: `play.api.libs.iteratee.Step`.
 *
 * @since 0.1.0
 */
import { type Input, Input as In } from './Input'
import * as I from './internal/iteratee'

export type { StepCont as Cont, StepDone as Done, StepError as Error, K } from './internal/iteratee'

/** @category model */
export type Step<E, A> = I.Step<E, A>

/**
 * The `Step` constructors and `Step.it`, which turns a step back into an iteratee.
 *
 * @example
 * import { Step } from 'play-iteratees-ts'
 * Step.Done(1, Input.Empty) // { _tag: 'Done', a: 1, remaining: { _tag: 'Empty' } }
 */
export const Step = {
  Done: <E, A>(a: A, remaining: NoInfer<Input<E>> = In.Empty): Step<E, A> => ({ _tag: 'Done', a, remaining }),
  Cont: <E, A>(k: I.K<E, A>): Step<E, A> => ({ _tag: 'Cont', k }),
  Error: <E, A = never>(msg: string, input: NoInfer<Input<E>>, cause?: unknown): Step<E, A> =>
    cause === undefined ? { _tag: 'Error', msg, input } : { _tag: 'Error', msg, input, cause },
  /** Play: `Step#it`. */
  it: <E, A>(step: Step<E, A>): I.Iteratee<E, A> => I.fromStep(step)
} as const
