/**
 * The contract between `bench/run.ts`, `bench/child.ts` and the workload folders.
 * See the comment at the top of `bench/run.ts` for how to add a workload.
 */

/** `bench/<folder>/workload.ts` default-exports one of these. */
export interface Workload<I, R> {
  /** One line shown above the table, e.g. `1,000,000 integers: map -> filter -> fold sum`. */
  readonly title: string
  /** Builds the input, once per child process, outside the timing. May start servers. */
  readonly setup: () => I | Promise<I>
  /** The result every implementation must return, computed independently of all of them. */
  readonly expected: (input: I) => R
  /** Result comparison; `util.isDeepStrictEqual` when absent. */
  readonly equals?: (actual: R, expected: R) => boolean
  /** Releases what `setup` acquired (servers, sockets, files). */
  readonly teardown?: (input: I) => void | Promise<void>
  /** Timed runs per implementation (at least 5; default 7; env BENCH_RUNS overrides). */
  readonly runs?: number
  /**
   * Adds a throughput column, `<unit>/s` = `count` / median seconds: `{ count: 100_000, unit: 'msgs' }` when every run
   * handles 100,000 messages.
   */
  readonly perSecond?: { readonly count: number; readonly unit: string }
}

/**
 * Every other `bench/<folder>/*.ts` (except `workload.ts` and files starting with `_`)
 * default-exports one of these. `baseline.ts` is the reference (1.00x).
 */
export interface Implementation<I, R> {
  /** The row label in the table. */
  readonly name: string
  /** Per-process preparation outside the timing (e.g. start this implementation's server). */
  readonly setup?: (input: I) => void | Promise<void>
  /** One timed run. Its result is checked against `Workload.expected` after every run. */
  readonly run: (input: I) => R | Promise<R>
  readonly teardown?: (input: I) => void | Promise<void>
}

/** What the parent asks a child to do (passed as JSON in argv). */
export interface ChildRequest {
  readonly workloadFile: string
  readonly implementationFile: string
  /** Timed runs; `minRuns` instead when a warm-up run took longer than `slowRunMs`. */
  readonly runs: number
  readonly minRuns: number
  readonly slowRunMs: number
  /**
   * Warm-up: runs while under `warmupMs`, and at least `minWarmup` runs unless `warmupCapMs` has
   * passed (a single slow run is warm-up enough); never fewer than 1 nor more than `maxWarmup`.
   */
  readonly minWarmup: number
  readonly maxWarmup: number
  readonly warmupMs: number
  readonly warmupCapMs: number
}

/** What a child reports back over IPC. */
export type ChildReport =
  | {
      readonly ok: true
      readonly name: string
      readonly samplesMs: ReadonlyArray<number>
      readonly warmupRuns: number
      readonly result: unknown
    }
  | {
      readonly ok: false
      readonly name: string
      /** `wrong-result` means the implementation ran but returned something else than expected. */
      readonly kind: 'load' | 'error' | 'wrong-result'
      readonly message: string
    }
