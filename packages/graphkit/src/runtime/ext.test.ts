import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { encodeAbiParameters, keccak256, toHex, hexToBytes } from 'viem'
import { DeterministicError } from '../internal/errors.ts'
import { fixture } from './__fixtures__/fixture.ts'
import type { HostInstance } from './index.ts'
import type { BlockData, EventData } from './hostContext.ts'

const fx = fixture('ext.ts')
before(fx.load)
const fresh = () => fx.fresh()
const s = (h: HostInstance, x: string) => h.memory.newString(x)
const b = (h: HostInstance, x: Uint8Array) => h.memory.newBytes(x)
const utf8 = (x: string) => new TextEncoder().encode(x)

test('BigDecimal arithmetic: hand-worked results, 34 significant digits, plain string form', () => {
  const { h } = fresh()
  const op = (o: number, x: string, y: string) => h.memory.readString(h.call('decOp', o, s(h, x), s(h, y)))
  assert.equal(op(0, '1.5', '2.25'), '3.75')
  assert.equal(op(1, '1', '0.0001'), '0.9999')
  assert.equal(op(2, '1.1', '1.1'), '1.21')
  assert.equal(op(2, '-2.5', '4'), '-10')
  assert.equal(op(0, '1e3', '0'), '1000')
  assert.equal(op(3, '1', '3'), '0.' + '3'.repeat(34))
  assert.equal(op(3, '2', '3'), '0.' + '6'.repeat(33) + '7')
  // negative values are truncated, not rounded, and keep 35 digits here (worked in host/bigDecimal.test.ts)
  assert.equal(op(3, '-2', '3'), '-0.' + '6'.repeat(35))
  assert.equal(op(4, '1.0', '1'), 'true')
  assert.equal(op(4, '1.01', '1'), 'false')
  assert.equal(h.memory.readString(h.call('bigDivDec', s(h, '10'), s(h, '4'))), '2.5')
})

test('BigDecimal division by zero and bad strings are deterministic errors', () => {
  assert.throws(() => { const { h } = fresh(); h.call('decOp', 3, s(h, '1'), s(h, '0')) },
    (e: unknown) => e instanceof DeterministicError && e.message === 'attempted to divide BigDecimal `1` by zero')
  assert.throws(() => { const { h } = fresh(); h.call('decOp', 0, s(h, 'abc'), s(h, '1')) },
    (e: unknown) => e instanceof DeterministicError && /is not a BigDecimal: 'abc'/.test(e.message))
})

test('crypto.keccak256 matches viem', () => {
  const { h } = fresh()
  for (const input of [new Uint8Array(), utf8('Transfer(address,address,uint256)')]) {
    assert.equal(toHex(h.memory.readBytes(h.call('keccak', b(h, input)))), keccak256(input))
  }
})

test('json.fromBytes keeps big numbers exact; try_fromBytes reports failures and depth limits', () => {
  const { h } = fresh()
  const doc = '{"name":"x","items":[1, 99999999999999999999999],"neg":-5,"f":1.5}'
  assert.equal(h.memory.readString(h.call('jsonSum', b(h, utf8(doc)))), 'x:100000000000000000000000:-5:1.5')
  assert.equal(h.call('jsonOk', b(h, utf8('[1, {"a": null}]'))), 1)
  assert.equal(h.call('jsonOk', b(h, utf8('{'))), 0)
  assert.equal(h.call('jsonOk', b(h, utf8('[1,]'))), 0)
  assert.equal(h.call('jsonOk', b(h, utf8('['.repeat(200) + ']'.repeat(200)))), 0)
})

test('ethereum.encode / decode agree with viem', () => {
  const { h } = fresh()
  const addr = '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984'
  const n = 123456789012345678901234567890n
  const expected = encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [addr, n])
  const enc = h.memory.readBytes(h.call('encodePair', b(h, hexToBytes(addr)), h.memory.newBigInt(n)))
  assert.equal(toHex(enc), expected)
  assert.equal(h.memory.readString(h.call('decodePair', b(h, hexToBytes(expected)))), `${addr} ${n}`)
  assert.equal(h.memory.readString(h.call('decodePair', b(h, new Uint8Array([1, 2])))), 'null')
})

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)
const block: BlockData = {
  hash: bytes(32, 0xbb), parentHash: bytes(32, 1), unclesHash: bytes(32, 2), author: bytes(20, 3), stateRoot: bytes(32, 4),
  transactionsRoot: bytes(32, 5), receiptsRoot: bytes(32, 6), number: 12345n, gasUsed: 1n, gasLimit: 2n, timestamp: 1700000000n,
  difficulty: 0n, totalDifficulty: 0n, size: null, baseFeePerGas: 7n,
}

test('handleEvent builds ethereum.Event with params, block, transaction, receipt and data source', () => {
  const { h, ctx } = fresh()
  const created: unknown[] = []
  ctx.createDataSource = (t, p, c) => void created.push([t, p, c])
  ctx.dataSource = { name: 'Vault', network: 'anvil', address: bytes(20, 0xaa), context: new Map([['label', { kind: 'String', value: 'L' }]]) }
  const from = bytes(20, 0x11)
  const event: EventData = {
    address: bytes(20, 0xcc), logIndex: 3n, transactionLogIndex: 0n, logType: null, block,
    transaction: { hash: bytes(32, 0xdd), index: 0n, from, to: null, value: 0n, gasLimit: 0n, gasPrice: 0n, input: new Uint8Array(), nonce: 1n },
    parameters: [{ name: 'from', value: { kind: 'address', value: from } }, { name: 'value', value: { kind: 'uint', value: 10n ** 30n } }],
    receipt: { transactionHash: bytes(32, 0xdd), transactionIndex: 0n, blockHash: block.hash, blockNumber: 12345n, cumulativeGasUsed: 50000n,
      gasUsed: 42000n, contractAddress: null, logs: [], status: 1n, root: new Uint8Array(), logsBloom: bytes(256, 0) },
  }
  h.handleEvent('handleTransfer', event)
  const id = toHex(bytes(32, 0xdd)) + '-3'
  const e = ctx.entities.get(`Transfer\0${id}`)!
  assert.deepEqual(e.get('from'), { kind: 'Bytes', value: from })
  assert.deepEqual(e.get('value'), { kind: 'BigInt', value: 10n ** 30n })
  assert.deepEqual(e.get('block'), { kind: 'BigInt', value: 12345n })
  assert.deepEqual(e.get('timestamp'), { kind: 'BigInt', value: 1700000000n })
  assert.deepEqual(e.get('emitter'), { kind: 'Bytes', value: bytes(20, 0xcc) })
  assert.deepEqual(e.get('ds'), { kind: 'Bytes', value: bytes(20, 0xaa) })
  assert.deepEqual(e.get('network'), { kind: 'String', value: 'anvil' })
  assert.deepEqual(e.get('ctx'), { kind: 'String', value: 'L' })
  assert.deepEqual(e.get('gasUsed'), { kind: 'BigInt', value: 42000n })
  assert.deepEqual(created, [['Child', [toHex(bytes(20, 0xcc))], new Map([['parent', { kind: 'String', value: id }]])]])
})

test('handleBlock builds ethereum.Block', () => {
  const { h, ctx } = fresh()
  h.handleBlock('handleBlock', block)
  assert.deepEqual(ctx.entities.get('Block\x0012345')?.get('hash'), { kind: 'Bytes', value: block.hash })
})

test('ipfs.map calls the callback export for each JSON line with the user data', () => {
  const { h, ctx } = fresh()
  ctx.ipfsCat = (hash) => (hash === 'QmList' ? utf8('{"id":"a","n":1}\n\n{"id":"b","n":123456789012345678901}\n') : null)
  h.call('ipfsSum')
  assert.deepEqual(ctx.entities.get('Item\0a'), new Map([['user', { kind: 'String', value: 'tag' }], ['n', { kind: 'BigInt', value: 1n }]]))
  assert.deepEqual(ctx.entities.get('Item\0b')?.get('n'), { kind: 'BigInt', value: 123456789012345678901n })
})
