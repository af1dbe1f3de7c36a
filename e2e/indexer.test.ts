// End-to-end indexer tests on real parts: anvil, `graph build` output, the WASM host, PGlite.
// Fixture: the repository's own subgraph and its contracts' scenario. Expected values come from the scenario
// (what was deployed on chain), and the crash test compares against an uninterrupted run.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { runScenario, type Deployment } from '../contracts/scripts/lib/scenario.ts'
import { loadSubgraph, type LoadedSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { buildSubgraph, ensureContracts, repoRoot } from './lib/buildSubgraph.ts'
import { pgliteSnapshot } from './lib/entitySnapshot.ts'

const CLI = join(repoRoot, 'packages/graphkit/bin/graphkit.mjs')
let anvil: Anvil
let scenario: Deployment
let subgraph: LoadedSubgraph
let tmp: string

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gk-indexer-'))
  ensureContracts()
  subgraph = loadSubgraph(buildSubgraph(join(tmp, 'build'), 'anvil'))
  anvil = await startAnvil()
  scenario = await runScenario({ rpcUrl: anvil.rpcUrl, stakers: 6, days: 5 })
  assert.equal(scenario.factory.address.toLowerCase(), subgraph.dataSources[0].source.address, 'the build targets the scenario factory')
})
after(async () => {
  await anvil?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

async function indexInProcess(dataDir: string, triggersPerInstance?: number) {
  const store = await createStore(await openPglite(dataDir))
  const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'nft', once: true, triggersPerInstance })
  await ix.done
  return { store, dep: (await store.find(subgraph.id))!, info: await ix.status() }
}

const snapshot = (dataDir: string) => pgliteSnapshot(dataDir, subgraph)

test('indexes the scenario: one Vault per deployed vault, one Pool per created pool, synced to the head', async () => {
  const dir = join(tmp, 'run1')
  const { store, dep, info } = await indexInProcess(dir)
  try {
    assert.equal(info.health, 'healthy')
    assert.equal(info.latest?.number, scenario.endBlock)
    for (const v of scenario.vaults) assert.ok(await dep.get('Vault', v.address.toLowerCase()), `Vault ${v.address}`)
    assert.equal((await dep.loadCurrent('Vault')).length, scenario.vaults.length)
    assert.equal((await dep.loadCurrent('Pool')).length, scenario.pools.length)
  } finally {
    await store.close()
  }
})

test('replacing the WASM instance after every trigger (as graph-node does) gives the same entities', async () => {
  // The indexer reuses an instance for many triggers (the stub runtime's memory only grows, so it is
  // replaced every few hundred); mapping state must not leak between triggers either way.
  const reference = await snapshot(join(tmp, 'run1'))
  const { store } = await indexInProcess(join(tmp, 'per-trigger'), 1)
  await store.close()
  const fresh = await snapshot(join(tmp, 'per-trigger'))
  for (const [type, entities] of reference) assert.deepEqual(fresh.get(type), entities, `entities of ${type}`)
})

test('through an RPC endpoint that fails intermittently, the result equals a clean run and the deployment never fails', async () => {
  // A proxy in front of anvil: of every request, ~30% get a 502, a 429, a dropped connection or a
  // 3 s stall (longer than nothing, shorter than the client's timeout), seeded so runs are comparable.
  const { createServer } = await import('node:http')
  let seed = 42
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const counts = { ok: 0, e502: 0, e429: 0, reset: 0, stall: 0 }
  const proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const r = rand()
    if (r < 0.1) { counts.e502++; res.writeHead(502).end('bad gateway'); return }
    if (r < 0.2) { counts.e429++; res.writeHead(429, { 'retry-after': '0' }).end('{"error":"rate limited"}'); return }
    if (r < 0.27) { counts.reset++; req.socket.destroy(); return }
    if (r < 0.3) { counts.stall++; await new Promise((w) => setTimeout(w, 3000)) }
    counts.ok++
    const upstream = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(Buffer.from(await upstream.arrayBuffer()))
  })
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()))
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
  const store = await createStore(await openPglite(join(tmp, 'flaky')))
  const warnings: string[] = []
  try {
    const ix = startIndexer({ subgraph, rpcUrl: proxyUrl, store, name: 'nft', once: true, log: (level, m) => { if (level === 'warning') warnings.push(m) } })
    await ix.done
    const info = await ix.status()
    assert.equal(info.health, 'healthy')
    assert.equal(info.fatalError, null)
    assert.equal(info.latest?.number, scenario.endBlock)
  } finally {
    await store.close()
    await new Promise((r) => proxy.close(r))
  }
  assert.ok(counts.e502 + counts.e429 + counts.reset > 3, `the proxy failed requests: ${JSON.stringify(counts)}`)
  assert.ok(warnings.length > 0, 'retries were logged')
  const reference = await snapshot(join(tmp, 'run1'))
  const flaky = await snapshot(join(tmp, 'flaky'))
  for (const [type, entities] of reference) assert.deepEqual(flaky.get(type), entities, `entities of ${type}`)
})

test('kill -9 at random points and resume gives the same entities as an uninterrupted run', async () => {
  const reference = await snapshot(join(tmp, 'run1'))
  const args = (dir: string) => [CLI, 'index', join(tmp, 'build'), '--rpc', anvil.rpcUrl, '--data-dir', dir, '--once', '--name', 'nft']
  // How long an uninterrupted CLI run takes (startup included): kill points are spread over it.
  const t0 = Date.now()
  const ref = spawnSync(process.execPath, args(join(tmp, 'crash-ref')), { encoding: 'utf8' })
  assert.equal(ref.status, 0, ref.stderr)
  const duration = Date.now() - t0
  const dir = join(tmp, 'crash')
  let killed = 0
  for (let i = 0; i < 3; i++) {
    const child = spawn(process.execPath, args(dir), { stdio: 'ignore' })
    const exited = new Promise((r) => child.once('exit', r))
    await Promise.race([exited, new Promise((r) => setTimeout(r, duration * (0.3 + 0.6 * Math.random())))])
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      killed++
    }
    await exited
  }
  assert.ok(killed > 0, 'at least one run was killed before it finished')
  const r = spawnSync(process.execPath, args(dir), { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const resumed = await snapshot(dir)
  for (const [type, entities] of reference) assert.deepEqual(resumed.get(type), entities, `entities of ${type}`)
})

test('a reorg produced on anvil (snapshot, revert, different transactions) under a running indexer is followed', async () => {
  const { encodeFunctionData, parseAbi } = await import('viem')
  const rpc = async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const r = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }) })
    const j = (await r.json()) as { result: T; error?: { message: string } }
    if (j.error) throw new Error(j.error.message)
    return j.result
  }
  const abi = parseAbi(['function createVault(string name) returns (address)'])
  const [from] = await rpc<string[]>('eth_accounts')
  const createVault = async (name: string) => {
    const hash = await rpc<string>('eth_sendTransaction', [{ from, to: scenario.factory.address, data: encodeFunctionData({ abi, functionName: 'createVault', args: [name] }) }])
    type Receipt = { logs: { topics: string[] }[] }
    let receipt: Receipt | null = null
    for (let i = 0; i < 100 && !receipt; i++) {
      receipt = await rpc<Receipt | null>('eth_getTransactionReceipt', [hash])
      if (!receipt) await new Promise((r) => setTimeout(r, 50))
    }
    if (!receipt) return assert.fail(`no receipt for ${hash}`)
    return `0x${receipt.logs.at(-1)!.topics[1].slice(26)}`
  }
  const store = await createStore(await openPglite(join(tmp, 'reorg')))
  const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'nft', confirmations: 20, pollMs: 100 })
  const until = async (what: string, f: () => Promise<boolean>) => {
    for (let i = 0; i < 300; i++) {
      if (await f()) return
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.fail(`timed out waiting for ${what}`)
  }
  try {
    const head0 = Number(await rpc<string>('eth_blockNumber'))
    await until('initial sync', async () => (await ix.status()).latest?.number === head0)
    const dep = (await store.find(subgraph.id))!
    const snap = await rpc<string>('evm_snapshot')
    const vaultA = await createVault('Fork A')
    await until('fork A indexed', async () => (await dep.get('Vault', vaultA)) !== null)
    assert.equal((await dep.get('Vault', vaultA))!.get('name')?.kind === 'String' && ((await dep.get('Vault', vaultA))!.get('name') as { value: string }).value, 'Fork A')
    await rpc('evm_revert', [snap])
    // Different transactions on the new branch: CREATE gives the vault the same address
    // (same factory nonce) but another name, then two more blocks so the fork is longer.
    const vaultB = await createVault('Fork B')
    assert.equal(vaultB, vaultA)
    await rpc('evm_mine')
    await rpc('evm_mine')
    const head = await rpc<{ number: string; hash: string }>('eth_getBlockByNumber', ['latest', false])
    await until('fork B indexed', async () => (await ix.status()).latest?.hash === head.hash)
    const name = (await dep.get('Vault', vaultA))!.get('name') as { value: string }
    assert.equal(name.value, 'Fork B')
  } finally {
    ix.stop()
    await ix.done
    await store.close()
  }
})
