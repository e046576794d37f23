import { Enumeratee, Enumerator, Iteratee } from '../../src'
import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'ours (composed)',
  run: (arr) =>
    Enumerator.enumerate(arr)
      .through(Enumeratee.map((x: number) => x * 2).compose(Enumeratee.filter((x: number) => x % 3 === 0)))
      .run(Iteratee.fold(0, (s: number, x: number) => s + x))
}

export default implementation
