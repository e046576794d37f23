/**
 * The representation stays inside (DESIGN.md, issue 9): no module outside src/internal/ reads a representation
 * field, a member whose name starts with `_` of the classes behind `Iteratee`, `Enumerator` and `Enumeratee`
 * (internal/iteratee.ts, internal/core.ts). Those modules use the toolkit instead: `isCont`, `resultOf`,
 * `continueWith`... in internal/iteratee.ts, `enumeratee`, `feedInner`, `feedFor`... in internal/core.ts.
 *
 * ESLint's no-restricted-syntax refuses the fields by name (eslint.config.mjs; test/lint.test.ts), but it cannot
 * tell an iteratee's `_tag` from the `_tag` of an Input, a Step or an Option, which are public data. This test asks
 * the type checker where each `_` member that src/ reads is declared.
 */
import * as path from 'node:path'
import * as ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')
const INTERNAL = path.join(ROOT, 'src', 'internal') + path.sep

const isInternal = (file: string): boolean => path.resolve(file).startsWith(INTERNAL)

/** Whether `symbol` is a member of a class of src/internal/ (a property, a getter...), seen through any type. */
const isRepresentation = (checker: ts.TypeChecker, symbol: ts.Symbol | undefined): boolean => {
  if (symbol === undefined) return false
  const s = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  // a property of a union (an iteratee or an input) is synthetic: its parts are declared where each comes from
  return (s.declarations ?? []).some((d) => ts.isClassLike(d.parent) && isInternal(d.getSourceFile().fileName))
}

/** `file:line: text` for each read of a representation field in `source`. */
const readsIn = (checker: ts.TypeChecker, source: ts.SourceFile): Array<string> => {
  const found: Array<string> = []
  const report = (node: ts.Node, name: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
    found.push(`${path.relative(ROOT, source.fileName)}:${line + 1}: ${name}`)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text.startsWith('_')) {
      if (isRepresentation(checker, checker.getSymbolAtLocation(node.name))) report(node, node.name.text)
    } else if (
      ts.isElementAccessExpression(node) &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text.startsWith('_')
    ) {
      const name = node.argumentExpression.text
      const property = checker.getTypeAtLocation(node.expression).getProperty(name)
      if (isRepresentation(checker, property)) report(node, name)
    } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name
      if (ts.isIdentifier(key) && key.text.startsWith('_')) {
        const property = checker.getTypeAtLocation(node.parent).getProperty(key.text)
        if (isRepresentation(checker, property)) report(node, key.text)
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

let program: ts.Program

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      }
    }
  )!
  program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true })
}, 60_000)

const outside = (): Array<ts.SourceFile> =>
  program
    .getSourceFiles()
    .filter((f) => path.resolve(f.fileName).startsWith(path.join(ROOT, 'src') + path.sep) && !isInternal(f.fileName))

describe('the representation of iteratees, enumerators and enumeratees', () => {
  it('is read nowhere outside src/internal/, `_tag` on an iteratee included', () => {
    const checker = program.getTypeChecker()
    const files = outside()
    expect(files.length).toBeGreaterThan(20)
    expect(files.flatMap((f) => readsIn(checker, f))).toEqual([])
  })

  it('is found where it is read: the check itself sees every field, `_tag` but not an Input’s', () => {
    // a module outside internal/ that reads each kind of field, checked against the same program
    const text = [
      "import * as I from './internal/iteratee'",
      "import * as C from './internal/core'",
      "import { Input } from './Input'",
      'declare const it: I.Iteratee<number, string>',
      'declare const e: C.Enumerator<number>',
      'declare const input: Input<number>',
      "export const a = it._tag === 'Cont' && input._tag === 'El'",
      'export const b = it._k',
      "export const c = e['_feed']",
      'export const { _msg } = it'
    ].join('\n')
    const file = path.join(ROOT, 'src', '__representationFixture__.ts')
    const host = ts.createCompilerHost(program.getCompilerOptions())
    const getSourceFile = host.getSourceFile.bind(host)
    host.getSourceFile = (name, version, ...rest) =>
      path.resolve(name) === file
        ? ts.createSourceFile(name, text, version, true)
        : getSourceFile(name, version, ...rest)
    const fileExists = host.fileExists.bind(host)
    host.fileExists = (name) => path.resolve(name) === file || fileExists(name)
    // with every file of src/: representation.d.ts, which no module imports, gives the public types their fields
    const withFixture = ts.createProgram(
      [...program.getRootFileNames(), file],
      program.getCompilerOptions(),
      host,
      program
    )
    const fixture = withFixture.getSourceFile(file)!
    const fixtureName = path.relative(ROOT, file)
    expect(readsIn(withFixture.getTypeChecker(), fixture)).toEqual([
      `${fixtureName}:7: _tag`,
      `${fixtureName}:8: _k`,
      `${fixtureName}:9: _feed`,
      `${fixtureName}:10: _msg`
    ])
  })
})
