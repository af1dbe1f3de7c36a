import { test } from 'node:test'
import assert from 'node:assert/strict'
import { abort } from './abort.ts'

test('abort message forms (graph-node host_exports.rs abort)', () => {
  assert.throws(() => abort('m', 'f.ts', 3, 4), { message: 'Mapping aborted at f.ts, line 3, column 4, with message: m' })
  assert.throws(() => abort(null, null, 0, 0), { message: 'Mapping aborted at an unknown location, with no message' })
})
