import type { Workload } from '../types'

export const N = 1_000_000

/** 0 .. N-1 */
export type Input = ReadonlyArray<number>

/**
 * Sum of 2x over x in [0, n) with 2x % 3 === 0, i.e. x = 3k: 6 * (0 + 1 + ... + (m - 1)), m = ceil(n / 3).
 * Closed form, so it shares no code with any implementation.
 */
const expectedSum = (n: number): number => {
  const m = Math.ceil(n / 3)
  return 3 * m * (m - 1)
}

const workload: Workload<Input, number> = {
  title: `${N.toLocaleString('en')} integers: map(x * 2) -> filter(x % 3 === 0) -> fold sum`,
  setup: () => Array.from({ length: N }, (_, i) => i),
  expected: (input) => expectedSum(input.length)
}

export default workload
