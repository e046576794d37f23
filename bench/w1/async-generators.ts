import type { Implementation } from '../types'
import type { Input } from './workload'

async function* source<A>(arr: ReadonlyArray<A>): AsyncGenerator<A> {
  for (const x of arr) yield x
}

async function* map<A, B>(src: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const x of src) yield f(x)
}

async function* filter<A>(src: AsyncIterable<A>, p: (a: A) => boolean): AsyncGenerator<A> {
  for await (const x of src) if (p(x)) yield x
}

const implementation: Implementation<Input, number> = {
  name: 'async generators',
  run: async (arr) => {
    let sum = 0
    const s = filter(
      map(source(arr), (x) => x * 2),
      (x) => x % 3 === 0
    )
    for await (const x of s) sum += x
    return sum
  }
}

export default implementation
