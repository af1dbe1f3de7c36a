/**
 * Matchstick 0.6.0 configuration: optional `matchstick.yaml` at the project root with
 * `testsFolder` (default `./tests`), `libsFolder` (default `./node_modules`) and
 * `manifestPath` (default `./subgraph.yaml`) — matchstick src/config.rs.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { InputError } from '../internal/errors.ts'

export interface TestConfig {
  root: string
  testsFolder: string
  libsFolder: string
  manifestPath: string
  /** Keys Matchstick ignores (it reads only the three it knows). */
  warnings: string[]
}

const KEYS = ['testsFolder', 'libsFolder', 'manifestPath'] as const

/** Pure: validates the parsed YAML document. */
export function configFrom(root: string, doc: unknown, where: string): TestConfig {
  const cfg: Record<string, string> = { testsFolder: './tests', libsFolder: './node_modules', manifestPath: './subgraph.yaml' }
  const warnings: string[] = []
  if (doc != null) {
    if (typeof doc !== 'object' || Array.isArray(doc)) throw new InputError('matchstick.yaml must be a mapping of keys to values', { where })
    for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
      if (!(KEYS as readonly string[]).includes(k)) {
        warnings.push(`unknown key \`${k}\` in matchstick.yaml is ignored (known keys: ${KEYS.join(', ')})`)
        continue
      }
      if (typeof v !== 'string' || v === '') throw new InputError(`\`${k}\` in matchstick.yaml must be a non-empty path string`, { where })
      cfg[k] = v
    }
  }
  let libsFolder = resolve(root, cfg.libsFolder)
  // Difference from Matchstick (documented in the README): without an explicit `libsFolder`, look
  // up the directory tree like Node does, so workspaces with hoisted node_modules work unchanged.
  if (cfg.libsFolder === './node_modules') libsFolder = findLibs(root) ?? libsFolder
  return { root, testsFolder: resolve(root, cfg.testsFolder), libsFolder, manifestPath: resolve(root, cfg.manifestPath), warnings }
}

function findLibs(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', 'assemblyscript'))) return join(d, 'node_modules')
    if (dirname(d) === d) return null
  }
}

export function loadConfig(root: string): TestConfig {
  const file = resolve(root, 'matchstick.yaml')
  if (!existsSync(file)) return configFrom(root, null, file)
  let doc: unknown
  try {
    doc = parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new InputError(`matchstick.yaml is not valid YAML: ${(e as Error).message}`, { where: file })
  }
  return configFrom(root, doc, file)
}
