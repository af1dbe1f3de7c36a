// Load-or-create helpers and the pool bookkeeping shared by the vault handlers.
import { Address, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { Pool, PoolDayData, Position, Staker } from "../../generated/schema";
import { dayOf, poolDayId, positionId, SECONDS_PER_DAY } from "./ids";
import { accrue, emittingSeconds, runway } from "./rewards";

const ZERO = BigInt.zero();
const ONE = BigInt.fromI32(1);

export function getOrCreateStaker(user: Address, timestamp: BigInt): Staker {
  let staker = Staker.load(user);
  if (staker == null) {
    staker = new Staker(user);
    staker.nftsStaked = ZERO;
    staker.poolsJoined = ZERO;
    staker.rewardsPaid = ZERO;
    staker.firstSeenAt = timestamp;
  }
  staker.lastSeenAt = timestamp;
  return staker;
}

/** The position of `user` in `pool`; a new one counts a new unique staker and a joined pool. */
export function getOrCreatePosition(pool: Pool, staker: Staker, user: Address, timestamp: BigInt): Position {
  const id = positionId(pool.id, user);
  let position = Position.load(id);
  if (position == null) {
    position = new Position(id);
    position.pool = pool.id;
    position.staker = staker.id;
    position.stakedCount = ZERO;
    position.rewardDebt = ZERO;
    position.rewardsOwed = ZERO;
    position.rewardsPaid = ZERO;
    position.rewardsForfeited = ZERO;
    position.nftSeconds = ZERO;
    position.nftSecondsUpdatedAt = timestamp;
    position.openedAt = timestamp;
    position.updatedAt = timestamp;
    position.isOpen = false;
    pool.uniqueStakers = pool.uniqueStakers.plus(ONE);
    staker.poolsJoined = staker.poolsJoined.plus(ONE);
  }
  return position;
}

/** Adds the NFT-seconds the position earned since its last update (campaign window only). */
export function accrueNftSeconds(position: Position, pool: Pool, now: BigInt): void {
  const dt = emittingSeconds(position.nftSecondsUpdatedAt, now, pool.startTime, pool.endTime);
  position.nftSeconds = position.nftSeconds.plus(position.stakedCount.times(dt));
  position.nftSecondsUpdatedAt = now;
  position.updatedAt = now;
}

/**
 * Takes the accumulator an event reports as the truth (it is the contract's state after the change),
 * cross-checking it against our own accrual; a mismatch means our mirror of the math is wrong.
 */
export function settleAccumulator(pool: Pool, reported: BigInt, now: BigInt): void {
  const computed = accrue(
    pool.accRewardPerNFT,
    pool.lastRewardUpdate,
    now,
    pool.startTime,
    pool.endTime,
    pool.rewardRate,
    pool.totalStaked,
  );
  if (computed.notEqual(reported)) {
    log.warning("Pool {}: accRewardPerNFT computed {} but the event reports {}; taking the event's", [
      pool.id.toHexString(),
      computed.toString(),
      reported.toString(),
    ]);
  }
  pool.accRewardPerNFT = reported;
  if (now.gt(pool.lastRewardUpdate)) pool.lastRewardUpdate = now;
}

/** Derived fields (status, underfunded, runway), recomputed after every change to the pool. */
export function refreshPool(pool: Pool, now: BigInt): void {
  pool.underfunded = pool.rewardBalance.lt(pool.rewardsOwed);
  pool.runway = runway(pool.rewardBalance, pool.rewardsOwed, pool.rewardRate);
  if (pool.paused) pool.status = "PAUSED";
  else if (now.lt(pool.startTime)) pool.status = "UPCOMING";
  else if (now.ge(pool.endTime)) pool.status = "ENDED";
  else pool.status = "ACTIVE";
}

/** Today's snapshot of the pool, created from the pool's current state on the day's first event. */
export function getOrCreateDayData(pool: Pool, event: ethereum.Event): PoolDayData {
  const day = dayOf(event.block.timestamp);
  const id = poolDayId(pool.id, day);
  let data = PoolDayData.load(id);
  if (data == null) {
    data = new PoolDayData(id);
    data.pool = pool.id;
    data.date = day * SECONDS_PER_DAY;
    data.dailyRewardsPaid = ZERO;
    data.dailyRewardsFunded = ZERO;
    data.dailyStaked = ZERO;
    data.dailyUnstaked = ZERO;
  }
  return data;
}

/** Copies the pool's end-of-event state into the day's snapshot and saves both. */
export function savePool(pool: Pool, data: PoolDayData, now: BigInt): void {
  refreshPool(pool, now);
  data.totalStaked = pool.totalStaked;
  data.accRewardPerNFT = pool.accRewardPerNFT;
  data.rewardRate = pool.rewardRate;
  data.rewardBalance = pool.rewardBalance;
  data.openPositions = pool.openPositions;
  pool.save();
  data.save();
}

/** Loads a pool or logs a warning (unknown pool ids are skipped rather than aborting indexing). */
export function loadPool(id: Bytes, what: string): Pool | null {
  const pool = Pool.load(id);
  if (pool == null) log.warning("{}: unknown pool {}, event skipped", [what, id.toHexString()]);
  return pool;
}
