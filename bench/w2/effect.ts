import { Effect, Stream } from '../lib/effect'
import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'effect Stream (mapEffect)',
  run: (arr) =>
    Effect.runPromise(
      Stream.fromIterable(arr).pipe(
        Stream.mapEffect((x: number) => Effect.promise(() => Promise.resolve(x * 2))),
        Stream.runFold(
          () => 0,
          (s: number, x: number) => s + x
        )
      )
    )
}

export default implementation
