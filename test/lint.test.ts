/**
 * The lint rules of src/ (eslint.config.mjs, `no-restricted-syntax`):
 * - no module-level mutable state: a fixture, linted as if it were a file of src/, must be refused exactly on the
 *   lines that hold such state, and the same shapes inside a function (or a `const`, a `readonly` static) pass;
 * - no representation field read outside src/internal/: a fixture that reads them is refused on each such line as a
 *   file of src/, and passes as a file of src/internal/ (an Input's `_tag`, public data, passes everywhere).
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

/** Reads of representation fields, each line marked `// refused` outside src/internal/. */
const REPRESENTATION_FIXTURE = `import * as C from './internal/core'
import * as I from './internal/iteratee'
import type { Lifetime } from './internal/lifetime'
import type { Input } from './Input'

export const inspect = (it: I.Iteratee<number, string>, e: C.Enumerator<number>, input: Input<number>, life: Lifetime) => {
  const k = it._k // refused
  const a = it._a // refused
  const f = e['_feed'] // refused
  const { _msg } = it // refused
  const p = it._p!.then(() => it._cause) // refused
  const feedsOn = e._through !== undefined && e._sequence === undefined // refused
  const isEl = input._tag === 'El'
  const isCont = it._tag === 'Cont'
  return [k, a, f, _msg, p, feedsOn, isEl, isCont, I.resultOf(it), C.feedFor(e, it, life)]
}
`

interface LintMessage {
  readonly ruleId: string | null
  readonly line: number
  readonly message: string
}

/** The messages ESLint gives `text`, linted as the file `relative` (to the root) would be. */
const lint = async (text: string, relative: string): Promise<Array<LintMessage>> => {
  const eslint = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js')
  const run = promisify(execFile)(
    process.execPath,
    [eslint, '--stdin', '--stdin-filename', path.join(ROOT, relative), '--format', 'json'],
    { cwd: ROOT, maxBuffer: 16 << 20 }
  )
  run.child.stdin!.end(text)
  // ESLint exits with 1 when it finds errors, as it must here
  const stdout = await run.then(
    (r) => r.stdout,
    (e: { stdout?: string; message: string }) => {
      if (e.stdout === undefined || e.stdout === '') throw new Error(e.message)
      return e.stdout
    }
  )
  const [result] = JSON.parse(stdout) as Array<{ messages: Array<LintMessage> }>
  return result.messages
}

/** The lines of `text` marked `// refused`. */
const refusedLines = (text: string): Array<number> =>
  text
    .split('\n')
    .map((line, i) => (line.endsWith('// refused') ? i + 1 : 0))
    .filter((n) => n > 0)

let messages: Array<LintMessage> = []
let representationOutside: Array<LintMessage> = []
let representationInside: Array<LintMessage> = []

beforeAll(async () => {
  // one after the other: the machine may be busy, and each run loads the whole configuration
  messages = await lint(FIXTURE, path.join('src', '__lintFixture__.ts'))
  representationOutside = await lint(REPRESENTATION_FIXTURE, path.join('src', '__representationFixture__.ts'))
  // the same text, imports included: only the rule under test is looked at
  representationInside = await lint(
    REPRESENTATION_FIXTURE,
    path.join('src', 'internal', '__representationFixture__.ts')
  )
}, 120_000)

describe('no module-level mutable state in src/', () => {
  it('refuses a module-level let or var, a member assignment, update or delete, Object.assign and a mutable static', () => {
    const refused = refusedLines(FIXTURE)
    expect(refused.length).toBe(11)
    const flagged = messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line)
    expect(flagged).toEqual(refused)
  })

  it('finds nothing else to say about the fixture (but no-var on its var)', () => {
    expect(messages.filter((m) => m.ruleId !== 'no-restricted-syntax' && m.ruleId !== 'no-var')).toEqual([])
  })
})

describe('no representation field read outside src/internal/', () => {
  it('refuses, in a module of src/, each line that reads a field of an iteratee or an enumerator', () => {
    const refused = refusedLines(REPRESENTATION_FIXTURE)
    expect(refused.length).toBe(6)
    const flagged = representationOutside.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line)
    // a line that reads two fields is refused twice
    expect([...new Set(flagged)]).toEqual(refused)
    expect(flagged.length).toBe(8)
  })

  it('lets src/internal/ read them', () => {
    // parsed (a parse error has no rule), and not refused
    expect(representationInside.filter((m) => m.ruleId === null)).toEqual([])
    expect(representationInside.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([])
  })
})
