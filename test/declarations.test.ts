/**
 * The declarations users get (dist/**\/*.d.ts, which `npm run build` makes with tsconfig.build.json and its
 * `stripInternal`) show the public surface and nothing else. They are built here the same way, into a temporary
 * folder, and then:
 * - no declaration outside internal/ has a member whose name starts with `_` (but `_tag`, the discriminant of the
 *   data types: Input, Step, Html, a Result's body), and none kept an `@internal` comment;
 * - every class declares its constructor, so that a stripped `@internal` one cannot leave an implicit public
 *   `new X()` behind;
 * - nothing outside internal/ refers to internal/ (import, export, `import("…")` type or reference), so that the
 *   build can leave internal/'s declarations out, as it does;
 * - what a user can write of an `Iteratee`, `Enumerator`, `Enumeratee`, `Result` or `Html` (every member a user
 *   can name) does not type-check where the real type is expected, while the library's own values do;
 * - the declarations type-check, with `skipLibCheck` off.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')
/** Members named with a leading underscore that are public API: the `_tag` of the data types. */
const ALLOWED = new Set(['_tag'])

let out = ''
let emitErrors: Array<string> = []
let stripInternal = false
/** `file:line: text` of each finding, per rule */
const findings = {
  underscore: [] as Array<string>,
  internalTag: [] as Array<string>,
  implicitConstructor: [] as Array<string>,
  internalRef: [] as Array<string>
}
let consumerErrors: Array<{ line: number; message: string }> = []
let consumerLines: Record<string, number> = {}

const format = (d: ts.Diagnostic): string => {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
  if (d.file === undefined) return message
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
  return `${path.relative(out, d.file.fileName)}:${line + 1}: ${message}`
}

const declarationFiles = (dir: string): Array<string> =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? declarationFiles(path.join(dir, e.name))
        : e.name.endsWith('.d.ts')
          ? [path.join(dir, e.name)]
          : []
    )
    .sort()

const isInternalPath = (specifier: string): boolean => /(^|\/)internal(\/|$)/.test(specifier)

/** Applies the rules to one public declaration file. */
const inspect = (file: string): void => {
  const text = fs.readFileSync(file, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const where = (node: ts.Node): string =>
    `${path.relative(out, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`

  if (/@internal\b/.test(text)) findings.internalTag.push(`${path.relative(out, file)}: an @internal comment survived`)
  for (const ref of source.referencedFiles)
    if (isInternalPath(ref.fileName))
      findings.internalRef.push(`${path.relative(out, file)}: /// <reference> ${ref.fileName}`)

  const visit = (node: ts.Node): void => {
    // members and top-level names
    if (
      ts.isPropertySignature(node) ||
      ts.isMethodSignature(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isVariableDeclaration(node) ||
      ts.isFunctionDeclaration(node) ||
      ts.isClassDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node)
    ) {
      const name = node.name
      if (
        name !== undefined &&
        (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) &&
        name.text.replace(/^#/, '').startsWith('_') &&
        !ALLOWED.has(name.text)
      ) {
        findings.underscore.push(`${where(node)}: ${name.text}`)
      }
    }
    if (ts.isClassDeclaration(node) && !node.members.some(ts.isConstructorDeclaration)) {
      findings.implicitConstructor.push(`${where(node)}: class ${node.name?.text ?? '(anonymous)'}`)
    }
    // references to other modules
    const specifier =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined
        ? node.moduleSpecifier
        : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
          ? node.argument.literal
          : ts.isExternalModuleReference(node)
            ? node.expression
            : undefined
    if (specifier !== undefined && ts.isStringLiteral(specifier) && isInternalPath(specifier.text)) {
      findings.internalRef.push(`${where(node)}: ${specifier.text}`)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
}

/**
 * A user's module against the built declarations. A line marked `// look-alike` must be the one error of its line;
 * any other error fails the test.
 */
const CONSUMER = `import { Done, Enumeratee, Enumerator, Html, Ok, Result, type Iteratee } from './index'

/** What a user can write of a type: every member whose key can be named outside the library. */
type LookAlike<T> = { [K in Exclude<keyof T, symbol>]: T[K] }

declare const iteratee: LookAlike<Iteratee<number, number>>
declare const enumerator: LookAlike<Enumerator<number>>
declare const enumeratee: LookAlike<Enumeratee<number, string>>
declare const result: LookAlike<Result>
declare const html: LookAlike<Html>

export const realIteratee: Iteratee<number, number> = Done<number, number>(1)
export const realEnumerator: Enumerator<number> = Enumerator(1, 2)
export const realEnumeratee: Enumeratee<number, string> = Enumeratee.map((n: number) => String(n))
export const realResult: Result = Ok('fine')
export const realHtml: Html = Html('<p>')

export const fakeIteratee: Iteratee<number, number> = iteratee // look-alike
export const fakeEnumerator: Enumerator<number> = enumerator // look-alike
export const fakeEnumeratee: Enumeratee<number, string> = enumeratee // look-alike
export const fakeResult: Result = result // look-alike
export const fakeHtml: Html = html // look-alike
`

beforeAll(() => {
  const cache = path.join(ROOT, 'node_modules', '.cache', 'declarations-test')
  fs.mkdirSync(cache, { recursive: true })
  out = fs.mkdtempSync(path.join(cache, 'run-'))

  // the build's own configuration, declarations only, into `out`
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(format(d))
      }
    }
  )!
  stripInternal = config.options.stripInternal === true
  const program = ts.createProgram(config.fileNames, {
    ...config.options,
    outDir: out,
    declaration: true,
    emitDeclarationOnly: true,
    noEmit: false
  })
  const emitted = program.emit()
  emitErrors = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map(format)

  const publicFiles = declarationFiles(out).filter(
    (f) => !isInternalPath(path.relative(out, f).split(path.sep).join('/'))
  )
  for (const f of publicFiles) inspect(f)

  const consumer = path.join(out, 'consumer.ts')
  fs.writeFileSync(consumer, CONSUMER)
  consumerLines = Object.fromEntries(
    CONSUMER.split('\n')
      .map((l, i) => [l, i + 1] as const)
      .filter(([l]) => l.endsWith('// look-alike'))
      .map(([l, i]) => [/const (\w+)/.exec(l)![1], i])
  )
  const check = ts.createProgram([consumer, ...publicFiles], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['node'],
    strict: true,
    skipLibCheck: false,
    noEmit: true
  })
  const ours = check.getSourceFiles().filter((f) => path.resolve(f.fileName).startsWith(out + path.sep))
  consumerErrors = [
    ...check.getOptionsDiagnostics(),
    ...check.getGlobalDiagnostics(),
    ...ours.flatMap((f) => [...check.getSyntacticDiagnostics(f), ...check.getSemanticDiagnostics(f)])
  ].map((d) => ({
    line:
      d.file !== undefined && path.resolve(d.file.fileName) === consumer
        ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1
        : -1,
    message: format(d)
  }))
}, 120_000)

afterAll(() => {
  if (out !== '') fs.rmSync(out, { recursive: true, force: true })
})

describe('the published declarations', () => {
  it('are built from tsconfig.build.json, with stripInternal, without errors', () => {
    expect(stripInternal).toBe(true)
    expect(emitErrors).toEqual([])
  })

  it('show no member named with a leading underscore but `_tag`', () => {
    expect(findings.underscore).toEqual([])
  })

  it('keep nothing marked @internal', () => {
    expect(findings.internalTag).toEqual([])
  })

  it('declare the constructor of every class (no implicit public one where an internal one was stripped)', () => {
    expect(findings.implicitConstructor).toEqual([])
  })

  it('never refer to internal/', () => {
    expect(findings.internalRef).toEqual([])
  })

  it('type-check for a consumer, skipLibCheck off, where a look-alike of each branded type is refused', () => {
    const expectedLines = Object.values(consumerLines).sort((a, b) => a - b)
    expect(expectedLines).toHaveLength(5)
    // one error on each look-alike line, and no other error anywhere
    expect(consumerErrors.filter((e) => !expectedLines.includes(e.line)).map((e) => e.message)).toEqual([])
    expect([...new Set(consumerErrors.map((e) => e.line))].sort((a, b) => a - b)).toEqual(expectedLines)
  })
})
