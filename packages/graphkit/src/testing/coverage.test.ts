// Coverage as matchstick src/coverage.rs computes it; the .wat text is checked against the wasm2wat
// program of the same wabt package, run as Matchstick runs it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isCalled, loadWabt, percent, wasm2wat, wasmFiles } from './coverage.ts'
import { codegen } from './fixtureHelpers.ts'
import { runTests } from './runTests.ts'
import { loadConfig } from './config.ts'

test('the handler regex is `call.+<handler>` on one line, so a name that prefixes another matches it too', () => {
  assert.equal(isCalled('    call $src/mapping/handleTransferBatch\n', 'handleTransfer'), true)
  assert.equal(isCalled('    call $src/mapping/handleOther\n', 'handleTransfer'), false)
  assert.equal(isCalled('call\n$handleTransfer', 'handleTransfer'), false)
})

test("percentages are Rust's {:.1} of an f32: ties go to even", () => {
  assert.equal(percent(2, 3), '66.7')
  assert.equal(percent(2, 9), '22.2')
  assert.equal(percent(1, 16), '6.2') // 6.25 exactly: to even
  assert.equal(percent(3, 16), '18.8') // 18.75 exactly: to even
  assert.equal(percent(0, 0), '0.0')
})

test('-c compiles, converts every .bin wasm like wasm2wat and reports the manifest handlers without running tests', async () => {
  const root = codegen('basic')
  const lines: string[] = []
  const s = await runTests({ root, coverage: true, out: (l) => lines.push(l) })
  assert.equal(s.results.length, 0)
  const out = lines.join('\n')
  // the manifest lists handleMoved for data source Thing and template Child; token.test.ts calls it
  assert.match(out, /Handlers for source 'Thing':\nHandler 'handleMoved' is tested\.\nTest coverage: 100\.0% \(1\/1 handlers\)\./)
  assert.match(out, /Handlers for source 'Child':\nHandler 'handleMoved' is tested\./)
  assert.match(out, /Global test coverage: 100\.0% \(2\/2 handlers\)\./)
  assert.doesNotMatch(out, /Igniting tests/)

  const cfg = loadConfig(root)
  const wasm = wasmFiles(join(cfg.testsFolder, '.bin')).find((f) => f.endsWith('token.wasm'))!
  const dest = join(mkdtempSync(join(tmpdir(), 'gk-wat-')), 'token.wat')
  const r = spawnSync(process.execPath, [join(cfg.libsFolder, 'wabt', 'bin', 'wasm2wat'), wasm, '-o', dest], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(wasm2wat(await loadWabt(cfg.libsFolder), readFileSync(wasm)), readFileSync(dest, 'utf8'))
})
