/** Shared helper for the @most/core implementations: an array as a most Stream. */
import { newStream } from '@most/core'
import { asap } from '@most/scheduler'
import type { Stream } from '@most/types'

/**
 * `@most/core` 1.x has no `fromArray`; this is the usual one: a single task, scheduled as soon as
 * possible, that emits every element and then ends (as most's own `now`/`at` sources do).
 */
export const fromArray = <A>(arr: ReadonlyArray<A>): Stream<A> =>
  newStream((sink, scheduler) => {
    let active = true
    const task = asap(
      {
        run: (t) => {
          for (let i = 0; i < arr.length && active; i++) sink.event(t, arr[i])
          if (active) sink.end(t)
        },
        error: (t, e) => sink.error(t, e),
        dispose: () => {
          active = false
        }
      },
      scheduler
    )
    return { dispose: () => task.dispose() }
  })
