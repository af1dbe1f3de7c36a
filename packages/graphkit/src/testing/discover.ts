/**
 * Suites like Matchstick 0.6.0: every `*.test.ts` under the tests folder (recursively) is a
 * suite named after its file; positional filters select suites by name or by folder.
 */
import { existsSync, readdirSync } from 'node:fs'
import { basename, join, relative, sep } from 'node:path'
import { InputError } from '../internal/errors.ts'

export interface Suite {
  name: string
  file: string
  /** Path relative to the tests folder, `/`-separated. */
  rel: string
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '.bin' || e.name === 'node_modules' || e.name.startsWith('.')) continue
    const p = join(dir, e.name)
    if (e.isDirectory()) walk(p, out)
    else if (e.name.endsWith('.test.ts')) out.push(p)
  }
}

export function discoverSuites(testsFolder: string, filters: string[] = []): Suite[] {
  if (!existsSync(testsFolder)) throw new InputError('tests folder not found', { where: testsFolder, details: 'set `testsFolder` in matchstick.yaml' })
  const files: string[] = []
  walk(testsFolder, files)
  const all = files.sort().map((file) => ({ file, name: basename(file, '.test.ts'), rel: relative(testsFolder, file).split(sep).join('/') }))
  if (!filters.length) return all
  const picked = all.filter((s) => filters.some((f) => s.name === f || s.rel === f || s.rel.startsWith(f.replace(/\/?$/, '/')) || s.rel === `${f}.test.ts`))
  const unmatched = filters.filter((f) => !all.some((s) => s.name === f || s.rel === f || s.rel.startsWith(f.replace(/\/?$/, '/')) || s.rel === `${f}.test.ts`))
  if (unmatched.length) throw new InputError(`no test suite named ${unmatched.map((f) => `\`${f}\``).join(', ')}`, { where: testsFolder, details: `suites: ${all.map((s) => s.name).join(', ')}` })
  return picked
}
