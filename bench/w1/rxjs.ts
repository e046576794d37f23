import { filter, from, lastValueFrom, map, reduce } from 'rxjs'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'rxjs',
  run: (arr) =>
    lastValueFrom(
      from(arr).pipe(
        map((x) => x * 2),
        filter((x) => x % 3 === 0),
        reduce((s, x) => s + x, 0)
      )
    )
}

export default implementation
