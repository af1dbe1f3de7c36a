import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bigIntFromSignedLe, bigIntToSignedLe } from './bigint.ts'

test('two\'s complement little-endian round trips and minimal lengths (num-bigint to_signed_bytes_le)', () => {
  for (const v of [0n, 1n, -1n, 127n, 128n, -128n, -129n, 2n ** 47n - 1n, 2n ** 47n, -(2n ** 47n), -(2n ** 47n) - 1n, 2n ** 255n, -(2n ** 255n)]) assert.equal(bigIntFromSignedLe(bigIntToSignedLe(v)), v)
  assert.deepEqual([...bigIntToSignedLe(-128n)], [0x80])
  assert.deepEqual([...bigIntToSignedLe(255n)], [0xff, 0x00])
  assert.deepEqual([...bigIntToSignedLe(-(2n ** 47n))], [0, 0, 0, 0, 0, 0x80])
  assert.deepEqual([...bigIntToSignedLe(2n ** 47n)], [0, 0, 0, 0, 0, 0x80, 0])
})
