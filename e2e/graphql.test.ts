// End to end through the GraphQL API, checked against the contracts themselves: a real anvil chain with
// the campaign scenario, the real graph-cli build, graphkit's indexer on PGlite and its HTTP server,
// queried with graphql-request as dashboards do. Expected values come from the vaults' view functions
// and the chain's logs (viem), at the same block as the query.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GraphQLClient, gql } from 'graphql-request'
import { createPublicClient, http, parseAbi, parseAbiItem, type Address } from 'viem'
import { startAnvil, type Anvil } from '../contracts/scripts/lib/anvil.ts'
import { runScenario, type Deployment } from '../contracts/scripts/lib/scenario.ts'
import { loadSubgraph } from '../packages/graphkit/src/subgraph/manifest.ts'
import { openPglite } from '../packages/graphkit/src/store/sql/pglite.ts'
import { createStore } from '../packages/graphkit/src/store/createStore.ts'
import type { Store } from '../packages/graphkit/src/store/types.ts'
import { startIndexer } from '../packages/graphkit/src/indexer/indexer.ts'
import { startServer, type RunningServer } from '../packages/graphkit/src/server/httpServer.ts'
import { buildSubgraph, ensureContracts, repoRoot } from './lib/buildSubgraph.ts'

const vaultAbi = parseAbi([
  'function pendingRewards(uint256 poolId, address user) view returns (uint256)',
  'function stakedTokenIds(uint256 poolId, address user) view returns (uint256[])',
  'function getPosition(uint256 poolId, address user) view returns ((uint256 stakedCount, uint256 rewardDebt, uint256 rewardsOwed))',
  'function getPool(uint256) view returns ((address collection, address rewardToken, uint256 rewardRate, uint64 startTime, uint64 endTime, uint64 lockDuration, uint32 maxPerWallet, bool paused, uint256 totalStaked, uint256 accRewardPerNFT, uint64 lastUpdateTime, uint256 rewardBalance, uint256 totalOwed))',
])
const transfer = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')
const withdrawn = parseAbiItem('event RewardsWithdrawn(uint256 indexed poolId, address indexed to, uint256 amount, uint256 poolRewardBalance)')

let tmp: string
let anvil: Anvil
let scenario: Deployment
let store: Store
let server: RunningServer
let client: GraphQLClient
let pub: ReturnType<typeof createPublicClient>

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'e2e-graphql-'))
  ensureContracts()
  const subgraph = loadSubgraph(buildSubgraph(join(tmp, 'build'), 'anvil'))
  anvil = await startAnvil()
  scenario = await runScenario({ rpcUrl: anvil.rpcUrl, seed: 3, stakers: 8, days: 9 })
  store = await createStore(await openPglite(join(tmp, 'db')))
  const ix = startIndexer({ subgraph, rpcUrl: anvil.rpcUrl, store, name: 'nft-staking', once: true })
  await ix.done
  server = await startServer({ store, port: 0, statusPort: 0 })
  client = new GraphQLClient(`${server.url}/subgraphs/name/nft-staking`)
  pub = createPublicClient({ transport: http(anvil.rpcUrl) })
})
after(async () => {
  await server?.close()
  await store?.close()
  await anvil?.stop()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

// The README's pending-rewards formula ("Pending rewards without an RPC call"), verbatim in logic.
const E18 = 10n ** 18n
interface PositionRow {
  id: string; stakedCount: string; rewardDebt: string; rewardsOwed: string; isOpen: boolean
  staker: { id: string }
  pool: { poolId: string; vault: { id: string }; accRewardPerNFT: string; lastRewardUpdate: string; rewardRate: string; startTime: string; endTime: string; totalStaked: string }
}
function pendingNow(p: PositionRow, now: bigint): bigint {
  const pool = p.pool
  let acc = BigInt(pool.accRewardPerNFT)
  const from = BigInt(pool.lastRewardUpdate) > BigInt(pool.startTime) ? BigInt(pool.lastRewardUpdate) : BigInt(pool.startTime)
  const to = now < BigInt(pool.endTime) ? now : BigInt(pool.endTime)
  const total = BigInt(pool.totalStaked)
  if (to > from && total > 0n) acc += ((to - from) * BigInt(pool.rewardRate) * E18) / total
  return BigInt(p.rewardsOwed) + (BigInt(p.stakedCount) * acc) / E18 - BigInt(p.rewardDebt)
}

const positionsQuery = gql`
  query Positions($block: Int!) {
    _meta(block: { number: $block }) { block { number } }
    positions(first: 1000, orderBy: id, block: { number: $block }) {
      id stakedCount rewardDebt rewardsOwed isOpen staker { id }
      pool { poolId vault { id } accRewardPerNFT lastRewardUpdate rewardRate startTime endTime totalStaked }
    }
  }
`

async function checkPendingAt(block: number): Promise<number> {
  const r = await client.request<{ _meta: { block: { number: number } }; positions: PositionRow[] }>(positionsQuery, { block })
  assert.equal(r._meta.block.number, block)
  const { timestamp } = await pub.getBlock({ blockNumber: BigInt(block) })
  assert.ok(r.positions.length > 0, `positions at block ${block}`)
  for (const p of r.positions) {
    const args = [BigInt(p.pool.poolId), p.staker.id as Address] as const
    const view = await pub.readContract({ address: p.pool.vault.id as Address, abi: vaultAbi, functionName: 'pendingRewards', args, blockNumber: BigInt(block) })
    assert.equal(pendingNow(p, timestamp), view, `pending rewards of ${p.staker.id} in pool ${p.pool.poolId} of ${p.pool.vault.id} at block ${block}`)
    const pos = await pub.readContract({ address: p.pool.vault.id as Address, abi: vaultAbi, functionName: 'getPosition', args, blockNumber: BigInt(block) })
    assert.equal(BigInt(p.stakedCount), pos.stakedCount, `staked count of ${p.id} at block ${block}`)
    assert.equal(p.isOpen, pos.stakedCount > 0n, `isOpen of ${p.id} at block ${block}`)
  }
  return r.positions.length
}

test('for every position, the README formula on GraphQL fields equals the vault pendingRewards view at the head', async () => {
  const head = await pub.getBlock({ blockNumber: BigInt(scenario.endBlock) })
  const meta = await client.request<{ _meta: { block: { number: number; hash: string; timestamp: number } } }>(gql`{ _meta { block { number hash timestamp } } }`)
  assert.deepEqual(meta._meta.block, { number: scenario.endBlock, hash: head.hash, timestamp: Number(head.timestamp) }, '_meta is the chain head')
  const n = await checkPendingAt(scenario.endBlock)
  assert.ok(n >= scenario.stakers.length, `${n} positions`)
})

test('time travel: at an earlier block, positions and pools equal the contracts views at that block', async () => {
  // Mid-campaign: the block of the median Staked event (the first half of the blocks is setup).
  const staked = parseAbiItem('event Staked(uint256 indexed poolId, address indexed user, uint256[] tokenIds, uint64 unlockTime, uint256 userStaked, uint256 totalStaked, uint256 accRewardPerNFT, uint256 rewardsOwed)')
  const stakes = await pub.getLogs({ address: scenario.vaults.map((v) => v.address), event: staked, fromBlock: 0n, toBlock: BigInt(scenario.endBlock) })
  const block = Number(stakes[Math.floor(stakes.length / 2)].blockNumber)
  assert.ok(block < scenario.endBlock - 10, `block ${block} is well before the head ${scenario.endBlock}`)
  await checkPendingAt(block)
  const r = await client.request<{ pools: { poolId: string; vault: { id: string }; totalStaked: string; accRewardPerNFT: string; rewardBalance: string; rewardsOwed: string; rewardRate: string }[] }>(
    gql`query($block: Int!) { pools(first: 1000, block: { number: $block }) { poolId vault { id } totalStaked accRewardPerNFT rewardBalance rewardsOwed rewardRate } }`,
    { block },
  )
  assert.ok(r.pools.length > 0)
  for (const p of r.pools) {
    const c = await pub.readContract({ address: p.vault.id as Address, abi: vaultAbi, functionName: 'getPool', args: [BigInt(p.poolId)], blockNumber: BigInt(block) })
    const where = `pool ${p.poolId} of ${p.vault.id} at block ${block}`
    assert.equal(BigInt(p.totalStaked), c.totalStaked, `totalStaked, ${where}`)
    assert.equal(BigInt(p.accRewardPerNFT), c.accRewardPerNFT, `accRewardPerNFT, ${where}`)
    assert.equal(BigInt(p.rewardBalance), c.rewardBalance, `rewardBalance, ${where}`)
    assert.equal(BigInt(p.rewardsOwed), c.totalOwed, `rewardsOwed, ${where}`)
    assert.equal(BigInt(p.rewardRate), c.rewardRate, `rewardRate, ${where}`)
  }
})

test('RewardClaim amounts add up to the reward-token transfers out of the vaults (less owner withdrawals)', async () => {
  const claims: { amountPaid: string }[] = []
  for (let skip = 0; ; skip += 1000) {
    const page = await client.request<{ rewardClaims: { amountPaid: string }[] }>(gql`query($skip: Int!) { rewardClaims(first: 1000, skip: $skip) { amountPaid } }`, { skip })
    claims.push(...page.rewardClaims)
    if (page.rewardClaims.length < 1000) break
  }
  const paidByClaims = claims.reduce((s, c) => s + BigInt(c.amountPaid), 0n)
  let out = 0n
  let withdrawals = 0n
  for (const v of scenario.vaults) {
    for (const token of scenario.rewardTokens) {
      const logs = await pub.getLogs({ address: token, event: transfer, args: { from: v.address }, fromBlock: 0n, toBlock: BigInt(scenario.endBlock) })
      out += logs.reduce((s, l) => s + l.args.value!, 0n)
    }
    const w = await pub.getLogs({ address: v.address, event: withdrawn, fromBlock: 0n, toBlock: BigInt(scenario.endBlock) })
    withdrawals += w.reduce((s, l) => s + l.args.amount!, 0n)
  }
  assert.ok(claims.length > 0 && withdrawals > 0n, 'the scenario has claims and an owner withdrawal')
  assert.equal(paidByClaims, out - withdrawals)
})

test('open positions and staked NFTs equal the contracts state', async () => {
  const r = await client.request<{ positions: PositionRow[]; stakedNFTs: { tokenId: string; pool: { poolId: string; vault: { id: string } }; staker: { id: string } }[] }>(gql`{
    positions(first: 1000, where: { isOpen: true }) { id stakedCount isOpen staker { id } pool { poolId vault { id } accRewardPerNFT lastRewardUpdate rewardRate startTime endTime totalStaked } rewardDebt rewardsOwed }
    stakedNFTs(first: 1000, where: { isStaked: true }) { tokenId pool { poolId vault { id } } staker { id } }
  }`)
  const key = (vault: string, poolId: string | bigint, staker: string) => `${vault.toLowerCase()}:${poolId}:${staker.toLowerCase()}`
  const nftsByPosition = new Map<string, string[]>()
  for (const n of r.stakedNFTs) {
    const k = key(n.pool.vault.id, n.pool.poolId, n.staker.id)
    nftsByPosition.set(k, [...(nftsByPosition.get(k) ?? []), n.tokenId])
  }
  // Every (pool, staker) pair the scenario could have used: the chain decides which are open.
  let open = 0
  for (const p of scenario.pools) {
    for (const s of scenario.stakers) {
      const ids = await pub.readContract({ address: p.vault, abi: vaultAbi, functionName: 'stakedTokenIds', args: [BigInt(p.poolId), s] })
      const k = key(p.vault, BigInt(p.poolId), s)
      const indexed = (nftsByPosition.get(k) ?? []).map(BigInt).sort((a, b) => (a < b ? -1 : 1))
      assert.deepEqual(indexed, [...ids].sort((a, b) => (a < b ? -1 : 1)), `staked NFTs of ${s} in pool ${p.poolId} of ${p.vault}`)
      const position = r.positions.find((x) => key(x.pool.vault.id, x.pool.poolId, x.staker.id) === k)
      assert.equal(position !== undefined, ids.length > 0, `open position of ${s} in pool ${p.poolId} of ${p.vault}`)
      if (ids.length > 0) open++
    }
  }
  assert.equal(r.positions.length, open, 'no other open positions')
  assert.ok(open > 0)
})

test("the README's example queries run without errors against the indexed campaign", async () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1])
  // One document per operation: each `{ … }` or `query …` at the start of a line.
  const ops = blocks.flatMap((b) => b.split(/\n(?=\{|query )/).map((o) => o.replace(/^#.*$/gm, '').trim()).filter(Boolean))
  const curl = [...readme.matchAll(/"query":"(.*?)"\}'/g)].map((m) => m[1])
  const r = await client.request<{ positions: { id: string; staker: { id: string }; pool: { id: string; vault: { id: string } } }[] }>(gql`{ positions(first: 1) { id staker { id } pool { id vault { id } } } }`)
  const p = r.positions[0]
  const vars: Record<string, string> = { id: p.id, staker: p.staker.id, pool: p.pool.id, vault: p.pool.vault.id }
  assert.ok(ops.length >= 5 && curl.length >= 2, `found ${ops.length} GraphQL examples and ${curl.length} curl examples`)
  for (const op of [...ops, ...curl]) {
    const used = Object.fromEntries(Object.entries(vars).filter(([k]) => op.includes(`$${k}`)))
    const res = await fetch(`${server.url}/subgraphs/name/nft-staking`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: op, variables: used }) })
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] }
    assert.equal(body.errors, undefined, `${op}\n→ ${JSON.stringify(body.errors)}`)
    assert.ok(body.data && Object.values(body.data).some((v) => v !== null && (!Array.isArray(v) || v.length > 0)), `${op} returns data`)
  }
})
