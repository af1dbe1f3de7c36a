// graph-node's chain semantics on a real chain: trigger order, templates created mid-block, block handler
// filters, ethereum.getBalance/hasCode, declared eth_calls, and PostgreSQL giving what PGlite gives.
// Fixture: e2e/fixtures/chain (built with graph-cli) on a fresh anvil; expected values come from the chain
// through viem (getLogs, getBalance, getCode, readContract) and from the block numbers in the manifest.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from 'viem'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { loadSubgraph, type LoadedSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { openPostgres } from '../packages/graphkit/src/store/sql/postgres.ts'
import { freshPostgres } from '../packages/graphkit/src/store/withAdapters.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer, type RunningIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import type { Store } from '../packages/graphkit/src/store/types.ts'
import type { Entity } from '../packages/graphkit/src/subgraph/values.ts'
import { buildSubgraph, ensureContracts } from './lib/buildSubgraph.ts'
import { deployFixture, expectedSteps, fixtureDir, playActivity, readSteps, val, ACCOUNTS, NOBODY, type FixtureChain } from './lib/chainFixture.ts'

let tmp: string
let anvil: Anvil
let chain: FixtureChain
let subgraph: LoadedSubgraph
let children: Address[]
let head: number
let store: Store
let stats: RunningIndexer['stats']

const hex = (v: unknown) => `0x${Buffer.from(v as Uint8Array).toString('hex')}`

async function index(s: Store): Promise<RunningIndexer> {
  const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store: s, name: 'chain', once: true })
  await ix.done
  const info = await ix.status()
  assert.equal(info.health, 'healthy', JSON.stringify(info.fatalError))
  assert.equal(info.latest?.number, head)
  return ix
}
const entities = async (s: Store, type: string) => (await (await s.find(subgraph.id))!.loadCurrent(type))

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'e2e-chain-'))
  ensureContracts()
  subgraph = loadSubgraph(buildSubgraph(join(tmp, 'build'), undefined, fixtureDir))
  anvil = await startAnvil()
  chain = await deployFixture(anvil.rpcUrl)
  children = (await playActivity(chain)).children
  head = Number(await chain.pub.getBlockNumber())
  store = await createStore(await openPglite(join(tmp, 'db')))
  stats = (await index(store)).stats
})
after(async () => {
  await store?.close()
  await anvil?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

const steps = async (s: Store) => readSteps((await s.find(subgraph.id))!)

test('handlers run in graph-node order: by (transactionIndex, logIndex) within a block, once first, block handlers after the events', async () => {
  const got = await steps(store)
  const want = await expectedSteps(chain, head)
  // Sanity of the fixture itself: several transactions and events per block.
  const block4 = want.filter((s) => s.block === 4)
  assert.ok(new Set(block4.map((s) => s.txIndex)).size >= 3 && block4.length >= 6, `block 4 has several transactions with several events: ${JSON.stringify(block4)}`)
  assert.deepEqual(got.map((s, i) => ({ ...s, seq: i + 1 })), want.map((s, i) => ({ ...s, seq: i + 1 })))
})

test('a data source created mid-block runs all of that block\'s events of its contract, after the block\'s other triggers', async () => {
  const child = children[0]!.toLowerCase()
  const logs = await chain.pub.getLogs({ address: children[0], fromBlock: 1n, toBlock: BigInt(head) })
  assert.equal(logs.length, 4, 'the child logged Hello (constructor), Ping 1 (same transaction), Ping 2 (later transaction), Ping 3 (next block)')
  const created = (await chain.pub.getLogs({ address: chain.factory, fromBlock: 1n, toBlock: BigInt(head) }))[0]!
  assert.ok(logs[0]!.logIndex! < created.logIndex! && logs[1]!.logIndex! > created.logIndex!, 'the constructor log precedes the creation log, Ping 1 follows it')
  const all = await steps(store)
  const childSteps = all.filter((s) => s.handler.startsWith('Child.'))
  assert.deepEqual(childSteps.map((s) => [s.handler, s.block, s.txIndex, s.logIndex]), logs.map((l) => [l.topics[0] === logs[0]!.topics[0] ? 'Child.handleHello' : 'Child.handlePing', Number(l.blockNumber), l.transactionIndex, l.logIndex]))
  const creationBlock = Number(created.blockNumber)
  const inCreationBlock = all.filter((s) => s.block === creationBlock)
  const firstChild = inCreationBlock.findIndex((s) => s.handler.startsWith('Child.'))
  assert.ok(inCreationBlock.slice(firstChild).every((s) => s.handler.startsWith('Child.')), `in block ${creationBlock} the child's handlers run last: ${inCreationBlock.map((s) => s.handler)}`)
  assert.ok(all.some((s) => s.handler === 'Factory.handleChildCreated') && child.length === 42)
})

test('block handlers: every block, polling every N and once, within startBlock/endBlock', async () => {
  const blocksOf = async (handler: string) => (await steps(store)).filter((s) => s.handler === handler).map((s) => s.block)
  const range = (from: number, to: number, every = 1) => [...Array(to - from + 1).keys()].map((i) => from + i).filter((b) => (b - from) % every === 0)
  assert.ok(head > 24, `the chain (head ${head}) runs past the handlers' endBlock`)
  assert.deepEqual(await blocksOf('EveryBlock.handleEach'), range(6, 24))
  assert.deepEqual(await blocksOf('Periodic.handlePoll'), [8, 12, 16, 20])
  assert.deepEqual(await blocksOf('Periodic.handleOnce'), [8])
})

test('ethereum.getBalance and ethereum.hasCode answer the state at the handler\'s block, as eth_getBalance / eth_getCode do', async () => {
  const probes = await entities(store, 'Probe')
  const who = new Set(probes.map((p) => hex(val(p, 'who'))))
  for (const a of [ACCOUNTS[1]!, chain.emitter, NOBODY, children[0]!]) assert.ok(who.has(a.toLowerCase()), `probed ${a}`)
  let changedInBlock = 0
  for (const p of probes) {
    const address = hex(val(p, 'who')) as Address
    const blockNumber = val(p, 'block') as bigint
    const balance = await chain.pub.getBalance({ address, blockNumber })
    const code = await chain.pub.getCode({ address, blockNumber })
    assert.equal(val(p, 'balance'), balance, `balance of ${address} at block ${blockNumber}`)
    assert.equal(val(p, 'hasCode'), code !== undefined && code !== '0x', `code of ${address} at block ${blockNumber}`)
    if (balance !== (await chain.pub.getBalance({ address, blockNumber: blockNumber - 1n }))) changedInBlock++
  }
  assert.ok(changedInBlock >= 2, 'some probed balances changed within the probe\'s block')
  assert.ok(probes.some((p) => val(p, 'hasCode') === true) && probes.some((p) => val(p, 'hasCode') === false))
})

test('declared calls are made before the handlers run: no handler re-runs for them, values equal readContract at the block', async () => {
  const checks = await entities(store, 'Check')
  const emitterAbi = chain.compiled.Emitter.abi
  assert.equal(checks.length, 4)
  for (const c of checks) {
    const blockNumber = val(c, 'block') as bigint
    const token = hex(val(c, 'token')) as Address
    // One Checked per transaction: the id (tx hash ‖ log index) starts with its transaction's hash.
    const log = (await chain.pub.getContractEvents({ address: chain.emitter, abi: emitterAbi, eventName: 'Checked', fromBlock: blockNumber, toBlock: blockNumber }))
      .find((l) => hex(val(c, 'id')).startsWith(l.transactionHash!))!
    const args = log.args as { holder: Address; amount: bigint; pair: { owner: Address } }
    const read = (address: Address, abi: typeof emitterAbi, functionName: string, a: unknown[]) =>
      chain.pub.readContract({ address, abi, functionName, args: a, blockNumber } as never).then((v) => v as bigint, () => null)
    assert.equal(val(c, 'balance'), await read(token, chain.tokenAbi, 'balanceOf', [args.holder]), 'balance')
    assert.equal(val(c, 'pairBalance'), await read(token, chain.tokenAbi, 'balanceOf', [args.pair.owner]), 'pairBalance (struct field)')
    assert.equal(val(c, 'counter'), await read(chain.emitter, emitterAbi, 'counter', []), 'counter')
    assert.equal(val(c, 'scaled'), await read(chain.emitter, emitterAbi, 'scaled', [args.amount]), 'scaled')
  }
  assert.ok(checks.some((c) => val(c, 'balance') === null), 'a reverting declared call is stored as null')
  // Each Checked event declares 4 calls. Distinct ones per block (worked out from playActivity): block 7,
  // check(token, a1, 7, a2): 4. Block 8: check(token, a2, 3, a1): 4; check(token, a1, 5, a1): only
  // scaled(5) is new; check(emitter, a1, 1, a0): balanceOf(a1), balanceOf(a0) on the emitter and scaled(1).
  // So 12 calls were prefetched and none was made after a handler missed.
  assert.equal(stats.declaredCalls, 12)
  assert.equal(stats.callMisses, 0)
  assert.ok(stats.stateMisses > 0, 'getBalance/hasCode (not declared) did miss and re-run their handlers')
})

test('PostgreSQL indexes the same chain into the same entities as PGlite', async (t) => {
  const db = await freshPostgres()
  if (!db) return t.skip('PostgreSQL unreachable')
  const pg = await createStore(await openPostgres(db.url))
  try {
    await index(pg)
    const key = (e: Entity) => JSON.stringify([...e.entries()].sort(), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? hex(v) : v))
    for (const type of subgraph.schema.entities.keys()) {
      const [a, b] = [await entities(store, type), await entities(pg, type)]
      assert.ok(type === 'Counter' || a.length > 0, `${type} has entities`)
      assert.deepEqual(b.map(key).sort(), a.map(key).sort(), `entities of ${type}`)
    }
  } finally {
    await pg.close()
    await db.drop()
  }
})
