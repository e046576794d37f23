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
 *      independently, and optionally `equals`, `teardown`, `runs`, `perSecond` (a throughput column).
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

import type { ChildReport, ChildRequest, Workload } from './types'

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

const runChild = (req: ChildRequest): Promise<ChildReport> =>
  new Promise((resolvePromise) => {
    const name = basename(req.implementationFile, '.ts')
    const child = fork(CHILD, [JSON.stringify(req)], {
      cwd: ROOT,
      execArgv: ['--expose-gc', '-r', require.resolve('ts-node/register/transpile-only')],
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

const table = (rows: ReadonlyArray<Row>, perSecond?: Workload<unknown, unknown>['perSecond']): string => {
  const base = rows.find((r) => basename(r.file) === 'baseline.ts')?.report
  const baseMedian = base?.ok ? median(base.samplesMs) : undefined
  const measured = rows
    .flatMap((r) => (r.report.ok ? [{ name: r.report.name, samples: r.report.samplesMs }] : []))
    .map((r) => ({ ...r, median: median(r.samples) }))
    .sort((a, b) => a.median - b.median)
  const extra = perSecond === undefined ? '' : ` ${perSecond.unit}/s |`
  const lines = [
    `| Implementation | Median (ms) | Ratio |${extra} Min–max (ms) | Runs |`,
    `| --- | ---: | ---: |${extra === '' ? '' : ' ---: |'} ---: | ---: |`
  ]
  for (const r of measured) {
    const ratio = baseMedian === undefined ? 'n/a' : `${(r.median / baseMedian).toFixed(2)}x`
    const spread = `${ms(Math.min(...r.samples))}–${ms(Math.max(...r.samples))}`
    const throughput = perSecond === undefined ? '' : ` ${rate(perSecond.count / (r.median / 1000))} |`
    lines.push(`| ${r.name} | ${ms(r.median)} | ${ratio} |${throughput} ${spread} | ${r.samples.length} |`)
  }
  for (const r of rows) {
    if (!r.report.ok) {
      const why =
        r.report.kind === 'wrong-result' ? 'WRONG RESULT' : r.report.kind === 'load' ? 'failed to load' : 'failed'
      const dashes = perSecond === undefined ? '' : ' – |'
      lines.push(
        `| ${r.report.name} | ${why}: ${firstLine(r.report.message).replace(/\|/g, '\\|')} | – |${dashes} – | 0 |`
      )
    }
  }
  return lines.join('\n')
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
    const workload = (require(w.workloadFile) as { default: Workload<unknown, unknown> }).default
    const runs = Math.max(5, envInt('BENCH_RUNS', workload.runs ?? 7))
    console.error(`\n${w.id}: ${workload.title}`)
    const rows: Array<Row> = []
    for (const file of w.implementationFiles) {
      const req: ChildRequest = {
        workloadFile: w.workloadFile,
        implementationFile: join(w.dir, file),
        runs,
        minRuns: Math.min(runs, 5),
        slowRunMs: 1000,
        minWarmup: 2,
        maxWarmup: 20,
        warmupMs: envInt('BENCH_WARMUP_MS', 1000),
        warmupCapMs: 3000
      }
      const started = Date.now()
      const report = await runChild(req)
      rows.push({ file, report })
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s`
      if (report.ok) {
        console.error(`  ${report.name}: median ${ms(median(report.samplesMs))} ms (${took})`)
      } else {
        failures++
        console.error(
          `  ${report.name}: FAILED (${report.kind}) ${report.message.split('\n').slice(0, 6).join('\n    ')}`
        )
      }
    }
    const section = `## ${w.id}: ${workload.title}\n\n${table(rows, workload.perSecond)}`
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
