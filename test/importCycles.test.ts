/**
 * No import cycle in src/, type-only imports included (DESIGN.md: a cycle is broken by internal/). ESLint's
 * import-x/no-cycle does not follow `import type`, so this test reads every import itself.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as ts from 'typescript'

const SRC = path.resolve(__dirname, '..', 'src')

const sources = (dir: string): Array<string> =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })

/** The project files a file imports, `import type` and `export … from` included. */
const importsOf = (file: string): Array<string> =>
  ts
    .preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((i) => i.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => {
      const base = path.resolve(path.dirname(file), name)
      return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts')
    })

describe('src/', () => {
  it('has no import cycle, type-only imports included', () => {
    const graph = new Map(sources(SRC).map((f) => [f, importsOf(f)]))
    const state = new Map<string, 'open' | 'closed'>()
    const cycles: Array<string> = []
    const stack: Array<string> = []
    const visit = (file: string): void => {
      state.set(file, 'open')
      stack.push(file)
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') {
          cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(SRC, f)).join(' -> '))
        } else if (state.get(next) === undefined) visit(next)
      }
      stack.pop()
      state.set(file, 'closed')
    }
    for (const file of graph.keys()) if (state.get(file) === undefined) visit(file)
    expect(cycles).toEqual([])
  })
})
