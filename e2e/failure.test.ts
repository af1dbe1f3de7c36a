// A handler that aborts: the deployment fails at that block with the error, block and handler in
// its status, everything indexed before it stays intact and queryable, and a restart does not
// index past it. Fixture: e2e/fixtures/aborting (log.critical on the scenario's "Late Vault").
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { runScenario, type Deployment } from '../contracts/scripts/lib/scenario.ts'
import { loadSubgraph, type LoadedSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { startServer } from '../packages/graphkit/src/server/httpServer.ts'
import { buildSubgraph, ensureContracts, repoRoot } from './lib/buildSubgraph.ts'

let tmp: string
let anvil: Anvil
let scenario: Deployment
let subgraph: LoadedSubgraph

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'e2e-failure-'))
  ensureContracts()
  subgraph = loadSubgraph(buildSubgraph(join(tmp, 'build'), undefined, join(repoRoot, 'e2e/fixtures/aborting')))
  anvil = await startAnvil()
  scenario = await runScenario({ rpcUrl: anvil.rpcUrl, stakers: 3, days: 2 })
})
after(async () => {
  await anvil?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

test('a handler that aborts fails the deployment at its block; earlier data stays intact and queryable; a restart stays there', async () => {
  const late = scenario.vaults.find((v) => v.name === 'Late Vault')!
  const earlier = scenario.vaults.filter((v) => v !== late)
  assert.ok(late && earlier.length === 2 && late.block > Math.max(...earlier.map((v) => v.block)))
  const dataDir = join(tmp, 'db')
  for (const run of ['first run', 'restart']) {
    const store = await createStore(await openPglite(dataDir))
    try {
      const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'aborting', once: true })
      await ix.done
      const info = await ix.status()
      assert.equal(info.health, 'failed', run)
      assert.equal(info.fatalError?.block?.number, late.block, `${run}: failed at the Late Vault's block`)
      assert.equal(info.fatalError?.handler, 'VaultFactory.handleVaultCreated', run)
      assert.match(info.fatalError?.message ?? '', new RegExp(`refusing vault ${late.address.toLowerCase()} named Late Vault`), run)
      assert.equal(info.fatalError?.deterministic, true, run)
      assert.ok((info.latest?.number ?? Infinity) < late.block, `${run}: nothing of block ${late.block} or later is committed (latest ${info.latest?.number})`)
      const server = await startServer({ store, port: 0, statusPort: 0 })
      try {
        const res = await fetch(`${server.url}/subgraphs/name/aborting`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ vaults(orderBy: block) { id name } }' }),
        })
        const body = (await res.json()) as { data?: { vaults: { id: string; name: string }[] }; errors?: unknown[] }
        assert.deepEqual(body.data?.vaults, earlier.map((v) => ({ id: v.address.toLowerCase(), name: v.name })), `${run}: the vaults before the failure`)
        const status = (await (await fetch(server.statusUrl, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ indexingStatuses { health synced fatalError { message handler block { number } } } }' }),
        })).json()) as { data: { indexingStatuses: { health: string; fatalError: { handler: string; block: { number: string } } }[] } }
        const st = status.data.indexingStatuses[0]
        assert.equal(st.health, 'failed', `${run}: status API health`)
        assert.equal(Number(st.fatalError.block.number), late.block, `${run}: status API fatalError block`)
      } finally {
        await server.close()
      }
    } finally {
      await store.close()
    }
  }
})

test('an error that is neither transient nor a handler failure (a bug) ends the run with it instead of being retried; committed data stays', async () => {
  const dataDir = join(tmp, 'db-bug')
  const store = await createStore(await openPglite(dataDir))
  try {
    let commits = 0
    const bug = new TypeError('graphkit bug: commit of an impossible batch')
    // The real store, whose second commit hits a programming error (not a TransientError, not deterministic).
    const buggy: typeof store = Object.create(store)
    buggy.deploy = async (d) => {
      const dep = await store.deploy(d)
      const commit = dep.commit.bind(dep)
      return Object.assign(Object.create(dep), { commit: (blocks: Parameters<typeof commit>[0], to: Parameters<typeof commit>[1]) => (++commits === 2 ? Promise.reject(bug) : commit(blocks, to)) })
    }
    const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store: buggy, name: 'buggy', once: true, batch: { blocks: 1 } })
    const outcome = await Promise.race([
      ix.done.then(() => 'finished', (e: unknown) => e),
      new Promise((r) => setTimeout(() => r('still running after 60 s (retrying?)'), 60_000)),
    ])
    assert.equal(outcome, bug)
    assert.equal(commits, 2, 'no commit after the failing one')
    const info = await ix.status()
    assert.notEqual(info.health, 'failed', 'not a deterministic failure of the deployment')
    assert.equal(info.fatalError ?? null, null)
    assert.ok(info.latest !== null, 'the first commit is intact')
  } finally {
    await store.close()
  }
})
