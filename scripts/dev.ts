// `npm run dev`: the whole local stack in one process.
//   local chain (anvil + seeded campaign, state kept in .graphkit/chain) → graph codegen + build →
//   graphkit indexer (PGlite in .graphkit/db, or PostgreSQL with DATABASE_URL), following new blocks →
//   graph-node-compatible GraphQL on :8000 and indexing status on :8030.
// `npm run dev -- --rpc <url> --network <name>` indexes a real chain instead (no local chain).
// Ctrl-C stops everything it started; a restart resumes where it stopped.
import { existsSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildSubgraph, ensureContracts, repoRoot } from '../e2e/lib/buildSubgraph.ts'
import { loadSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openSql } from '../packages/graphkit/src/store/sql/openSql.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { progressReporter } from '../packages/graphkit/src/indexer/progress.ts'
import { startServer } from '../packages/graphkit/src/server/httpServer.ts'
import { startLocalChain, type LocalChain } from './dev/startLocalChain.ts'
import { startLiveActivity } from './dev/startLiveActivity.ts'
import { ChainMismatchError } from '../packages/graphkit/src/indexer/chainCheck.ts'

const usage = `Usage: npm run dev -- [--rpc URL --network NAME] [--name nft-staking] [--port 8000] [--status-port 8030]
                      [--host 127.0.0.1] [--data-dir .graphkit] [--chain-port 8545] [--seed 1] [--stakers 24]
                      [--days 28] [--no-activity] [--fresh]
DATABASE_URL=postgres://… stores the index in PostgreSQL instead of PGlite (<data-dir>/db).
--fresh forgets the saved local chain and index (PGlite) and starts over.`

const { values: o } = parseArgs({
  options: {
    rpc: { type: 'string' }, network: { type: 'string' }, name: { type: 'string', default: 'nft-staking' },
    port: { type: 'string', default: '8000' }, 'status-port': { type: 'string', default: '8030' },
    host: { type: 'string', default: '127.0.0.1' }, 'data-dir': { type: 'string', default: join(repoRoot, '.graphkit') },
    'chain-port': { type: 'string', default: '8545' }, seed: { type: 'string', default: '1' },
    stakers: { type: 'string', default: '24' }, days: { type: 'string', default: '28' },
    'no-activity': { type: 'boolean' }, fresh: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  },
})
if (o.help) {
  console.log(usage)
  process.exit(0)
}
if (o.rpc && !o.network) {
  console.error('--rpc needs --network <name> (a network of networks.json: its factory address and start block are used)')
  process.exit(2)
}

const say = (msg: string) => process.stderr.write(`[dev] ${msg}\n`)
const dataDir = resolve(o['data-dir']!)
const dbDir = join(dataDir, 'db')
const chainDir = join(dataDir, 'chain')
const databaseUrl = process.env.DATABASE_URL
const cleanups: { what: string; stop: () => Promise<void> }[] = []
let stopping = false

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    // Each step gets 10 s: a stuck step is named and skipped so Ctrl-C always ends the stack.
    for (const c of cleanups.reverse()) {
      let timer: NodeJS.Timeout | undefined
      const limit = new Promise<void>((r) => { timer = setTimeout(() => { say(`stopping the ${c.what} took over 10 s: skipped`); r() }, 10_000) })
      await Promise.race([c.stop().catch((e) => say(`while stopping the ${c.what}: ${(e as Error).message}`)), limit])
      clearTimeout(timer)
    }
  }
  process.exit(code)
}

async function main(): Promise<void> {
  if (o.fresh) {
    rmSync(chainDir, { recursive: true, force: true })
    if (!databaseUrl) rmSync(dbDir, { recursive: true, force: true })
  }
  let rpcUrl = o.rpc
  let network = o.network
  let chain: LocalChain | undefined
  if (!rpcUrl) {
    ensureContracts()
    say('starting the local chain')
    chain = await startLocalChain({ dir: chainDir, port: Number(o['chain-port']), seed: Number(o.seed), stakers: Number(o.stakers), days: Number(o.days), log: say })
    cleanups.push({ what: 'local chain', stop: () => chain!.anvil.stop() })
    rpcUrl = chain.anvil.rpcUrl
    network = 'anvil'
    if (chain.fresh && existsSync(dbDir) && !databaseUrl) {
      say(`the local chain is new: the index in ${dbDir} belongs to an earlier chain, starting it over`)
      rmSync(dbDir, { recursive: true, force: true })
    }
  }
  say(`building the subgraph for ${network} (graph codegen + graph build)`)
  const subgraph = loadSubgraph(buildSubgraph(join(dataDir, 'build'), network))
  const store = await createStore(await openSql({ databaseUrl, dataDir: dbDir }))
  cleanups.push({ what: 'store', stop: () => store.close() })
  // The indexer checks that the stored index is on this chain (reverting a reorg that happened
  // while stopped) and refuses an index built from another chain with a ChainMismatchError.
  const previous = await (await store.find(subgraph.id))?.info()
  say(previous?.latest ? `index resumes after block ${previous.latest.number}` : 'indexing from the start block')
  const indexer = startIndexer({
    subgraph, rpcUrl, store, name: o.name!, network,
    onProgress: progressReporter(process.stderr),
    log: (level, message) => { if (level !== 'debug' && level !== 'info') say(`${level}: ${message}`) },
  })
  cleanups.push({ what: 'indexer', stop: async () => { indexer.stop(); await indexer.done.catch(() => {}) } })
  const server = await startServer({ store, host: o.host, port: Number(o.port), statusPort: Number(o['status-port']) })
  cleanups.push({ what: 'GraphQL server', stop: () => server.close() })
  const activity = chain && !o['no-activity'] ? startLiveActivity({ rpcUrl, deployment: chain.deployment, log: say }) : undefined
  if (activity) cleanups.push({ what: 'live activity', stop: () => activity.stop() })

  console.log(`
  chain      ${rpcUrl}${chain ? ` (anvil, chain id ${chain.deployment.chainId}, factory ${chain.deployment.factory.address})` : ''}
  store      ${databaseUrl ? `PostgreSQL ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}` : `PGlite ${dbDir}`}
  queries    ${server.url}/subgraphs/name/${o.name}   (GraphiQL: open it in a browser)
  status     ${server.statusUrl}
  Ctrl-C stops everything; a restart resumes.
`)
  indexer.done.then(
    async () => {
      if (stopping) return
      const info = await indexer.status()
      if (info.fatalError) say(`indexing failed at block ${info.fatalError.block?.number} in ${info.fatalError.handler}: ${info.fatalError.message} (the API keeps serving what was indexed)`)
    },
    async (e) => {
      if (!(e instanceof ChainMismatchError)) return say(`indexer stopped: ${(e as Error).message}`)
      say(`error: the index in ${databaseUrl ? 'the PostgreSQL database' : dbDir} does not belong to this chain: ${e.describe()}\n${databaseUrl ? 'Point DATABASE_URL at an empty database' : 'Run with --fresh'} to index it again.`)
      await shutdown(1)
    },
  )
}

process.once('SIGINT', () => void shutdown(0))
process.once('SIGTERM', () => void shutdown(0))
main().catch(async (e) => {
  say(`error: ${(e as Error).message}`)
  await shutdown(1)
})
