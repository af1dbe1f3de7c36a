/**
 * Prints cold and warm run times of the test runner on the package's passing fixture and on the
 * project at the repository root (if it has tests), next to the bare `asc` compile time of the same
 * suites run one after another; then, on a 10-suite copy of the root project, the warm re-run in
 * process and through the CLI as a user runs it (`graphkit test` as a child process, spawn to exit),
 * from dist/ and through tsx. A benchmark, not a test: it asserts nothing.
 * Usage: npm run bench:runner   (from the root or packages/graphkit)
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../src/testing/config.ts'
import { discoverSuites } from '../src/testing/discover.ts'
import { runTests } from '../src/testing/runTests.ts'
import { codegen } from '../src/testing/fixtureHelpers.ts'
import { distState } from '../scripts/distState.mjs'

const pkgDir = fileURLToPath(new URL('../', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const bin = join(pkgDir, 'bin/graphkit.mjs')
const s = (ms: number, digits = 2) => `${(ms / 1000).toFixed(digits)}s`

function bareAsc(root: string): number {
  const cfg = loadConfig(root)
  const t0 = performance.now()
  for (const suite of discoverSuites(cfg.testsFolder)) {
    spawnSync(process.execPath, [join(cfg.libsFolder, 'assemblyscript/bin/asc'), suite.file, join(cfg.libsFolder, '@graphprotocol/graph-ts/global/global.ts'), '--lib', cfg.libsFolder, '--explicitStart', '--exportTable', '--runtime', 'stub', '--optimize', '--debug', '--outFile', '/tmp/graphkit-bench.wasm'], { cwd: root })
  }
  return performance.now() - t0
}

async function inProcess(root: string): Promise<{ cold: number; warm: number }> {
  const cfg = loadConfig(root)
  rmSync(join(cfg.testsFolder, '.bin'), { recursive: true, force: true })
  let t0 = performance.now()
  await runTests({ root, out: () => {} })
  const cold = performance.now() - t0
  t0 = performance.now()
  await runTests({ root, out: () => {} })
  return { cold, warm: performance.now() - t0 }
}

async function bench(label: string, root: string) {
  const n = discoverSuites(loadConfig(root).testsFolder).length
  const { cold, warm } = await inProcess(root)
  const asc = bareAsc(root)
  console.log(`${label.padEnd(12)} suites=${n}  cold=${s(cold)}  warm=${s(warm, 3)}  bare asc (sequential)=${s(asc)}  cold/asc=${(cold / asc).toFixed(2)}`)
}

/** Median wall time of `runs` warm `graphkit test` child processes (spawn to exit) in `root`. */
function cliWarm(root: string, runs: number, env: Record<string, string>): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, [bin, 'test'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } })
    times.push(performance.now() - t0)
    if (r.status !== 0) throw new Error(`graphkit test exited with ${r.status} in ${root}:\n${r.stdout}${r.stderr}`)
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]
}

/** A copy of the root project whose tests folder holds its suites five times over (10 suites). */
function tenSuiteProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'graphkit-bench-runner-'))
  for (const p of ['schema.graphql', 'subgraph.yaml', 'abis', 'src', 'generated']) cpSync(join(repoRoot, p), join(dir, p), { recursive: true })
  const tests = join(repoRoot, 'tests')
  cpSync(join(tests, 'events.ts'), join(dir, 'tests/events.ts'))
  const suites = readdirSync(tests).filter((f) => f.endsWith('.test.ts'))
  for (let k = 1; k <= Math.ceil(10 / suites.length); k++) {
    for (const f of suites) cpSync(join(tests, f), join(dir, 'tests', f.replace('.test.ts', `${k}.test.ts`)))
  }
  writeFileSync(join(dir, 'matchstick.yaml'), `libsFolder: ${join(repoRoot, 'node_modules')}\n`)
  return dir
}

await bench('fixture:basic', codegen('basic'))
const rootHasTests = existsSync(join(repoRoot, 'tests')) && existsSync(join(repoRoot, 'generated'))
if (rootHasTests) await bench('root project', repoRoot)
else console.log('(root project skipped: run `npm run codegen` first for its generated/)')

if (rootHasTests) {
  const dir = tenSuiteProject()
  try {
    const n = discoverSuites(loadConfig(dir).testsFolder).length
    const { cold, warm } = await inProcess(dir)
    const dist = distState(pkgDir)
    const viaDist = dist.fresh ? cliWarm(dir, 5, {}) : null
    const viaTsx = cliWarm(dir, 3, { GRAPHKIT_FROM_SOURCE: '1' })
    console.log(`${'10 suites'.padEnd(12)} suites=${n}  cold=${s(cold)}  warm in process=${s(warm, 3)}  warm CLI (spawn to exit, median): dist/ ${viaDist === null ? 'n/a' : s(viaDist)}, tsx ${s(viaTsx)}`)
    if (!dist.fresh) console.log(`(no dist/ figure: ${dist.reason})`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log('(warm = every suite cached in tests/.bin; the CLI figures add Node start-up and module loading)')
