/**
 * The contract between `bench/run.ts`, `bench/child.ts` and the workload folders.
 * See the comment at the top of `bench/run.ts` for how to add a workload.
 */

/** A throughput column: `<unit>/s` = `count` / median seconds. */
export interface PerSecond {
  readonly count: number
  readonly unit: string
}

/**
 * One size of a workload that runs at several (W4: C = 1,000 and C = 5,000 connections). Every implementation runs
 * once per variant, in a fresh child; each variant has its own table, whose ratios are to its own baseline row.
 * Variants are passed to the child as JSON: plain data only.
 */
export interface Variant {
  /** The table's heading, e.g. `C = 1,000`. */
  readonly label: string
  /** This variant's throughput column, instead of the workload's `perSecond`. */
  readonly perSecond?: PerSecond
}

/**
 * A column of numbers an implementation reports besides its timings (`Implementation.metrics`), e.g. memory per
 * connection. Lower is better, as for times.
 */
export interface Metric {
  /** The key in what `Implementation.metrics` returns. */
  readonly key: string
  /** The column's header, e.g. `RSS/conn (KiB)`. */
  readonly header: string
  /** Digits after the decimal point. */
  readonly digits: number
  /** When given, a second column with this header: the value divided by the baseline's. */
  readonly ratioHeader?: string
}

/** `bench/<folder>/workload.ts` default-exports one of these. */
export interface Workload<I, R, V extends Variant | undefined = undefined> {
  /** One line shown above the table, e.g. `1,000,000 integers: map -> filter -> fold sum`. */
  readonly title: string
  /**
   * Builds the input, once per child process, outside the timing. May start servers. Gets the variant being run
   * (`undefined` when the workload has no `variants`).
   */
  readonly setup: (variant: V) => I | Promise<I>
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
  readonly perSecond?: PerSecond
  /** The sizes to run at, one table each; absent: one run, one table. */
  readonly variants?: ReadonlyArray<Exclude<V, undefined>>
  /** Columns filled from each implementation's `metrics`. */
  readonly metrics?: ReadonlyArray<Metric>
  /** Node flags for this workload's children, after `--expose-gc` (e.g. V8 heap sizes that memory figures need). */
  readonly nodeFlags?: ReadonlyArray<string>
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
  /** The values of the workload's `metrics` columns, asked once after the timed runs (before `teardown`). */
  readonly metrics?: (input: I) => Readonly<Record<string, number>>
  readonly teardown?: (input: I) => void | Promise<void>
}

/** What the parent asks a child to do (passed as JSON in argv). */
export interface ChildRequest {
  readonly workloadFile: string
  readonly implementationFile: string
  /** The index of the variant to run in the workload's `variants`, when it has some. */
  readonly variant?: number
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
      /** What `Implementation.metrics` returned, if the implementation has it. */
      readonly metrics?: Readonly<Record<string, number>>
    }
  | {
      readonly ok: false
      readonly name: string
      /** `wrong-result` means the implementation ran but returned something else than expected. */
      readonly kind: 'load' | 'error' | 'wrong-result'
      readonly message: string
    }
