import { test } from 'node:test'
import assert from 'node:assert/strict'
import { bytesToString, bigIntToHex } from './typeConversion.ts'

test('bytesToString trims only trailing NULs; bigIntToHex prints the magnitude', () => {
  assert.equal(bytesToString(new Uint8Array([0, 0x61, 0, 0])), '\u0000a')
  assert.equal(bigIntToHex(-255n), '0xff')
})
