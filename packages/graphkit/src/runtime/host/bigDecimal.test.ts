// Checked against hand-worked values and graph-node's texts (host_exports.rs, scalar/bigdecimal.rs).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as dec from './bigDecimal.ts'

test('BigDecimal normalize: strips trailing zeros, rounds to 34 digits half away from zero', () => {
  assert.deepEqual(dec.normalize({ digits: 1500n, exp: -2 }), { digits: 15n, exp: 0 })
  assert.deepEqual(dec.normalize({ digits: 0n, exp: 7 }), { digits: 0n, exp: 0 })
  // 35 nines round up to 10^35 → 1e35.
  assert.deepEqual(dec.normalize({ digits: 10n ** 35n - 1n, exp: 0 }), { digits: 1n, exp: 35 })
  // 1234…(35 digits ending in 5) → last kept digit rounds up; negative mirrors it.
  const d = BigInt('1' + '0'.repeat(32) + '45') // 35 digits: the dropped 5 rounds the kept 4 up
  assert.deepEqual(dec.normalize({ digits: d, exp: -10 }), { digits: BigInt('1' + '0'.repeat(32) + '5'), exp: -9 })
  assert.deepEqual(dec.normalize({ digits: -d, exp: -10 }), { digits: -BigInt('1' + '0'.repeat(32) + '5'), exp: -9 })
})

test('BigDecimal string forms', () => {
  assert.equal(dec.toString({ digits: 12345n, exp: -2 }), '123.45')
  assert.equal(dec.toString({ digits: -5n, exp: -3 }), '-0.005')
  assert.equal(dec.toString({ digits: 7n, exp: 3 }), '7000')
  assert.equal(dec.toString({ digits: 0n, exp: 0 }), '0')
  assert.deepEqual(dec.fromString('-1.50e2'), { digits: -15n, exp: 1 })
  assert.deepEqual(dec.fromString('.5'), { digits: 5n, exp: -1 })
  assert.throws(() => dec.fromString('1.2.3'), /^DeterministicError: string  is not a BigDecimal: '1\.2\.3'$|string {2}is not a BigDecimal/)
})
