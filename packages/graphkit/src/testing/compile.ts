/**
 * Compiles suites with the project's own `asc` and Matchstick 0.6.0's flags
 * (matchstick src/compiler.rs: `--explicitStart --exportTable --runtime stub --optimize --debug`,
 * graph-ts global.ts as a second entry, `--lib <libsFolder>`), caching each WASM under
 * `<tests>/.bin/` keyed by the content of the suite and every file it imports relatively
 * (sources, `generated/`), plus the asc, graph-ts and matchstick-as versions.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { InputError } from '../internal/errors.ts'
import type { Suite } from './discover.ts'

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]/g

function resolveLocal(fromFile: string, spec: string): string | null {
  const base = resolve(dirname(fromFile), spec)
  for (const c of [base, `${base}.ts`, join(base, 'index.ts')]) if (c.endsWith('.ts') && existsSync(c)) return c
  return null
}

/** Every file reachable from `entry` through relative imports (pure over the file system). */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>()
  const todo = [entry]
  while (todo.length) {
    const f = todo.pop()!
    if (seen.has(f)) continue
    seen.add(f)
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2]
      if (!spec.startsWith('.')) continue
      const r = resolveLocal(f, spec)
      if (r) todo.push(r)
    }
  }
  return [...seen].sort()
}

function pkgVersion(libs: string, name: string): string {
  try {
    return JSON.parse(readFileSync(join(libs, name, 'package.json'), 'utf8')).version
  } catch {
    return 'missing'
  }
}

export function cacheKey(suite: Suite, libs: string): string {
  const h = createHash('sha256')
  for (const n of ['assemblyscript', '@graphprotocol/graph-ts', 'matchstick-as']) h.update(`${n}@${pkgVersion(libs, n)}\n`)
  for (const f of importClosure(suite.file)) h.update(f).update('\0').update(readFileSync(f)).update('\0')
  return h.digest('hex')
}

export interface Compiled {
  suite: Suite
  wasm?: Uint8Array
  error?: InputError
  cached: boolean
  ms: number
}

function runAsc(libs: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  const asc = join(libs, 'assemblyscript', 'bin', 'asc.js')
  const bin = existsSync(asc) ? asc : join(libs, 'assemblyscript', 'bin', 'asc')
  return new Promise((res) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (out += d))
    p.on('error', (e) => res({ code: 1, out: String(e) }))
    p.on('close', (code) => res({ code: code ?? 1, out }))
  })
}

export async function compileSuite(suite: Suite, opts: { root: string; libsFolder: string; testsFolder: string; force?: boolean }): Promise<Compiled> {
  const t0 = performance.now()
  const libs = opts.libsFolder
  if (!existsSync(join(libs, 'assemblyscript'))) throw new InputError('assemblyscript is not installed', { where: libs, details: 'install the project dependencies (graph-cli brings assemblyscript) or set `libsFolder` in matchstick.yaml' })
  const key = cacheKey(suite, libs)
  const binDir = join(opts.testsFolder, '.bin')
  const out = join(binDir, suite.rel.replace(/\.test\.ts$/, '').replace(/\//g, '__') + '.wasm')
  const keyFile = `${out}.key`
  if (!opts.force && existsSync(out) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) {
    return { suite, wasm: readFileSync(out), cached: true, ms: performance.now() - t0 }
  }
  // Compile errors are cached too: an unchanged broken suite fails the same way without asc.
  const errFile = `${out}.err`
  const failed = (text: string) => new InputError(`test suite \`${suite.name}\` does not compile`, { where: suite.file, details: text.trim() })
  if (!opts.force && existsSync(errFile) && readFileSync(errFile, 'utf8').startsWith(key + '\n')) {
    return { suite, cached: true, ms: performance.now() - t0, error: failed(readFileSync(errFile, 'utf8').slice(key.length + 1)) }
  }
  rmSync(errFile, { force: true })
  mkdirSync(binDir, { recursive: true })
  const globalTs = join(libs, '@graphprotocol', 'graph-ts', 'global', 'global.ts')
  const { code, out: text } = await runAsc(libs, [suite.file, globalTs, '--lib', libs, '--explicitStart', '--exportTable', '--runtime', 'stub', '--optimize', '--debug', '--outFile', out], opts.root)
  if (code !== 0 || !existsSync(out)) {
    writeFileSync(errFile, `${key}\n${text}`)
    return { suite, cached: false, ms: performance.now() - t0, error: failed(text) }
  }
  writeFileSync(keyFile, key)
  return { suite, wasm: readFileSync(out), cached: false, ms: performance.now() - t0 }
}

/** Compiles suites concurrently, one asc process per core. */
export async function compileAll(suites: Suite[], opts: Parameters<typeof compileSuite>[1]): Promise<Compiled[]> {
  const results: Compiled[] = new Array(suites.length)
  let next = 0
  const width = Math.max(1, Math.min(suites.length, availableParallelism()))
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < suites.length) {
        const i = next++
        results[i] = await compileSuite(suites[i], opts)
      }
    }),
  )
  return results
}
