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

/** The definition, byte by byte: v mod 2^(8n) for the least n whose signed range holds v. */
function reference(v: bigint): number[] {
  let n = 1
  while (v >= 1n << BigInt(8 * n - 1) || v < -(1n << BigInt(8 * n - 1))) n++
  let u = BigInt.asUintN(8 * n, v)
  const out: number[] = []
  for (let i = 0; i < n; i++, u >>= 8n) out.push(Number(u & 0xffn))
  return out
}

test('encoding equals the definition for values of every length and sign, and decodes back', () => {
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
  for (let bits = 1; bits <= 300; bits += 3) {
    for (let k = 0; k < 6; k++) {
      let v = 0n
      for (let b = 0; b < bits; b += 16) v = (v << 16n) | BigInt(rnd() & 0xffff)
      v = BigInt.asUintN(bits, v)
      for (const x of [v, -v, v - 1n, -v - 1n, 1n << BigInt(bits), -(1n << BigInt(bits))]) {
        assert.deepEqual([...bigIntToSignedLe(x)], reference(x), `encode ${x}`)
        assert.equal(bigIntFromSignedLe(Uint8Array.from(reference(x))), x, `decode ${x}`)
      }
    }
  }
})
