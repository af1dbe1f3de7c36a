// Builds the root subgraph with the real graph-cli (`graph codegen` then `graph build`) into a
// directory of the caller's choice, so tests and the dev stack never depend on a previous build.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

function run(cmd: string, args: string[], what: string, cwd = repoRoot): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`)
}

/** Compiles the reference contracts when contracts/out is missing (runScenario deploys from it). */
export function ensureContracts(): void {
  if (existsSync(join(repoRoot, 'contracts/out/VaultFactory.json'))) return
  run(process.execPath, ['--import', 'tsx', join(repoRoot, 'contracts/scripts/build.ts')], 'contracts build')
}

/**
 * `graph codegen` + `graph build [--network n] --output-dir outDir` in `project` (default: the
 * repository's subgraph); returns outDir. graph-cli rewrites subgraph.yaml for `--network` (and
 * reflows it), so the committed manifest is restored byte for byte afterwards.
 */
export function buildSubgraph(outDir: string, network?: string, project = repoRoot): string {
  const graph = join(repoRoot, 'node_modules/.bin/graph')
  const manifest = join(project, 'subgraph.yaml')
  const original = readFileSync(manifest)
  try {
    run(graph, ['codegen'], 'graph codegen', project)
    run(graph, ['build', '--output-dir', outDir, ...(network ? ['--network', network] : [])], 'graph build', project)
  } finally {
    if (!readFileSync(manifest).equals(original)) writeFileSync(manifest, original)
  }
  return outDir
}
