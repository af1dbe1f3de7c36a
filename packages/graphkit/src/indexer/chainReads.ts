/**
 * The chain state handlers read at their block: `ethereum.call` (eth_call), and since graph-ts
 * apiVersion 0.0.9 `ethereum.getBalance` (eth_getBalance) and `ethereum.hasCode` (eth_getCode)
 * (graph-node runtime/wasm/src/host_exports.rs `ethereum_get_balance`, `ethereum_has_code`).
 *
 * Host functions are synchronous and RPC is not: every read is answered from a cache keyed by
 * (block hash, what, address, calldata). A miss throws `ReadMiss` out of the handler; the indexer
 * discards the trigger's writes, awaits `miss.fetch()` and runs the trigger again. Declared calls
 * (declaredCalls.ts) fill the cache before the block's handlers run, so they never miss.
 *
 * Reads name the block by hash (EIP-1898 `{ blockHash }`), so a reorg cannot answer from another
 * branch; a node that rejects that form (invalid params, -32602) is asked by number from then on.
 */
import { decodeFunctionResult, encodeFunctionData, type Abi, type AbiFunction } from 'viem'
import type { EthCall, EthValue } from '../runtime/hostContext.ts'
import { DeterministicError, TransientError } from '../internal/errors.ts'
import { hex, RpcResponseError, type RpcClient } from './rpc.ts'
import { toEthValue } from './ethData.ts'

/** The block a handler runs in: reads are made at its state (after its transactions). */
export interface BlockRef {
  /** 0x-prefixed lowercase hex. */
  hash: string
  number: number
}

/** Thrown by a read on a cache miss; a TransientError so the WASM host lets it through unchanged. */
export class ReadMiss extends TransientError {
  constructor(
    what: string,
    readonly fetch: () => Promise<void>,
  ) {
    super(`${what} not cached yet`)
  }
}

/** An eth_call ready to send: its cache key, target, calldata and the function that decodes it. */
export interface PreparedCall {
  key: string
  to: string
  data: `0x${string}`
  fn: AbiFunction
}

export interface ReadStats {
  /** `ethereum.call`s that missed the cache: each one re-ran a handler. */
  callMisses: number
  /** `getBalance` / `hasCode` reads that missed the cache: each one re-ran a handler. */
  stateMisses: number
  /** eth_calls made ahead of the handlers for declared calls. */
  declaredCalls: number
}

/** Concurrent requests when prefetching declared calls. */
const PREFETCH_CONCURRENCY = 16

/**
 * An eth_call that reverted is an answer (graph-ts `try_` calls get null), not a failure. As in
 * graph-node (chain/ethereum/src/ethereum_adapter.rs `call`): code 3 (geth's execution reverted,
 * with data), a message naming an EVM execution error, or a Parity/OpenEthereum VM error (-32015)
 * whose data says so. Any other error answer is the node's trouble, not the contract's.
 */
const EVM_ERRORS = ['revert', 'invalid jump destination', 'invalid opcode', 'stack limit reached 1024', 'out of gas', 'stack underflow']
const PARITY_VM_ERROR = -32015
const PARITY_REVERTS = [/^Reverted 0x/, /^Bad jump/, /^Out of stack/, /^Bad instruction f[de]$/, /^Out of gas$/, /^revert$/]

export function isRevert(e: unknown): boolean {
  if (!(e instanceof RpcResponseError)) return false
  if (e.code === 3) return true
  const message = e.answer.toLowerCase()
  if (EVM_ERRORS.some((x) => message.includes(x))) return true
  return e.code === PARITY_VM_ERROR && typeof e.data === 'string' && PARITY_REVERTS.some((r) => r.test(e.data as string))
}

/**
 * A read at a block that the node answered with an error other than a revert: transient, so the
 * block is retried and the deployment never fails for it (graph-node: a non-deterministic error).
 * Typically a node without the state of old blocks (not an archive node), or one behind.
 */
export function readFailed(method: string, block: BlockRef, e: unknown): unknown {
  if (!(e instanceof RpcResponseError)) return e
  return new TransientError(`${method} at block ${block.number} failed: ${e.answer} (code ${e.code})`, {
    where: `JSON-RPC ${method} at ${block.hash}`,
    details:
      'Not a revert, so it is retried rather than failing the deployment. A node that does not keep the state of old blocks ' +
      '(not an archive node) answers reads at them this way: index from an archive node, or from a start block whose state the node still has.',
    cause: e,
  })
}

export class ChainReads {
  private readonly cache = new Map<string, unknown>()
  private cachedBlock = ''
  /** Whether the node takes EIP-1898 block objects; learned from the first rejection. */
  private byHash = true

  constructor(
    private readonly rpc: RpcClient,
    private readonly abis: Record<string, unknown[]>,
    private readonly stats: ReadStats,
    /** Wraps every RPC round trip (the indexer's time accounting). */
    private readonly timed: <T>(f: () => Promise<T>) => Promise<T> = (f) => f(),
  ) {}

  /** Answers `ethereum.call` from the cache, or throws ReadMiss. */
  ethCall(call: EthCall, block: BlockRef): EthValue[] | null {
    this.enter(block)
    const abi = this.abis[call.contractName] as Abi | undefined
    if (!abi) throw new DeterministicError(`ethereum.call: no ABI named ${call.contractName}`)
    const name = call.functionSignature.split('(')[0] || call.functionName
    const fn = (abi.filter((i) => i.type === 'function' && i.name === name) as AbiFunction[]).find((f) => f.inputs.length === call.args.length)
    if (!fn) throw new DeterministicError(`ethereum.call: ${call.contractName} has no function ${call.functionSignature}`)
    const data = encodeFunctionData({ abi: [fn], functionName: fn.name, args: call.args.map(fromEthValue) as never })
    const prepared = this.prepare(fn, `0x${Buffer.from(call.address).toString('hex')}`, data, block)
    return this.cached(prepared.key, 'callMisses', `eth_call ${call.contractName}.${fn.name}`, () => this.fetchCall(prepared, block)) as EthValue[] | null
  }

  getBalance(address: Uint8Array, block: BlockRef): bigint {
    this.enter(block)
    const a = `0x${Buffer.from(address).toString('hex')}`
    return this.cached(`${block.hash}:balance:${a}`, 'stateMisses', `eth_getBalance ${a}`, async () => BigInt(await this.read<string>('eth_getBalance', [a], block))) as bigint
  }

  hasCode(address: Uint8Array, block: BlockRef): boolean {
    this.enter(block)
    const a = `0x${Buffer.from(address).toString('hex')}`
    return this.cached(`${block.hash}:code:${a}`, 'stateMisses', `eth_getCode ${a}`, async () => {
      const code = await this.read<string>('eth_getCode', [a], block)
      return code !== '0x' && code !== ''
    }) as boolean
  }

  /** The cache entry an `ethereum.call` of `fn` with `data` at `to` in `block` reads. */
  prepare(fn: AbiFunction, to: string, data: `0x${string}`, block: BlockRef): PreparedCall {
    const t = to.toLowerCase()
    return { key: `${block.hash}:call:${t}:${data}`, to: t, data, fn }
  }

  /** Fills the cache with `calls` at `block` (concurrent requests); calls already cached are skipped. */
  async prefetch(calls: PreparedCall[], block: BlockRef): Promise<void> {
    if (calls.length === 0) return
    this.enter(block)
    const todo = [...new Map(calls.filter((c) => !this.cache.has(c.key)).map((c) => [c.key, c])).values()]
    let next = 0
    const worker = async () => {
      while (next < todo.length) {
        const c = todo[next++]!
        this.cache.set(c.key, await this.fetchCall(c, block))
        this.stats.declaredCalls++
      }
    }
    await Promise.all(Array.from({ length: Math.min(PREFETCH_CONCURRENCY, todo.length) }, worker))
  }

  /** Only the current block's entries can be hit again: the cache is dropped when the block changes. */
  private enter(block: BlockRef): void {
    if (this.cachedBlock === block.hash) return
    this.cache.clear()
    this.cachedBlock = block.hash
  }

  private cached(key: string, stat: 'callMisses' | 'stateMisses', what: string, fetch: () => Promise<unknown>): unknown {
    if (this.cache.has(key)) return this.cache.get(key)
    this.stats[stat]++
    throw new ReadMiss(what, async () => {
      const value = await fetch()
      this.cache.set(key, value)
    })
  }

  /**
   * Decoded return values of `c` at `block`, or null when it reverted. As in graph-node
   * (chain/ethereum/src/ethereum_adapter.rs `call`), an empty answer (`0x`: no code at the
   * address, or an old geth's revert) and an answer that does not decode are reverts too.
   */
  private async fetchCall(c: PreparedCall, block: BlockRef): Promise<EthValue[] | null> {
    let out: `0x${string}`
    try {
      out = await this.request<`0x${string}`>('eth_call', [{ to: c.to, data: c.data }], block)
    } catch (e) {
      if (!isRevert(e)) throw readFailed('eth_call', block, e)
      return null
    }
    if (out === '0x' && c.fn.outputs.length > 0) return null
    let values: unknown[]
    try {
      const decoded = decodeFunctionResult({ abi: [c.fn], functionName: c.fn.name, data: out }) as unknown
      values = c.fn.outputs.length === 1 ? [decoded] : (decoded as unknown[])
    } catch {
      return null
    }
    return c.fn.outputs.map((p, i) => toEthValue(p, values[i]))
  }

  /** A state read (not eth_call, whose errors may be reverts): an error answer is transient. */
  private async read<T>(method: string, params: unknown[], block: BlockRef): Promise<T> {
    try {
      return await this.request<T>(method, params, block)
    } catch (e) {
      throw readFailed(method, block, e)
    }
  }

  /** `method(...params, block)` with the block by hash, or by number for nodes without EIP-1898. */
  private async request<T>(method: string, params: unknown[], block: BlockRef): Promise<T> {
    if (this.byHash) {
      try {
        return await this.timed(() => this.rpc.request<T>(method, [...params, { blockHash: block.hash }]))
      } catch (e) {
        if (!(e instanceof RpcResponseError) || e.code !== -32602) throw e
        const answer = await this.timed(() => this.rpc.request<T>(method, [...params, hex(block.number)]))
        this.byHash = false
        return answer
      }
    }
    return this.timed(() => this.rpc.request<T>(method, [...params, hex(block.number)]))
  }
}

/** EthValue → the JS value viem encodes. */
export function fromEthValue(v: EthValue): unknown {
  switch (v.kind) {
    case 'address':
    case 'bytes':
    case 'fixedBytes':
      return `0x${Buffer.from(v.value).toString('hex')}`
    case 'array':
    case 'fixedArray':
    case 'tuple':
      return v.value.map(fromEthValue)
    default:
      return v.value
  }
}
