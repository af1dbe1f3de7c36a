/**
 * What a running mapping sees of the world. The WASM host (this folder) calls these
 * synchronously from host functions; the test runner and the indexer each provide one.
 * Everything here is plain JS data: no WASM pointers, no store or RPC types.
 */
import type { Entity } from '../subgraph/values.ts'

/** Ids are strings as graph-ts passes them: Bytes ids are lowercase `0x` hex, Int8 ids decimal. */
export interface HostStore {
  /** Latest version, including writes of earlier triggers and of this handler. */
  get(entityType: string, id: string): Entity | null
  /** Only entities written in the current block (`store.get_in_block`). */
  getInBlock(entityType: string, id: string): Entity | null
  /** `data` is the complete entity as the mapping saved it (merge is the caller's choice). */
  set(entityType: string, id: string, data: Entity): void
  remove(entityType: string, id: string): void
  /** Entities of the type named by `field`'s `@derivedFrom` whose reverse field points at `id`. */
  loadRelated(entityType: string, id: string, field: string): Entity[]
}

/** ethereum.Value as JS data (graph-ts chain/ethereum.ts `ValueKind`). */
export type EthValue =
  | { kind: 'address'; value: Uint8Array } // 20 bytes
  | { kind: 'fixedBytes'; value: Uint8Array }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'int'; value: bigint }
  | { kind: 'uint'; value: bigint }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string'; value: string }
  | { kind: 'fixedArray'; value: EthValue[] }
  | { kind: 'array'; value: EthValue[] }
  | { kind: 'tuple'; value: EthValue[] }

/** One `ethereum.call` from a mapping (graph-ts `SmartContractCall`). */
export interface EthCall {
  contractName: string
  address: Uint8Array
  functionName: string
  /** e.g. `balanceOf(address):(uint256)` */
  functionSignature: string
  args: EthValue[]
}

export interface BlockData {
  hash: Uint8Array
  parentHash: Uint8Array
  unclesHash: Uint8Array
  author: Uint8Array
  stateRoot: Uint8Array
  transactionsRoot: Uint8Array
  receiptsRoot: Uint8Array
  number: bigint
  gasUsed: bigint
  gasLimit: bigint
  timestamp: bigint
  difficulty: bigint
  totalDifficulty: bigint
  size: bigint | null
  baseFeePerGas: bigint | null
}

export interface TransactionData {
  hash: Uint8Array
  index: bigint
  from: Uint8Array
  to: Uint8Array | null
  value: bigint
  gasLimit: bigint
  gasPrice: bigint
  input: Uint8Array
  nonce: bigint
}

export interface LogData {
  address: Uint8Array
  topics: Uint8Array[]
  data: Uint8Array
  blockHash: Uint8Array
  blockNumber: Uint8Array
  transactionHash: Uint8Array
  transactionIndex: bigint
  logIndex: bigint
  transactionLogIndex: bigint
  logType: string
  removed: boolean | null
}

export interface ReceiptData {
  transactionHash: Uint8Array
  transactionIndex: bigint
  blockHash: Uint8Array
  blockNumber: bigint
  cumulativeGasUsed: bigint
  gasUsed: bigint
  contractAddress: Uint8Array | null
  logs: LogData[]
  status: bigint
  root: Uint8Array
  logsBloom: Uint8Array
}

/** Input of an event handler: the decoded event with its block, transaction and (optional) receipt. */
export interface EventData {
  address: Uint8Array
  logIndex: bigint
  transactionLogIndex: bigint
  logType: string | null
  block: BlockData
  transaction: TransactionData
  parameters: { name: string; value: EthValue }[]
  receipt: ReceiptData | null
}

export interface DataSourceInfo {
  name: string
  network: string
  address: Uint8Array | null
  context: Entity
}

export type LogLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug'

export interface HostContext {
  store: HostStore
  /** The data source whose handler runs (`dataSource.address/network/context`). */
  dataSource: DataSourceInfo
  /** The block being processed; `null` in unit tests without one. */
  block: BlockData | null
  /**
   * Serves `ethereum.call`: decoded return values, or `null` when the call reverted.
   * Throw a TransientError if it cannot be answered now (the caller retries the handler).
   */
  ethCall(call: EthCall): EthValue[] | null
  getBalance(address: Uint8Array): bigint
  hasCode(address: Uint8Array): boolean
  /** `dataSource.create` / `createWithContext`. */
  createDataSource(template: string, params: string[], context: Entity | null): void
  log(level: LogLevel, message: string): void
  /** File contents, or `null` when not available. */
  ipfsCat(hash: string): Uint8Array | null
  /** A raw IPFS block (`ipfs.getBlock`), or `null` when not available; without it the call is a deterministic error. */
  ipfsGetBlock?(hash: string): Uint8Array | null
  ensNameByHash(hash: string): string | null
}
