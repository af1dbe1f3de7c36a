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

test('basic fixture: every matchstick-as suite passes; output and counts are Matchstick\'s', async () => {
  const root = codegen('basic')
  const lines: string[] = []
  const s = await runTests({ root, out: (l) => lines.push(l) })
  assert.deepEqual(s.results.filter((x) => !x.r.passed).map((x) => `${x.r.name}: ${x.r.error}`), [])
  assert.equal(s.compileErrors.length, 0)
  // apis 6 + matchstick 14 + token 4, counted in the suites
  assert.equal(s.passed, 24)
  const out = lines.join('\n')
  assert.match(out, /\nAll 24 tests passed! 😎/)
  assert.match(out, /^matchstick\n-{50}$/m)
  assert.match(out, /^ {2}outer:\n {4}inner:\n {6}√ outer beforeEach runs before the inner one - [\d.]+ms$/m)
  // a passing test's logs follow its result line
  assert.match(out, /√ dataSource.address\(\) without dataSourceMock is the zero address - [\d.]+ms\n {4}𝖷 No mocked Eth address or Ipfs CID found, so fallback to Eth Zero address/)
  assert.match(out, /Program executed in: [\d.]+m?s\.$/)
})

test('failing fixture: exit code 1; Matchstick\'s failure messages; criticals stop their suite', async () => {
  codegen('basic')
  const root = fileURLToPath(new URL('../../fixtures/failing/', import.meta.url))
  const r = spawnSync(process.execPath, [bin, 'test'], { cwd: root, encoding: 'utf8' })
  assert.equal(r.status, 1, r.stderr)
  const out = r.stdout
  const failed = [...out.matchAll(/𝖷 (.+) - [\d.]+ms/g)].map((m) => m[1]).sort()
  const passed = [...out.matchAll(/√ (.+) - [\d.]+ms/g)].map((m) => m[1]).sort()
  assert.deepEqual(failed, [
    'fails: custom message', 'fails: ethereum.getBalance (Matchstick 0.6.0 does not link it)', 'fails: log.critical in a handler', 'fails: missing entity (a custom message replaces only the value-mismatch text)',
    'fails: missing required field', 'fails: mocked argument of the wrong type', 'fails: shouldFail test that does not fail',
    'fails: store.remove of a missing entity', 'fails: unmocked contract call', 'fails: wrong field value',
  ])
  assert.deepEqual(passed, ['passes: inside describe', 'passes: notInStore of an entity type not in the schema', 'passes: right field value'])
  assert.doesNotMatch(out, /[√𝖷] never runs/)
  for (const msg of [
    "(assert.fieldEquals) Expected field 'amount' to equal '3', but was '2' instead.",
    '(assert.fieldEquals) custom failure message',
    "(assert.fieldEquals) No entity with type 'Token' and id 'missing' found.",
    'Expected test to fail but it passed successfully!',
    'Could not find a mocked function with the following parameters, address: 0xa160…ec2a, name: balanceOf, signature balanceOf(address):(uint256), params: [Address(0xa16081f360e3847006db660bae1c6d1b2e17ec2a)].',
    "Missing value for non-nullable field 'owner' for an entity of type 'Token'.",
    "(store.remove) Entity with type 'Token' and id 'nope' does not exist.",
    'createMockedFunction `g` parameters mismatch at position 1:\nExpected: Address\nRecieved: Int(1)',
    'ethereum.getBalance is not available in unit tests: Matchstick 0.6.0 does not link it',
    '🆘 amount 666 is forbidden',
    '🆘 Unexpected error upon calling hook: Mapping aborted at ~lib/matchstick-as/assembly/assert.ts',
    '🆘 Could not create WasmInstance from valid module with context: unknown import: `env::notARealHostFunction` has not been defined',
  ]) assert.ok(out.includes(msg), msg)
  assert.match(out, /test suite `nocompile` does not compile/)
  assert.match(out, /TS2322/)
  // 10 failed tests + the hook crash + the suite that cannot instantiate + the suite that does not compile
  assert.match(out, /13 failed, 3 passed, 16 total/)
})

test('a suite filter that matches nothing is a clear error', async () => {
  const root = codegen('basic')
  await assert.rejects(runTests({ root, filters: ['nosuch'], out: () => {} }), /No tests match set patterns: nosuch/)
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
