import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'baseline: for loop with await',
  run: async (arr) => {
    let sum = 0
    for (let i = 0; i < arr.length; i++) sum += await Promise.resolve(arr[i] * 2)
    return sum
  }
}

export default implementation
