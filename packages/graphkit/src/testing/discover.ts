/**
 * Suites as Matchstick 0.6.0 finds them (matchstick src/compiler/sources.rs): every file under
 * the tests folder whose lower-cased name ends in `.test.ts` is a suite, named by its lower-cased
 * path without `.test.ts` (`gravity/gravity`). A positional filter is the regex
 * `^<testsFolder>/<filter>`, lower-cased and not escaped, matched against each suite's path; so it
 * picks a suite, a folder, or any path starting with it.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { InputError } from '../internal/errors.ts'

export interface Suite {
  name: string
  file: string
  /** Path relative to the tests folder, `/`-separated. */
  rel: string
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    // Matchstick walks everything; skipping compiled output and dependencies changes nothing it would find.
    if (e.name === '.bin' || e.name === 'node_modules') continue
    const p = join(dir, e.name)
    if (e.name.toLowerCase().endsWith('.test.ts')) out.push(p)
    else if (e.isDirectory()) walk(p, out)
  }
}

/** Pure: which suites the filters pick (Matchstick matches `^./tests/<filter>` against `./tests/<rel>`, both lower-cased). */
export function pickSuites(all: Suite[], filters: string[], where: string): Suite[] {
  if (!filters.length) return all
  const res = filters.map((f) => {
    try {
      return new RegExp(`^${f.toLowerCase()}`)
    } catch (e) {
      throw new InputError(`test suite filter \`${f}\` is not a valid pattern: ${(e as Error).message}`, { where })
    }
  })
  const picked = all.filter((s) => res.some((r) => r.test(s.rel.toLowerCase())))
  if (!picked.length) throw new InputError(`No tests match set patterns: ${filters.join(',')}`, { where, details: `suites: ${all.map((s) => s.name).join(', ')}` })
  return picked
}

export function discoverSuites(testsFolder: string, filters: string[] = []): Suite[] {
  if (!existsSync(testsFolder)) throw new InputError('tests folder not found', { where: testsFolder, details: 'set `testsFolder` in matchstick.yaml' })
  const files: string[] = []
  walk(testsFolder, files)
  const all = files.sort().map((file) => {
    const rel = relative(testsFolder, file).split(sep).join('/')
    return { file, rel, name: rel.toLowerCase().replace(/\.test\.ts$/, '') }
  })
  if (!all.length) throw new InputError('No tests have been written yet.', { where: testsFolder })
  return pickSuites(all, filters, testsFolder)
}
