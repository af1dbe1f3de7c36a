/**
 * Prints cold and warm run times of the test runner on the package's passing fixture and on
 * the project at the repository root (if it has tests), next to the bare `asc` compile time of
 * the same suites run one after another. A benchmark, not a test: it asserts nothing.
 * Usage: npm run bench:runner   (from the root or packages/graphkit)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/testing/config.ts'
import { discoverSuites } from '../src/testing/discover.ts'
import { runTests } from '../src/testing/runTests.ts'
import { codegen } from '../src/testing/fixtureHelpers.ts'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

function bareAsc(root: string): number {
  const cfg = loadConfig(root)
  const t0 = performance.now()
  for (const s of discoverSuites(cfg.testsFolder)) {
    spawnSync(process.execPath, [join(cfg.libsFolder, 'assemblyscript/bin/asc'), s.file, join(cfg.libsFolder, '@graphprotocol/graph-ts/global/global.ts'), '--lib', cfg.libsFolder, '--explicitStart', '--exportTable', '--runtime', 'stub', '--optimize', '--debug', '--outFile', '/tmp/graphkit-bench.wasm'], { cwd: root })
  }
  return performance.now() - t0
}

async function bench(label: string, root: string) {
  const cfg = loadConfig(root)
  const n = discoverSuites(cfg.testsFolder).length
  rmSync(join(cfg.testsFolder, '.bin'), { recursive: true, force: true })
  let t0 = performance.now()
  await runTests({ root, out: () => {} })
  const cold = performance.now() - t0
  t0 = performance.now()
  await runTests({ root, out: () => {} })
  const warm = performance.now() - t0
  const asc = bareAsc(root)
  console.log(`${label.padEnd(12)} suites=${n}  cold=${(cold / 1000).toFixed(2)}s  warm=${(warm / 1000).toFixed(3)}s  bare asc (sequential)=${(asc / 1000).toFixed(2)}s  cold/asc=${(cold / asc).toFixed(2)}`)
}

await bench('fixture:basic', codegen('basic'))
if (existsSync(join(repoRoot, 'tests')) && existsSync(join(repoRoot, 'generated'))) await bench('root project', repoRoot)
console.log('(warm = in-process run with every suite cached; the CLI adds Node+tsx start-up, about 1 s)')
