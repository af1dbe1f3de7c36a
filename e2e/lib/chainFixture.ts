// The chain-semantics fixture (e2e/fixtures/chain): compiles its contracts with solc-js, deploys them on a
// fresh anvil at the addresses its manifest names, plays transactions several to a block, and works out
// from the chain alone (viem's getLogs and block numbers) which handlers graph-node runs, in which order.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createPublicClient, createWalletClient, getContractAddress, http, parseEther, toEventSelector, type Abi, type Address, type Hex, type Log } from 'viem'
import { foundry } from 'viem/chains'
import { loadArtifact } from '../../contracts/scripts/lib/compile.ts'
import type { DeploymentStore } from '../../packages/graphkit/src/store/types.ts'
import type { Entity } from '../../packages/graphkit/src/subgraph/values.ts'
import { repoRoot } from './buildSubgraph.ts'

export const fixtureDir = join(repoRoot, 'e2e/fixtures/chain')
const require = createRequire(import.meta.url)
const solc = require('solc') as { compile(input: string): string }

/** anvil's dev accounts 0–2 (unlocked: transactions are sent with eth_sendTransaction). */
export const ACCOUNTS: Address[] = ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC']
/** An address nobody uses: no balance, no code. */
export const NOBODY: Address = '0x000000000000000000000000000000000000dEaD'

interface Compiled { abi: Abi; bytecode: Hex }

/** Compiles contracts/Fixture.sol; the ABIs the manifest reads (abis/*.json) must be that compile's. */
export function compileFixture(): Record<'Emitter' | 'Child' | 'ChildFactory', Compiled> {
  const content = readFileSync(join(fixtureDir, 'contracts/Fixture.sol'), 'utf8')
  const input = { language: 'Solidity', sources: { 'Fixture.sol': { content } }, settings: { optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } }
  const out = JSON.parse(solc.compile(JSON.stringify(input)))
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error')
  if (errors.length) throw new Error(`solc failed on the fixture:\n${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n')}`)
  const result = {} as Record<'Emitter' | 'Child' | 'ChildFactory', Compiled>
  for (const name of ['Emitter', 'Child', 'ChildFactory'] as const) {
    const c = out.contracts['Fixture.sol'][name]
    const committed = JSON.parse(readFileSync(join(fixtureDir, 'abis', `${name}.json`), 'utf8'))
    if (JSON.stringify(committed) !== JSON.stringify(c.abi)) throw new Error(`e2e/fixtures/chain/abis/${name}.json differs from contracts/Fixture.sol: write the fresh compile's ABI there`)
    result[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` }
  }
  return result
}

export type FixtureChain = Awaited<ReturnType<typeof deployFixture>>

/** Deploys Emitter, ChildFactory and MockERC20 from account 0 (nonces 0–2, blocks 1–3), as the manifest expects. */
export async function deployFixture(rpcUrl: string) {
  const compiled = compileFixture()
  const token = loadArtifact('MockERC20')
  const transport = http(rpcUrl, { batch: false, retryCount: 0 })
  const pub = createPublicClient({ chain: foundry, transport, cacheTime: 0 })
  const wallet = createWalletClient({ chain: foundry, transport, account: ACCOUNTS[0]! })
  if ((await pub.getTransactionCount({ address: ACCOUNTS[0]! })) !== 0) throw new Error('the fixture needs a fresh chain (account 0 has sent transactions)')
  const deploy = async (abi: Abi, bytecode: Hex, args: unknown[] = []) => {
    const hash = await wallet.deployContract({ abi, bytecode, args } as never)
    const r = await pub.waitForTransactionReceipt({ hash, pollingInterval: 20 })
    if (r.status !== 'success' || !r.contractAddress) throw new Error(`deploy failed (${hash})`)
    return r.contractAddress
  }
  const emitter = await deploy(compiled.Emitter.abi, compiled.Emitter.bytecode)
  const factory = await deploy(compiled.ChildFactory.abi, compiled.ChildFactory.bytecode)
  const erc20 = await deploy(token.abi as Abi, token.bytecode, ['Fixture Token', 'FIX'])
  const expected = [0, 1, 2].map((nonce) => getContractAddress({ from: ACCOUNTS[0]!, nonce: BigInt(nonce) }).toLowerCase())
  if ([emitter, factory, erc20].some((a, i) => a.toLowerCase() !== expected[i])) throw new Error(`fixture contracts at unexpected addresses: ${[emitter, factory, erc20]}`)
  /** Sends `calls` (contract writes or plain transfers) as transactions of one block, in order. */
  const block = async (calls: ({ to: Address; abi: Abi; fn: string; args?: unknown[]; value?: bigint; from?: Address } | { to: Address; value: bigint; from?: Address })[]): Promise<number> => {
    await pub.request({ method: 'evm_setAutomine', params: [false] } as never)
    const hashes: Hex[] = []
    try {
      for (const c of calls) {
        const from = c.from ?? ACCOUNTS[0]!
        hashes.push('abi' in c
          ? await wallet.writeContract({ address: c.to, abi: c.abi, functionName: c.fn, args: c.args ?? [], value: c.value, account: from, gas: 1_000_000n } as never)
          : await wallet.sendTransaction({ to: c.to, value: c.value, account: from, gas: 21_000n } as never))
      }
      await pub.request({ method: 'evm_mine', params: [] } as never)
    } finally {
      await pub.request({ method: 'evm_setAutomine', params: [true] } as never)
    }
    const receipts = await Promise.all(hashes.map((hash) => pub.getTransactionReceipt({ hash })))
    const blocks = new Set(receipts.map((r) => Number(r.blockNumber)))
    if (blocks.size !== 1 || receipts.some((r) => r.status !== 'success')) throw new Error(`the transactions did not all succeed in one block: ${JSON.stringify(receipts.map((r) => [r.status, Number(r.blockNumber)]))}`)
    return [...blocks][0]!
  }
  const mineEmpty = (n: number) => pub.request({ method: 'anvil_mine', params: [`0x${n.toString(16)}`] } as never)
  return { rpcUrl, pub, compiled, emitter, factory, token: erc20, tokenAbi: token.abi as Abi, block, mineEmpty }
}

/**
 * Everything the fixture subgraph reacts to, several transactions and events per block: blocks 4–8 and
 * empty blocks up to 30 (past the block handlers' endBlock 24). Returns the created children.
 */
export async function playActivity(c: FixtureChain): Promise<{ children: Address[] }> {
  const E = { to: c.emitter, abi: c.compiled.Emitter.abi }
  const T = { to: c.token, abi: c.tokenAbi }
  const [a0, a1, a2] = ACCOUNTS as [Address, Address, Address]
  const child = getContractAddress({ from: c.factory, nonce: 1n }) // a contract's first CREATE uses nonce 1 (EIP-161)
  await c.block([{ ...E, fn: 'emitMany', args: [1n, 3n] }, { ...E, fn: 'emitMany', args: [2n, 2n] }, { ...E, fn: 'probe', args: [a1] }])
  // Balances change after the probes in the same block: the handler must see the state after the block.
  await c.block([
    { to: a1, value: parseEther('1') },
    { ...E, fn: 'probe', args: [a1] },
    { ...E, fn: 'probe', args: [c.emitter], value: parseEther('0.5') },
    { ...E, fn: 'probe', args: [NOBODY] },
    { to: a1, value: parseEther('2'), from: a2 },
  ])
  // Block 6: the factory creates a child whose constructor logs first; the child logs again in the same
  // transaction and in a later one of the same block.
  await c.block([
    { to: c.factory, abi: c.compiled.ChildFactory.abi, fn: 'create', args: [1n] },
    { to: child, abi: c.compiled.Child.abi, fn: 'ping', args: [2n] },
    { ...E, fn: 'emitMany', args: [3n, 2n] },
  ])
  await c.block([
    { to: child, abi: c.compiled.Child.abi, fn: 'ping', args: [3n] },
    { ...E, fn: 'probe', args: [child] },
    { ...T, fn: 'mint', args: [a1, 1000n] },
    { ...E, fn: 'check', args: [c.token, a1, 7n, a2] },
  ])
  await c.block([
    { ...T, fn: 'mint', args: [a2, 500n] },
    { ...E, fn: 'check', args: [c.token, a2, 3n, a1] },
    { ...E, fn: 'check', args: [c.token, a1, 5n, a1] },
    { ...E, fn: 'check', args: [c.emitter, a1, 1n, a0] }, // balanceOf on a contract without it: reverts, stored as null
    { ...E, fn: 'emitMany', args: [4n, 1n] },
  ])
  await c.mineEmpty(30 - Number(await c.pub.getBlockNumber()))
  return { children: [child] }
}

/** One handler run as the Step entities record it. */
export interface StepRecord { handler: string; block: number; txIndex: number | null; logIndex: number | null }

/** A field's plain value (Entity maps hold graph-ts Values), null when unset. */
export const val = (e: Entity, field: string): unknown => (e.get(field) as { value?: unknown } | undefined)?.value ?? null
const num = (v: unknown) => (v === null ? null : Number(v as bigint))

/** The Step entities of a deployment, in the order the handlers ran. */
export async function readSteps(d: DeploymentStore): Promise<StepRecord[]> {
  return (await d.loadCurrent('Step'))
    .sort((a, b) => (val(a, 'seq') as number) - (val(b, 'seq') as number))
    .map((e) => ({ handler: val(e, 'handler') as string, block: num(val(e, 'block'))!, txIndex: num(val(e, 'txIndex')), logIndex: num(val(e, 'logIndex')) }))
}

/** Event handlers of the fixture manifest by emitter kind and event. */
const HANDLERS: Record<string, Record<string, string>> = {
  emitter: { 'Tick(uint256,uint256)': 'Emitter.handleTick', 'Tock(uint256)': 'Emitter.handleTock', 'Probe(address)': 'Emitter.handleProbe', 'Checked(address,address,uint256,(address,uint256))': 'Emitter.handleChecked' },
  factory: { 'ChildCreated(address)': 'Factory.handleChildCreated' },
  child: { 'Hello(uint256)': 'Child.handleHello', 'Ping(uint256)': 'Child.handlePing' },
}
const byTopic = (kind: string) => new Map(Object.entries(HANDLERS[kind]!).map(([sig, h]) => [toEventSelector(sig), h]))

/**
 * The handler runs graph-node makes for blocks 1..head of the fixture chain, worked out from viem's
 * getLogs and the manifest's block-handler ranges: per block, the `once` handler (Periodic, at its
 * startBlock 8) first; then the events of the manifest's data sources and of children created in earlier
 * blocks, by (transactionIndex, logIndex); then the every-block (EveryBlock, 6–24) and polling
 * (Periodic, every 4 from 8 up to 21) handlers; then, for children created in this block, all of this
 * block's events of theirs, including those logged before their creation (graph-node runs the block's
 * triggers again for data sources created in it).
 */
export async function expectedSteps(c: FixtureChain, head: number): Promise<StepRecord[]> {
  const logs = await c.pub.getLogs({ fromBlock: 1n, toBlock: BigInt(head) })
  const created = new Map<string, number>() // child → creation block
  const factoryTopics = byTopic('factory')
  for (const l of logs) {
    if (l.address.toLowerCase() === c.factory.toLowerCase() && factoryTopics.has(l.topics[0]!)) created.set(`0x${l.data.slice(26)}`.toLowerCase(), Number(l.blockNumber))
  }
  const handlerOf = (l: Log): string | undefined => {
    const a = l.address.toLowerCase()
    const kind = a === c.emitter.toLowerCase() ? 'emitter' : a === c.factory.toLowerCase() ? 'factory' : created.has(a) ? 'child' : null
    return kind ? byTopic(kind).get(l.topics[0]!) : undefined
  }
  const ev = (l: Log): StepRecord => ({ handler: handlerOf(l)!, block: Number(l.blockNumber), txIndex: l.transactionIndex!, logIndex: l.logIndex! })
  const order = (a: Log, b: Log) => a.transactionIndex! - b.transactionIndex! || a.logIndex! - b.logIndex!
  const out: StepRecord[] = []
  const blk = (handler: string, block: number): StepRecord => ({ handler, block, txIndex: null, logIndex: null })
  for (let b = 1; b <= head; b++) {
    const inBlock = logs.filter((l) => Number(l.blockNumber) === b && handlerOf(l)).sort(order)
    const isNew = (l: Log) => created.get(l.address.toLowerCase()) === b
    if (b === 8) out.push(blk('Periodic.handleOnce', b))
    out.push(...inBlock.filter((l) => !isNew(l)).map(ev))
    if (b >= 6 && b <= 24) out.push(blk('EveryBlock.handleEach', b))
    if (b >= 8 && b <= 21 && (b - 8) % 4 === 0) out.push(blk('Periodic.handlePoll', b))
    out.push(...inBlock.filter(isNew).map(ev))
  }
  return out
}
