/**
 * Writes graph-ts's ethereum classes (chain/ethereum.ts; graph-node chain/ethereum/src/runtime/abi.rs)
 * into mapping memory. Fields are pointers in declaration order; older apiVersions have fewer fields
 * (0.0.2 added Transaction input, 0.0.6 Transaction nonce and Block baseFeePerGas, 0.0.7 Event.receipt).
 */
import type { BlockData, EventData, LogData, ReceiptData, TransactionData } from '../hostContext.ts'
import type { AscMemory } from './memory.ts'
import type { TypeName } from './typeIds.ts'

/** apiVersion `a` >= `b` (both `x.y.z`). */
export function apiAtLeast(a: string, b: string): boolean {
  const x = a.split('.').map(Number), y = b.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0)
  return true
}
const ge = apiAtLeast

function struct(mem: AscMemory, fields: number[], type: TypeName): number {
  const ptr = mem.newObject(4 * fields.length, mem.typeId(type))
  fields.forEach((f, i) => mem.setU32(ptr + 4 * i, f))
  return ptr
}

export function newBlock(mem: AscMemory, b: BlockData, api: string): number {
  const by = (x: Uint8Array) => mem.newBytes(x)
  const bi = (x: bigint) => mem.newBigInt(x)
  const f = [by(b.hash), by(b.parentHash), by(b.unclesHash), by(b.author), by(b.stateRoot), by(b.transactionsRoot), by(b.receiptsRoot),
    bi(b.number), bi(b.gasUsed), bi(b.gasLimit), bi(b.timestamp), bi(b.difficulty), bi(b.totalDifficulty), b.size === null ? 0 : bi(b.size)]
  if (ge(api, '0.0.6')) f.push(b.baseFeePerGas === null ? 0 : bi(b.baseFeePerGas))
  return struct(mem, f, 'EthereumBlock')
}

export function newTransaction(mem: AscMemory, t: TransactionData, api: string): number {
  const f = [mem.newBytes(t.hash), mem.newBigInt(t.index), mem.newBytes(t.from), t.to ? mem.newBytes(t.to) : 0,
    mem.newBigInt(t.value), mem.newBigInt(t.gasLimit), mem.newBigInt(t.gasPrice)]
  // Transaction_0_0_2 (apiVersion >= 0.0.2) has `input`; Transaction_0_0_6 adds `nonce` (chain/ethereum/src/runtime/abi.rs).
  f.push(mem.newBytes(t.input))
  if (ge(api, '0.0.6')) f.push(mem.newBigInt(t.nonce))
  return struct(mem, f, 'EthereumTransaction')
}

export function newLog(mem: AscMemory, l: LogData): number {
  let removed = 0
  if (l.removed !== null) {
    removed = mem.newObject(4, mem.typeId('WrappedBool'))
    mem.setU32(removed, l.removed ? 1 : 0)
  }
  return struct(mem, [mem.newBytes(l.address), mem.newArray(l.topics.map((t) => mem.newBytes(t)), 'ArrayH256'), mem.newBytes(l.data),
    mem.newBytes(l.blockHash), mem.newBytes(l.blockNumber), mem.newBytes(l.transactionHash), mem.newBigInt(l.transactionIndex),
    mem.newBigInt(l.logIndex), mem.newBigInt(l.transactionLogIndex), mem.newString(l.logType), removed], 'Log')
}

export function newReceipt(mem: AscMemory, r: ReceiptData): number {
  return struct(mem, [mem.newBytes(r.transactionHash), mem.newBigInt(r.transactionIndex), mem.newBytes(r.blockHash), mem.newBigInt(r.blockNumber),
    mem.newBigInt(r.cumulativeGasUsed), mem.newBigInt(r.gasUsed), r.contractAddress ? mem.newBytes(r.contractAddress) : 0,
    mem.newArray(r.logs.map((l) => newLog(mem, l)), 'ArrayLog'), mem.newBigInt(r.status), mem.newBytes(r.root), mem.newBytes(r.logsBloom)], 'TransactionReceipt')
}

export function newEvent(mem: AscMemory, e: EventData, api: string): number {
  const params = e.parameters.map((p) => struct(mem, [mem.newString(p.name), mem.newEthValue(p.value)], 'EventParam'))
  const f = [mem.newBytes(e.address), mem.newBigInt(e.logIndex), mem.newBigInt(e.transactionLogIndex), e.logType === null ? 0 : mem.newString(e.logType),
    newBlock(mem, e.block, api), newTransaction(mem, e.transaction, api), mem.newArray(params, 'ArrayEventParam')]
  if (ge(api, '0.0.7')) f.push(e.receipt ? newReceipt(mem, e.receipt) : 0)
  return struct(mem, f, 'EthereumEvent')
}
