/**
 * Runs the runner on the package's fixtures. Expected outcomes come from the suites' own
 * naming: in `failing`, tests named "fails: …" must fail and "passes: …" must pass;
 * in `basic`, every test passes (its expected values are worked by hand in the suite).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { codegen } from './fixtureHelpers.ts'
import { runTests } from './runTests.ts'

const bin = fileURLToPath(new URL('../../bin/graphkit.mjs', import.meta.url))

test('basic fixture: every matchstick-as suite passes', async () => {
  const root = codegen('basic')
  const lines: string[] = []
  const s = await runTests({ root, coverage: true, out: (l) => lines.push(l) })
  assert.deepEqual(s.results.filter((x) => !x.r.passed).map((x) => `${x.r.name}: ${x.r.error}`), [])
  assert.equal(s.compileErrors.length, 0)
  assert.ok(s.passed >= 5)
  assert.match(lines.join('\n'), /All \d+ tests passed!/)
  assert.match(lines.join('\n'), /√ creates a token, sums amounts/)
  // the manifest lists handleMoved for the data source and the template; the suite calls it
  assert.match(lines.join('\n'), /2\/2 handlers \(100\.0%\)/)
})

test('failing fixture: exit code 1, failed tests named, compile errors shown with the suite', async () => {
  codegen('basic')
  const root = fileURLToPath(new URL('../../fixtures/failing/', import.meta.url))
  const r = spawnSync(process.execPath, [bin, 'test'], { cwd: root, encoding: 'utf8' })
  assert.equal(r.status, 1, r.stderr)
  const out = r.stdout
  const failed = [...out.matchAll(/𝖷 (.+) - [\d.]+ms/g)].map((m) => m[1]).sort()
  const passed = [...out.matchAll(/√ (.+) - [\d.]+ms/g)].map((m) => m[1]).sort()
  assert.deepEqual(failed, ['(suite setup)', 'fails: after a crashing beforeEach', 'fails: custom message', 'fails: entity type not in schema', 'fails: missing required field', 'fails: shouldFail test that does not fail', 'fails: unmocked contract call', 'fails: wrong field value'])
  assert.deepEqual(passed, ['passes: inside describe', 'passes: right field value'])
  assert.match(out, /test suite `nocompile` does not compile/)
  assert.match(out, /TS2322/)
  assert.match(out, /custom failure message/)
  assert.match(out, /Expected value was 'expected' but actual value was 'actual'/)
  assert.match(out, /unknown import: `env::notARealHostFunction`/)
  assert.match(out, /Could not find a mocked function for the following call: balanceOf/)
  assert.match(out, /entity type `Nope` is not in the schema/)
  assert.match(out, /Entity Token\[y\]: missing value for non-nullable field `owner`/)
})

test('a suite filter that matches nothing is a clear error', async () => {
  const root = codegen('basic')
  await assert.rejects(runTests({ root, filters: ['nosuch'], out: () => {} }), /no test suite named `nosuch`/)
})

test('CLI: --help lists test, unknown command exits 1 with a message', () => {
  const h = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })
  assert.equal(h.status, 0)
  assert.match(h.stdout, /test\s+Run matchstick-as unit tests/)
  const u = spawnSync(process.execPath, [bin, 'nosuchcommand'], { encoding: 'utf8' })
  assert.equal(u.status, 1)
  assert.match(u.stderr, /unknown command `nosuchcommand`/)
  assert.doesNotMatch(u.stderr, /at .*\.ts:\d+/)
})

test('CLI: an invalid matchstick.yaml is reported with the file, exit 1, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-cli-'))
  writeFileSync(join(dir, 'matchstick.yaml'), 'testsFolder: 42\n')
  const r = spawnSync(process.execPath, [bin, 'test'], { cwd: dir, encoding: 'utf8' })
  assert.equal(r.status, 1)
  assert.match(r.stderr, /`testsFolder` in matchstick.yaml must be a non-empty path string/)
  assert.match(r.stderr, /matchstick\.yaml/)
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/)
})
