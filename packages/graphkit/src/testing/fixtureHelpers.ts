/** Test helper: builds a fixture's `generated/` with the root's graph-cli when missing. */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))

export function codegen(name: string): string {
  const dir = join(fixturesDir, name)
  if (!existsSync(join(dir, 'generated', 'schema.ts'))) {
    execFileSync(join(repoRoot, 'node_modules', '.bin', 'graph'), ['codegen', join(dir, 'subgraph.yaml'), '-o', join(dir, 'generated')], { stdio: 'pipe' })
  }
  return dir
}
