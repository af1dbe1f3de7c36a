/**
 * JSON-RPC objects (hex strings) → the host's plain data (`EventData`, `BlockData`…).
 * Event parameters are decoded by `eventDecoder` against the data source's ABI straight into
 * `EthValue`s, so that e.g. `uint8` stays `uint` and `bytes32` stays `fixedBytes` (graph-ts
 * chain/ethereum.ts `ValueKind`); `toEthValue` does the same for viem-decoded call results.
 */
import { hexToBytes, type Abi, type AbiEvent, type AbiParameter } from 'viem'
import { DeterministicError } from '../internal/errors.ts'
import type { BlockData, EthValue, EventData, LogData, ReceiptData, TransactionData } from '../runtime/hostContext.ts'
import type { RpcLog } from './rpc.ts'
import { canonicalSignature, topic0 } from './triggers.ts'
import { eventDecoder, hexBytes, type DecodedParams } from './eventDecoder.ts'

export interface RpcBlock {
  number: string; hash: string; parentHash: string; sha3Uncles: string; miner: string; stateRoot: string
  transactionsRoot: string; receiptsRoot: string; gasUsed: string; gasLimit: string; timestamp: string
  difficulty?: string; totalDifficulty?: string; size?: string; baseFeePerGas?: string
  transactions?: (RpcTransaction | string)[]
}
export interface RpcTransaction {
  hash: string; transactionIndex: string; from: string; to: string | null; value: string; gas: string
  gasPrice?: string; input: string; nonce: string
}
export interface RpcReceipt {
  transactionHash: string; transactionIndex: string; blockHash: string; blockNumber: string; cumulativeGasUsed: string
  gasUsed: string; contractAddress: string | null; logs: RpcLog[]; status?: string; root?: string; logsBloom: string
}

const bytes = (h: string | null | undefined): Uint8Array => {
  if (!h) return new Uint8Array()
  if (h.length % 2 === 0) return hexBytes(h, 0, (h.length - 2) / 2)
  return hexToBytes(h as `0x${string}`) // odd digit counts (quantities): viem pads them
}
const big = (h: string | null | undefined): bigint => (h ? BigInt(h) : 0n)

export function toBlockData(b: RpcBlock): BlockData {
  return {
    hash: bytes(b.hash), parentHash: bytes(b.parentHash), unclesHash: bytes(b.sha3Uncles), author: bytes(b.miner),
    stateRoot: bytes(b.stateRoot), transactionsRoot: bytes(b.transactionsRoot), receiptsRoot: bytes(b.receiptsRoot),
    number: big(b.number), gasUsed: big(b.gasUsed), gasLimit: big(b.gasLimit), timestamp: big(b.timestamp),
    difficulty: big(b.difficulty), totalDifficulty: big(b.totalDifficulty),
    size: b.size ? BigInt(b.size) : null, baseFeePerGas: b.baseFeePerGas ? BigInt(b.baseFeePerGas) : null,
  }
}

export function toTransactionData(t: RpcTransaction): TransactionData {
  return {
    hash: bytes(t.hash), index: big(t.transactionIndex), from: bytes(t.from), to: t.to ? bytes(t.to) : null,
    value: big(t.value), gasLimit: big(t.gas), gasPrice: big(t.gasPrice), input: bytes(t.input), nonce: big(t.nonce),
  }
}

/** graph-node leaves `transactionLogIndex` equal to the block log index for RPC logs (no per-tx index in eth_getLogs). */
export function toLogData(l: RpcLog): LogData {
  return {
    address: bytes(l.address), topics: l.topics.map(bytes), data: bytes(l.data), blockHash: bytes(l.blockHash),
    blockNumber: bytes(l.blockNumber.length % 2 ? `0x0${l.blockNumber.slice(2)}` : l.blockNumber),
    transactionHash: bytes(l.transactionHash), transactionIndex: big(l.transactionIndex), logIndex: big(l.logIndex),
    transactionLogIndex: big(l.logIndex), logType: '', removed: l.removed ?? null,
  }
}

export function toReceiptData(r: RpcReceipt): ReceiptData {
  return {
    transactionHash: bytes(r.transactionHash), transactionIndex: big(r.transactionIndex), blockHash: bytes(r.blockHash),
    blockNumber: big(r.blockNumber), cumulativeGasUsed: big(r.cumulativeGasUsed), gasUsed: big(r.gasUsed),
    contractAddress: r.contractAddress ? bytes(r.contractAddress) : null, logs: r.logs.map(toLogData),
    status: big(r.status), root: bytes(r.root), logsBloom: bytes(r.logsBloom),
  }
}

/** A decoded value (viem's JS shape) as an `EthValue` of ABI type `p`. */
export function toEthValue(p: AbiParameter, v: unknown): EthValue {
  const t = p.type
  const arr = /^(.*)\[(\d*)\]$/.exec(t)
  if (arr) {
    const item = { ...p, type: arr[1] } as AbiParameter
    const value = (v as unknown[]).map((x) => toEthValue(item, x))
    return arr[2] === '' ? { kind: 'array', value } : { kind: 'fixedArray', value }
  }
  if (t === 'tuple') {
    const comps = (p as { components: readonly AbiParameter[] }).components
    return { kind: 'tuple', value: comps.map((c, i) => toEthValue(c, Array.isArray(v) ? v[i] : (v as Record<string, unknown>)[c.name!])) }
  }
  if (t === 'address') return { kind: 'address', value: bytes(v as string) }
  if (t === 'bool') return { kind: 'bool', value: v as boolean }
  if (t === 'string') return { kind: 'string', value: v as string }
  if (t === 'bytes') return { kind: 'bytes', value: bytes(v as string) }
  if (t.startsWith('bytes')) return { kind: 'fixedBytes', value: bytes(v as string) }
  if (t.startsWith('uint')) return { kind: 'uint', value: BigInt(v as bigint | number) }
  if (t.startsWith('int')) return { kind: 'int', value: BigInt(v as bigint | number) }
  throw new DeterministicError(`unsupported ABI type ${t}`)
}

/** The ABI event an event handler's signature names (matched on the canonical signature). */
export function findAbiEvent(abi: Abi, signature: string): AbiEvent {
  const want = topic0(signature)
  for (const item of abi) if (item.type === 'event' && topic0(`${item.name}(${item.inputs.map(typeString).join(',')})`) === want) return item
  throw new DeterministicError(`event ${canonicalSignature(signature)} is not in the ABI`)
}

function typeString(p: AbiParameter): string {
  if (!p.type.startsWith('tuple')) return p.type
  return `(${(p as { components: readonly AbiParameter[] }).components.map(typeString).join(',')})${p.type.slice(5)}`
}

const decoders = new WeakMap<AbiEvent, ReturnType<typeof eventDecoder>>()

/** Decoded parameters in ABI order, named as in the ABI (graph-ts `event.params`). */
export function decodeParameters(event: AbiEvent, log: RpcLog, where: string): DecodedParams {
  let d = decoders.get(event)
  if (!d) decoders.set(event, (d = eventDecoder(event)))
  return d(log, where)
}

export function toEventData(event: AbiEvent, log: RpcLog, block: BlockData, tx: TransactionData, receipt: ReceiptData | null, where: string): EventData {
  const logIndex = big(log.logIndex)
  return {
    address: bytes(log.address), logIndex, transactionLogIndex: logIndex, logType: null,
    block, transaction: tx, parameters: decodeParameters(event, log, where), receipt,
  }
}
