/**
 * Every ```ts block in docs/ (any depth) is a test: it is type-checked with the project's compiler
 * options, then run, and fails on a type error, a thrown error or a failed assert.
 *
 * How a block is prepared:
 * - `'play-iteratees-ts'` (and `'play-iteratees-ts/<path>'`) become the absolute path of `src/index`
 *   (and `src/<path>`), so examples import from the package root as users do.
 * - The statements after the block's leading imports are wrapped in an exported async function, so
 *   top-level `await` works. The wrapper is inserted without adding lines, so a line in the
 *   generated file is the same line of the block: diagnostics point at the Markdown line.
 *   Imports must therefore come first in a block.
 * - All blocks are written to one temporary directory (under node_modules/.cache, so that bare
 *   imports such as `fp-ts/function` resolve as they do in the project) and type-checked by a single
 *   `ts.createProgram` (tsconfig.json's options; `types` is only `node`: examples cannot lean on
 *   jest's globals). Then each block is transpiled to CommonJS and run by `require`.
 *
 * Fragments that are not meant to run must use another fence language (```text, ```scala...).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { SourceMap } from 'node:module'
import * as ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')
/** DOCS_TEST_DIR points the test at another folder (to try the harness itself). */
const DOCS = process.env.DOCS_TEST_DIR ?? path.join(ROOT, 'docs')
const PACKAGE = 'play-iteratees-ts'
const ENTRY = '__docBlock'

interface Block {
  /** docs-relative path with forward slashes, e.g. `docs/iteratees.md` */
  readonly doc: string
  /** 1-based line of the opening fence in the Markdown file */
  readonly fenceLine: number
  readonly code: string
  /** the generated TypeScript file */
  tsFile: string
  jsFile: string
  /** where the wrapper sits in the generated file */
  wrapperAt: number
  wrapperLength: number
  readonly diagnostics: Array<string>
}

// -------------------------------------------------------------------------------------
// finding the blocks
// -------------------------------------------------------------------------------------

const markdownFiles = (dir: string): Array<string> => {
  if (!fs.existsSync(dir)) return []
  const out: Array<string> = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...markdownFiles(full))
    else if (entry.isFile() && entry.name.endsWith('.md')) out.push(full)
  }
  return out.sort()
}

/** The ```ts (or ```typescript) blocks of a Markdown text; other fences are skipped whole. */
const extractBlocks = (doc: string, text: string): Array<Block> => {
  const lines = text.split(/\r?\n/)
  const blocks: Array<Block> = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i])
    if (open === null) continue
    const fence = open[2]
    const lang = open[3].toLowerCase()
    const start = i
    const body: Array<string> = []
    for (i++; i < lines.length; i++) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[i])
      if (close !== null && close[1][0] === fence[0] && close[1].length >= fence.length) break
      body.push(lines[i])
    }
    if (lang === 'ts' || lang === 'typescript') {
      blocks.push({
        doc,
        fenceLine: start + 1,
        code: body.join('\n'),
        tsFile: '',
        jsFile: '',
        wrapperAt: 0,
        wrapperLength: 0,
        diagnostics: []
      })
    }
  }
  return blocks
}

const blocks: Array<Block> = markdownFiles(DOCS).flatMap((file) =>
  extractBlocks(path.relative(ROOT, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8'))
)

// -------------------------------------------------------------------------------------
// preparing a block: package imports, and an async wrapper that keeps line numbers
// -------------------------------------------------------------------------------------

const rewriteImports = (code: string): string =>
  code.replace(
    new RegExp(`(['"])${PACKAGE.replace(/[-]/g, '\\-')}(/[^'"]*)?\\1`, 'g'),
    (_m, quote: string, sub: string | undefined) =>
      quote +
      path
        .join(ROOT, 'src', sub === undefined ? 'index' : sub.slice(1))
        .split(path.sep)
        .join('/') +
      quote
  )

/** Where the wrapper was inserted in a generated file, so that columns can be given back. */
interface Wrapped {
  readonly text: string
  readonly at: number
  readonly length: number
  readonly lateImport: boolean
}

/** The block as a module: its leading imports, then the rest inside `export async function __docBlock()`. */
const wrap = (code: string): Wrapped => {
  const source = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const isImport = (s: ts.Statement) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s)
  let end = 0
  let i = 0
  for (; i < source.statements.length && isImport(source.statements[i]); i++) end = source.statements[i].end
  const lateImport = source.statements.slice(i).some(isImport)
  // no newline in the wrapper, so every line stays where it was in the block
  const opening = `; export async function ${ENTRY}(): Promise<void> {`
  return {
    text: `${code.slice(0, end)}${opening}${code.slice(end)}\n}\n`,
    at: end,
    length: opening.length,
    lateImport
  }
}

// -------------------------------------------------------------------------------------
// type-checking every block at once
// -------------------------------------------------------------------------------------

const compilerOptions = (): ts.CompilerOptions => {
  const configPath = path.join(ROOT, 'tsconfig.json')
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p))
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath)
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    types: ['node'],
    typeRoots: [path.join(ROOT, 'node_modules', '@types')]
  }
  for (const key of [
    'rootDir',
    'outDir',
    'declaration',
    'declarationMap',
    'sourceMap',
    'incremental',
    'tsBuildInfoFile',
    'composite'
  ])
    delete options[key]
  return options
}

/** `docs/x.md:LINE:COL`, for a position in a block's generated file. */
const where = (block: Block, file: ts.SourceFile, pos: number): string => {
  const { line, character } = file.getLineAndCharacterOfPosition(pos)
  const wrapperLine = file.getLineAndCharacterOfPosition(block.wrapperAt).line
  // on the line where the wrapper was inserted, columns after it are shifted by its length
  const column =
    line === wrapperLine && pos >= block.wrapperAt + block.wrapperLength ? character - block.wrapperLength : character
  return `${block.doc}:${block.fenceLine + 1 + line}:${column + 1}`
}

const typeCheck = (options: ts.CompilerOptions): void => {
  const byFile = new Map(blocks.map((b) => [path.resolve(b.tsFile), b]))
  const program = ts.createProgram({ rootNames: blocks.map((b) => b.tsFile), options })
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  for (const b of blocks) {
    const sf = program.getSourceFile(b.tsFile)
    if (sf === undefined) {
      b.diagnostics.push(`${b.doc}:${b.fenceLine}: not part of the program`)
      continue
    }
    diagnostics.push(...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf))
  }
  for (const d of diagnostics) {
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    const block = d.file === undefined ? undefined : byFile.get(path.resolve(d.file.fileName))
    if (block !== undefined && d.file !== undefined)
      block.diagnostics.push(`${where(block, d.file, d.start ?? 0)} ${message}`)
    else {
      // a diagnostic outside the blocks (options, a library file): every block reports it
      const at = d.file === undefined ? '' : `${d.file.fileName}: `
      for (const b of blocks) b.diagnostics.push(at + message)
    }
  }
}

// -------------------------------------------------------------------------------------
// running a block
// -------------------------------------------------------------------------------------

const sourceMaps = new Map<string, SourceMap>()

const transpile = (block: Block, generated: string, options: ts.CompilerOptions): void => {
  const out = ts.transpileModule(generated, {
    compilerOptions: {
      ...options,
      module: ts.ModuleKind.CommonJS,
      noEmit: false,
      sourceMap: true,
      inlineSourceMap: false
    },
    fileName: block.tsFile
  })
  fs.writeFileSync(block.jsFile, out.outputText)
  if (out.sourceMapText !== undefined) sourceMaps.set(block.jsFile, new SourceMap(JSON.parse(out.sourceMapText)))
}

/**
 * The failure to report: the original message prefixed with the Markdown position of the failing
 * line (read from the stack through the block's source map). Errors may come from another realm
 * (`node:assert` is not jest's sandbox), so they are read by shape, not with `instanceof`.
 */
const locate = (block: Block, thrown: unknown): Error => {
  const original: { name?: unknown; message?: unknown; stack?: unknown } =
    typeof thrown === 'object' && thrown !== null ? thrown : { message: String(thrown) }
  const stack = typeof original.stack === 'string' ? original.stack : ''
  const map = sourceMaps.get(block.jsFile)
  const escaped = block.jsFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const m = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack)
  let at = `${block.doc}:${block.fenceLine}`
  if (m !== null && map !== undefined) {
    const entry = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as { originalLine?: number }
    if (entry.originalLine !== undefined) at = `${block.doc}:${block.fenceLine + 1 + entry.originalLine}`
  }
  const name = typeof original.name === 'string' ? `${original.name}: ` : ''
  const e = new Error(`${at}: ${name}${String(original.message)}`)
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line))
  e.stack = [e.message, ...frames].join('\n')
  return e
}

// -------------------------------------------------------------------------------------
// the tests
// -------------------------------------------------------------------------------------

let tmp = ''

/** An error without a stack, so that jest shows the message and no frame of this file. */
const bare = (message: string): Error => {
  const e = new Error(message)
  e.stack = message
  return e
}

beforeAll(() => {
  const cache = path.join(ROOT, 'node_modules', '.cache', 'docs-test')
  fs.mkdirSync(cache, { recursive: true })
  tmp = fs.mkdtempSync(path.join(cache, 'run-'))
  const options = compilerOptions()
  blocks.forEach((b, n) => {
    const stem = `${b.doc.replace(/[^A-Za-z0-9]+/g, '_')}_${b.fenceLine}_${n}`
    b.tsFile = path.join(tmp, `${stem}.ts`)
    b.jsFile = path.join(tmp, `${stem}.js`)
    const wrapped = wrap(rewriteImports(b.code))
    const generated = `${wrapped.text}export {}\n`
    b.wrapperAt = wrapped.at
    b.wrapperLength = wrapped.length
    if (wrapped.lateImport) b.diagnostics.push(`${b.doc}:${b.fenceLine}: imports must come first in a block`)
    fs.writeFileSync(b.tsFile, generated)
    transpile(b, generated, options)
  })
  typeCheck(options)
}, 120_000)

afterAll(() => {
  if (tmp !== '') fs.rmSync(tmp, { recursive: true, force: true })
})

describe('docs', () => {
  it('has runnable examples', () => {
    expect(blocks.length).toBeGreaterThan(0)
  })

  for (const block of blocks) {
    it(`${block.doc}:${block.fenceLine}`, async () => {
      if (block.diagnostics.length > 0) throw bare(`type errors:\n${block.diagnostics.join('\n')}`)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(block.jsFile) as Record<string, () => Promise<void>>
      try {
        await mod[ENTRY]()
      } catch (thrown) {
        throw locate(block, thrown)
      }
    })
  }
})
