/**
 * Backfill throughput of the subgraph on the chain scenario's large dataset, on PGlite and on
 * PostgreSQL, and Ponder 0.16 on the same chain in the same run. Prints figures; asserts nothing
 * timed, but fails when a run did not index the whole chain. Run with --help for the options.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { Abi, Address } from 'viem'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { runScenario } from '../contracts/scripts/lib/scenario.ts'
import { loadSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openSql } from '../packages/graphkit/src/store/sql/openSql.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { buildSubgraph, ensureContracts, repoRoot } from '../e2e/lib/buildSubgraph.ts'
import { chainEventCounts } from './bench/chainEventCounts.ts'
import { stopOnSignals } from './bench/children.ts'
import { createDatabase, type FreshDatabase } from '../packages/graphkit/src/store/createDatabase.ts'
import { runGraphkitCli } from './bench/graphkitCli.ts'
import { ponderMissing, runPonder } from './bench/ponderApp.ts'

const USAGE = `Usage: npm run bench:indexing -- [options]

Builds the subgraph (graph build), starts anvil, plays the chain scenario plus a bulk dataset, then indexes
that chain from block 0 with:
  - graphkit in process (startIndexer): events/s, blocks/s, share of time in RPC, handlers and store;
  - graphkit as a user runs it (\`graphkit index <build> --rpc URL --once\`, a child process, spawn to exit);
  - Ponder 0.16.10 (\`ponder start\`, scripts/bench/ponder): spawn until /ready answers 200 and until
    /status reports the chain's last block (Ponder is ready 30 blocks short of anvil's head),
on PGlite (fresh data directory) and PostgreSQL (fresh database on DATABASE_URL's server). Every run must
have indexed the whole chain: its stake, unstake, claim, emergency-withdrawal, pool and vault rows must equal
the chain's eth_getLogs counts, or the benchmark fails.

Options:
  --size N           vault events of the bulk dataset (default 100000)
  --build DIR        use this graph build instead of a fresh one
  --skip-postgres    PGlite only
  --skip-ponder      no Ponder runs
  --skip-in-process  no in-process graphkit runs (no RPC/handler/store shares)
  -h, --help         this help

Ponder is not a dependency of the repository: install it once with \`npm run bench:ponder:install\`;
without it the Ponder rows are skipped with that message (the benchmark never downloads anything).`

/** Chain events (eth_getLogs) and the graphkit entity / Ponder table holding one row per event. */
const CHECKS = [
  { event: 'Staked', entity: 'StakeEvent', table: 'stakeEvent' },
  { event: 'Unstaked', entity: 'UnstakeEvent', table: 'unstakeEvent' },
  { event: 'RewardsClaimed', entity: 'RewardClaim', table: 'rewardClaim' },
  { event: 'EmergencyWithdrawn', entity: 'EmergencyWithdrawal', table: 'emergencyWithdrawal' },
  { event: 'PoolCreated', entity: 'Pool', table: 'pool' },
] as const

interface Row { tool: string; store: string; ms: number; note: string }

function abi(name: string): Abi {
  const j = JSON.parse(readFileSync(join(repoRoot, 'abis', `${name}.json`), 'utf8'))
  return (Array.isArray(j) ? j : j.abi) as Abi
}

/** Differences between the chain's counts and a run's rows (empty when it indexed everything). */
function mismatches(chain: Record<string, number>, vaults: number, rows: Record<string, number>, key: 'entity' | 'table', vaultKey: string): string[] {
  const out: string[] = []
  for (const c of CHECKS) if (rows[c[key]] !== chain[c.event]) out.push(`${c[key]} ${rows[c[key]]} ≠ ${chain[c.event]} ${c.event} logs`)
  if (rows[vaultKey] !== vaults) out.push(`${vaultKey} ${rows[vaultKey]} ≠ ${vaults} VaultCreated logs`)
  return out
}

function options() {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '100000' }, build: { type: 'string' }, 'skip-postgres': { type: 'boolean' },
      'skip-ponder': { type: 'boolean' }, 'skip-in-process': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  })
  const size = Number(values.size)
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`--size must be a non-negative integer, got ${values.size}`)
  return { ...values, size }
}

async function main(): Promise<number> {
  let values: ReturnType<typeof options>
  try {
    values = options()
  } catch (e) {
    console.error(`bench:indexing: ${(e as Error).message}\n\n${USAGE}`)
    return 1
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const size = values.size
  const noPonder = values['skip-ponder'] ? null : ponderMissing()
  if (noPonder) console.log(`Ponder skipped: ${noPonder}`)
  const withPonder = !values['skip-ponder'] && !noPonder

  const tmp = mkdtempSync(join(tmpdir(), 'bench-indexing-'))
  const databases: FreshDatabase[] = []
  const freshPg = async (label: string) => {
    const db = await createDatabase(`bench_${label}`)
    databases.push(db)
    return db.url
  }
  let anvil: Anvil | null = null
  stopOnSignals(() => (anvil ? [anvil.pid] : []))
  const rows: Row[] = []
  const failures: string[] = []
  try {
    ensureContracts()
    const build = values.build ?? buildSubgraph(join(tmp, 'build'), 'anvil')
    const subgraph = loadSubgraph(build)
    anvil = await startAnvil()
    const t0 = performance.now()
    const d = await runScenario({ rpcUrl: anvil.rpcUrl, stakers: 6, days: 5, size })
    console.log(`scenario: ${d.transactions} transactions up to block ${d.endBlock} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const vaultAbi = abi('NFTStakingVault')
    const handled = [...new Set(vaultAbi.filter((x) => x.type === 'event').map((x) => (x as { name: string }).name))]
    const chain = await chainEventCounts({ rpcUrl: anvil.rpcUrl, vaultAbi, vaults: d.vaults.map((v) => v.address as Address), toBlock: d.endBlock, events: handled })
    const events = d.vaults.length + Object.values(chain).reduce((a, b) => a + b, 0)
    console.log(`chain: ${events} events (eth_getLogs: ${d.vaults.length} VaultCreated, ${CHECKS.map((c) => `${chain[c.event]} ${c.event}`).join(', ')}, …) in ${d.endBlock} blocks`)

    const stores: { label: string; pglite: boolean }[] = [{ label: 'PGlite', pglite: true }]
    if (!values['skip-postgres']) stores.push({ label: 'PostgreSQL', pglite: false })

    if (!values['skip-in-process']) {
      for (const t of stores) {
        const store = await createStore(await openSql(t.pglite ? { dataDir: join(tmp, 'pglite-in-process') } : { databaseUrl: await freshPg('inproc') }))
        try {
          const start = performance.now()
          const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'bench', once: true })
          await ix.done
          const ms = performance.now() - start
          const info = await ix.status()
          if (info.health !== 'healthy' || info.latest?.number !== d.endBlock) {
            failures.push(`graphkit in process on ${t.label} did not index the whole chain (health ${info.health}, latest block ${info.latest?.number} of ${d.endBlock}): ${info.fatalError?.message ?? ''}`)
            continue
          }
          const s = ix.stats
          const share = (x: number) => `${((100 * x) / ms).toFixed(0)}%`
          console.log(`graphkit in process, ${t.label}: ${s.events} events, ${s.blocks} blocks in ${(ms / 1000).toFixed(1)} s = ${Math.round(s.events / (ms / 1000))} events/s, ${Math.round(s.blocks / (ms / 1000))} blocks/s; time in RPC ${share(s.rpcMs)}, handlers ${share(s.handlerMs)}, store ${share(s.storeMs)}`)
          rows.push({ tool: 'graphkit (in process)', store: t.label, ms, note: 'store opened before the clock starts' })
        } finally {
          await store.close()
        }
      }
    }

    for (const t of stores) {
      const label = `graphkit index --once, ${t.label}`
      try {
        const r = await runGraphkitCli(t.pglite ? { build, rpcUrl: anvil.rpcUrl, dataDir: join(tmp, 'pglite-cli') } : { build, rpcUrl: anvil.rpcUrl, databaseUrl: await freshPg('cli') })
        const bad = mismatches(chain, d.vaults.length, r.counts, 'entity', 'Vault')
        if (r.block !== d.endBlock || r.health !== 'healthy') bad.push(`latest block ${r.block} of ${d.endBlock}, health ${r.health}`)
        if (bad.length) failures.push(`${label}: ${bad.join('; ')}`)
        else rows.push({ tool: 'graphkit (CLI)', store: t.label, ms: r.ms, note: 'spawn to exit' })
      } catch (e) {
        failures.push(`${label}: ${(e as Error).message}`)
      }
      if (!withPonder) continue
      try {
        const r = await runPonder({ rpcUrl: anvil.rpcUrl, factory: d.factory.address, startBlock: d.factory.startBlock, endBlock: d.endBlock, ...(t.pglite ? { pgliteDir: join(tmp, 'pglite-ponder') } : { databaseUrl: await freshPg('ponder') }) })
        const bad = mismatches(chain, d.vaults.length, r.counts, 'table', 'vault')
        if (r.block !== d.endBlock) bad.push(`indexed up to block ${r.block} of ${d.endBlock}`)
        if (bad.length) failures.push(`ponder start, ${t.label}: ${bad.join('; ')}`)
        else rows.push({ tool: 'ponder 0.16.10 (start)', store: t.label, ms: r.ms, note: `spawn to last block indexed (/ready 200 after ${(r.readyMs / 1000).toFixed(1)} s)` })
      } catch (e) {
        failures.push(`ponder start, ${t.label}: ${(e as Error).message}`)
      }
    }

    console.log(`\n${events} events, ${d.endBlock} blocks; rows checked against eth_getLogs counts`)
    console.log(`${'tool'.padEnd(24)}${'store'.padEnd(12)}${'wall (s)'.padStart(9)}${'events/s'.padStart(10)}  timed`)
    for (const r of rows) console.log(`${r.tool.padEnd(24)}${r.store.padEnd(12)}${(r.ms / 1000).toFixed(1).padStart(9)}${String(Math.round(events / (r.ms / 1000))).padStart(10)}  ${r.note}`)
    if (noPonder) console.log(`(Ponder skipped: ${noPonder})`)
    for (const f of failures) console.error(`FAILED ${f}`)
    return failures.length ? 1 : 0
  } finally {
    await anvil?.stop()
    for (const db of databases) await db.drop().catch((e) => console.error(`could not drop a benchmark database: ${(e as Error).message}`))
    rmSync(tmp, { recursive: true, force: true })
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e)
    process.exitCode = 1
  },
)
