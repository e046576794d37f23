/**
 * The lint rule that keeps module-level mutable state out of src/ (eslint.config.mjs, `no-restricted-syntax`): a
 * fixture, linted as if it were a file of src/, must be refused exactly on the lines that hold such state, and the
 * same shapes inside a function (or a `const`, a `readonly` static) pass.
 *
 * ESLint runs in a child process (its configuration is an ES module, which jest's CommonJS cannot import).
 */
import { execFile } from 'node:child_process'
import * as path from 'node:path'
import { promisify } from 'node:util'

const ROOT = path.resolve(__dirname, '..')

/** Each line marked `// refused` must get exactly one message of the rule; no other line may get one. */
const FIXTURE = `import { Writeable } from './http/Writeable'

export let counter = 0 // refused
var legacy = 1 // refused
let hook: (() => void) | undefined // refused
export const options = { onError: () => undefined }

options.onError = () => undefined // refused
Writeable.string = Writeable.html as never // refused
;(Writeable as { n?: number }).n = 1 // refused
;(options as unknown as { n: number }).n++ // refused
delete (options as { onError?: unknown }).onError // refused
Object.assign(options, { more: true }) // refused
Object.defineProperty(options, 'x', { value: 1 }) // refused

export class Cache {
  static size = 0 // refused
  static readonly limit = 10
  private entries: Array<string> = []
  add(entry: string): void {
    this.entries.push(entry)
  }
}

export const make = () => {
  let local = 0
  const box = { n: 0 }
  box.n = local++
  Object.assign(box, { m: 1 })
  return box
}

export const frozen = Object.freeze({ a: 1 })
export const bump = (): number => counter++
export { legacy, hook }
`

interface LintMessage {
  readonly ruleId: string | null
  readonly line: number
  readonly message: string
}

let messages: Array<LintMessage> = []

beforeAll(async () => {
  const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')
  const run = promisify(execFile)(
    process.execPath,
    [eslint, '--stdin', '--stdin-filename', path.join(ROOT, 'src', '__lintFixture__.ts'), '--format', 'json'],
    { cwd: ROOT, maxBuffer: 16 << 20 }
  )
  run.child.stdin!.end(FIXTURE)
  // ESLint exits with 1 when it finds errors, as it must here
  const stdout = await run.then(
    (r) => r.stdout,
    (e: { stdout?: string; message: string }) => {
      if (e.stdout === undefined || e.stdout === '') throw new Error(e.message)
      return e.stdout
    }
  )
  const [result] = JSON.parse(stdout) as Array<{ messages: Array<LintMessage> }>
  messages = result.messages
}, 60_000)

describe('no module-level mutable state in src/', () => {
  it('refuses a module-level let or var, a member assignment, update or delete, Object.assign and a mutable static', () => {
    const refused = FIXTURE.split('\n')
      .map((line, i) => (line.endsWith('// refused') ? i + 1 : 0))
      .filter((n) => n > 0)
    expect(refused.length).toBe(11)
    const flagged = messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line)
    expect(flagged).toEqual(refused)
  })

  it('finds nothing else to say about the fixture (but no-var on its var)', () => {
    expect(messages.filter((m) => m.ruleId !== 'no-restricted-syntax' && m.ruleId !== 'no-var')).toEqual([])
  })
})
