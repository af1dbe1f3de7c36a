/**
 * Test helper: compiles an AssemblyScript test program with the repo's own asc and graph-cli's
 * flags (toolchain.md), into a gitignored cache keyed by the source's hash.
 */
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
/** Repository root (holds node_modules with assemblyscript and graph-ts). */
export const repoRoot = resolve(here, '../../../../..')

export function compileAs(source: string, extraFlags: string[] = []): Uint8Array {
  const src = join(here, source)
  const nm = join(repoRoot, 'node_modules')
  const key = createHash('sha256').update(readFileSync(src)).update(extraFlags.join(' ')).digest('hex').slice(0, 16)
  const dir = join(repoRoot, 'packages/graphkit/.cache/runtime-fixtures')
  const out = join(dir, `${source.replace(/\W/g, '_')}-${key}.wasm`)
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true })
    execFileSync(process.execPath, [
      join(nm, 'assemblyscript/bin/asc'), src, join(nm, '@graphprotocol/graph-ts/global/global.ts'),
      '--explicitStart', '--exportRuntime', '--exportTable', '--runtime', 'stub', '--lib', nm, '--debug', '--optimize',
      '--outFile', out, ...extraFlags,
    ], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] })
  }
  return readFileSync(out)
}
