import type { Implementation } from '../types'
import type { Input } from './workload'

async function* source<A>(arr: ReadonlyArray<A>): AsyncGenerator<A> {
  for (const x of arr) yield x
}

async function* mapM<A, B>(src: AsyncIterable<A>, f: (a: A) => Promise<B>): AsyncGenerator<B> {
  for await (const x of src) yield await f(x)
}

const implementation: Implementation<Input, number> = {
  name: 'async generators (for await)',
  run: async (arr) => {
    let sum = 0
    for await (const x of mapM(source(arr), (x) => Promise.resolve(x * 2))) sum += x
    return sum
  }
}

export default implementation
