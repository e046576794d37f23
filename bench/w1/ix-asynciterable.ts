import { from, reduce } from 'ix/asynciterable'
import { filter, map } from 'ix/asynciterable/operators'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'ix (AsyncIterable)',
  run: (arr) =>
    reduce(
      from(arr).pipe(
        map((x) => x * 2),
        filter((x) => x % 3 === 0)
      ),
      { callback: (s: number, x: number) => s + x, seed: 0 }
    )
}

export default implementation
