import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { fixture } from '../__fixtures__/fixture.ts'
import type { HostInstance } from '../index.ts'
import type { Entity } from '../../subgraph/values.ts'
import { ObjectLayout } from './objectLayout.ts'
import { blockPayloadSize } from './objectWriter.ts'
import { ethereumLayout, newEvent } from './ethereumObjects.ts'

const fx = fixture('layout.ts')
before(fx.load)

const entity = (): Entity => new Map<string, any>([
  ['id', { kind: 'String', value: 'thing-1' }],
  ['count', { kind: 'Int', value: -7 }],
  ['amount', { kind: 'BigInt', value: -123456789012345678901234567890n }],
  ['small', { kind: 'BigInt', value: 300n }],
  ['minus1', { kind: 'BigInt', value: -1n }],
  ['i32min', { kind: 'BigInt', value: -2147483648n }],
  ['zero', { kind: 'BigInt', value: 0n }],
  ['price', { kind: 'BigDecimal', value: { digits: 15n, exp: -1 } }],
  ['ok', { kind: 'Bool', value: true }],
  ['data', { kind: 'Bytes', value: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]) }],
  ['tags', { kind: 'Array', value: [{ kind: 'String', value: 'a' }, { kind: 'String', value: 'bé' }] }],
  ['nothing', { kind: 'Null' }],
  ['big8', { kind: 'Int8', value: -9007199254740993n }],
])
const expected = 'id=thing-1;count=-7;amount=-123456789012345678901234567890;small=300;minus1=-1;i32min=-2147483648;zero=0;price=1.5;ok=true;data=0xdeadbeef;tags=[a,bé];nothing=null;big8=-9007199254740993;'
const memBytes = (h: HostInstance) => new Uint8Array((h.exports.memory as WebAssembly.Memory).buffer)
const describe = (h: HostInstance, ptr: number) => h.memory.readString(h.call('describeEntity', ptr))

test('the mapping reads back every value kind of an entity written in one allocation', () => {
  const { h } = fx.fresh()
  assert.equal(describe(h, h.memory.newEntity(entity())), expected)
})

test('one allocate() leaves memory exactly as one __new per object would (stub runtime layout)', () => {
  const a = fx.fresh().h
  const b = fx.fresh().h
  const start = (h: HostInstance) => (h.exports.allocate as (n: number) => number)(0) // same offset in both: fresh instances
  assert.equal(start(a), start(b))
  const la = new ObjectLayout((t) => a.memory.typeId(t))
  const lb = new ObjectLayout((t) => b.memory.typeId(t))
  const pa = la.commit(la.entity(entity()), a.exports.allocate as never, undefined, () => memBytes(a))
  const pb = lb.commit(lb.entity(entity()), undefined, b.exports.__new as never, () => memBytes(b))
  assert.equal(pa, pb)
  const end = Math.max(start(a), start(b))
  assert.ok(end > pa)
  assert.deepEqual(memBytes(a).subarray(0, end), memBytes(b).subarray(0, end))
  assert.equal(describe(b, pb), expected)
})

test('block sizes follow the stub runtime: payloads stay 16-aligned', () => {
  // computeSize(16 + size): ((16 + size + 4 + 15) & ~15) - 4
  assert.equal(blockPayloadSize(0), 28)
  assert.equal(blockPayloadSize(12), 28)
  assert.equal(blockPayloadSize(13), 44)
  for (let n = 0; n < 100; n++) assert.equal((blockPayloadSize(n) + 4) % 16, 0)
})

test('an entity the host wrote can grow in the mapping (Array.push reallocates its entries)', () => {
  const { h } = fx.fresh()
  const p = h.call('grow', h.memory.newEntity(entity()), 40)
  const e = h.memory.readEntity(p)
  assert.equal(e.size, 13 + 40)
  assert.deepEqual(e.get('extra39'), { kind: 'Int', value: 39 })
  assert.deepEqual(e.get('amount'), { kind: 'BigInt', value: -123456789012345678901234567890n })
  // Later writes do not overlap the grown array.
  const q = h.memory.newEntity(entity())
  assert.equal(describe(h, q), expected)
  assert.equal(h.memory.readEntity(p).size, 53)
})

test('field names are shared between writes; the mapping sees equal keys', () => {
  const { h } = fx.fresh()
  const p1 = h.memory.newEntity(entity())
  const p2 = h.memory.newEntity(entity())
  const keyPtr = (p: number) => h.memory.u32(h.memory.u32(h.memory.u32(h.memory.u32(p) + 4)))
  assert.equal(keyPtr(p1), keyPtr(p2))
  assert.equal(describe(h, p2), expected)
})

test('an event with its block and transaction, as the handler reads it', () => {
  const { h } = fx.fresh()
  const z = (n: number) => new Uint8Array(n)
  const block = { hash: z(32), parentHash: z(32), unclesHash: z(32), author: z(20), stateRoot: z(32), transactionsRoot: z(32), receiptsRoot: z(32), number: 12345678n, gasUsed: 1n, gasLimit: 2n, timestamp: 3n, difficulty: 0n, totalDifficulty: 0n, size: null, baseFeePerGas: 7n }
  const tx = { hash: Uint8Array.from({ length: 32 }, (_, i) => i), index: 1n, from: z(20), to: null, value: 0n, gasLimit: 0n, gasPrice: 0n, input: z(0), nonce: 0n }
  const ev = { address: z(20), logIndex: 4n, transactionLogIndex: 4n, logType: null, block, transaction: tx, receipt: null,
    parameters: [{ name: 'amount', value: { kind: 'uint' as const, value: 10n ** 30n } }, { name: 'id', value: { kind: 'uint' as const, value: 2n } }] }
  const summary = h.memory.readString(h.call('eventSummary', newEvent(h.memory, ev, '0.0.9')))
  assert.equal(summary, `12345678 0x${Buffer.from(tx.hash).toString('hex')} 4 amount:${10n ** 30n} id:2`)
  // Parameter names are shared like field names: a second event reuses them.
  assert.equal(h.memory.readString(h.call('eventSummary', newEvent(h.memory, ev, '0.0.9'))), summary)
})

test('events of one block and transaction get their own copies of both: a change to one event\'s block is not in the next', () => {
  const { h } = fx.fresh()
  const m = h.memory
  const z = (n: number) => new Uint8Array(n)
  const block = { hash: z(32), parentHash: z(32), unclesHash: z(32), author: z(20), stateRoot: z(32), transactionsRoot: z(32), receiptsRoot: z(32), number: 12345678n, gasUsed: 1n, gasLimit: 2n, timestamp: 3n, difficulty: 0n, totalDifficulty: 0n, size: null, baseFeePerGas: 7n }
  const tx = { hash: Uint8Array.from({ length: 32 }, (_, i) => 255 - i), index: 1n, from: z(20), to: null, value: 0n, gasLimit: 0n, gasPrice: 0n, input: z(0), nonce: 0n }
  const ev = (logIndex: bigint) => ({ address: z(20), logIndex, transactionLogIndex: logIndex, logType: null, block, transaction: tx, receipt: null, parameters: [{ name: 'id', value: { kind: 'uint' as const, value: logIndex } }] })
  const v = ethereumLayout('0.0.9')
  const txHex = `0x${Buffer.from(tx.hash).toString('hex')}`
  const p1 = newEvent(m, ev(1n), v)
  const p2 = newEvent(m, ev(2n), v)
  // Event fields: address, logIndex, transactionLogIndex, logType, block (16), transaction (20), parameters.
  assert.notEqual(m.u32(p1 + 16), m.u32(p2 + 16))
  assert.notEqual(m.u32(p1 + 20), m.u32(p2 + 20))
  assert.equal(m.readString(h.call('eventSummary', p1)), `12345678 ${txHex} 1 id:1`)
  assert.equal(m.readString(h.call('eventSummary', p2)), `12345678 ${txHex} 2 id:2`)
  // The first event's block number (Block field 7, a BigInt: 4E 61 BC 00 little-endian) set to 12345679 in memory.
  const number = m.u32(m.u32(p1 + 16) + 28)
  m.setU32(m.u32(number + 4), 0x00bc614f)
  assert.equal(m.readString(h.call('eventSummary', p1)), `12345679 ${txHex} 1 id:1`)
  assert.equal(m.readString(h.call('eventSummary', p2)), `12345678 ${txHex} 2 id:2`)
  assert.equal(m.readString(h.call('eventSummary', newEvent(m, ev(3n), v))), `12345678 ${txHex} 3 id:3`)
})
