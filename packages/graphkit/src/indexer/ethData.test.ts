import { test } from 'node:test'
import assert from 'node:assert/strict'
import { keccak256, toBytes, type Abi } from 'viem'
import { findAbiEvent, decodeParameters, toLogData, toEthValue } from './ethData.ts'
import type { RpcLog } from './rpc.ts'

const ABI = [
  {
    type: 'event', name: 'Transfer', anonymous: false,
    inputs: [
      { name: 'from', type: 'address', indexed: true },
      { name: 'to', type: 'address', indexed: true },
      { name: 'value', type: 'uint256', indexed: false },
    ],
  },
  {
    type: 'event', name: 'Staked', anonymous: false,
    inputs: [
      { name: 'pid', type: 'uint8', indexed: true },
      { name: 'ids', type: 'uint256[]', indexed: false },
      { name: 'ok', type: 'bool', indexed: false },
    ],
  },
] as const satisfies Abi

const word = (hex: string) => hex.replace(/^0x/, '').padStart(64, '0')

test('decodes an ERC-20 Transfer log (encoded by hand per the ABI spec) into EthValues', () => {
  const ev = findAbiEvent(ABI, 'Transfer(indexed address,indexed address,uint256)')
  const log: RpcLog = {
    address: '0x' + '11'.repeat(20),
    topics: ['0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef', '0x' + word('aa'.repeat(20)), '0x' + word('bb'.repeat(20))],
    data: '0x' + word('3e8'), blockNumber: '0x7', blockHash: '0x' + '22'.repeat(32), transactionHash: '0x' + '33'.repeat(32),
    transactionIndex: '0x0', logIndex: '0x4',
  }
  const params = decodeParameters(ev, log, 'test')
  assert.deepEqual(params.map((p) => p.name), ['from', 'to', 'value'])
  assert.deepEqual(params[0].value, { kind: 'address', value: new Uint8Array(20).fill(0xaa) })
  assert.deepEqual(params[2].value, { kind: 'uint', value: 1000n })
  const l = toLogData(log)
  assert.equal(l.logIndex, 4n)
  assert.deepEqual([...l.blockNumber], [7])
})

test('dynamic arrays, small ints and bools keep their ABI kinds', () => {
  const ev = findAbiEvent(ABI, 'Staked(indexed uint8,uint256[],bool)')
  // data: offset 0x40, ok=true, length 2, 5, 6 (ABI head/tail encoding).
  const data = '0x' + word('40') + word('1') + word('2') + word('5') + word('6')
  const params = decodeParameters(ev, {
    address: '0x' + '11'.repeat(20), topics: [findTopic(), '0x' + word('9')], data, blockNumber: '0x1', blockHash: '0x00',
    transactionHash: '0x00', transactionIndex: '0x0', logIndex: '0x0',
  }, 'test')
  assert.deepEqual(params[0].value, { kind: 'uint', value: 9n })
  assert.deepEqual(params[1].value, { kind: 'array', value: [{ kind: 'uint', value: 5n }, { kind: 'uint', value: 6n }] })
  assert.deepEqual(params[2].value, { kind: 'bool', value: true })
  assert.deepEqual(toEthValue({ name: 'x', type: 'bytes32' }, '0x' + '00'.repeat(31) + '01').kind, 'fixedBytes')
  assert.deepEqual(toEthValue({ name: 'x', type: 'int8[2]' }, [-1, 2]), { kind: 'fixedArray', value: [{ kind: 'int', value: -1n }, { kind: 'int', value: 2n }] })
})

test('a signature absent from the ABI is a DeterministicError naming it', () => {
  assert.throws(() => findAbiEvent(ABI, 'Nope(uint256)'), /Nope\(uint256\) is not in the ABI/)
})

// topic0 = keccak256 of the canonical signature, with viem's keccak (the reference implementation).
const findTopic = () => keccak256(toBytes('Staked(uint8,uint256[],bool)'))
