// Expected keys are the ones matchstick src/unit_tests.rs stores in `fn_ret_map` for its mock tests.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mockKey, valueEquals } from './matchstickHost.ts'

const addr = new Uint8Array(Buffer.from('89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7', 'hex'))

test('mock keys are fn_id: short address, name, signature, then each argument token printed', () => {
  assert.equal(mockKey(addr, 'funcName', 'funcName(address):(string,string)', [{ kind: 'address', value: addr }]),
    '0x8920…43e7funcNamefuncName(address):(string,string)89205a3a3b2a69de6dbf7f01ed13b2108b2c43e7')
  assert.equal(mockKey(addr, 'funcName', 'funcName(address):(string,string)', [{ kind: 'string', value: 'val' }]),
    '0x8920…43e7funcNamefuncName(address):(string,string)val')
})

test('store value equality compares lists element by element and kinds strictly', () => {
  assert.equal(valueEquals({ kind: 'Array', value: [{ kind: 'BigInt', value: 1n }] }, { kind: 'Array', value: [{ kind: 'BigInt', value: 1n }] }), true)
  assert.equal(valueEquals({ kind: 'Array', value: [{ kind: 'BigInt', value: 1n }] }, { kind: 'Array', value: [] }), false)
  assert.equal(valueEquals({ kind: 'String', value: '1' }, { kind: 'BigInt', value: 1n }), false)
})
