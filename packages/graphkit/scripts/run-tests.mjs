#!/usr/bin/env node
// Runs the package's `*.test.ts` files with node's test runner (Node 20's `--test` does not expand globs).
// Usage: node scripts/run-tests.mjs [dir-or-file-filter...]
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const filters = process.argv.slice(2)
const found = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (name.endsWith('.test.ts')) found.push(relative(root, p))
  }
}
walk(join(root, 'src'))
const files = found.sort().filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || 'src/**/*.test.ts'}`)
  process.exit(1)
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
  cwd: root,
  stdio: 'inherit',
})
process.exit(r.status ?? 1)
