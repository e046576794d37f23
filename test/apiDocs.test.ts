/**
 * The API reference (docs/api/, typedoc and typedoc-plugin-markdown, configured by typedoc.json):
 * - its entry points are exactly the package's entry points (package.json `exports`);
 * - every declaration a public module exports has a doc comment with a summary first, an
 *   `@example` holding a ```ts block (docs/api/ is under docs/, so test/docs.test.ts compiles and
 *   runs it), and `@play` with Play's name (or `none — why` for this port's own additions);
 * - docs/api/ is what `npm run docs:api` generates from the sources now, file for file.
 *
 * TypeDoc runs once, in a child process (it is an ES module), writing Markdown and its JSON model
 * to a temporary directory.
 */
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'

const ROOT = path.resolve(__dirname, '..')
const API = path.join(ROOT, 'docs', 'api')

interface TypedocConfig {
  readonly entryPoints: ReadonlyArray<string>
  readonly out: string
}

const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'typedoc.json'), 'utf8')) as TypedocConfig
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  readonly exports: Record<string, unknown>
}

// -------------------------------------------------------------------------------------
// TypeDoc's JSON model (the parts read here)
// -------------------------------------------------------------------------------------

interface CommentPart {
  readonly kind: string
  readonly text: string
}

interface Comment {
  readonly summary: ReadonlyArray<CommentPart>
  readonly blockTags?: ReadonlyArray<{ readonly tag: string; readonly content: ReadonlyArray<CommentPart> }>
}

interface Reflection {
  readonly id: number
  readonly name: string
  readonly kind: number
  readonly comment?: Comment
  readonly signatures?: ReadonlyArray<{ readonly comment?: Comment }>
  readonly children?: ReadonlyArray<Reflection>
}

/** TypeDoc's `ReflectionKind.Reference`: a re-export of a declaration documented in another module. */
const REFERENCE = 0x400000

/** TypeDoc's `ReflectionKind`s that a module exports, for the messages: `Writeable` is a type and a value. */
const KINDS: Record<number, string> = {
  0x4: 'namespace',
  0x8: 'enum',
  0x20: 'variable',
  0x40: 'function',
  0x80: 'class',
  0x100: 'interface',
  0x200000: 'type'
}

const text = (parts: ReadonlyArray<CommentPart>): string =>
  parts
    .map((p) => p.text)
    .join('')
    .trim()

/** What the comment of a declaration lacks, or `[]`. Functions carry their comments on their signatures. */
const lacks = (r: Reflection): Array<string> => {
  const comments = [r.comment, ...(r.signatures ?? []).map((s) => s.comment)].filter(
    (c): c is Comment => c !== undefined
  )
  if (comments.length === 0) return ['a doc comment']
  const best = (missing: (c: Comment) => Array<string>) =>
    comments.map(missing).reduce((a, b) => (b.length < a.length ? b : a))
  return best((c) => {
    const tags = c.blockTags ?? []
    const missing: Array<string> = []
    const summary = text(c.summary)
    if (summary === '' || summary.startsWith('```')) missing.push('a summary')
    const examples = tags.filter((t) => t.tag === '@example')
    if (!examples.some((t) => t.content.some((p) => p.kind === 'code' && /^```(ts|typescript)\s/.test(p.text))))
      missing.push('an @example with a ```ts block')
    if (!tags.some((t) => t.tag === '@play' && text(t.content) !== '')) missing.push("@play with Play's name")
    return missing
  })
}

// -------------------------------------------------------------------------------------
// files
// -------------------------------------------------------------------------------------

const filesUnder = (dir: string): Array<string> =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory() ? filesUnder(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : e.isFile() ? [e.name] : []
        )
        .sort()
    : []

let tmp = ''
let project: Reflection = { id: 0, name: '', kind: 0 }

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'play-iteratees-ts-api-'))
  const typedoc = path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc')
  try {
    await promisify(execFile)(
      process.execPath,
      [typedoc, '--options', 'typedoc.json', '--out', path.join(tmp, 'md'), '--json', path.join(tmp, 'api.json')],
      { cwd: ROOT, maxBuffer: 64 << 20 }
    )
  } catch (e) {
    const { stdout, stderr, message } = e as { stdout?: string; stderr?: string; message: string }
    throw new Error(`typedoc failed: ${message}\n${stdout ?? ''}\n${stderr ?? ''}`)
  }
  project = JSON.parse(fs.readFileSync(path.join(tmp, 'api.json'), 'utf8')) as Reflection
}, 180_000)

afterAll(() => {
  if (tmp !== '') fs.rmSync(tmp, { recursive: true, force: true })
})

describe('API reference', () => {
  it('documents exactly the entry points of package.json exports, into docs/api', () => {
    const subpathOf = (entry: string): string => {
      const rel = path.posix.relative('src', entry).replace(/(\/index)?\.ts$/, '')
      return rel === 'index' ? '.' : `./${rel}`
    }
    const documented = config.entryPoints.map(subpathOf).sort()
    const exported = Object.keys(manifest.exports)
      .filter((k) => k !== './package.json')
      .sort()
    expect(documented).toEqual(exported)
    expect(path.resolve(ROOT, config.out)).toBe(API)
  })

  it('every export of a public module has a summary, an @example and @play', () => {
    const modules = project.children ?? []
    expect(modules.length).toBe(config.entryPoints.length)
    const problems = modules.flatMap((m) =>
      (m.children ?? [])
        .filter((r) => r.kind !== REFERENCE)
        .map((r) => ({ name: `${m.name}: ${r.name} (${KINDS[r.kind] ?? `kind ${r.kind}`})`, missing: lacks(r) }))
        .filter((p) => p.missing.length > 0)
        .map((p) => `${p.name} lacks ${p.missing.join(', ')}`)
    )
    expect(problems).toEqual([])
  })

  it('reads well: no paragraph twice in a row, no type defined as itself, no parameter named by a single capital', () => {
    const problems: Array<string> = []
    for (const file of fs.readdirSync(API).filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(API, file), 'utf8')
      const paragraphs = text.split('\n\n').map((p) => p.trim())
      paragraphs.forEach((p, i) => {
        if (i > 0 && p.length > 40 && p === paragraphs[i - 1]) problems.push(`${file}: repeated: ${p.slice(0, 60)}`)
      })
      for (const m of text.matchAll(/(\w+)(\\?<[^>\n]*>)? = \1\2\b/g))
        problems.push(`${file}: defined as itself: ${m[0]}`)
      for (const m of text.matchAll(/#{5,6} Parameters\n\n#{6} ([A-Z])\n/g))
        problems.push(`${file}: a parameter named ${m[1]}`)
    }
    // the root page is an index, not a list of every member of every module
    expect(fs.readFileSync(path.join(API, 'play-iteratees-ts.md'), 'utf8').split('\n').length).toBeLessThan(600)
    expect(problems).toEqual([])
  })

  it('docs/api/ is what `npm run docs:api` generates now', () => {
    const generated = path.join(tmp, 'md')
    const want = filesUnder(generated)
    const have = filesUnder(API)
    expect(want.length).toBeGreaterThan(0)
    const stale = [
      ...want.filter((f) => !have.includes(f)).map((f) => `missing: docs/api/${f}`),
      ...have.filter((f) => !want.includes(f)).map((f) => `not generated any more: docs/api/${f}`),
      ...want
        .filter((f) => have.includes(f))
        .filter((f) => fs.readFileSync(path.join(generated, f), 'utf8') !== fs.readFileSync(path.join(API, f), 'utf8'))
        .map((f) => `out of date: docs/api/${f}`)
    ]
    if (stale.length > 0) throw new Error(`run \`npm run docs:api\`:\n${stale.join('\n')}`)
  })
})
