import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startTestAnvil, type TestAnvil } from './__fixtures__/anvil.ts'
import type { AbiFunction } from 'viem'
import { ChainReads, ReadMiss, isRevert, type BlockRef } from './chainReads.ts'
import { RpcClient, RpcResponseError } from './rpc.ts'
import { DeterministicError, TransientError } from '../internal/errors.ts'

// anvil's dev accounts 0 and 1 start with 10,000 ETH each; account 0 sends 1.5 ETH to account 1 in block 1.
const A0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const A1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const ETH = 10n ** 18n
const bytes = (a: string) => Buffer.from(a.slice(2), 'hex')
const BALANCE_OF: AbiFunction = { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'owner', type: 'address' }], outputs: [{ name: '', type: 'uint256' }] }

let anvil: TestAnvil
let block1: BlockRef
let block0: BlockRef
/** A node without EIP-1898: it rejects block objects as invalid params (-32602), as pre-1898 nodes do. */
let oldNode: { url: string; server: Server; objectParams: number }

before(async () => {
  anvil = await startTestAnvil()
  const rpc = new RpcClient(anvil.rpcUrl)
  const tx = await rpc.request<string>('eth_sendTransaction', [{ from: A0, to: A1, value: `0x${((3n * ETH) / 2n).toString(16)}` }])
  // anvil can answer before the block is in (seen under load): wait for the receipt.
  while (!(await rpc.request<unknown>('eth_getTransactionReceipt', [tx]))) await new Promise((r) => setTimeout(r, 20))
  const b = await rpc.request<{ hash: string }>('eth_getBlockByNumber', ['0x1', false])
  const g = await rpc.request<{ hash: string }>('eth_getBlockByNumber', ['0x0', false])
  block1 = { hash: b.hash, number: 1 }
  block0 = { hash: g.hash, number: 0 }
  const state = { objectParams: 0 }
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const c of req) body += c
    const msg = JSON.parse(body)
    if (typeof msg.params.at(-1) === 'object' && msg.params.at(-1) !== null) {
      state.objectParams++
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32602, message: 'invalid argument 1: hex string without 0x prefix' } }))
    }
    const upstream = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  oldNode = Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }) as typeof oldNode
})
after(async () => {
  oldNode?.server.close()
  await anvil?.stop()
})

/** A read as a handler makes it: a miss throws ReadMiss; after its fetch the same read is answered. */
async function read<T>(f: () => T): Promise<{ value: T; missed: boolean }> {
  try {
    return { value: f(), missed: false }
  } catch (e) {
    assert.ok(e instanceof ReadMiss, String(e))
    await e.fetch()
    return { value: f(), missed: true }
  }
}

for (const node of ['anvil (EIP-1898)', 'a node without EIP-1898'] as const) {
  test(`getBalance and hasCode at a block, through ${node}: a miss, then the cached state of that block`, async () => {
    const stats = { callMisses: 0, stateMisses: 0, declaredCalls: 0 }
    const reads = new ChainReads(new RpcClient(node.startsWith('anvil') ? anvil.rpcUrl : oldNode.url), {}, stats)
    const b1 = await read(() => reads.getBalance(bytes(A1), block1))
    assert.deepEqual(b1, { value: 10_000n * ETH + (3n * ETH) / 2n, missed: true })
    assert.deepEqual(await read(() => reads.getBalance(bytes(A1), block1)), { value: b1.value, missed: false })
    assert.deepEqual(await read(() => reads.getBalance(bytes(A1), block0)), { value: 10_000n * ETH, missed: true })
    assert.deepEqual(await read(() => reads.hasCode(bytes(A1), block0)), { value: false, missed: true })
    assert.equal(stats.stateMisses, 3)
  })
}

test('without EIP-1898 the node is asked by block number after its first refusal', () => {
  assert.equal(oldNode.objectParams, 1)
})

test('a node without the state of old blocks (anvil --prune-history): reads there fail as transient errors naming the read and block', async () => {
  const pruned = await startTestAnvil(['--prune-history'])
  try {
    const rpc = new RpcClient(pruned.rpcUrl)
    for (let i = 0; i < 5; i++) await rpc.request('evm_mine')
    const b = await rpc.request<{ hash: string }>('eth_getBlockByNumber', ['0x1', false])
    const old: BlockRef = { hash: b.hash, number: 1 }
    const reads = new ChainReads(rpc, {}, { callMisses: 0, stateMisses: 0, declaredCalls: 0 })
    const missed = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        assert.ok(e instanceof ReadMiss, String(e))
        return e.fetch()
      }
      return assert.fail('the read did not miss')
    }
    for (const [method, fetch] of [
      ['eth_getBalance', () => missed(() => reads.getBalance(bytes(A1), old))],
      ['eth_getCode', () => missed(() => reads.hasCode(bytes(A1), old))],
      ['eth_call', () => reads.prefetch([reads.prepare(BALANCE_OF, A0, '0x70a08231' as const, old)], old)],
    ] as const) {
      await assert.rejects(fetch(), (e: unknown) => {
        assert.ok(e instanceof TransientError && !(e instanceof DeterministicError), `${method}: ${String(e)}`)
        assert.match(e.message, new RegExp(`^${method} at block 1 failed: `))
        assert.match(e.describe(), /archive node/)
        return true
      })
    }
  } finally {
    await pruned.stop()
  }
})

test('what counts as a revert (an answer: try_ calls get null) follows graph-node; any other error answer does not', () => {
  // graph-node chain/ethereum/src/ethereum_adapter.rs: code 3, EVM execution errors by message, Parity's -32015 by data.
  const reverts: [number, string, unknown][] = [
    [3, 'execution reverted: no', '0x08c379a0'],
    [-32000, 'execution reverted', undefined],
    [-32603, 'VM Exception while processing transaction: revert', undefined],
    [-32000, 'invalid jump destination', undefined],
    [-32000, 'invalid opcode: INVALID', undefined],
    [-32000, 'stack limit reached 1024 (1023)', undefined],
    [-32000, 'out of gas', undefined],
    [-32000, 'stack underflow (0 <=> 1)', undefined],
    [-32015, 'VM execution error.', 'Reverted 0x08c379a0'],
    [-32015, 'VM execution error.', 'Bad jump destination 1c'],
    [-32015, 'VM execution error.', 'Out of stack'],
    [-32015, 'VM execution error.', 'Bad instruction fe'],
    [-32015, 'VM execution error.', 'Out of gas'],
  ]
  const others: [number, string, unknown][] = [
    [-32602, 'BlockOutOfRangeError: block height is 80 but requested was 5', undefined],
    [-32000, 'header not found', undefined],
    [-32000, 'missing trie node 1f2e (path )', undefined],
    [-32005, 'request rate exceeded', undefined],
    [-32015, 'VM execution error.', 'Some other trouble'],
  ]
  for (const [code, message, data] of reverts) assert.equal(isRevert(new RpcResponseError('eth_call', code, message, data)), true, message)
  for (const [code, message, data] of others) assert.equal(isRevert(new RpcResponseError('eth_call', code, message, data)), false, message)
  assert.equal(isRevert(new TransientError('socket hang up')), false)
})
