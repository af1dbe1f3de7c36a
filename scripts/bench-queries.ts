/**
 * Query latency benchmark: loads the root schema.graphql, writes synthetic entities through
 * the store's commit path (≥100k positions by default), serves them with the real HTTP
 * server and prints p50/p95 per typical dashboard query, on PGlite and PostgreSQL.
 * BENCH_POSITIONS scales the data; BENCH_RUNS the number of timed runs per query;
 * BENCH_ADAPTERS=pglite,postgres picks the adapters.
 */
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSchema, type SubgraphSchema, type FieldDef } from '../packages/graphkit/src/subgraph/schema.ts'
import type { Entity, Value } from '../packages/graphkit/src/subgraph/values.ts'
import type { BlockWrites, Sql } from '../packages/graphkit/src/store/types.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { openPostgres } from '../packages/graphkit/src/store/sql/postgres.ts'
import { createDatabase } from '../packages/graphkit/src/store/createDatabase.ts'
import { startServer } from '../packages/graphkit/src/server/httpServer.ts'

const POSITIONS = Number(process.env.BENCH_POSITIONS ?? 100_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 100)
const BLOCKS = 100
const counts: Record<string, number> = {
  Factory: 1, Vault: 10, Collection: 20, RewardToken: 10, Pool: 100, Staker: Math.ceil(POSITIONS / 5),
  Position: POSITIONS, StakedNFT: POSITIONS, RewardClaim: Math.ceil(POSITIONS / 2),
}

/** Bytes id: 2 bytes of type index, 4 bytes of row index (deterministic, so queries can name rows). */
const typeIndex = new Map(Object.keys(counts).map((t, i) => [t, i]))
function idBytes(type: string, i: number): Uint8Array {
  const b = new Uint8Array(6)
  new DataView(b.buffer).setUint16(0, typeIndex.get(type) ?? 99)
  new DataView(b.buffer).setUint32(2, i)
  return b
}
const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

function valueFor(s: SubgraphSchema, f: FieldDef, type: string, i: number, block: number): Value {
  const t = f.type
  if (f.name === 'id') return { kind: 'Bytes', value: idBytes(type, i) }
  if (t.list) return { kind: 'Array', value: [valueFor(s, { ...f, type: { ...t, list: false } }, type, i, block)] }
  if (t.category === 'entity' || t.category === 'interface') {
    const n = counts[t.base] ?? 1
    // Positions spread over stakers and pools; NFTs and claims follow their position.
    const j = type === 'StakedNFT' || type === 'RewardClaim' ? (t.base === 'Position' ? i % counts.Position : i) : i
    return { kind: 'Bytes', value: idBytes(t.base, j % n) }
  }
  if (t.category === 'enum') return { kind: 'String', value: s.enums.get(t.base)!.values[i % s.enums.get(t.base)!.values.length].name }
  switch (t.base) {
    case 'BigInt': return { kind: 'BigInt', value: BigInt((i * 7919 + block) % 1_000_003) * 10n ** 12n }
    case 'Int': return { kind: 'Int', value: i % 1000 }
    case 'Int8': case 'Timestamp': return { kind: t.base, value: BigInt(i) }
    case 'Boolean': return { kind: 'Bool', value: i % 3 !== 0 }
    case 'Bytes': return { kind: 'Bytes', value: idBytes('tx', i) }
    case 'BigDecimal': return { kind: 'BigDecimal', value: { digits: BigInt(i), exp: -2 } }
    default: return { kind: 'String', value: `${type} ${i}` }
  }
}

function entity(s: SubgraphSchema, type: string, i: number, block: number): Entity {
  const e = new Map<string, Value>()
  for (const f of s.entities.get(type)!.fields) if (!f.derivedFrom && f.type.nonNull) e.set(f.name, valueFor(s, f, type, i, block))
  return e
}

const ptr = (n: number) => ({ number: n, hash: '0x' + n.toString(16).padStart(64, '0'), timestamp: n * 12 })

async function load(sql: Sql, s: SubgraphSchema) {
  const store = await createStore(sql)
  const d = await store.deploy({ id: 'QmBench', name: 'bench/staking', network: 'bench', startBlock: 0, schema: s })
  const t0 = performance.now()
  // Each type's rows spread over BLOCKS blocks; pools and positions are rewritten in later blocks so time travel has versions to choose from.
  for (let b = 1; b <= BLOCKS; b++) {
    const ops = []
    for (const [type, n] of Object.entries(counts)) {
      const per = Math.ceil(n / BLOCKS)
      for (let i = (b - 1) * per; i < Math.min(n, b * per); i++) ops.push({ type, id: hex(idBytes(type, i)), entity: entity(s, type, i, b) })
    }
    if (b > BLOCKS / 2) for (let i = 0; i < counts.Pool; i++) ops.push({ type: 'Pool', id: hex(idBytes('Pool', i)), entity: entity(s, 'Pool', i, b) })
    const w: BlockWrites = { block: ptr(b), ops, dataSources: [] }
    await d.commit([w], ptr(b))
  }
  await d.setChainHead(ptr(BLOCKS), true)
  if (sql.kind === 'postgres') await sql.query('analyze')
  return { store, loadSeconds: (performance.now() - t0) / 1000 }
}

const QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  'pool list with stats': { query: `{ pools(first: 100, orderBy: totalStaked, orderDirection: desc) { id status totalStaked openPositions uniqueStakers rewardBalance runway collection { id name } rewardToken { id symbol decimals } vault { id name } } }` },
  "staker's positions with NFTs": {
    query: `query($id: ID!) { staker(id: $id) { id nftsStaked positions(first: 100, where: { isOpen: true }) { id stakedCount rewardsOwed pool { id status } nfts(first: 100) { id tokenId isStaked unlockAt } } } }`,
    variables: { id: hex(idBytes('Staker', 42)) },
  },
  'claims history, filtered and ordered': {
    query: `query($pool: String!) { rewardClaims(first: 100, orderBy: timestamp, orderDirection: desc, where: { pool: $pool, amountPaid_gt: "0" }) { id amountPaid amountOwed timestamp txHash staker { id } position { id } } }`,
    variables: { pool: hex(idBytes('Pool', 7)) },
  },
  'time travel: positions at block 50': { query: `{ positions(first: 100, block: { number: 50 }, orderBy: stakedCount, where: { isOpen: true }) { id stakedCount pool { id totalStaked } } }` },
}

const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]

async function bench(adapter: string, sql: Sql, s: SubgraphSchema) {
  const { store, loadSeconds } = await load(sql, s)
  console.log(`${adapter}: loaded ${Object.values(counts).reduce((a, b) => a + b)} entities (${POSITIONS} positions) in ${loadSeconds.toFixed(1)} s`)
  const srv = await startServer({ store, port: 0, statusPort: 0 })
  try {
    for (const [name, q] of Object.entries(QUERIES)) {
      const run = async () => {
        const t = performance.now()
        const r = await fetch(`${srv.url}/subgraphs/name/bench/staking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(q) })
        const body = (await r.json()) as { errors?: unknown[]; data?: Record<string, unknown> }
        if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`)
        return { ms: performance.now() - t, rows: JSON.stringify(body.data).length }
      }
      for (let i = 0; i < 5; i++) await run() // warm-up
      const ms: number[] = []
      let size = 0
      for (let i = 0; i < RUNS; i++) { const r = await run(); ms.push(r.ms); size = r.rows }
      console.log(`  ${adapter.padEnd(9)} ${name.padEnd(40)} p50 ${pct(ms, 50).toFixed(1).padStart(7)} ms  p95 ${pct(ms, 95).toFixed(1).padStart(7)} ms  (${size} bytes)`)
    }
  } finally {
    await srv.close()
    await store.close()
  }
}

async function main() {
  if (process.argv.includes('--help')) {
    console.log('Usage: npm run bench:queries\nEnvironment: BENCH_POSITIONS (default 100000), BENCH_RUNS (default 100), BENCH_ADAPTERS (default pglite,postgres), DATABASE_URL')
    return
  }
  const schema = parseSchema(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql'), 'utf8'))
  const adapters = (process.env.BENCH_ADAPTERS ?? 'pglite,postgres').split(',')
  if (adapters.includes('pglite')) await bench('pglite', await openPglite(), schema)
  if (!adapters.includes('postgres')) return
  const db = await createDatabase('graphkit_bench')
  try {
    await bench('postgres', await openPostgres(db.url), schema)
  } finally {
    await db.drop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
