/**
 * Child process: loads one workload and one implementation, warms up, times the runs, checks
 * every result, and reports to the parent (`bench/run.ts`) over IPC. One child per
 * implementation, so no implementation warms up or pollutes the JIT state of another.
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { isDeepStrictEqual, inspect } from 'node:util'

import type { ChildReport, ChildRequest, Implementation, Variant, Workload } from './types'

type AnyWorkload = Workload<unknown, unknown, Variant | undefined>
type AnyImplementation = Implementation<unknown, unknown>

class WrongResult extends Error {}

const gc: () => void = globalThis.gc ?? (() => undefined)

const loadDefault = <A>(file: string): A => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { default?: A }
  if (mod.default === undefined) throw new Error(`${file} has no default export`)
  return mod.default
}

/** The label of an implementation that could not even be loaded: its `name: '...'`, else its file name. */
const fallbackName = (file: string): string => {
  try {
    const m = /\bname:\s*(['"])(.+?)\1/.exec(readFileSync(file, 'utf8'))
    if (m) return m[2]
  } catch (_e) {
    // fall through
  }
  return basename(file).replace(/\.[cm]?[jt]s$/, '')
}

const describe = (e: unknown): string =>
  e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `thrown: ${inspect(e)}`

const elapsedMs = (since: bigint): number => Number(process.hrtime.bigint() - since) / 1e6

const main = async (req: ChildRequest): Promise<ChildReport> => {
  const workload = loadDefault<AnyWorkload>(req.workloadFile)
  let impl: AnyImplementation
  try {
    impl = loadDefault<AnyImplementation>(req.implementationFile)
  } catch (e) {
    return { ok: false, name: fallbackName(req.implementationFile), kind: 'load', message: describe(e) }
  }
  const name = impl.name
  const input = await workload.setup(req.variant === undefined ? undefined : workload.variants?.[req.variant])
  try {
    const expected = workload.expected(input)
    const equals = workload.equals ?? isDeepStrictEqual
    const check = (actual: unknown, what: string): void => {
      if (!equals(actual, expected)) {
        throw new WrongResult(`${what}: got ${inspect(actual)}, expected ${inspect(expected)}`)
      }
    }
    await impl.setup?.(input)
    try {
      let warmupRuns = 0
      const warmupStart = process.hrtime.bigint()
      for (;;) {
        check(await impl.run(input), `warm-up run ${warmupRuns + 1}`)
        warmupRuns++
        const spent = elapsedMs(warmupStart)
        if (warmupRuns >= req.maxWarmup) break
        if (spent < req.warmupMs) continue
        if (warmupRuns < req.minWarmup && spent < req.warmupCapMs) continue
        break
      }
      const runs = elapsedMs(warmupStart) / warmupRuns > req.slowRunMs ? req.minRuns : req.runs
      const samplesMs: Array<number> = []
      let result: unknown
      for (let i = 0; i < runs; i++) {
        gc()
        const t0 = process.hrtime.bigint()
        result = await impl.run(input)
        const t1 = process.hrtime.bigint()
        samplesMs.push(Number(t1 - t0) / 1e6)
        check(result, `timed run ${i + 1}`)
      }
      const metrics = impl.metrics?.(input)
      return { ok: true, name, samplesMs, warmupRuns, result, ...(metrics === undefined ? {} : { metrics }) }
    } finally {
      await impl.teardown?.(input)
    }
  } catch (e) {
    if (e instanceof WrongResult) return { ok: false, name, kind: 'wrong-result', message: e.message }
    return { ok: false, name, kind: 'error', message: describe(e) }
  } finally {
    await workload.teardown?.(input)
  }
}

const send = (report: ChildReport): void => {
  if (process.send) process.send(report, () => process.exit(0))
  else {
    console.log(JSON.stringify(report, null, 2))
    process.exit(report.ok ? 0 : 1)
  }
}

const request = JSON.parse(process.argv[2]) as ChildRequest
let reported = false
const fail = (kind: 'error', message: string): void => {
  if (reported) return
  reported = true
  send({ ok: false, name: fallbackName(request.implementationFile), kind, message })
}
process.on('unhandledRejection', (e) => fail('error', `unhandled rejection: ${describe(e)}`))
process.on('uncaughtException', (e) => fail('error', `uncaught exception: ${describe(e)}`))
main(request).then(
  (report) => {
    if (reported) return
    reported = true
    send(report)
  },
  (e) => fail('error', describe(e))
)
