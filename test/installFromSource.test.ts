/**
 * `npm install <folder>` (and `npm install <git url>`, which npm prepares the same way: it runs the package's
 * `prepare` script) gives a working package: `prepare` builds dist/, which git does not hold. The test clones this
 * repository, installs the clone into a temporary project without the registry (`--offline`; the clone's
 * dependencies are this project's node_modules, linked), and runs a pipeline from it.
 */
import { execFileSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'

const ROOT = path.resolve(__dirname, '..')

describe('installing from source', () => {
  let tmp = ''
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'install-from-source-'))
  })
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

  it('npm install <a git clone> builds dist/ and the package runs a pipeline', () => {
    const clone = path.join(tmp, 'clone')
    execFileSync('git', ['clone', '--quiet', ROOT, clone], { stdio: 'pipe' })
    expect(fs.existsSync(path.join(clone, 'dist'))).toBe(false)
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'), 'dir')
    const project = path.join(tmp, 'project')
    fs.mkdirSync(project)
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', clone], { cwd: project, stdio: 'pipe' })
    expect(fs.existsSync(path.join(clone, 'dist', 'index.js'))).toBe(true)
    const out = execFileSync(
      process.execPath,
      [
        '-e',
        `const { Enumerator, Enumeratee, Iteratee } = require('play-iteratees-ts')
         Enumerator(1, 2, 3).through(Enumeratee.map((n) => n * 10)).run(Iteratee.getChunks())
           .then((xs) => console.log(JSON.stringify(xs)))`
      ],
      { cwd: project, encoding: 'utf8' }
    )
    expect(out.trim()).toBe('[10,20,30]')

    // source maps ship, with the sources in them: a stack trace points at src/*.ts
    const map = JSON.parse(fs.readFileSync(path.join(clone, 'dist', 'internal', 'core.js.map'), 'utf8')) as {
      sources: Array<string>
      sourcesContent?: Array<string>
    }
    expect(map.sources).toEqual(['../../src/internal/core.ts'])
    expect(map.sourcesContent?.[0]).toContain('export class Enumerator')
    const stack = execFileSync(
      process.execPath,
      [
        '--enable-source-maps',
        '-e',
        `require('play-iteratees-ts').Enumerator(1).run(require('play-iteratees-ts').Iteratee.foreach(() => { throw new Error('boom') }))
           .catch((e) => console.log(e.stack))`
      ],
      { cwd: project, encoding: 'utf8' }
    )
    expect(stack).toMatch(/src\/internal\/\w+\.ts:\d+/)
  }, 120_000)
})
