import { test } from 'node:test'
import assert from 'node:assert/strict'
import { blockTriggers, topic0, canonicalSignature, dueBlockHandlers, logFilter, type ActiveDataSource } from './triggers.ts'
import type { EventHandler } from '../subgraph/manifest.ts'
import type { RpcLog } from './rpc.ts'

// topic0 of ERC-20/721 Transfer, as published in EIP-20 tooling and every block explorer.
const TRANSFER = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'
// topic0 of Approval(address,address,uint256) (EIP-20).
const APPROVAL = '0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925'
const A = '0x' + 'a'.repeat(40)
const B = '0x' + 'b'.repeat(40)
const pad = (x: string) => '0x' + x.replace(/^0x/, '').padStart(64, '0')

const h = (event: string, handler: string, extra: Partial<EventHandler> = {}): EventHandler => ({ event, handler, receipt: false, calls: {}, declaredCalls: [], ...extra })
const log = (address: string, topics: string[], tx: number, idx: number, block = 10): RpcLog => ({
  address, topics, data: '0x', blockNumber: `0x${block.toString(16)}`, blockHash: '0x01', transactionHash: `0x${tx}`, transactionIndex: `0x${tx.toString(16)}`, logIndex: `0x${idx.toString(16)}`,
})

test('topic0 hashes the signature without `indexed`', () => {
  assert.equal(canonicalSignature('Transfer(indexed address, indexed address,uint256)'), 'Transfer(address,address,uint256)')
  assert.equal(topic0('Transfer(indexed address,indexed address,uint256)'), TRANSFER)
  assert.equal(topic0('Approval(indexed address,indexed address,uint256)'), APPROVAL)
})

test('events ordered by (transaction index, log index), sources in creation order, block handlers last', () => {
  const first: ActiveDataSource = {
    name: 'first', address: A, startBlock: 0,
    mapping: { eventHandlers: [h('Transfer(indexed address,indexed address,uint256)', 'onTransferA')], blockHandlers: [{ handler: 'blockA' }] },
  }
  const second: ActiveDataSource = {
    name: 'second', address: A, startBlock: 0,
    mapping: { eventHandlers: [h('Approval(indexed address,indexed address,uint256)', 'onApproval'), h('Transfer(indexed address,indexed address,uint256)', 'onTransferB')], blockHandlers: [] },
  }
  const other: ActiveDataSource = { name: 'other', address: B, startBlock: 0, mapping: { eventHandlers: [h('Transfer(address,address,uint256)', 'onOther')], blockHandlers: [] } }
  const logs = [
    log(A, [APPROVAL], 2, 5),
    log(B, [TRANSFER], 1, 3),
    log(A, [TRANSFER], 1, 2),
    log(A, [TRANSFER], 0, 9, 11), // another block: ignored
  ]
  const got = blockTriggers(10, [first, second, other], logs).map((t) => `${t.source.name}.${t.kind === 'event' ? t.handler.handler : t.handler}`)
  assert.deepEqual(got, ['first.onTransferA', 'second.onTransferB', 'other.onOther', 'second.onApproval', 'first.blockA'])
})

test('topic filters and start/end blocks restrict triggers', () => {
  const s: ActiveDataSource = {
    name: 's', address: A, startBlock: 5, endBlock: 20,
    mapping: { eventHandlers: [h('Transfer(indexed address,indexed address,uint256)', 'toB', { topic2: [pad(B)] })], blockHandlers: [] },
  }
  const toB = log(A, [TRANSFER, pad(A), pad(B)], 0, 0)
  const toA = log(A, [TRANSFER, pad(B), pad(A)], 0, 1)
  assert.deepEqual(blockTriggers(10, [s], [toB, toA]).map((t) => t.kind === 'event' && t.log.logIndex), ['0x0'])
  assert.equal(blockTriggers(4, [s], [{ ...toB, blockNumber: '0x4' }]).length, 0)
  assert.equal(blockTriggers(21, [s], [{ ...toB, blockNumber: '0x15' }]).length, 0)
  assert.deepEqual(logFilter([s, s]), { address: [A], topics: [[TRANSFER]] })
})

test('block handler filters: every block, polling every N from startBlock, once at startBlock', () => {
  const s: ActiveDataSource = {
    name: 's', address: A, startBlock: 3,
    mapping: { eventHandlers: [], blockHandlers: [{ handler: 'each' }, { handler: 'poll', filter: { kind: 'polling', every: 4 } }, { handler: 'once', filter: { kind: 'once' } }] },
  }
  const runs = (name: string) => [...Array(12).keys()].filter((b) => dueBlockHandlers(s, b).includes(name))
  assert.deepEqual(runs('each'), [3, 4, 5, 6, 7, 8, 9, 10, 11])
  assert.deepEqual(runs('poll'), [3, 7, 11])
  assert.deepEqual(runs('once'), [3])
})

test('a once handler runs before the events of its block, polling and every-block handlers after them', () => {
  // graph-node chain/ethereum/src/trigger.rs: Block(Start) triggers sort first, other block triggers last.
  const init: ActiveDataSource = { name: 'init', address: A, startBlock: 10, mapping: { eventHandlers: [], blockHandlers: [{ handler: 'setup', filter: { kind: 'once' } }, { handler: 'poll', filter: { kind: 'polling', every: 5 } }] } }
  const events: ActiveDataSource = { name: 'events', address: A, startBlock: 0, mapping: { eventHandlers: [h('Transfer(indexed address,indexed address,uint256)', 'onTransfer')], blockHandlers: [{ handler: 'each' }] } }
  const got = (b: number) => blockTriggers(b, [events, init], [log(A, [TRANSFER], 0, 0, b)]).map((t) => `${t.source.name}.${t.kind === 'event' ? t.handler.handler : t.handler}`)
  assert.deepEqual(got(10), ['init.setup', 'events.onTransfer', 'events.each', 'init.poll'])
  assert.deepEqual(got(11), ['events.onTransfer', 'events.each'])
})
