import { test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeAbiParameters, encodeFunctionData, hexToBytes, parseAbi, toHex } from 'viem'
import { decodeEthCallResult, encodeEthCall, ethDecode, parseSignature } from './ethAbi.ts'

const owner = '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984'

test('encodeEthCall matches viem encodeFunctionData', () => {
  const abi = parseAbi(['function balanceOf(address owner) view returns (uint256)'])
  const expected = encodeFunctionData({ abi, functionName: 'balanceOf', args: [owner] })
  const got = encodeEthCall({ contractName: 'T', address: new Uint8Array(20), functionName: 'balanceOf',
    functionSignature: 'balanceOf(address):(uint256)', args: [{ kind: 'address', value: hexToBytes(owner) }] })
  assert.equal(toHex(got), expected)
})

test('decodeEthCallResult decodes outputs per the signature', () => {
  const data = encodeAbiParameters([{ type: 'uint256' }, { type: 'bool' }, { type: 'string' }], [5n, true, 'x'])
  assert.deepEqual(decodeEthCallResult('f():(uint256,bool,string)', hexToBytes(data)), [
    { kind: 'uint', value: 5n }, { kind: 'bool', value: true }, { kind: 'string', value: 'x' }])
  assert.deepEqual(parseSignature('f(uint8,address)'), { name: 'f', inputs: 'uint8,address', outputs: '' })
})

test('ethDecode handles arrays, negative ints and garbage', () => {
  const data = encodeAbiParameters([{ type: 'int256[]' }], [[-1n, 2n]])
  assert.deepEqual(ethDecode('int256[]', hexToBytes(data)), { kind: 'array', value: [{ kind: 'int', value: -1n }, { kind: 'int', value: 2n }] })
  assert.equal(ethDecode('uint256', new Uint8Array([1])), null)
})
