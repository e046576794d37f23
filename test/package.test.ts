/**
 * The package as users get it. `npm pack` (whose `prepack` script builds dist/), the tarball
 * unpacked into a temporary project next to symlinks to its declared dependencies and nothing else,
 * then, in separate Node processes, as a user's program would:
 * - `require` of the root and of every subpath of the `exports` map gives the names that
 *   `src/<subpath>` exports, the same objects for the same names, and a few of them work (a chunked response
 *   and a WebSocket, on real sockets);
 * - ES `import { name } from ...` of every one of those names links (Node finds CommonJS named
 *   exports with cjs-module-lexer, so a name it cannot see fails here) and gives the very object
 *   that `require` gives: one copy of the library, whichever way it is loaded;
 * - loading every module adds no global, touches no built-in prototype and starts no timer or
 *   handle, which is what `"sideEffects": false` promises bundlers, and loads no Redis client (the
 *   `redis` entry point requires the optional peer `redis` only when it connects with a URL);
 * - the declarations type-check in a TypeScript consumer (node16, CommonJS and ESM,
 *   `skipLibCheck: false`);
 * - publint (strict) and @arethetypeswrong/cli (node10, node16 from CommonJS and from ESM, bundler)
 *   find nothing, on exactly the files of the tarball.
 *
 * Nothing is fetched: the dependencies are the project's own node_modules, linked, so a module
 * that needs a package missing from `dependencies` fails to load here.
 */
import { execFile, execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { promisify } from 'node:util'
import * as ts from 'typescript'

const run = promisify(execFile)
const ROOT = path.resolve(__dirname, '..')
const NAME = 'play-iteratees-ts'

interface PackageJson {
  readonly name: string
  readonly exports: Record<string, unknown>
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson
/** `.`, `./Iteratee`, `./comet`...: every entry of the exports map but `./package.json` */
const subpaths = Object.keys(manifest.exports).filter((k) => k !== './package.json')
const specifierOf = (subpath: string): string => (subpath === '.' ? NAME : `${NAME}/${subpath.slice(2)}`)
const specifiers = subpaths.map(specifierOf)

/**
 * What each entry point must export at run time: the names `src/<subpath>` exports (type-only
 * exports have no run-time name). test/docs.test.ts maps `play-iteratees-ts/<path>` to `src/<path>`
 * the same way.
 */
const expectedNames = (subpath: string): Array<string> => {
  const source = path.join(ROOT, 'src', subpath === '.' ? 'index' : subpath.slice(2))
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.keys(require(source) as object).sort()
}

/** Output of a child process, or of its failure, as text for a failed assertion. */
const settled = (p: Promise<{ stdout: string; stderr: string }>): Promise<{ ok: boolean; out: string }> =>
  p.then(
    ({ stdout }) => ({ ok: true, out: stdout }),
    (e: { stdout?: string; stderr?: string; message?: string }) => ({
      ok: false,
      out: `${e.message ?? ''}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`
    })
  )

// -------------------------------------------------------------------------------------
// the consumer's programs
// -------------------------------------------------------------------------------------

const SNAPSHOT = `
const prototypes = { Object, Array, Function, Promise, String, Number, Error, Map, Set, Uint8Array, Symbol }
/** What a module could change outside itself: globals, built-in prototypes, live handles and timers. */
const snapshot = () => ({
  globals: Reflect.ownKeys(globalThis).map(String).sort(),
  prototypes: Object.entries(prototypes).map(([n, c]) => n + ': ' + Reflect.ownKeys(c.prototype).map(String).sort().join(' ')),
  statics: Object.entries(prototypes).map(([n, c]) => n + ': ' + Reflect.ownKeys(c).map(String).sort().join(' ')),
  resources: process.getActiveResourcesInfo().sort()
})
`

/** CommonJS: loads everything, checks side effects and a few behaviours, prints the names. */
const cjsProgram = (): string => `'use strict'
const assert = require('node:assert/strict')
const http = require('node:http')
${SNAPSHOT}
const specifiers = ${JSON.stringify(specifiers)}
const before = snapshot()
const names = {}
for (const s of specifiers) names[s] = Object.keys(require(s)).sort()
assert.deepEqual(snapshot(), before, 'loading the package changed something outside it')
// the redis entry point loads the redis client only when it connects with a URL (redis is an optional peer)
const clientLoaded = Object.keys(require.cache).filter((f) => /[\\/]node_modules[\\/](redis|@redis)[\\/]/.test(f))
assert.deepEqual(clientLoaded, [], 'loading the package loaded the redis client')

const main = async () => {
  const root = require('${NAME}')
  // a name exported from the root and from its own module is one object (Enumerator too, Node statics included)
  for (const s of specifiers.slice(1)) {
    const m = require(s)
    for (const k of Object.keys(m)) if (k in root) assert.equal(m[k], root[k], s + ': ' + k)
  }
  assert.equal(require('${NAME}/Enumerator').Enumerator, root.Enumerator)
  assert.equal(root.Enumerator.fromStream, require('${NAME}/streams').fromStream)
  const { Enumerator, Enumeratee, Iteratee, Comet, Action, Ok } = root
  const total = await Enumerator(1, 2, 3).through(Enumeratee.map((n) => n * 10)).run(Iteratee.fold(0, (s, n) => s + n))
  assert.equal(total, 60)
  const { Iteratee: I } = require('${NAME}/Iteratee')
  const { Enumerator: E } = require('${NAME}/Enumerator')
  assert.deepEqual(await E.enumerate(['a', 'b']).run(I.getChunks()), ['a', 'b'])
  const comet = await Enumerator('kiki').through(Comet({ callback: 'cb' })).run(Iteratee.getChunks())
  assert.ok(comet.map(String).join('').includes("cb('kiki')"))
  // Node's http, for real
  const server = http.createServer(Action(() => Ok.chunked(Enumerator('a', 'b', 'c'))))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const res = await fetch('http://127.0.0.1:' + server.address().port + '/')
    assert.equal(await res.text(), 'abc')
    assert.equal(res.headers.get('transfer-encoding'), 'chunked')
  } finally {
    server.closeAllConnections()
    server.close()
  }
  // WebSockets on Node's 'upgrade' event, with the ws client (a dependency of the package)
  const { once } = require('node:events')
  const { WebSocket } = require('${NAME}/websocket')
  const { WebSocket: Client } = require('ws')
  const sockets = http.createServer()
  sockets.on('upgrade', WebSocket.adapter(() => Enumeratee.map((s) => s.toUpperCase())))
  await new Promise((resolve) => sockets.listen(0, '127.0.0.1', resolve))
  try {
    const client = new Client('ws://127.0.0.1:' + sockets.address().port + '/')
    await once(client, 'open')
    client.send('kiki')
    const [message] = await once(client, 'message')
    assert.equal(String(message), 'KIKI')
    client.close()
    await once(client, 'close')
  } finally {
    sockets.close()
  }
  process.stdout.write(JSON.stringify(names))
}
main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
`

/**
 * ES module: a static named import of every expected name of every entry point (linking fails on a
 * name Node cannot see), each the very object `require` gives; prints the namespaces' names.
 */
const esmProgram = (expected: ReadonlyArray<ReadonlyArray<string>>): string => {
  const imports = specifiers.map((s, i) => {
    const named = expected[i].map((n) => `${n} as m${i}_${n}`).join(', ')
    return `import { ${named} } from '${s}'\nimport * as ns${i} from '${s}'`
  })
  const checks = specifiers.map(
    (s, i) => `['${s}', ns${i}, { ${expected[i].map((n) => `${JSON.stringify(n)}: m${i}_${n}`).join(', ')} }]`
  )
  return `import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
${imports.join('\n')}
import { Enumeratee, Enumerator, Iteratee } from '${NAME}'
import { CometMessage } from '${NAME}/comet'

const require = createRequire(import.meta.url)
const names = {}
for (const [specifier, ns, named] of [${checks.join(',\n  ')}]) {
  const cjs = require(specifier)
  for (const [k, v] of Object.entries(named)) assert.equal(v, cjs[k], specifier + ': ' + k + ' is another object')
  // Node adds \`default\` (module.exports) and names \`__esModule\` to a CommonJS module's namespace
  names[specifier] = Object.keys(ns).filter((k) => !['default', 'module.exports', '__esModule'].includes(k)).sort()
}
const total = await Enumerator(1, 2, 3).through(Enumeratee.map((n) => n * 10)).run(Iteratee.fold(0, (s, n) => s + n))
assert.equal(total, 60)
assert.equal(CometMessage.string.toJavascriptMessage("it's"), "'it\\\\'s'")
process.stdout.write(JSON.stringify(names))
`
}

/** A TypeScript consumer: every entry point, and one typed use. */
const tsConsumer = (kind: 'esm' | 'cjs'): string =>
  specifiers.map((s, i) => `import * as ns${i} from '${s}'`).join('\n') +
  `
import { Enumerator, Iteratee } from '${NAME}'
import { Iteratee as I } from '${NAME}/Iteratee'
export const total: Promise<number> = Enumerator(1, 2).run(Iteratee.fold(0, (s: number, n: number) => s + n))
export const same: typeof Iteratee = I
export const all = [${specifiers.map((_, i) => `ns${i}`).join(', ')}]
export const kind = '${kind}'
`

/**
 * TypeScript's diagnostics for `files` and for the package's declarations they reach (not for
 * the other libraries, whose checking would only cost time), as `file:line: message` lines.
 */
const typeCheck = (files: ReadonlyArray<string>, options: ts.CompilerOptions): Array<string> => {
  const program = ts.createProgram({ rootNames: files, options: { ...options, noEmit: true, strict: true } })
  const ours = program
    .getSourceFiles()
    .filter((f) => files.includes(f.fileName) || path.resolve(f.fileName).startsWith(installed + path.sep))
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...ours.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)])
  ]
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n')
    if (d.file === undefined) return message
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0)
    return `${d.file.fileName}:${line + 1}: ${message}`
  })
}

// -------------------------------------------------------------------------------------
// packing, installing, running
// -------------------------------------------------------------------------------------

let tmp = ''
let project = ''
let installed = ''
let expected: Array<Array<string>> = []
let results: {
  cjs: { ok: boolean; out: string }
  esm: { ok: boolean; out: string }
  publint: { ok: boolean; out: string }
  attw: { ok: boolean; out: string }
  typeErrors: Array<string>
}

/**
 * A node16 consumer (a .cts and a .mts file) type-checked with skipLibCheck off, so that the
 * declarations themselves are checked. Resolution under node10 and bundler is attw's part.
 */
const typeCheckConsumer = (): Array<string> => {
  const esm = path.join(project, 'consumer.mts')
  const cjs = path.join(project, 'consumer.cts')
  fs.writeFileSync(esm, tsConsumer('esm'))
  fs.writeFileSync(cjs, tsConsumer('cjs'))
  return typeCheck([esm, cjs], {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ['node'],
    typeRoots: [path.join(project, 'node_modules', '@types')],
    skipLibCheck: false
  })
}

beforeAll(async () => {
  expected = subpaths.map(expectedNames)
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${NAME}-package-`))
  // `npm pack` runs `prepack`, that is `npm run build`: the tarball holds a fresh dist/
  execFileSync('npm', ['pack', '--pack-destination', tmp], { cwd: ROOT, stdio: 'pipe' })
  const tarballs = fs.readdirSync(tmp).filter((f) => f.endsWith('.tgz'))
  expect(tarballs).toHaveLength(1)
  const tarball = path.join(tmp, tarballs[0])

  project = path.join(tmp, 'consumer')
  const modules = path.join(project, 'node_modules')
  fs.mkdirSync(modules, { recursive: true })
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  execFileSync('tar', ['-xzf', tarball, '-C', modules])
  installed = path.join(modules, NAME)
  fs.renameSync(path.join(modules, 'package'), installed)
  // the declared dependencies, linked from the project (whose own dependencies resolve from there),
  // and @types/node, which a TypeScript consumer of a Node library has
  const packed = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as PackageJson
  const linked = [
    ...Object.keys(packed.dependencies ?? {}),
    ...Object.keys(packed.peerDependencies ?? {}),
    '@types/node'
  ]
  for (const dep of linked) {
    fs.mkdirSync(path.dirname(path.join(modules, dep)), { recursive: true })
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir')
  }
  fs.writeFileSync(path.join(project, 'check.cjs'), cjsProgram())
  fs.writeFileSync(path.join(project, 'check.mjs'), esmProgram(expected))

  const node = (args: ReadonlyArray<string>, cwd: string, env?: NodeJS.ProcessEnv) =>
    settled(run(process.execPath, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 }))
  const publintScript = `
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
const { messages, pkg } = await publint({ pkgDir: process.env.PACKAGE_DIR, pack: false, strict: true })
process.stdout.write(JSON.stringify(messages.map((m) => m.type + ' ' + m.code + ': ' + formatMessage(m, pkg, { color: false }))))
`
  const attw = path.join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js')
  const children = Promise.all([
    node(['check.cjs'], project),
    node(['check.mjs'], project),
    // `-e` with `--input-type=module` resolves bare imports from the working directory
    node(['--input-type=module', '-e', publintScript], ROOT, { PACKAGE_DIR: installed }),
    node([attw, tarball, '--format', 'json', '--no-definitely-typed'], tmp)
  ])
  // while the children run
  const typeErrors = typeCheckConsumer()
  const [cjs, esm, publint, attwResult] = await children
  results = { cjs, esm, publint, attw: attwResult, typeErrors }
}, 180_000)

afterAll(() => {
  if (tmp !== '') fs.rmSync(tmp, { recursive: true, force: true })
})

describe('the packed package', () => {
  it('every entry of the exports map is a module of src/, as test/docs.test.ts assumes', () => {
    expect(subpaths[0]).toBe('.')
    for (const sub of subpaths.slice(1)) {
      const base = path.join(ROOT, 'src', sub.slice(2))
      expect([`${base}.ts`, path.join(base, 'index.ts')].some((f) => fs.existsSync(f))).toBe(true)
    }
  })

  it('holds dist/ and package.json, README, no sources or tests', () => {
    const files = (dir: string): Array<string> =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    const all = files(installed).map((f) => path.relative(installed, f).split(path.sep).join('/'))
    expect(all).toContain('package.json')
    expect(all).toContain('README.md')
    expect(all).toContain('dist/index.js')
    expect(all).toContain('dist/index.d.ts')
    expect(all.filter((f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE.*)$/.test(f))).toEqual([])
    expect(all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    // the public declarations never refer to internal/ (test/declarations.test.ts), so the build leaves its own out
    expect(all.filter((f) => f.startsWith('dist/internal/') && f.endsWith('.d.ts'))).toEqual([])
  })

  it('require: every entry point loads without side effects, exports what src/ does, and works', () => {
    if (!results.cjs.ok) throw new Error(results.cjs.out)
    const names = JSON.parse(results.cjs.out) as Record<string, Array<string>>
    expect(names).toEqual(Object.fromEntries(specifiers.map((s, i) => [s, expected[i]])))
  })

  it('import: every name links, is the object require gives, and works', () => {
    if (!results.esm.ok) throw new Error(results.esm.out)
    const names = JSON.parse(results.esm.out) as Record<string, Array<string>>
    expect(names).toEqual(Object.fromEntries(specifiers.map((s, i) => [s, expected[i]])))
  })

  it('the declarations type-check in a node16 consumer, CommonJS and ESM, with skipLibCheck off', () => {
    expect(results.typeErrors).toEqual([])
  })

  it('publint (strict) finds nothing', () => {
    if (!results.publint.ok) throw new Error(results.publint.out)
    expect(JSON.parse(results.publint.out)).toEqual([])
  })

  it('@arethetypeswrong/cli finds nothing, for node10, node16 (CommonJS and ESM) and bundler', () => {
    const report = JSON.parse(results.attw.out.slice(results.attw.out.indexOf('{'))) as {
      problems: Record<string, unknown>
      analysis: { entrypoints: Record<string, { resolutions: Record<string, unknown> }> }
    }
    expect(report.problems).toEqual({})
    const entrypoints = report.analysis.entrypoints
    expect(Object.keys(entrypoints).sort()).toEqual([...subpaths, './package.json'].sort())
    for (const entry of Object.values(entrypoints))
      expect(Object.keys(entry.resolutions).sort()).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm'])
    expect(results.attw.ok).toBe(true)
  })
})
