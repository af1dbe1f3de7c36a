// Expected strings follow ethabi's `impl Display for Token` and matchstick src/context/conversion.rs,
// worked by hand.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { collectTypes, paramType, signatureArgTypes, tokenDisplay, tokenValue, typeCheck } from './ethToken.ts'
import type { EthValue } from '../runtime/hostContext.ts'

const b = (h: string) => new Uint8Array(Buffer.from(h, 'hex'))

test('Token display: hex without 0x, numbers as the minimal hex of the 256-bit word', () => {
  assert.equal(tokenDisplay({ kind: 'uint', value: 255n }), 'ff')
  assert.equal(tokenDisplay({ kind: 'int', value: 255n }), 'ff')
  assert.equal(tokenDisplay({ kind: 'uint', value: 0n }), '0')
  // -1 is the all-ones word: 64 f's
  assert.equal(tokenDisplay({ kind: 'int', value: -1n }), 'f'.repeat(64))
  assert.equal(tokenDisplay({ kind: 'address', value: b('00'.repeat(19) + 'aa') }), '00'.repeat(19) + 'aa')
  assert.equal(tokenDisplay({ kind: 'bytes', value: b('0102') }), '0102')
  assert.equal(tokenDisplay({ kind: 'bool', value: true }), 'true')
  const arr: EthValue = { kind: 'array', value: [{ kind: 'string', value: 'a' }, { kind: 'uint', value: 16n }] }
  assert.equal(tokenDisplay(arr), '[a,10]')
  assert.equal(tokenDisplay({ kind: 'tuple', value: [{ kind: 'bool', value: false }, arr] }), '(false,[a,10])')
})

test('get_token_value: address, fixed bytes and bytes are all Bytes; int and uint BigInt; arrays and tuples lists', () => {
  assert.deepEqual(tokenValue({ kind: 'fixedBytes', value: b('01') }), { kind: 'Bytes', value: b('01') })
  assert.deepEqual(tokenValue({ kind: 'uint', value: 7n }), { kind: 'BigInt', value: 7n })
  assert.deepEqual(tokenValue({ kind: 'tuple', value: [{ kind: 'int', value: -2n }] }), { kind: 'Array', value: [{ kind: 'BigInt', value: -2n }] })
})

test('signature argument types: split at top-level commas between `name(` and `):`', () => {
  assert.deepEqual(signatureArgTypes('funcName', 'funcName(int32, string, int32[], bool, address, (int32, string)):(void)'), ['int32', ' string', ' int32[]', ' bool', ' address', ' (int32, string)'])
  assert.deepEqual(signatureArgTypes('f', 'f():(uint256)'), [])
  assert.deepEqual(collectTypes('(a,(b,c)),d'), ['(a,(b,c))', 'd'])
})

test('get_kind and type_check', () => {
  assert.deepEqual(paramType(' uint8 '), { kind: 'uint', size: 8 })
  assert.deepEqual(paramType('bytes32'), { kind: 'fixedBytes', size: 32 })
  assert.deepEqual(paramType('address[2]'), { kind: 'fixedArray', of: { kind: 'address' }, size: 2 })
  assert.deepEqual(paramType('(int32, string)'), { kind: 'tuple', of: [{ kind: 'int', size: 32 }, { kind: 'string' }] })
  assert.equal(paramType('float'), null)
  // an Int token never passes for a uint parameter; fixed bytes may be shorter than the declared size
  assert.equal(typeCheck({ kind: 'int', value: 1n }, { kind: 'uint', size: 256 }), false)
  assert.equal(typeCheck({ kind: 'fixedBytes', value: b('01') }, { kind: 'fixedBytes', size: 32 }), true)
  assert.equal(typeCheck({ kind: 'fixedArray', value: [{ kind: 'bool', value: true }] }, { kind: 'fixedArray', of: { kind: 'bool' }, size: 2 }), false)
})
