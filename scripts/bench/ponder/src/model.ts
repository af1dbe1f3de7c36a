// The subgraph's shared bookkeeping (src/utils/entities.ts, ids.ts, rewards.ts, tokens.ts) for Ponder:
// load-or-create helpers, the reward math mirrored from the contract, pool refresh and day data.
// Where it is simpler than the subgraph: ids are lowercase hex built the same way (address ++
// little-endian i32), except staked-NFT ids, which append the token id as 32 bytes; warnings go to
// stderr with console.warn instead of graph-node's logger.
import type { Context } from 'ponder:registry'
import { factory, pool, poolDayData, position, rewardToken, collection, staker, vault } from 'ponder:schema'

type Db = Context['db']
export type Pool = typeof pool.$inferSelect
export type Position = typeof position.$inferSelect
export type Staker = typeof staker.$inferSelect
export type DayData = typeof poolDayData.$inferSelect
export type Hex = `0x${string}`

export const SECONDS_PER_DAY = 86400
const PRECISION = 10n ** 18n

const i32 = (n: number): string => {
  const b = Buffer.alloc(4)
  b.writeInt32LE(n)
  return b.toString('hex')
}
const lower = (h: string) => h.toLowerCase() as Hex

export const poolKey = (vaultAddress: string, id: bigint): Hex => lower(`${vaultAddress}${i32(Number(id))}`)
export const positionKey = (poolId: Hex, user: string): Hex => lower(`${poolId}${user.slice(2)}`)
export const stakedNftKey = (poolId: Hex, tokenId: bigint): Hex => lower(`${poolId}${tokenId.toString(16).padStart(64, '0')}`)
export const eventKey = (txHash: string, logIndex: number): Hex => lower(`${txHash}${i32(logIndex)}`)
export const dayKey = (poolId: Hex, day: number): Hex => lower(`${poolId}${i32(day)}`)

// Reward math (contracts/src/interfaces/INFTStakingVault.sol, the subgraph's src/utils/rewards.ts).
const max = (a: bigint, b: bigint) => (a > b ? a : b)
const min = (a: bigint, b: bigint) => (a < b ? a : b)
export function emittingSeconds(from: bigint, now: bigint, start: bigint, end: bigint): bigint {
  const a = max(from, start)
  const b = min(now, end)
  return b > a ? b - a : 0n
}
function accrue(acc: bigint, lastUpdate: bigint, now: bigint, start: bigint, end: bigint, rate: bigint, totalStaked: bigint): bigint {
  const dt = emittingSeconds(lastUpdate, now, start, end)
  if (dt === 0n || totalStaked <= 0n) return acc
  return acc + (dt * rate * PRECISION) / totalStaked
}
export const rewardDebt = (staked: bigint, acc: bigint) => (staked * acc) / PRECISION
export const pending = (owed: bigint, staked: bigint, acc: bigint, debt: bigint) => owed + rewardDebt(staked, acc) - debt
function runway(balance: bigint, owed: bigint, rate: bigint): bigint | null {
  if (rate === 0n) return null
  const free = balance - owed
  return free <= 0n ? 0n : free / rate
}

export function settleAccumulator(p: Pool, reported: bigint, now: bigint): void {
  const computed = accrue(p.accRewardPerNFT, p.lastRewardUpdate, now, p.startTime, p.endTime, p.rewardRate, p.totalStaked)
  if (computed !== reported) console.warn(`pool ${p.id}: accRewardPerNFT computed ${computed} but the event reports ${reported}`)
  p.accRewardPerNFT = reported
  if (now > p.lastRewardUpdate) p.lastRewardUpdate = now
}

export function accrueNftSeconds(pos: Position, p: Pool, now: bigint): void {
  pos.nftSeconds += pos.stakedCount * emittingSeconds(pos.nftSecondsUpdatedAt, now, p.startTime, p.endTime)
  pos.nftSecondsUpdatedAt = now
  pos.updatedAt = now
}

export async function loadPool(db: Db, id: Hex): Promise<Pool | null> {
  return db.find(pool, { id })
}

export async function getOrCreateStaker(db: Db, user: string, now: bigint): Promise<Staker> {
  const id = lower(user)
  const s = (await db.find(staker, { id })) ?? { id, nftsStaked: 0n, poolsJoined: 0n, rewardsPaid: 0n, firstSeenAt: now, lastSeenAt: now }
  s.lastSeenAt = now
  return s
}

/** A new position counts a new unique staker of the pool and a joined pool of the staker. */
export async function getOrCreatePosition(db: Db, p: Pool, s: Staker, now: bigint): Promise<Position> {
  const id = positionKey(p.id, s.id)
  const found = await db.find(position, { id })
  if (found) return found
  p.uniqueStakers += 1n
  s.poolsJoined += 1n
  return {
    id, pool: p.id, staker: s.id, stakedCount: 0n, rewardDebt: 0n, rewardsOwed: 0n, rewardsPaid: 0n, rewardsForfeited: 0n,
    nftSeconds: 0n, nftSecondsUpdatedAt: now, openedAt: now, closedAt: null, updatedAt: now, isOpen: false,
  }
}

/** Today's snapshot of the pool, created on the day's first event. */
export async function getOrCreateDayData(db: Db, p: Pool, timestamp: bigint): Promise<DayData> {
  const day = Math.floor(Number(timestamp) / SECONDS_PER_DAY)
  const id = dayKey(p.id, day)
  return (await db.find(poolDayData, { id })) ?? {
    id, pool: p.id, date: day * SECONDS_PER_DAY, totalStaked: 0n, accRewardPerNFT: 0n, rewardRate: 0n, rewardBalance: 0n,
    openPositions: 0n, dailyRewardsPaid: 0n, dailyRewardsFunded: 0n, dailyStaked: 0n, dailyUnstaked: 0n,
  }
}

type Upsert = { values(row: object): { onConflictDoUpdate(row: object): Promise<unknown> } }

/** Insert-or-replace, as the subgraph's entity.save(). */
export async function save<T extends { $inferInsert: object }>(db: Db, table: T, row: T['$inferInsert']): Promise<void> {
  // db.insert's parameter is a conditional type that TypeScript cannot resolve for a generic table;
  // the row is checked against the table's insert type above instead.
  await (db.insert(table as never) as unknown as Upsert).values(row).onConflictDoUpdate(row)
}

/** Derived fields, then the pool and its day snapshot (the subgraph's refreshPool + savePool). */
export async function savePool(db: Db, p: Pool, d: DayData, now: bigint): Promise<void> {
  p.underfunded = p.rewardBalance < p.rewardsOwed
  p.runway = runway(p.rewardBalance, p.rewardsOwed, p.rewardRate)
  p.status = p.paused ? 'PAUSED' : now < p.startTime ? 'UPCOMING' : now >= p.endTime ? 'ENDED' : 'ACTIVE'
  d.totalStaked = p.totalStaked
  d.accRewardPerNFT = p.accRewardPerNFT
  d.rewardRate = p.rewardRate
  d.rewardBalance = p.rewardBalance
  d.openPositions = p.openPositions
  await save(db, pool, p)
  await save(db, poolDayData, d)
}

/** Opens/closes the position and the pool's open-position count after its stakedCount changed. */
export function updateOpen(p: Pool, pos: Position, now: bigint): void {
  const open = pos.stakedCount > 0n
  if (open && !pos.isOpen) {
    p.openPositions += 1n
    pos.closedAt = null
  } else if (!open && pos.isOpen) {
    p.openPositions -= 1n
    pos.closedAt = now
  }
  pos.isOpen = open
}

/** Moves the vault and factory NFT totals by `delta`. */
export async function moveTotals(db: Db, vaultAddress: string, delta: bigint): Promise<void> {
  const v = await db.find(vault, { id: lower(vaultAddress) })
  if (!v) return
  await db.update(vault, { id: v.id }).set({ totalStaked: v.totalStaked + delta })
  const f = await db.find(factory, { id: v.factory })
  if (f) await db.update(factory, { id: f.id }).set({ totalStaked: f.totalStaked + delta })
}

const erc20 = [
  { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  { type: 'function', name: 'symbol', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  { type: 'function', name: 'decimals', stateMutability: 'view', inputs: [], outputs: [{ type: 'uint8' }] },
] as const

/** The subgraph's try_ calls: a reverting call leaves the field null. */
async function tryRead<T>(context: Context, address: Hex, functionName: 'name' | 'symbol' | 'decimals'): Promise<T | null> {
  try {
    return (await context.client.readContract({ address, abi: erc20, functionName })) as T
  } catch {
    return null
  }
}

export async function getOrCreateRewardToken(context: Context, address: string): Promise<Hex> {
  const id = lower(address)
  if (await context.db.find(rewardToken, { id })) return id
  await context.db.insert(rewardToken).values({
    id, name: await tryRead<string>(context, id, 'name'), symbol: await tryRead<string>(context, id, 'symbol'),
    decimals: await tryRead<number>(context, id, 'decimals'),
  })
  return id
}

export async function getOrCreateCollection(context: Context, address: string): Promise<Hex> {
  const id = lower(address)
  if (await context.db.find(collection, { id })) return id
  await context.db.insert(collection).values({ id, name: await tryRead<string>(context, id, 'name'), symbol: await tryRead<string>(context, id, 'symbol') })
  return id
}
