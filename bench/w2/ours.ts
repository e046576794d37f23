import { Enumeratee, Enumerator, Iteratee } from '../../src'
import type { Implementation } from '../types'
import type { Input } from './workload'

const implementation: Implementation<Input, number> = {
  name: 'ours',
  run: (arr) =>
    Enumerator.enumerate(arr)
      .through(Enumeratee.mapM((x: number) => Promise.resolve(x * 2)))
      .run(Iteratee.fold(0, (s: number, x: number) => s + x))
}

export default implementation
