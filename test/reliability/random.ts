/**
 * Test helper: a small deterministic PRNG (mulberry32), so that a run of a randomized test can be replayed.
 */

/** Numbers in [0, 1), the same sequence for the same seed. */
export const random = (seed: number) => (): number => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
