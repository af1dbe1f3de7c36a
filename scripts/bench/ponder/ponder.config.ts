// The subgraph's data sources (subgraph.yaml) for Ponder: the VaultFactory, and every NFTStakingVault it
// creates through Ponder's factory pattern (the subgraph's NFTStakingVault template).
// scripts/bench-indexing.ts sets the environment: the anvil RPC URL, the factory's address and block,
// and the database (a fresh PGlite directory, or a fresh PostgreSQL database).
import { readFileSync } from 'node:fs'
import { createConfig, factory } from 'ponder'
import { toEventSelector, type Abi, type AbiEvent } from 'viem'
import { vaultAbi, vaultFactoryAbi } from './abis'

const env = (name: string) => {
  const v = process.env[name]
  if (!v) throw new Error(`bench ponder app: ${name} is not set (scripts/bench-indexing.ts sets it)`)
  return v
}

// The typed ABIs must be exactly the events of the repository's compiled ABIs (abis/, also the subgraph's).
for (const [file, typed] of [['VaultFactory', vaultFactoryAbi], ['NFTStakingVault', vaultAbi]] as const) {
  const json = JSON.parse(readFileSync(new URL(`../../../abis/${file}.json`, import.meta.url), 'utf8'))
  const events = ((Array.isArray(json) ? json : json.abi) as Abi).filter((x): x is AbiEvent => x.type === 'event')
  const want = events.map((e) => toEventSelector(e)).sort().join()
  const have = (typed as readonly AbiEvent[]).map((e) => toEventSelector(e)).sort().join()
  if (want !== have) throw new Error(`bench ponder app: abis.ts does not match the events of abis/${file}.json`)
}

const factoryAddress = env('BENCH_FACTORY') as `0x${string}`
const startBlock = Number(env('BENCH_START_BLOCK'))

export default createConfig({
  database: process.env.BENCH_DATABASE_URL
    ? { kind: 'postgres', connectionString: process.env.BENCH_DATABASE_URL }
    : { kind: 'pglite', directory: env('BENCH_PGLITE_DIR') },
  chains: {
    // Ponder's defaults (it caches RPC results in its database, but every benchmark run gets a fresh one).
    anvil: { id: 31337, rpc: env('BENCH_RPC_URL') },
  },
  contracts: {
    VaultFactory: { chain: 'anvil', abi: vaultFactoryAbi, address: factoryAddress, startBlock },
    NFTStakingVault: {
      chain: 'anvil',
      abi: vaultAbi,
      address: factory({ address: factoryAddress, event: vaultFactoryAbi[0], parameter: 'vault' }),
      startBlock,
    },
  },
})
