import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as big from './bigInt.ts'

test('BigInt results wider than graph-node MAX_BITS (435412) are deterministic errors', () => {
  // (2^1800)^255 has 459001 bits; (2^1700)^255 has 433501 bits.
  assert.throws(() => big.pow(2n ** 1800n, 255), { message: 'BigInt is too big, total bits 459001 (max 435412)' })
  assert.equal(big.pow(2n ** 1700n, 255), 2n ** 433500n)
  assert.throws(() => big.dividedBy(-3n, 0n), { message: 'attempted to divide BigInt `-3` by zero' })
  assert.throws(() => big.mod(4n, 0n), { message: 'attempted to calculate the remainder of `4` with a divisor of zero' })
  assert.throws(() => big.fromString('12a'), { message: 'string is not a BigInt: `12a`' })
  assert.equal(big.rightShift(-17n, 2), -5n) // floor(-17/4)
})
