import type { Workload } from '../types'

export const N = 100_000

/** 0 .. N-1 */
export type Input = ReadonlyArray<number>

/** Sum of 2x over x in [0, n) = n(n - 1). Closed form, so it shares no code with any implementation. */
const expectedSum = (n: number): number => n * (n - 1)

const workload: Workload<Input, number> = {
  title: `${N.toLocaleString('en')} integers: mapM(x => Promise.resolve(x * 2)) -> fold sum (each element awaited)`,
  setup: () => Array.from({ length: N }, (_, i) => i),
  expected: (input) => expectedSum(input.length)
}

export default workload
