/**
 * Commit throughput on both adapters: rows/s for batches of 10k entity ops (mutable
 * inserts, then updates of the same ids, plus immutable inserts). Prints figures; no asserts.
 * Run: cd packages/graphkit && npx tsx src/store/store.bench.ts
 */
import { openPglite } from './sql/pglite.ts'
import { openPostgres } from './sql/postgres.ts'
import { createStore } from './createStore.ts'
import { freshPostgres } from './withAdapters.ts'
import { schema, writesFor } from './fixtures/crashWorkload.ts'
import type { Sql } from './types.ts'

const BLOCKS = 50 // × 201 ops per block (crashWorkload)

async function bench(label: string, sql: Sql) {
  const d = await (await createStore(sql)).deploy({ id: 'QmBench', name: 'bench', network: 'anvil', startBlock: 0, schema })
  let n = 1
  for (let round = 0; round < 6; round++) {
    const blocks = Array.from({ length: BLOCKS }, (_, i) => writesFor(n + i))
    n += BLOCKS
    const ops = blocks.reduce((s, b) => s + b.ops.length, 0)
    const t0 = performance.now()
    await d.commit(blocks, blocks[blocks.length - 1]!.block)
    const ms = performance.now() - t0
    console.log(`${label}: commit of ${BLOCKS} blocks, ${ops} ops: ${ms.toFixed(0)} ms, ${Math.round((ops / ms) * 1000)} ops/s`)
  }
}

const lite = await openPglite()
await bench('pglite', lite)
await lite.close()
const db = await freshPostgres()
if (db) {
  const sql = await openPostgres(db.url)
  await bench('postgres', sql)
  await sql.close()
  await db.drop()
}
process.exit(0)
