// The indexer against a store that is not there yet, holds more than expected, does not open, or goes
// away mid-run, and against a node without the state of old blocks: real anvil (--prune-history for the
// latter), PGlite and PostgreSQL (through a TCP proxy that can cut the connection). Every run that
// completes must end with the entities of a plain run on the same chain.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, connect, type Socket } from 'node:net'
import { createServer as createHttpServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { runScenario, type Deployment } from '../contracts/scripts/lib/scenario.ts'
import { loadSubgraph, type LoadedSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { openPostgres } from '../packages/graphkit/src/store/sql/postgres.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { freshPostgres } from '../packages/graphkit/src/store/withAdapters.ts'
import { DATABASE_URL } from '../packages/graphkit/src/store/createDatabase.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import type { Store } from '../packages/graphkit/src/store/types.ts'
import type { Entity } from '../packages/graphkit/src/subgraph/values.ts'
import { buildSubgraph, ensureContracts } from './lib/buildSubgraph.ts'
import { entitySnapshot, pgliteSnapshot } from './lib/entitySnapshot.ts'
import { jsonRpc } from '../scripts/dev/jsonRpc.ts'

let anvil: Anvil
let scenario: Deployment
let subgraph: LoadedSubgraph
let tmp: string
let reference: Map<string, Entity[]>

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gk-trouble-'))
  ensureContracts()
  subgraph = loadSubgraph(buildSubgraph(join(tmp, 'build'), 'anvil'))
  anvil = await startAnvil()
  scenario = await runScenario({ rpcUrl: anvil.rpcUrl, stakers: 6, days: 5 })
  // The reference: a store opened first, an uninterrupted run.
  const store = await createStore(await openPglite(join(tmp, 'reference')))
  try {
    await startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'nft', once: true }).done
    reference = await entitySnapshot(store, subgraph)
  } finally {
    await store.close()
  }
  assert.ok((reference.get('StakeEvent')?.length ?? 0) > 0, 'the reference run indexed stakes')
})
after(async () => {
  await anvil?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

function assertSameEntities(actual: Map<string, Entity[]>, what: string) {
  for (const [type, entities] of reference) assert.deepEqual(actual.get(type), entities, `${what}: entities of ${type}`)
}

test('a new deployment is indexed while its store opens: handlers run before the store exists, same entities', async () => {
  const dir = join(tmp, 'early')
  let give!: (s: Promise<Store>) => void
  const store = new Promise<Store>((r) => (give = r))
  let eventsBeforeStore = 0
  const open = () => {
    if (eventsBeforeStore) return
    eventsBeforeStore = ix.stats.events
    give(openPglite(dir).then(createStore))
  }
  // The store is opened once handlers have run (or after 30 s, which the assertion below rejects).
  const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, expectNew: true, name: 'nft', once: true, onProgress: (p) => { if (p.events > 0) open() } })
  const fallback = setTimeout(() => { eventsBeforeStore = -1; give(openPglite(dir).then(createStore)) }, 30_000)
  try {
    await ix.done
    assert.ok(eventsBeforeStore > 0, `handlers ran before the store was opened (events then: ${eventsBeforeStore})`)
    const info = await ix.status()
    assert.equal(info.health, 'healthy')
    assert.equal(info.latest?.number, scenario.endBlock)
  } finally {
    clearTimeout(fallback)
    await (await store).close()
  }
  assertSameEntities(await pgliteSnapshot(dir, subgraph), 'started before its store')
})

test('a deployment expected new that the store already holds: what ran ahead is dropped and indexing resumes from the store', async () => {
  const dir = join(tmp, 'not-new')
  const mid = Math.floor(scenario.endBlock / 2)
  const first = await createStore(await openPglite(dir))
  try {
    await startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store: first, name: 'nft', until: mid }).done
    assert.equal((await (await first.find(subgraph.id))!.info()).latest?.number, mid)
  } finally {
    await first.close()
  }
  const logs: string[] = []
  const store = await createStore(await openPglite(dir))
  try {
    const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, expectNew: true, name: 'nft', once: true, log: (_level, m) => logs.push(m) })
    await ix.done
    assert.ok(logs.some((m) => /already holds this deployment/.test(m)), `the wrong guess was noticed: ${logs.join(' | ')}`)
    assert.equal((await ix.status()).latest?.number, scenario.endBlock)
    assertSameEntities(await entitySnapshot(store, subgraph), 'resumed after a wrong guess')
  } finally {
    await store.close()
  }
})

test('a store that does not open ends the run with its error, even while the indexer ran ahead of it, without retrying', async () => {
  // Nothing listens on port 1: the connection is refused (a TransientError, which the loop would otherwise
  // retry). It is attempted once handlers have run.
  let give!: (s: Promise<Store>) => void
  const opening = new Promise<Store>((r) => (give = r))
  let eventsBeforeStore = 0
  const warnings: string[] = []
  const ix = startIndexer({
    subgraph, rpcUrl: anvil.rpcUrl, store: opening, expectNew: true, name: 'nft', once: true,
    onProgress: (p) => {
      if (p.events === 0 || eventsBeforeStore) return
      eventsBeforeStore = p.events
      give(openPostgres('postgres://postgres@127.0.0.1:1/none').then(createStore))
    },
    log: (level, m) => { if (level === 'warning') warnings.push(m) },
  })
  const outcome = await Promise.race([
    ix.done.then(() => 'finished', (e: unknown) => e),
    new Promise((r) => setTimeout(() => r('still running after 30 s (retrying?)'), 30_000)),
  ])
  assert.ok(eventsBeforeStore > 0, 'handlers ran before the store was opened')
  const expected = await opening.then(() => null, (e: unknown) => e)
  assert.ok(expected instanceof Error, 'the store did not open')
  assert.equal(outcome, expected, 'the run ended with the error of opening the store')
  assert.deepEqual(warnings, [], 'no retries')
})

/** A TCP proxy to the PostgreSQL server that can be cut (every connection dropped, new ones refused) and restored. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>()
  let cut = false
  const server = createServer((client) => {
    if (cut) return client.destroy()
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    port: (server.address() as { port: number }).port,
    cut() {
      cut = true
      for (const s of sockets) s.destroy()
    },
    restore() {
      cut = false
    },
    close: () => new Promise((r) => server.close(r)),
  }
}

test('PostgreSQL going away mid-run (connections dropped, new ones refused) is retried; nothing is lost, nothing failed', async () => {
  const db = await freshPostgres()
  if (!db) return // unreachable outside CI: freshPostgres said so (in CI it throws)
  const proxy = await cuttableProxy(new URL(DATABASE_URL))
  const url = new URL(db.url)
  url.hostname = '127.0.0.1'
  url.port = String(proxy.port)
  const store = await createStore(await openPostgres(url.toString()))
  const warnings: string[] = []
  let cutAt: number | null = null
  try {
    // A quarter first, so that the deployment exists (creating it is not retried: see the test above).
    await startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'nft', until: Math.floor(scenario.endBlock / 4) }).done
    // One block a commit, so that the cut falls between commits with blocks processed after the last one.
    const ix = startIndexer({
      subgraph, rpcUrl: anvil.rpcUrl, store, name: 'nft', once: true, batch: { blocks: 1 },
      onProgress: (p) => {
        if (cutAt === null && p.block < scenario.endBlock - 20) {
          cutAt = warnings.length
          proxy.cut()
        }
      },
      log: (level, m) => {
        if (level !== 'warning') return
        warnings.push(m)
        // Back once the indexer has failed twice on the cut: a commit, then reloading its state.
        if (cutAt !== null && warnings.length - cutAt >= 2) proxy.restore()
      },
    })
    await ix.done
    assert.notEqual(cutAt, null, 'the database was cut mid-run')
    assert.ok(warnings.length - cutAt! >= 2, `retries were logged: ${warnings.join(' | ')}`)
    const info = await ix.status()
    assert.equal(info.health, 'healthy')
    assert.equal(info.fatalError, null)
    assert.equal(info.latest?.number, scenario.endBlock)
    assertSameEntities(await entitySnapshot(store, subgraph), 'PostgreSQL cut mid-run')
  } finally {
    proxy.restore()
    await store.close()
    await proxy.close()
    await db.drop()
  }
})

test('a node without the state of old blocks (not an archive node): its eth_call errors are retried, the deployment shows unhealthy, never failed', async () => {
  const pruned = await startAnvil({ extraArgs: ['--prune-history'] })
  const store = await createStore(await openPglite())
  const warnings: string[] = []
  try {
    // The same scenario on a fresh anvil puts the factory at the same address, so the same build indexes it.
    const chain = await runScenario({ rpcUrl: pruned.rpcUrl, stakers: 2, days: 2 })
    assert.equal(chain.factory.address.toLowerCase(), subgraph.dataSources[0].source.address)
    let retried!: () => void
    const enough = new Promise<void>((r) => (retried = r))
    const ix = startIndexer({
      subgraph, rpcUrl: pruned.rpcUrl, store, name: 'nft', once: true,
      log: (level, m) => {
        if (level !== 'warning') return
        warnings.push(m)
        if (warnings.length >= 4) retried()
      },
    })
    const outcome = await Promise.race([enough.then(() => 'retrying'), ix.done.then(() => 'ended', (e: unknown) => e)])
    const info = await ix.status()
    ix.stop()
    await ix.done
    assert.equal(outcome, 'retrying', 'the indexer kept retrying')
    assert.match(warnings[0]!, /eth_call at block \d+ failed: BlockOutOfRangeError/)
    assert.equal(info.fatalError, null, 'not failed')
    assert.equal(info.health, 'unhealthy')
    // Nothing from the block of the failing read on was committed (token metadata is read when a pool is created).
    const failing = Number(/at block (\d+)/.exec(warnings[0]!)![1])
    assert.ok(failing > chain.factory.startBlock && failing <= chain.endBlock, `the failing block ${failing} is on the chain`)
    assert.ok((info.latest?.number ?? -1) < failing, `latest ${info.latest?.number} is before the failing block ${failing}`)
  } finally {
    await store.close()
    await pruned.stop()
  }
})

/**
 * One endpoint over two branches of a chain, as a load balancer over nodes that disagree: blocks
 * `first` (a list of numbers) come from `a` the first time they are asked for, everything else from
 * `b` (which shares every block up to the fork with `a`).
 */
async function twoBranches(a: string, b: string, first: number[]) {
  const servedFromA = new Set<number>()
  const server = createHttpServer(async (req, res) => {
    let body = ''
    for await (const c of req) body += c
    const msg = JSON.parse(body) as { method: string; params: unknown[] }
    const n = msg.method === 'eth_getBlockByNumber' && typeof msg.params[0] === 'string' && msg.params[0].startsWith('0x') ? Number(msg.params[0]) : null
    const fromA = n !== null && first.includes(n) && !servedFromA.has(n)
    if (fromA) servedFromA.add(n!)
    const r = await fetch(fromA ? a : b, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    res.writeHead(r.status, { 'content-type': 'application/json' }).end(Buffer.from(await r.arrayBuffer()))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => new Promise((r) => server.close(r)) }
}

test('a reorg of a new deployment\'s first blocks, before anything was committed (its store still opening), starts over from the start block', async () => {
  const a = await startAnvil()
  let b: Anvil | null = null
  let proxy: Awaited<ReturnType<typeof twoBranches>> | null = null
  const stores: Store[] = []
  try {
    const d = await runScenario({ rpcUrl: a.rpcUrl, stakers: 2, days: 2 })
    assert.equal(d.factory.address.toLowerCase(), subgraph.dataSources[0].source.address)
    // Branch a: twelve more blocks. Branch b: forked from a ten blocks after endBlock, eight other blocks
    // (later timestamps). The fork is more than the 8 blocks the indexer fetches ahead past the
    // scenario's last block, where a data source is created (the rest of that range is fetched anew).
    const fork = d.endBlock + 10
    for (let i = 0; i < 12; i++) await jsonRpc(a.rpcUrl, 'evm_mine')
    b = await startAnvil({ extraArgs: ['--fork-url', a.rpcUrl, '--fork-block-number', String(fork)] })
    await jsonRpc(b.rpcUrl, 'evm_increaseTime', [60])
    for (let i = 0; i < 8; i++) await jsonRpc(b.rpcUrl, 'evm_mine')
    const hashAt = async (url: string, n: number) => (await jsonRpc<{ hash: string }>(url, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, false])).hash
    assert.equal(await hashAt(b.rpcUrl, fork), await hashAt(a.rpcUrl, fork), 'the branches share the fork block')
    assert.notEqual(await hashAt(b.rpcUrl, fork + 2), await hashAt(a.rpcUrl, fork + 2), 'the branches differ after it')
    // The indexer sees fork + 1 and + 2 of branch a, then branch b: the parent of fork + 3 is not what it indexed.
    proxy = await twoBranches(a.rpcUrl, b.rpcUrl, [fork + 1, fork + 2])
    let give!: (s: Promise<Store>) => void
    const store = new Promise<Store>((r) => (give = r))
    const logs: string[] = []
    const ix = startIndexer({
      subgraph, rpcUrl: proxy.url, store, expectNew: true, name: 'nft', once: true,
      confirmations: 1000, // every block is fetched and checked against its parent
      log: (_level, m) => {
        logs.push(m)
        // The store opens once the reorg is seen: nothing can have been committed before it.
        if (/^reorg/.test(m)) give(openPglite(join(tmp, 'early-reorg')).then(createStore))
      },
    })
    const outcome = await Promise.race([
      ix.done.then(() => 'finished', (e: unknown) => e),
      new Promise((r) => setTimeout(() => r('not finished within 60 s'), 60_000)),
    ])
    if (outcome !== 'finished') {
      give(openPglite().then(createStore)) // so that the run can end
      ix.stop()
      await ix.done.catch(() => {})
    }
    stores.push(await store)
    assert.equal(outcome, 'finished', logs.join(' | '))
    assert.ok(logs.some((m) => /before the first commit/.test(m)), `the reorg was followed from the start block: ${logs.join(' | ')}`)
    const info = await ix.status()
    assert.equal(info.health, 'healthy')
    const head = await jsonRpc<{ hash: string; number: string }>(b.rpcUrl, 'eth_getBlockByNumber', ['latest', false])
    assert.equal(info.latest?.number, Number(head.number))
    assert.equal(info.latest?.hash, head.hash)
    // The same entities as a fresh index of branch b.
    const fresh = await createStore(await openPglite())
    stores.push(fresh)
    await startIndexer({ subgraph, rpcUrl: b.rpcUrl, store: fresh, name: 'nft', once: true }).done
    const expected = await entitySnapshot(fresh, subgraph)
    const actual = await entitySnapshot(stores[0]!, subgraph)
    for (const [type, entities] of expected) assert.deepEqual(actual.get(type), entities, `entities of ${type}`)
  } finally {
    await proxy?.close()
    for (const s of stores) await s.close()
    await b?.stop()
    await a.stop()
  }
})
