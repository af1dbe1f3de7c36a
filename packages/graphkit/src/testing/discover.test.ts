// Expected names and picks follow matchstick src/compiler/sources.rs (worked by hand below).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { discoverSuites, pickSuites } from './discover.ts'
import { InputError } from '../internal/errors.ts'

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gk-disc-'))
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true })
    writeFileSync(join(dir, f), '')
  }
  return dir
}

test('suites are named by their lower-cased path without .test.ts; the extension is matched case-insensitively', () => {
  const dir = tree(['Gravity/Gravity.test.ts', 'asserts.TEST.ts', 'utils.ts', 'no_test/README.md'])
  assert.deepEqual(discoverSuites(dir).map((s) => s.name).sort(), ['asserts', 'gravity/gravity'])
})

test('a filter is a case-insensitive regex anchored at the start of the path', () => {
  const all = discoverSuites(tree(['gravity/gravity.test.ts', 'gravity-extra.test.ts', 'token.test.ts', 'Tokens.test.ts']))
  const names = (f: string[]) => pickSuites(all, f, 'tests').map((s) => s.name).sort()
  // `^gravity` is a prefix of the folder and of gravity-extra.test.ts
  assert.deepEqual(names(['gravity']), ['gravity-extra', 'gravity/gravity'])
  assert.deepEqual(names(['TOKEN']), ['token', 'tokens'])
  assert.deepEqual(names(['token\\.test']), ['token'])
  assert.deepEqual(names(['g.*/']), ['gravity/gravity'])
  assert.throws(() => pickSuites(all, ['nosuch'], 'tests'), (e) => e instanceof InputError && e.message === 'No tests match set patterns: nosuch')
})

test('no suites at all is an error, as in Matchstick', () => {
  assert.throws(() => discoverSuites(tree(['README.md'])), /No tests have been written yet\./)
})
