/**
 * `npm run bench [-- W1 W2 ...]`: the project against its peers, as ratios to a plain baseline.
 *
 * How it works: every workload is a folder `bench/<wN>/`. Each implementation in it runs in a
 * fresh `node --expose-gc` child (`bench/child.ts`): warm-up runs, then timed runs (each after a
 * `gc()`, timed with `process.hrtime.bigint()`), every result checked against the expected one.
 * The parent prints one markdown table per workload (median ms, ratio to the baseline, sorted by
 * ratio) and writes them all to `.bench-out/latest.md`. An implementation that fails to load,
 * throws, or returns a wrong result is reported as failed; the others still run; the exit code
 * is then 1.
 *
 * To add a workload (say W3):
 *   1. `mkdir bench/w3` (the folder name, upper-cased, is the workload's id: `npm run bench -- W3`).
 *   2. `bench/w3/workload.ts`: `export default` a `Workload<Input, Result>` (see `bench/types.ts`):
 *      a `title`, `setup()` building the input (or starting a server), `expected(input)` computed
 *      independently, and optionally `equals`, `teardown`, `runs`, `perSecond` (a throughput column),
 *      `variants` (sizes to run at, one table each: `setup(variant)` gets the one being run) and
 *      `metrics` (columns of numbers each implementation reports through its `metrics()`, with their
 *      ratios to the baseline's) and `nodeFlags` (more flags for the children's `node`).
 *   3. `bench/w3/baseline.ts`: `export default` an `Implementation<Input, Result>`, the fastest
 *      plausible hand-written version; it is the 1.00x row.
 *   4. One more file per implementation (`ours.ts`, `rxjs.ts`, ...), each `export default` an
 *      `Implementation` with a `name` (the row label), `run(input)` and optional `setup`/`teardown`
 *      for per-process resources. Files starting with `_` are helpers and are not run.
 *
 * Environment: BENCH_RUNS (timed runs, >= 5), BENCH_WARMUP_MS, BENCH_TIMEOUT_S (per child).
 */
import { fork } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { basename, join, resolve } from 'node:path'

import type { ChildReport, ChildRequest, Metric, PerSecond, Variant, Workload } from './types'

const BENCH_DIR = __dirname
const ROOT = resolve(BENCH_DIR, '..')
const OUT_DIR = join(ROOT, '.bench-out')
const CHILD = join(BENCH_DIR, 'child.ts')

const envInt = (key: string, dflt: number): number => {
  const v = process.env[key]
  const n = v === undefined || v === '' ? NaN : Number(v)
  return Number.isFinite(n) ? n : dflt
}

const TIMEOUT_MS = envInt('BENCH_TIMEOUT_S', 120) * 1000

interface WorkloadDir {
  readonly id: string
  readonly dir: string
  readonly workloadFile: string
  /** `baseline.ts` first, then the others by file name. */
  readonly implementationFiles: ReadonlyArray<string>
}

interface Row {
  readonly file: string
  readonly report: ChildReport
}

const naturalCompare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })

const discover = (): Array<WorkloadDir> =>
  readdirSync(BENCH_DIR)
    .filter((d) => statSync(join(BENCH_DIR, d)).isDirectory() && existsSync(join(BENCH_DIR, d, 'workload.ts')))
    .sort(naturalCompare)
    .map((d) => {
      const dir = join(BENCH_DIR, d)
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'workload.ts' && !f.startsWith('_'))
        .sort((a, b) => (a === 'baseline.ts' ? -1 : b === 'baseline.ts' ? 1 : naturalCompare(a, b)))
      if (files[0] !== 'baseline.ts') throw new Error(`bench/${d} has no baseline.ts`)
      return { id: d.toUpperCase(), dir, workloadFile: join(dir, 'workload.ts'), implementationFiles: files }
    })

const runChild = (req: ChildRequest, nodeFlags: ReadonlyArray<string>): Promise<ChildReport> =>
  new Promise((resolvePromise) => {
    const name = basename(req.implementationFile, '.ts')
    const child = fork(CHILD, [JSON.stringify(req)], {
      cwd: ROOT,
      execArgv: ['--expose-gc', ...nodeFlags, '-r', require.resolve('ts-node/register/transpile-only')],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced'
    })
    let output = ''
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    let report: ChildReport | undefined
    const timer = setTimeout(() => {
      report ??= { ok: false, name, kind: 'error', message: `timed out after ${TIMEOUT_MS / 1000} s` }
      child.kill('SIGKILL')
    }, TIMEOUT_MS)
    child.on('message', (m) => {
      report ??= m as ChildReport
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolvePromise(
        report ?? {
          ok: false,
          name,
          kind: 'error',
          message: `child exited (code ${code}, signal ${signal}) without a report\n${output}`
        }
      )
    })
  })

const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1))

const firstLine = (s: string): string => s.split('\n')[0].slice(0, 160)

/** A throughput: 1234567 -> `1.23 M`, 12345 -> `12.3 k`. */
const rate = (x: number): string =>
  x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0)

/** The headers of the metric columns: each metric, then its ratio when it has one. */
const metricHeaders = (metrics: ReadonlyArray<Metric>): Array<string> =>
  metrics.flatMap((m) => (m.ratioHeader === undefined ? [m.header] : [m.header, m.ratioHeader]))

const table = (rows: ReadonlyArray<Row>, perSecond?: PerSecond, metrics: ReadonlyArray<Metric> = []): string => {
  const base = rows.find((r) => basename(r.file) === 'baseline.ts')?.report
  const baseMedian = base?.ok ? median(base.samplesMs) : undefined
  const measured = rows
    .flatMap((r) =>
      r.report.ok ? [{ name: r.report.name, samples: r.report.samplesMs, metrics: r.report.metrics ?? {} }] : []
    )
    .map((r) => ({ ...r, median: median(r.samples) }))
    .sort((a, b) => a.median - b.median)
  const extra = perSecond === undefined ? '' : ` ${perSecond.unit}/s |`
  const headers = metricHeaders(metrics)
  const metricHead = headers.map((h) => ` ${h} |`).join('')
  const lines = [
    `| Implementation | Median (ms) | Ratio |${extra}${metricHead} Min–max (ms) | Runs |`,
    `| --- | ---: | ---: |${extra === '' ? '' : ' ---: |'}${' ---: |'.repeat(headers.length)} ---: | ---: |`
  ]
  const metricCells = (values: Readonly<Record<string, number>>): string =>
    metrics
      .flatMap((m) => {
        const v = values[m.key]
        const cell = v === undefined ? '–' : v.toFixed(m.digits)
        if (m.ratioHeader === undefined) return [cell]
        const b = base?.ok ? base.metrics?.[m.key] : undefined
        return [cell, v === undefined || b === undefined || b === 0 ? 'n/a' : `${(v / b).toFixed(2)}x`]
      })
      .map((c) => ` ${c} |`)
      .join('')
  for (const r of measured) {
    const ratio = baseMedian === undefined ? 'n/a' : `${(r.median / baseMedian).toFixed(2)}x`
    const spread = `${ms(Math.min(...r.samples))}–${ms(Math.max(...r.samples))}`
    const throughput = perSecond === undefined ? '' : ` ${rate(perSecond.count / (r.median / 1000))} |`
    lines.push(
      `| ${r.name} | ${ms(r.median)} | ${ratio} |${throughput}${metricCells(r.metrics)} ${spread} | ${r.samples.length} |`
    )
  }
  for (const r of rows) {
    if (!r.report.ok) {
      const why =
        r.report.kind === 'wrong-result' ? 'WRONG RESULT' : r.report.kind === 'load' ? 'failed to load' : 'failed'
      const dashes = (perSecond === undefined ? '' : ' – |') + ' – |'.repeat(headers.length)
      lines.push(
        `| ${r.report.name} | ${why}: ${firstLine(r.report.message).replace(/\|/g, '\\|')} | – |${dashes} – | 0 |`
      )
    }
  }
  return lines.join('\n')
}

/** Runs one implementation (of one variant, when `variant` is given) in a child and logs how it went. */
const runImplementation = async (
  w: WorkloadDir,
  file: string,
  runs: number,
  variant: number | undefined,
  nodeFlags: ReadonlyArray<string>
): Promise<Row> => {
  const req: ChildRequest = {
    workloadFile: w.workloadFile,
    implementationFile: join(w.dir, file),
    ...(variant === undefined ? {} : { variant }),
    runs,
    minRuns: Math.min(runs, 5),
    slowRunMs: 1000,
    minWarmup: 2,
    maxWarmup: 20,
    warmupMs: envInt('BENCH_WARMUP_MS', 1000),
    warmupCapMs: 3000
  }
  const started = Date.now()
  const report = await runChild(req, nodeFlags)
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`
  if (report.ok) {
    console.error(`  ${report.name}: median ${ms(median(report.samplesMs))} ms (${took})`)
  } else {
    console.error(`  ${report.name}: FAILED (${report.kind}) ${report.message.split('\n').slice(0, 6).join('\n    ')}`)
  }
  return { file, report }
}

const main = async (): Promise<number> => {
  const all = discover()
  const wanted = process.argv.slice(2).map((a) => a.toUpperCase())
  const unknown = wanted.filter((w) => !all.some((d) => d.id === w))
  if (unknown.length > 0) {
    console.error(`unknown workload(s): ${unknown.join(', ')}; available: ${all.map((d) => d.id).join(', ')}`)
    return 2
  }
  const selected = wanted.length === 0 ? all : all.filter((d) => wanted.includes(d.id))

  const cpu = cpus()
  const header = [
    `# Benchmarks`,
    '',
    `${new Date().toISOString()} · Node ${process.version} · ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}`,
    `Each implementation runs in a fresh \`node --expose-gc\` process; median of the timed runs after warm-up;`,
    `ratio = median / baseline median (lower is better).`
  ].join('\n')
  const sections: Array<string> = [header]
  console.log(header)
  let failures = 0

  for (const w of selected) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const workload = (require(w.workloadFile) as { default: Workload<unknown, unknown, Variant | undefined> }).default
    const runs = Math.max(5, envInt('BENCH_RUNS', workload.runs ?? 7))
    console.error(`\n${w.id}: ${workload.title}`)
    const variants: ReadonlyArray<Variant | undefined> = workload.variants ?? [undefined]
    const tables: Array<string> = []
    for (let v = 0; v < variants.length; v++) {
      const variant = variants[v]
      if (variant !== undefined) console.error(` ${variant.label}`)
      const rows: Array<Row> = []
      for (const file of w.implementationFiles) {
        rows.push(
          await runImplementation(w, file, runs, variant === undefined ? undefined : v, workload.nodeFlags ?? [])
        )
        if (!rows[rows.length - 1].report.ok) failures++
      }
      const t = table(rows, variant?.perSecond ?? workload.perSecond, workload.metrics)
      tables.push(variant === undefined ? t : `### ${variant.label}\n\n${t}`)
    }
    const section = `## ${w.id}: ${workload.title}\n\n${tables.join('\n\n')}`
    sections.push(section)
    console.log(`\n${section}`)
  }

  mkdirSync(OUT_DIR, { recursive: true })
  writeFileSync(join(OUT_DIR, 'latest.md'), sections.join('\n\n') + '\n')
  console.error(`\nwritten to ${join('.bench-out', 'latest.md')}`)
  if (failures > 0) console.error(`${failures} implementation(s) failed or returned a wrong result`)
  return failures > 0 ? 1 : 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (e) => {
    console.error(e)
    process.exitCode = 1
  }
)
