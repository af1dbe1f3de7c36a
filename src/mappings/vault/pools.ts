// Pool creation and reward-balance movements (funding, owner withdrawals).
import { BigInt, Bytes, ethereum, log } from "@graphprotocol/graph-ts";
import { AdminAction, Factory, Pool, PoolFunding, Vault } from "../../../generated/schema";
import { PoolCreated, PoolFunded, RewardsWithdrawn } from "../../../generated/templates/NFTStakingVault/NFTStakingVault";
import { getOrCreateDayData, loadPool, savePool } from "../../utils/entities";
import { eventId, poolId } from "../../utils/ids";
import { getOrCreateCollection, getOrCreateRewardToken } from "../../utils/tokens";

const ZERO = BigInt.zero();
const ONE = BigInt.fromI32(1);

export function handlePoolCreated(event: PoolCreated): void {
  const vault = Vault.load(event.address);
  if (vault == null) {
    log.warning("PoolCreated from unknown vault {}, skipped", [event.address.toHexString()]);
    return;
  }
  const p = event.params;
  const pool = new Pool(poolId(event.address, p.poolId));
  pool.vault = vault.id;
  pool.poolId = p.poolId;
  pool.collection = getOrCreateCollection(p.collection).id;
  pool.rewardToken = getOrCreateRewardToken(p.rewardToken).id;
  pool.rewardRate = p.rewardRate;
  pool.startTime = p.startTime;
  pool.endTime = p.endTime;
  pool.lockDuration = p.lockDuration;
  pool.maxPerWallet = p.maxPerWallet;
  pool.paused = false;
  pool.totalStaked = ZERO;
  pool.accRewardPerNFT = ZERO;
  pool.lastRewardUpdate = event.block.timestamp;
  pool.rewardsFunded = ZERO;
  pool.rewardsPaid = ZERO;
  pool.rewardsWithdrawn = ZERO;
  pool.rewardsForfeited = ZERO;
  pool.rewardBalance = ZERO;
  pool.rewardsOwed = ZERO;
  pool.underfunded = false;
  pool.status = "UPCOMING";
  pool.openPositions = ZERO;
  pool.uniqueStakers = ZERO;
  pool.rateChangeCount = ZERO;
  pool.emergencyWithdrawalCount = ZERO;
  pool.createdAtBlock = event.block.number;
  pool.createdAtTimestamp = event.block.timestamp;
  pool.createdAtTx = event.transaction.hash;
  savePool(pool, getOrCreateDayData(pool, event), event.block.timestamp);

  vault.poolCount = vault.poolCount.plus(ONE);
  vault.save();
  const factory = Factory.load(vault.factory);
  if (factory != null) {
    factory.poolCount = factory.poolCount.plus(ONE);
    factory.save();
  }

  const action = new AdminAction(eventId(event));
  action.vault = vault.id;
  action.pool = pool.id;
  action.kind = "POOL_CREATED";
  action.by = event.transaction.from;
  action.blockNumber = event.block.number;
  action.timestamp = event.block.timestamp;
  action.txHash = event.transaction.hash;
  action.save();
}

function recordFunding(event: ethereum.Event, pool: Pool, kind: string, account: Bytes, amount: BigInt): void {
  const funding = new PoolFunding(eventId(event));
  funding.pool = pool.id;
  funding.kind = kind;
  funding.account = account;
  funding.amount = amount;
  funding.rewardBalance = pool.rewardBalance;
  funding.blockNumber = event.block.number;
  funding.timestamp = event.block.timestamp;
  funding.txHash = event.transaction.hash;
  funding.save();
}

export function handlePoolFunded(event: PoolFunded): void {
  const pool = loadPool(poolId(event.address, event.params.poolId), "PoolFunded");
  if (pool == null) return;
  pool.rewardsFunded = pool.rewardsFunded.plus(event.params.amount);
  pool.rewardBalance = event.params.poolRewardBalance;
  const day = getOrCreateDayData(pool, event);
  day.dailyRewardsFunded = day.dailyRewardsFunded.plus(event.params.amount);
  savePool(pool, day, event.block.timestamp);
  recordFunding(event, pool, "FUNDING", event.params.funder, event.params.amount);
}

export function handleRewardsWithdrawn(event: RewardsWithdrawn): void {
  const pool = loadPool(poolId(event.address, event.params.poolId), "RewardsWithdrawn");
  if (pool == null) return;
  pool.rewardsWithdrawn = pool.rewardsWithdrawn.plus(event.params.amount);
  pool.rewardBalance = event.params.poolRewardBalance;
  savePool(pool, getOrCreateDayData(pool, event), event.block.timestamp);
  recordFunding(event, pool, "OWNER_WITHDRAWAL", event.params.to, event.params.amount);
}
