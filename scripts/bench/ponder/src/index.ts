// The subgraph's handlers (src/mappings/) for Ponder: the same rows written per event (pool, position,
// staker, staked NFTs, stake/unstake/claim/withdrawal records, funding and admin records, day data,
// vault and factory totals), so `npm run bench:indexing` compares like with like. Simpler than the
// subgraph: events it skips with a warning (unknown pool or position) are skipped silently here.
import { ponder, type Context } from 'ponder:registry'
import {
  adminAction, emergencyWithdrawal, factory, poolFunding, position, rewardClaim, rewardRateChange, stakedNft,
  stakeEvent, staker, unstakeEvent, vault,
} from 'ponder:schema'
import {
  accrueNftSeconds, eventKey, getOrCreateCollection, getOrCreateDayData, getOrCreatePosition, getOrCreateRewardToken,
  getOrCreateStaker, loadPool, moveTotals, pending, poolKey, positionKey, rewardDebt, save, savePool,
  settleAccumulator, stakedNftKey, updateOpen, type Hex, type Pool, type Position, type Staker,
} from './model'

type Db = Context['db']
interface Ev { log: { address: string; logIndex: number }; block: { number: bigint; timestamp: bigint }; transaction: { hash: string; from: string } }

const lower = (h: string) => h.toLowerCase() as Hex
const meta = (e: Ev) => ({ blockNumber: e.block.number, timestamp: e.block.timestamp, txHash: lower(e.transaction.hash) })

ponder.on('VaultFactory:VaultCreated', async ({ event, context }) => {
  const db = context.db
  const id = lower(event.log.address)
  const f = (await db.find(factory, { id })) ?? { id, vaultCount: 0n, poolCount: 0n, totalStaked: 0n }
  f.vaultCount += 1n
  await save(db, factory, f)
  await db.insert(vault).values({
    id: lower(event.args.vault), factory: id, vaultIndex: event.args.vaultIndex, name: event.args.name, owner: lower(event.args.owner),
    poolCount: 0n, totalStaked: 0n, createdAtBlock: event.block.number, createdAtTimestamp: event.block.timestamp, createdAtTx: lower(event.transaction.hash),
  })
})

ponder.on('NFTStakingVault:PoolCreated', async ({ event, context }) => {
  const db = context.db
  const v = await db.find(vault, { id: lower(event.log.address) })
  if (!v) return
  const a = event.args
  const now = event.block.timestamp
  const p: Pool = {
    id: poolKey(event.log.address, a.poolId), vault: v.id, poolId: a.poolId,
    collection: await getOrCreateCollection(context, a.collection), rewardToken: await getOrCreateRewardToken(context, a.rewardToken),
    rewardRate: a.rewardRate, startTime: a.startTime, endTime: a.endTime, lockDuration: a.lockDuration, maxPerWallet: BigInt(a.maxPerWallet),
    paused: false, totalStaked: 0n, accRewardPerNFT: 0n, lastRewardUpdate: now, rewardsFunded: 0n, rewardsPaid: 0n, rewardsWithdrawn: 0n,
    rewardsForfeited: 0n, rewardBalance: 0n, rewardsOwed: 0n, underfunded: false, runway: null, status: 'UPCOMING', openPositions: 0n,
    uniqueStakers: 0n, rateChangeCount: 0n, emergencyWithdrawalCount: 0n,
    createdAtBlock: event.block.number, createdAtTimestamp: now, createdAtTx: lower(event.transaction.hash),
  }
  await savePool(db, p, await getOrCreateDayData(db, p, now), now)
  await db.update(vault, { id: v.id }).set({ poolCount: v.poolCount + 1n })
  const f = await db.find(factory, { id: v.factory })
  if (f) await db.update(factory, { id: f.id }).set({ poolCount: f.poolCount + 1n })
  await db.insert(adminAction).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), vault: v.id, pool: p.id, kind: 'POOL_CREATED', by: lower(event.transaction.from),
    oldValue: null, newValue: null, ...meta(event),
  })
})

async function recordFunding(db: Db, event: Ev, p: Pool, kind: string, account: string, amount: bigint): Promise<void> {
  await db.insert(poolFunding).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), pool: p.id, kind, account: lower(account), amount, rewardBalance: p.rewardBalance, ...meta(event),
  })
}

ponder.on('NFTStakingVault:PoolFunded', async ({ event, context }) => {
  const db = context.db
  const p = await loadPool(db, poolKey(event.log.address, event.args.poolId))
  if (!p) return
  p.rewardsFunded += event.args.amount
  p.rewardBalance = event.args.poolRewardBalance
  const d = await getOrCreateDayData(db, p, event.block.timestamp)
  d.dailyRewardsFunded += event.args.amount
  await savePool(db, p, d, event.block.timestamp)
  await recordFunding(db, event, p, 'FUNDING', event.args.funder, event.args.amount)
})

ponder.on('NFTStakingVault:RewardsWithdrawn', async ({ event, context }) => {
  const db = context.db
  const p = await loadPool(db, poolKey(event.log.address, event.args.poolId))
  if (!p) return
  p.rewardsWithdrawn += event.args.amount
  p.rewardBalance = event.args.poolRewardBalance
  await savePool(db, p, await getOrCreateDayData(db, p, event.block.timestamp), event.block.timestamp)
  await recordFunding(db, event, p, 'OWNER_WITHDRAWAL', event.args.to, event.args.amount)
})

ponder.on('NFTStakingVault:Staked', async ({ event, context }) => {
  const db = context.db
  const a = event.args
  const p = await loadPool(db, poolKey(event.log.address, a.poolId))
  if (!p) return
  const now = event.block.timestamp
  const count = BigInt(a.tokenIds.length)
  const s = await getOrCreateStaker(db, a.user, now)
  const pos = await getOrCreatePosition(db, p, s, now)
  accrueNftSeconds(pos, p, now)
  settleAccumulator(p, a.accRewardPerNFT, now)
  if (pos.stakedCount + count !== a.userStaked) console.warn(`Staked: position ${pos.id} had ${pos.stakedCount} + ${count} NFTs but the event reports ${a.userStaked}`)
  p.rewardsOwed = p.rewardsOwed + a.rewardsOwed - pos.rewardsOwed
  pos.rewardsOwed = a.rewardsOwed
  pos.stakedCount = a.userStaked
  pos.rewardDebt = rewardDebt(a.userStaked, a.accRewardPerNFT)
  updateOpen(p, pos, now)
  p.totalStaked = a.totalStaked
  s.nftsStaked += count
  for (const tokenId of a.tokenIds) {
    const id = stakedNftKey(p.id, tokenId)
    const nft = (await db.find(stakedNft, { id })) ?? { id, pool: p.id, tokenId, rewardsForfeited: 0n, timesStaked: 0n }
    await save(db, stakedNft, {
      ...nft, staker: s.id, position: pos.id, isStaked: true, stakedAt: now, unlockAt: a.unlockTime, unstakedAt: null, exitKind: null,
      timesStaked: nft.timesStaked + 1n,
    })
  }
  await db.insert(stakeEvent).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), pool: p.id, position: pos.id, staker: s.id, tokenIds: [...a.tokenIds],
    unlockTime: a.unlockTime, userStaked: a.userStaked, totalStaked: a.totalStaked, ...meta(event), logIndex: BigInt(event.log.logIndex),
  })
  const d = await getOrCreateDayData(db, p, now)
  d.dailyStaked += count
  await savePool(db, p, d, now)
  await save(db, position, pos)
  await save(db, staker, s)
  await moveTotals(db, event.log.address, count)
})

/** Marks the NFTs as having left the pool; `forfeited` is split evenly, the remainder to the first. */
async function releaseNfts(db: Db, now: bigint, p: Pool, tokenIds: readonly bigint[], kind: 'NORMAL' | 'EMERGENCY', forfeited: bigint): Promise<void> {
  const n = BigInt(tokenIds.length)
  const share = n > 0n ? forfeited / n : 0n
  const remainder = n > 0n ? forfeited - share * n : 0n
  for (const [i, tokenId] of tokenIds.entries()) {
    const nft = await db.find(stakedNft, { id: stakedNftKey(p.id, tokenId) })
    if (!nft) continue
    await db.update(stakedNft, { id: nft.id }).set({
      isStaked: false, unstakedAt: now, exitKind: kind,
      rewardsForfeited: kind === 'EMERGENCY' ? nft.rewardsForfeited + (i === 0 ? share + remainder : share) : nft.rewardsForfeited,
    })
  }
}

/** What an exit (unstake or emergency withdrawal) of `count` NFTs changed, with the day's totals. */
async function saveExit(db: Db, event: Ev, p: Pool, pos: Position, s: Staker, count: bigint): Promise<void> {
  const d = await getOrCreateDayData(db, p, event.block.timestamp)
  d.dailyUnstaked += count
  await savePool(db, p, d, event.block.timestamp)
  await save(db, position, pos)
  await save(db, staker, s)
  await moveTotals(db, event.log.address, -count)
}

/** The pool, position and staker an exit (unstake or emergency withdrawal) changes, settled to the event. */
async function loadExit(db: Db, event: Ev, a: { poolId: bigint; user: string; tokenIds: readonly bigint[]; accRewardPerNFT: bigint }) {
  const p = await loadPool(db, poolKey(event.log.address, a.poolId))
  if (!p) return null
  const pos = await db.find(position, { id: positionKey(p.id, a.user) })
  if (!pos) return null
  const now = event.block.timestamp
  const s = await getOrCreateStaker(db, a.user, now)
  accrueNftSeconds(pos, p, now)
  settleAccumulator(p, a.accRewardPerNFT, now)
  return { p, pos, s, now, count: BigInt(a.tokenIds.length) }
}

ponder.on('NFTStakingVault:Unstaked', async ({ event, context }) => {
  const db = context.db
  const a = event.args
  const x = await loadExit(db, event, a)
  if (!x) return
  const { p, pos, s, now, count } = x
  p.rewardsOwed = p.rewardsOwed + a.rewardsOwed - pos.rewardsOwed
  pos.rewardsOwed = a.rewardsOwed
  pos.stakedCount = a.userStaked
  pos.rewardDebt = rewardDebt(a.userStaked, a.accRewardPerNFT)
  updateOpen(p, pos, now)
  p.totalStaked = a.totalStaked
  s.nftsStaked -= count
  await releaseNfts(db, now, p, a.tokenIds, 'NORMAL', 0n)
  await db.insert(unstakeEvent).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), pool: p.id, position: pos.id, staker: s.id, tokenIds: [...a.tokenIds],
    userStaked: a.userStaked, totalStaked: a.totalStaked, rewardsOwed: a.rewardsOwed, ...meta(event), logIndex: BigInt(event.log.logIndex),
  })
  await saveExit(db, event, p, pos, s, count)
})

ponder.on('NFTStakingVault:EmergencyWithdrawn', async ({ event, context }) => {
  const db = context.db
  const a = event.args
  const x = await loadExit(db, event, a)
  if (!x) return
  const { p, pos, s, now, count } = x
  p.rewardsOwed -= pos.rewardsOwed
  p.rewardsForfeited += a.rewardsForfeited
  p.emergencyWithdrawalCount += 1n
  pos.rewardsForfeited += a.rewardsForfeited
  pos.rewardsOwed = 0n
  pos.stakedCount = 0n
  pos.rewardDebt = 0n
  updateOpen(p, pos, now)
  p.totalStaked = a.totalStaked
  s.nftsStaked -= count
  await releaseNfts(db, now, p, a.tokenIds, 'EMERGENCY', a.rewardsForfeited)
  await db.insert(emergencyWithdrawal).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), pool: p.id, position: pos.id, staker: s.id, tokenIds: [...a.tokenIds],
    rewardsForfeited: a.rewardsForfeited, totalStaked: a.totalStaked, ...meta(event), logIndex: BigInt(event.log.logIndex),
  })
  await saveExit(db, event, p, pos, s, count)
})

ponder.on('NFTStakingVault:RewardsClaimed', async ({ event, context }) => {
  const db = context.db
  const a = event.args
  const p = await loadPool(db, poolKey(event.log.address, a.poolId))
  if (!p) return
  const pos = await db.find(position, { id: positionKey(p.id, a.user) })
  if (!pos) return
  const now = event.block.timestamp
  const s = await getOrCreateStaker(db, a.user, now)
  accrueNftSeconds(pos, p, now)
  settleAccumulator(p, a.accRewardPerNFT, now)
  const settled = pending(pos.rewardsOwed, pos.stakedCount, a.accRewardPerNFT, pos.rewardDebt)
  if (settled !== a.amountPaid + a.amountOwed) console.warn(`RewardsClaimed: position ${pos.id} settled ${settled} but the event pays ${a.amountPaid} and owes ${a.amountOwed}`)
  p.rewardsOwed = p.rewardsOwed - pos.rewardsOwed + a.amountOwed
  p.rewardsPaid += a.amountPaid
  p.rewardBalance = a.poolRewardBalance
  pos.rewardsOwed = a.amountOwed
  pos.rewardDebt = rewardDebt(pos.stakedCount, a.accRewardPerNFT)
  pos.rewardsPaid += a.amountPaid
  s.rewardsPaid += a.amountPaid
  await db.insert(rewardClaim).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), pool: p.id, position: pos.id, staker: s.id, amountPaid: a.amountPaid,
    amountOwed: a.amountOwed, ...meta(event), logIndex: BigInt(event.log.logIndex),
  })
  const d = await getOrCreateDayData(db, p, now)
  d.dailyRewardsPaid += a.amountPaid
  await savePool(db, p, d, now)
  await save(db, position, pos)
  await save(db, staker, s)
})

async function recordAction(db: Db, event: Ev, vaultId: Hex, poolId: Hex | null, kind: string, by: string, oldValue: string | null, newValue: string | null): Promise<void> {
  await db.insert(adminAction).values({ id: eventKey(event.transaction.hash, event.log.logIndex), vault: vaultId, pool: poolId, kind, by: lower(by), oldValue, newValue, ...meta(event) })
}

/** The pool of an owner change that reports the accumulator, settled to it (the contract settles first). */
async function loadSettledPool(db: Db, event: Ev, a: { poolId: bigint; accRewardPerNFT: bigint }): Promise<Pool | null> {
  const p = await loadPool(db, poolKey(event.log.address, a.poolId))
  if (p) settleAccumulator(p, a.accRewardPerNFT, event.block.timestamp)
  return p
}

ponder.on('NFTStakingVault:RewardRateChanged', async ({ event, context }) => {
  const db = context.db
  const a = event.args
  const p = await loadSettledPool(db, event, a)
  if (!p) return
  const now = event.block.timestamp
  p.rewardRate = a.newRate
  p.rateChangeCount += 1n
  await savePool(db, p, await getOrCreateDayData(db, p, now), now)
  await db.insert(rewardRateChange).values({
    id: eventKey(event.transaction.hash, event.log.logIndex), pool: p.id, oldRate: a.oldRate, newRate: a.newRate, by: lower(a.by), ...meta(event),
  })
})

ponder.on('NFTStakingVault:EndTimeChanged', async ({ event, context }) => {
  const db = context.db
  const a = event.args
  const p = await loadSettledPool(db, event, a)
  if (!p) return
  const now = event.block.timestamp
  p.endTime = a.newEndTime
  await savePool(db, p, await getOrCreateDayData(db, p, now), now)
  await recordAction(db, event, p.vault, p.id, 'END_TIME_CHANGED', a.by, a.oldEndTime.toString(), a.newEndTime.toString())
})

async function setPaused(db: Db, event: Ev, poolId: bigint, by: string, paused: boolean): Promise<void> {
  const p = await loadPool(db, poolKey(event.log.address, poolId))
  if (!p) return
  p.paused = paused
  await savePool(db, p, await getOrCreateDayData(db, p, event.block.timestamp), event.block.timestamp)
  await recordAction(db, event, p.vault, p.id, paused ? 'PAUSED' : 'UNPAUSED', by, null, null)
}

ponder.on('NFTStakingVault:PoolPaused', async ({ event, context }) => setPaused(context.db, event, event.args.poolId, event.args.by, true))
ponder.on('NFTStakingVault:PoolUnpaused', async ({ event, context }) => setPaused(context.db, event, event.args.poolId, event.args.by, false))

ponder.on('NFTStakingVault:OwnershipTransferred', async ({ event, context }) => {
  // As in the subgraph: the constructor's transfer comes before VaultCreated, when the vault is unknown.
  const db = context.db
  const v = await db.find(vault, { id: lower(event.log.address) })
  if (!v) return
  await db.update(vault, { id: v.id }).set({ owner: lower(event.args.newOwner) })
  await recordAction(db, event, v.id, null, 'OWNERSHIP_TRANSFERRED', event.args.previousOwner, lower(event.args.previousOwner), lower(event.args.newOwner))
})
