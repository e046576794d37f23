import { concatMap, from, lastValueFrom, reduce } from 'rxjs'

import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'rxjs (concatMap)',
  run: (arr) =>
    lastValueFrom(
      from(arr).pipe(
        concatMap((x) => Promise.resolve(x * 2)),
        reduce((s, x) => s + x, 0)
      )
    )
}

export default implementation
