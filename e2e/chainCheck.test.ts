// On start the indexer checks that its stored latest block is still on the chain: a reorg that happened
// while it was stopped is reverted to the common ancestor, a chain that has not reached the index yet is
// waited for, and an index from another chain (a re-created anvil with the same contract addresses) is
// refused with a clear error. Real anvil (evm_snapshot/evm_revert make the reorg), fixture
// e2e/fixtures/chain; expected entities come from the chain through viem (chainFixture.expectedSteps).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { loadSubgraph, type LoadedSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { ChainMismatchError } from '../packages/graphkit/src/indexer/chainCheck.ts'
import { buildSubgraph, ensureContracts, repoRoot } from './lib/buildSubgraph.ts'
import { deployFixture, expectedSteps, fixtureDir, playActivity, readSteps, type FixtureChain } from './lib/chainFixture.ts'

const CLI = join(repoRoot, 'packages/graphkit/bin/graphkit.mjs')
let tmp: string
let build: string
let subgraph: LoadedSubgraph
const anvils: Anvil[] = []

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'e2e-chaincheck-'))
  ensureContracts()
  build = buildSubgraph(join(tmp, 'build'), undefined, fixtureDir)
  subgraph = loadSubgraph(build)
})
after(async () => {
  for (const a of anvils) await a.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

async function freshChain(extraArgs: string[] = []): Promise<FixtureChain> {
  const anvil = await startAnvil({ extraArgs })
  anvils.push(anvil)
  const chain = await deployFixture(anvil.rpcUrl)
  await playActivity(chain)
  return chain
}

/** Indexes `chain` into the PGlite store in `dir` until caught up; returns the status, Steps and warnings. */
async function indexOnce(dir: string, chain: FixtureChain, confirmations = 100) {
  const store = await createStore(await openPglite(dir))
  const warnings: string[] = []
  try {
    const ix = startIndexer({ subgraph, rpcUrl: chain.rpcUrl, store, name: 'chain', once: true, confirmations, log: (level, m) => { if (level === 'warning' || level === 'info') warnings.push(m) } })
    let error: unknown = null
    await ix.done.catch((e) => (error = e))
    const info = await ix.status()
    const steps = await readSteps((await store.find(subgraph.id))!)
    return { info, steps, warnings, error }
  } finally {
    await store.close()
  }
}

const head = async (c: FixtureChain) => Number(await c.pub.getBlockNumber())
const rpc = (c: FixtureChain, method: string, params: unknown[] = []) => c.pub.request({ method, params } as never) as Promise<unknown>

test('a reorg while the indexer was stopped is reverted to the common ancestor on start; a chain behind the index is waited for', async () => {
  const chain = await freshChain()
  const dir = join(tmp, 'reorg')
  const forkPoint = await head(chain)
  const snapshot = await rpc(chain, 'evm_snapshot')
  // The branch the index sees first: a second child and more events, then empty blocks.
  const [E, F] = [{ to: chain.emitter, abi: chain.compiled.Emitter.abi }, { to: chain.factory, abi: chain.compiled.ChildFactory.abi }]
  await chain.block([{ ...F, fn: 'create', args: [9n] }, { ...E, fn: 'emitMany', args: [9n, 3n] }])
  await chain.mineEmpty(3)
  const first = await indexOnce(dir, chain)
  assert.equal(first.info.latest?.number, forkPoint + 4)
  assert.deepEqual(first.steps, await expectedSteps(chain, forkPoint + 4), 'the first branch is indexed')
  assert.ok(first.steps.some((s) => s.block > forkPoint && s.handler === 'Child.handleHello'), 'a child was created on the first branch')

  // While stopped, the chain goes back to the fork point: the index (at forkPoint + 4) is ahead of it.
  assert.equal(await rpc(chain, 'evm_revert', [snapshot]), true)
  const behind = await indexOnce(dir, chain)
  assert.equal(behind.error, null)
  assert.equal(behind.info.latest?.number, forkPoint + 4, 'nothing is reverted while the chain has not reached the index and all its blocks match')

  // The replacing branch is as long as the first (so no new block would reveal the reorg) and different:
  // the index's blocks above the fork point are gone.
  await chain.block([{ ...E, fn: 'emitMany', args: [7n, 2n] }])
  await chain.block([{ ...E, fn: 'emitMany', args: [8n, 1n] }])
  await chain.mineEmpty(2)
  const second = await indexOnce(dir, chain)
  assert.equal(second.error, null)
  assert.equal(second.info.health, 'healthy')
  assert.equal(second.info.latest?.number, forkPoint + 4)
  assert.notEqual(second.info.latest?.hash, first.info.latest?.hash)
  assert.ok(second.warnings.some((w) => new RegExp(`reverting to the common ancestor, block ${forkPoint}\\b`).test(w)), `warned about the revert:\n${second.warnings.join('\n')}`)
  const want = await expectedSteps(chain, forkPoint + 4)
  assert.deepEqual(second.steps, want, 'the entities are those of the replacing branch')
  assert.ok(!second.steps.some((s) => s.block > forkPoint && s.handler.startsWith('Child.')), 'the first branch\'s child is gone')
})

test('an index built from another chain with the same addresses is refused, by startIndexer and by graphkit index', async () => {
  const a = await freshChain()
  const dir = join(tmp, 'other-chain')
  const indexed = await indexOnce(dir, a, 0)
  assert.equal(indexed.info.latest?.number, await head(a))
  // The same deployments and activity on a new anvil whose genesis is a day later: same addresses and
  // block numbers, different hashes from the genesis on.
  const b = await freshChain(['--timestamp', String(Math.floor(Date.now() / 1000) + 86_400)])
  assert.equal(b.emitter, a.emitter)
  assert.notEqual((await b.pub.getBlock({ blockNumber: 1n })).hash, (await a.pub.getBlock({ blockNumber: 1n })).hash)
  const refused = await indexOnce(dir, b, 0)
  assert.ok(refused.error instanceof ChainMismatchError, String(refused.error))
  assert.match(refused.error.message, new RegExp(`latest block ${indexed.info.latest!.number} .* is not on this chain`))
  assert.match(refused.error.details ?? '', /another chain .*empty store/s)
  assert.equal(refused.info.latest?.number, indexed.info.latest?.number, 'the index is left as it was')
  assert.deepEqual(refused.steps, indexed.steps)

  const cli = spawnSync(process.execPath, [CLI, 'index', build, '--rpc', b.rpcUrl, '--data-dir', dir, '--once', '--name', 'chain'], { encoding: 'utf8' })
  assert.notEqual(cli.status, 0, cli.stdout)
  assert.match(cli.stderr, /is not on this chain/)
  assert.match(cli.stderr, /Index into an empty store \(another --data-dir, or an empty database for --database-url\)/)
})
