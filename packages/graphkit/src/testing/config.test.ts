import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configFrom, loadConfig } from './config.ts'
import { InputError } from '../internal/errors.ts'

test('defaults follow Matchstick 0.6.0 (tests, subgraph.yaml)', () => {
  const c = configFrom('/p', null, '/p/matchstick.yaml')
  assert.equal(c.testsFolder, '/p/tests')
  assert.equal(c.manifestPath, '/p/subgraph.yaml')
})

test('explicit keys are resolved against the project root', () => {
  const c = configFrom('/p', { testsFolder: 'suites', libsFolder: '../nm', manifestPath: 'x/sub.yaml' }, 'm')
  assert.deepEqual([c.testsFolder, c.libsFolder, c.manifestPath], ['/p/suites', '/nm', '/p/x/sub.yaml'])
})

test('unknown keys are ignored with a warning, as Matchstick reads only the keys it knows', () => {
  const c = configFrom('/p', { testFolder: 'x', testsFolder: 'specs' }, 'm.yaml')
  assert.equal(c.testsFolder, '/p/specs')
  assert.match(c.warnings.join('\n'), /unknown key `testFolder` in matchstick.yaml is ignored/)
})

test('non-string values and bad YAML are InputErrors naming the file', () => {
  assert.throws(() => configFrom('/p', { testsFolder: 3 }, 'm.yaml'), InputError)
  assert.throws(() => configFrom('/p', ['a'], 'm.yaml'), InputError)
  const dir = mkdtempSync(join(tmpdir(), 'gk-cfg-'))
  writeFileSync(join(dir, 'matchstick.yaml'), 'testsFolder: [unclosed')
  assert.throws(() => loadConfig(dir), (e) => e instanceof InputError && /not valid YAML/.test(e.message))
})
