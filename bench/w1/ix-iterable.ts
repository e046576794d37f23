import { from, reduce } from 'ix/iterable'
import { filter, map } from 'ix/iterable/operators'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'ix (Iterable)',
  run: (arr) =>
    reduce(
      from(arr).pipe(
        map((x) => x * 2),
        filter((x) => x % 3 === 0)
      ),
      (s: number, x: number) => s + x,
      0
    )
}

export default implementation
