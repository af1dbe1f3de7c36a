// `mock_data_source_address` (matchstick src/context/mod.rs) and its unit test
// `test_datasource_mocking_and_getting_address_network_context`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mockedAddress } from './suiteState.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)

test('a mocked hex address (any case, optional 0x) is its 20 bytes; anything else its UTF-8 bytes', () => {
  assert.deepEqual(mockedAddress('0x90cBa2Bbb19ecc291A12066Fd8329D65FA1f1947'), new Uint8Array(Buffer.from('90cba2bbb19ecc291a12066fd8329d65fa1f1947', 'hex')))
  assert.deepEqual(mockedAddress('90cba2bbb19ecc291a12066fd8329d65fa1f1947').length, 20)
  assert.deepEqual(mockedAddress('QmaXzZhcYnsisuue5WRdQDH6FDvqkLQX1NckLqBYeYYEfm'), utf8('QmaXzZhcYnsisuue5WRdQDH6FDvqkLQX1NckLqBYeYYEfm'))
})

test('the zero address counts as an address only when written exactly as Matchstick\'s default', () => {
  assert.deepEqual(mockedAddress('0x0000000000000000000000000000000000000000'), new Uint8Array(20))
  const bare = '0'.repeat(40)
  assert.deepEqual(mockedAddress(bare), utf8(bare))
})
