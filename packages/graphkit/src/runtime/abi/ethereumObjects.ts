/**
 * Writes graph-ts's ethereum classes (chain/ethereum.ts; graph-node chain/ethereum/src/runtime/abi.rs)
 * into mapping memory: an event's own objects in one allocation, its block and its transaction in one each.
 * Fields are pointers in declaration order; older apiVersions have fewer fields
 * (0.0.2 added Transaction input, 0.0.6 Transaction nonce and Block baseFeePerGas, 0.0.7 Event.receipt).
 */
import type { BlockData, EventData, LogData, ReceiptData, TransactionData } from '../hostContext.ts'
import type { AscMemory } from './memory.ts'
import type { ObjectLayout } from './objectLayout.ts'
import { TYPE_INDEX as T } from './typeIds.ts'

/** apiVersion `a` >= `b` (both `x.y.z`). */
export function apiAtLeast(a: string, b: string): boolean {
  const x = a.split('.').map(Number), y = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
  return true
}

/** What each apiVersion's classes hold, decided once per module rather than per event. */
export interface EthereumLayout {
  /** Block.baseFeePerGas, Transaction.nonce (0.0.6). */
  v6: boolean
  /** Event.receipt (0.0.7). */
  v7: boolean
}
export const ethereumLayout = (api: string): EthereumLayout => ({ v6: apiAtLeast(api, '0.0.6'), v7: apiAtLeast(api, '0.0.7') })

function block(l: ObjectLayout, b: BlockData, v: EthereumLayout): number {
  const f = [l.bytes(b.hash), l.bytes(b.parentHash), l.bytes(b.unclesHash), l.bytes(b.author), l.bytes(b.stateRoot), l.bytes(b.transactionsRoot), l.bytes(b.receiptsRoot),
    l.bigInt(b.number), l.bigInt(b.gasUsed), l.bigInt(b.gasLimit), l.bigInt(b.timestamp), l.bigInt(b.difficulty), l.bigInt(b.totalDifficulty), b.size === null ? 0 : l.bigInt(b.size)]
  if (v.v6) f.push(b.baseFeePerGas === null ? 0 : l.bigInt(b.baseFeePerGas))
  return l.struct(f, T.EthereumBlock)
}

function transaction(l: ObjectLayout, t: TransactionData, v: EthereumLayout): number {
  // Transaction_0_0_2 (apiVersion >= 0.0.2) has `input`; Transaction_0_0_6 adds `nonce` (chain/ethereum/src/runtime/abi.rs).
  const f = [l.bytes(t.hash), l.bigInt(t.index), l.bytes(t.from), t.to ? l.bytes(t.to) : 0, l.bigInt(t.value), l.bigInt(t.gasLimit), l.bigInt(t.gasPrice), l.bytes(t.input)]
  if (v.v6) f.push(l.bigInt(t.nonce))
  return l.struct(f, T.EthereumTransaction)
}

function log(l: ObjectLayout, g: LogData): number {
  return l.struct([l.bytes(g.address), l.array(g.topics.map((t) => l.bytes(t)), T.ArrayH256), l.bytes(g.data), l.bytes(g.blockHash), l.bytes(g.blockNumber),
    l.bytes(g.transactionHash), l.bigInt(g.transactionIndex), l.bigInt(g.logIndex), l.bigInt(g.transactionLogIndex), l.string(g.logType),
    g.removed === null ? 0 : l.wrappedBool(g.removed)], T.Log)
}

function receipt(l: ObjectLayout, r: ReceiptData): number {
  return l.struct([l.bytes(r.transactionHash), l.bigInt(r.transactionIndex), l.bytes(r.blockHash), l.bigInt(r.blockNumber), l.bigInt(r.cumulativeGasUsed),
    l.bigInt(r.gasUsed), r.contractAddress ? l.bytes(r.contractAddress) : 0, l.array(r.logs.map((g) => log(l, g)), T.ArrayLog), l.bigInt(r.status),
    l.bytes(r.root), l.bytes(r.logsBloom)], T.TransactionReceipt)
}

/** The event, with its block and transaction already in memory at `blockPtr` and `txPtr`. */
function event(l: ObjectLayout, e: EventData, v: EthereumLayout, blockPtr: number, txPtr: number): number {
  const params = e.parameters.map((p) => {
    const value = l.ethValue(p.value)
    const h = l.struct([0, value], T.EventParam)
    l.key(h, p.name)
    return h
  })
  const f = [l.bytes(e.address), l.bigInt(e.logIndex), l.bigInt(e.transactionLogIndex), e.logType === null ? 0 : l.string(e.logType),
    0, 0, l.array(params, T.ArrayEventParam)]
  if (v.v7) f.push(e.receipt ? receipt(l, e.receipt) : 0)
  const h = l.struct(f, T.EthereumEvent)
  l.w.abs(h + 16, blockPtr)
  l.w.abs(h + 20, txPtr)
  return h
}

export function newBlock(mem: AscMemory, b: BlockData, api: string | EthereumLayout): number {
  const v = typeof api === 'string' ? ethereumLayout(api) : api
  return mem.end(block(mem.begin(), b, v))
}

export function newTransaction(mem: AscMemory, t: TransactionData, api: string | EthereumLayout): number {
  const v = typeof api === 'string' ? ethereumLayout(api) : api
  return mem.end(transaction(mem.begin(), t, v))
}

export function newLog(mem: AscMemory, g: LogData): number {
  return mem.end(log(mem.begin(), g))
}

export function newReceipt(mem: AscMemory, r: ReceiptData): number {
  return mem.end(receipt(mem.begin(), r))
}

/**
 * The event in three allocations: its block and its transaction are copies of layouts kept
 * while the same `BlockData` / `TransactionData` come back (the events of one block, of one
 * transaction), so they are laid out once, not per event; every event still gets its own
 * objects, as graph-node gives them.
 */
export function newEvent(mem: AscMemory, e: EventData, api: string | EthereumLayout): number {
  const v = typeof api === 'string' ? ethereumLayout(api) : api
  const blockPtr = mem.copyOf(e.block, v, block)
  const txPtr = mem.copyOf(e.transaction, v, transaction)
  return mem.end(event(mem.begin(), e, v, blockPtr, txPtr))
}
