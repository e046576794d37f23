import { from, reduce } from 'ix/asynciterable'
import { map } from 'ix/asynciterable/operators'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'ix (AsyncIterable, async map)',
  run: (arr) =>
    reduce(from(arr).pipe(map((x) => Promise.resolve(x * 2))), { callback: (s: number, x: number) => s + x, seed: 0 })
}

export default implementation
