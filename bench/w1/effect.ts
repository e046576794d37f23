import { Effect, Stream } from '../lib/effect'
import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'effect Stream',
  run: (arr) =>
    Effect.runPromise(
      Stream.fromIterable(arr).pipe(
        Stream.map((x: number) => x * 2),
        Stream.filter((x: number) => x % 3 === 0),
        Stream.runFold(
          () => 0,
          (s: number, x: number) => s + x
        )
      )
    )
}

export default implementation
