/**
 * Backfill throughput of the subgraph (`npm run build` output) on the chain scenario:
 * events/s, blocks/s and the share of time in RPC, handlers and store, on PGlite and on
 * PostgreSQL. Usage: npm run bench:indexing -- [--size N (vault events, default 100000)]
 * [--build DIR (default: a fresh graph build)] [--skip-postgres]. Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { startAnvil } from '../contracts/scripts/lib/anvil.ts'
import { runScenario } from '../contracts/scripts/lib/scenario.ts'
import { loadSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openSql } from '../packages/graphkit/src/store/sql/openSql.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { buildSubgraph, ensureContracts } from '../e2e/lib/buildSubgraph.ts'

async function main(): Promise<void> {
const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, build: { type: 'string' }, 'skip-postgres': { type: 'boolean' } } })
const tmp = mkdtempSync(join(tmpdir(), 'bench-indexing-'))
ensureContracts()
const subgraph = loadSubgraph(values.build ?? buildSubgraph(join(tmp, 'build'), 'anvil'))
const anvil = await startAnvil()
try {
  const t0 = performance.now()
  const d = await runScenario({ rpcUrl: anvil.rpcUrl, stakers: 6, days: 5, size: Number(values.size) })
  console.log(`scenario: ${d.transactions} transactions up to block ${d.endBlock} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  const targets: { label: string; databaseUrl?: string; dataDir?: string; drop?: () => Promise<void> }[] = [{ label: 'PGlite', dataDir: join(tmp, 'pglite') }]
  if (!values['skip-postgres']) {
    const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
    const db = `bench_indexing_${process.pid}`
    const admin = new pg.Client({ connectionString: base })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${db}`)
    await admin.end()
    const url = new URL(base)
    url.pathname = `/${db}`
    targets.push({
      label: 'PostgreSQL', databaseUrl: url.href, drop: async () => {
        const c = new pg.Client({ connectionString: base })
        await c.connect()
        await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)
        await c.end()
      },
    })
  }
  for (const t of targets) {
    const store = await createStore(await openSql({ databaseUrl: t.databaseUrl, dataDir: t.dataDir }))
    try {
      const start = performance.now()
      const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'bench', once: true })
      await ix.done
      const ms = performance.now() - start
      const info = await ix.status()
      if (info.health !== 'healthy' || info.latest?.number !== d.endBlock) {
        throw new Error(`${t.label}: the run did not index the whole chain (health ${info.health}, latest block ${info.latest?.number} of ${d.endBlock}): ${info.fatalError?.message ?? ''}`)
      }
      const s = ix.stats
      const share = (x: number) => `${((100 * x) / ms).toFixed(0)}%`
      console.log(`${t.label}: ${s.events} events, ${s.blocks} blocks in ${(ms / 1000).toFixed(1)} s = ${Math.round(s.events / (ms / 1000))} events/s, ${Math.round(s.blocks / (ms / 1000))} blocks/s; time in RPC ${share(s.rpcMs)}, handlers ${share(s.handlerMs)}, store ${share(s.storeMs)}`)
    } finally {
      await store.close()
      await t.drop?.()
    }
  }
} finally {
  await anvil.stop()
  rmSync(tmp, { recursive: true, force: true })
}
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
