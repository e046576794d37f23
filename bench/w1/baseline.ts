import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'baseline: for loop',
  run: (arr) => {
    let sum = 0
    for (let i = 0; i < arr.length; i++) {
      const y = arr[i] * 2
      if (y % 3 === 0) sum += y
    }
    return sum
  }
}

export default implementation
