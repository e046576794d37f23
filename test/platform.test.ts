/**
 * Which entry points load Node's built-in modules, and which load none (and so run on any JavaScript platform):
 * the README's table says it, and this test holds the README to what loading them does.
 *
 * src/ is compiled to CommonJS (each file transpiled with the build's options, as `tsc` would emit it) into a
 * temporary folder under node_modules/.cache, so that the dependencies resolve. Then a Node process loads each
 * entry point afresh (an empty module cache each time) and records every built-in module that is required while it
 * loads, by the library or by its dependencies.
 */
import { execFile } from 'node:child_process'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { promisify } from 'node:util'
import * as ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')
const NAME = 'play-iteratees-ts'

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  readonly exports: Record<string, unknown>
}
/** `play-iteratees-ts`, `play-iteratees-ts/Input`...: every entry point of the exports map */
const specifiers = Object.keys(manifest.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? NAME : `${NAME}/${k.slice(2)}`))

/** The compiled module of an entry point, relative to the output folder (as test/docs.test.ts maps them). */
const moduleOf = (specifier: string): string => {
  const sub = specifier === NAME ? 'index' : specifier.slice(NAME.length + 1)
  return fs.existsSync(path.join(ROOT, 'src', `${sub}.ts`)) ? `${sub}.js` : `${sub}/index.js`
}

const sources = (dir: string): Array<string> =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
          ? [path.join(dir, e.name)]
          : []
    )

/** Loads each module given in argv with an empty cache, and prints the built-in modules each one required. */
const PROBE = `'use strict'
const Module = require('node:module')
const load = Module._load
let seen = new Set()
Module._load = function (request, parent, isMain) {
  if (Module.isBuiltin(request)) seen.add(request.replace(/^node:/, ''))
  return load.apply(this, arguments)
}
const out = {}
for (const file of process.argv.slice(1)) {
  for (const key of Object.keys(require.cache)) delete require.cache[key]
  seen = new Set()
  require(file)
  out[file] = [...seen].sort()
}
process.stdout.write(JSON.stringify(out))
`

/** The README's table: entry point -> the built-in modules it says loading it requires ([] for "none"). */
const readmeTable = (): Record<string, Array<string>> => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const rows: Record<string, Array<string>> = {}
  for (const line of readme.split('\n')) {
    const row = /^\|\s*`(play-iteratees-ts[^`]*)`\s*\|\s*([^|]*)\|/.exec(line)
    if (row === null) continue
    const cell = row[2].trim()
    rows[row[1]] = cell === 'none' ? [] : [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort()
  }
  return rows
}

let out = ''
let loaded: Record<string, Array<string>> = {}

beforeAll(async () => {
  const cache = path.join(ROOT, 'node_modules', '.cache', 'platform-test')
  fs.mkdirSync(cache, { recursive: true })
  out = fs.mkdtempSync(path.join(cache, 'run-'))
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
  const src = path.join(ROOT, 'src')
  for (const file of sources(src)) {
    const js = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: { ...config.options, sourceMap: false, declaration: false },
      fileName: file
    }).outputText
    const target = path.join(out, path.relative(src, file)).replace(/\.ts$/, '.js')
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, js)
  }
  const files = specifiers.map((s) => path.join(out, moduleOf(s)))
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', PROBE, ...files], { cwd: out })
  const byFile = JSON.parse(stdout) as Record<string, Array<string>>
  loaded = Object.fromEntries(specifiers.map((s, i) => [s, byFile[files[i]]]))
}, 60_000)

afterAll(() => {
  if (out !== '') fs.rmSync(out, { recursive: true, force: true })
})

describe('platform', () => {
  it("the README's table lists every entry point, with the built-in modules loading it requires", () => {
    expect(readmeTable()).toEqual(loaded)
  })

  it('the core loads no built-in module: Enumerator with its Node statics, streams, comet, Concurrent...', () => {
    for (const s of ['Input', 'Step', 'Iteratee', 'Enumerator', 'Enumeratee', 'Concurrent', 'streams', 'comet']) {
      expect([`${NAME}/${s}`, loaded[`${NAME}/${s}`]]).toEqual([`${NAME}/${s}`, []])
    }
  })
})
