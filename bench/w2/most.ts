import { awaitPromises, map, runEffects, tap } from '@most/core'
import { newDefaultScheduler } from '@most/scheduler'

import { fromArray } from '../lib/most'
import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: '@most/core (awaitPromises)',
  run: async (arr) => {
    let sum = 0
    const s = tap(
      (x: number) => {
        sum += x
      },
      awaitPromises(map((x: number) => Promise.resolve(x * 2), fromArray(arr)))
    )
    await runEffects(s, newDefaultScheduler())
    return sum
  }
}

export default implementation
