// Stake, unstake and emergency withdrawal: positions, staked-NFT records, immutable event records.
import { Address, BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { EmergencyWithdrawal, Factory, Pool, Position, StakedNFT, StakeEvent, Staker, UnstakeEvent, Vault } from "../../../generated/schema";
import { EmergencyWithdrawn, Staked, Unstaked } from "../../../generated/templates/NFTStakingVault/NFTStakingVault";
import {
  accrueNftSeconds,
  getOrCreateDayData,
  getOrCreatePosition,
  getOrCreateStaker,
  loadPool,
  savePool,
  settleAccumulator,
} from "../../utils/entities";
import { eventId, poolId, stakedNftId } from "../../utils/ids";
import { rewardDebt } from "../../utils/rewards";

const ZERO = BigInt.zero();
const ONE = BigInt.fromI32(1);

/** Saves what an exit (unstake or emergency withdrawal) of `count` NFTs changed, with the day's totals. */
function saveExit(event: ethereum.Event, pool: Pool, position: Position, staker: Staker, count: BigInt): void {
  const day = getOrCreateDayData(pool, event);
  day.dailyUnstaked = day.dailyUnstaked.plus(count);
  savePool(pool, day, event.block.timestamp);
  position.save();
  staker.save();
  moveTotals(event.address, count.neg());
}

/** Moves the vault and factory NFT totals by `delta` (positive on stake, negative on exit). */
function moveTotals(vaultAddress: Address, delta: BigInt): void {
  const vault = Vault.load(vaultAddress);
  if (vault == null) return;
  vault.totalStaked = vault.totalStaked.plus(delta);
  vault.save();
  const factory = Factory.load(vault.factory);
  if (factory == null) return;
  factory.totalStaked = factory.totalStaked.plus(delta);
  factory.save();
}

/** Opens/closes the position and the pool's open-position count after its stakedCount changed. */
function updateOpen(pool: Pool, position: Position, now: BigInt): void {
  const open = position.stakedCount.gt(ZERO);
  if (open && !position.isOpen) {
    pool.openPositions = pool.openPositions.plus(ONE);
    position.closedAt = null;
  } else if (!open && position.isOpen) {
    pool.openPositions = pool.openPositions.minus(ONE);
    position.closedAt = now;
  }
  position.isOpen = open;
}

export function handleStaked(event: Staked): void {
  const p = event.params;
  const pool = loadPool(poolId(event.address, p.poolId), "Staked");
  if (pool == null) return;
  const now = event.block.timestamp;
  const count = BigInt.fromI32(p.tokenIds.length);
  const staker = getOrCreateStaker(p.user, now);
  const position = getOrCreatePosition(pool, staker, p.user, now);
  accrueNftSeconds(position, pool, now);
  settleAccumulator(pool, p.accRewardPerNFT, now);
  if (position.stakedCount.plus(count).notEqual(p.userStaked)) {
    log.warning("Staked: position {} had {} + {} NFTs but the event reports {}; taking the event's", [
      position.id.toHexString(), position.stakedCount.toString(), count.toString(), p.userStaked.toString(),
    ]);
  }
  pool.rewardsOwed = pool.rewardsOwed.plus(p.rewardsOwed).minus(position.rewardsOwed);
  position.rewardsOwed = p.rewardsOwed;
  position.stakedCount = p.userStaked;
  position.rewardDebt = rewardDebt(p.userStaked, p.accRewardPerNFT);
  updateOpen(pool, position, now);
  pool.totalStaked = p.totalStaked;
  staker.nftsStaked = staker.nftsStaked.plus(count);

  for (let i = 0; i < p.tokenIds.length; i++) {
    const tokenId = p.tokenIds[i];
    const id = stakedNftId(pool.id, tokenId);
    let nft = StakedNFT.load(id);
    if (nft == null) {
      nft = new StakedNFT(id);
      nft.pool = pool.id;
      nft.tokenId = tokenId;
      nft.rewardsForfeited = ZERO;
      nft.timesStaked = ZERO;
    }
    nft.staker = staker.id;
    nft.position = position.id;
    nft.isStaked = true;
    nft.stakedAt = now;
    nft.unlockAt = p.unlockTime;
    nft.unstakedAt = null;
    nft.exitKind = null;
    nft.timesStaked = nft.timesStaked.plus(ONE);
    nft.save();
  }

  const record = new StakeEvent(eventId(event));
  record.pool = pool.id;
  record.position = position.id;
  record.staker = staker.id;
  record.tokenIds = p.tokenIds;
  record.unlockTime = p.unlockTime;
  record.userStaked = p.userStaked;
  record.totalStaked = p.totalStaked;
  record.blockNumber = event.block.number;
  record.timestamp = now;
  record.txHash = event.transaction.hash;
  record.logIndex = event.logIndex;
  record.save();

  const day = getOrCreateDayData(pool, event);
  day.dailyStaked = day.dailyStaked.plus(count);
  savePool(pool, day, now);
  position.save();
  staker.save();
  moveTotals(event.address, count);
}

/** Marks the NFTs as having left the pool; `forfeited` is split evenly, the remainder to the first. */
function releaseNfts(event: ethereum.Event, pool: Pool, tokenIds: BigInt[], kind: string, forfeited: BigInt): void {
  const n = tokenIds.length;
  const share = n > 0 ? forfeited.div(BigInt.fromI32(n)) : ZERO;
  const remainder = n > 0 ? forfeited.minus(share.times(BigInt.fromI32(n))) : ZERO;
  for (let i = 0; i < n; i++) {
    const nft = StakedNFT.load(stakedNftId(pool.id, tokenIds[i]));
    if (nft == null) {
      log.warning("{}: token {} was never staked in pool {}, skipped", [kind, tokenIds[i].toString(), pool.id.toHexString()]);
      continue;
    }
    nft.isStaked = false;
    nft.unstakedAt = event.block.timestamp;
    nft.exitKind = kind;
    if (kind == "EMERGENCY") nft.rewardsForfeited = nft.rewardsForfeited.plus(i == 0 ? share.plus(remainder) : share);
    nft.save();
  }
}

function loadExit(event: ethereum.Event, pid: BigInt, user: Address, what: string): Position | null {
  const position = Position.load(poolId(event.address, pid).concat(user));
  if (position == null) log.warning("{}: no position for {} in pool {}, skipped", [what, user.toHexString(), pid.toString()]);
  return position;
}

export function handleUnstaked(event: Unstaked): void {
  const p = event.params;
  const pool = loadPool(poolId(event.address, p.poolId), "Unstaked");
  if (pool == null) return;
  const position = loadExit(event, p.poolId, p.user, "Unstaked");
  if (position == null) return;
  const now = event.block.timestamp;
  const count = BigInt.fromI32(p.tokenIds.length);
  const staker = getOrCreateStaker(p.user, now);
  accrueNftSeconds(position, pool, now);
  settleAccumulator(pool, p.accRewardPerNFT, now);
  pool.rewardsOwed = pool.rewardsOwed.plus(p.rewardsOwed).minus(position.rewardsOwed);
  position.rewardsOwed = p.rewardsOwed;
  position.stakedCount = p.userStaked;
  position.rewardDebt = rewardDebt(p.userStaked, p.accRewardPerNFT);
  updateOpen(pool, position, now);
  pool.totalStaked = p.totalStaked;
  staker.nftsStaked = staker.nftsStaked.minus(count);
  releaseNfts(event, pool, p.tokenIds, "NORMAL", ZERO);

  const record = new UnstakeEvent(eventId(event));
  record.pool = pool.id;
  record.position = position.id;
  record.staker = staker.id;
  record.tokenIds = p.tokenIds;
  record.userStaked = p.userStaked;
  record.totalStaked = p.totalStaked;
  record.rewardsOwed = p.rewardsOwed;
  record.blockNumber = event.block.number;
  record.timestamp = now;
  record.txHash = event.transaction.hash;
  record.logIndex = event.logIndex;
  record.save();

  saveExit(event, pool, position, staker, count);
}

export function handleEmergencyWithdrawn(event: EmergencyWithdrawn): void {
  const p = event.params;
  const pool = loadPool(poolId(event.address, p.poolId), "EmergencyWithdrawn");
  if (pool == null) return;
  const position = loadExit(event, p.poolId, p.user, "EmergencyWithdrawn");
  if (position == null) return;
  const now = event.block.timestamp;
  const count = BigInt.fromI32(p.tokenIds.length);
  const staker = getOrCreateStaker(p.user, now);
  accrueNftSeconds(position, pool, now);
  settleAccumulator(pool, p.accRewardPerNFT, now);
  // Everything the position was owed leaves the pool's liabilities; the forfeit includes pending too.
  pool.rewardsOwed = pool.rewardsOwed.minus(position.rewardsOwed);
  pool.rewardsForfeited = pool.rewardsForfeited.plus(p.rewardsForfeited);
  pool.emergencyWithdrawalCount = pool.emergencyWithdrawalCount.plus(ONE);
  position.rewardsForfeited = position.rewardsForfeited.plus(p.rewardsForfeited);
  position.rewardsOwed = ZERO;
  position.stakedCount = ZERO;
  position.rewardDebt = ZERO;
  updateOpen(pool, position, now);
  pool.totalStaked = p.totalStaked;
  staker.nftsStaked = staker.nftsStaked.minus(count);
  releaseNfts(event, pool, p.tokenIds, "EMERGENCY", p.rewardsForfeited);

  const record = new EmergencyWithdrawal(eventId(event));
  record.pool = pool.id;
  record.position = position.id;
  record.staker = staker.id;
  record.tokenIds = p.tokenIds;
  record.rewardsForfeited = p.rewardsForfeited;
  record.totalStaked = p.totalStaked;
  record.blockNumber = event.block.number;
  record.timestamp = now;
  record.txHash = event.transaction.hash;
  record.logIndex = event.logIndex;
  record.save();

  saveExit(event, pool, position, staker, count);
}
