// Owner actions: rate and end-time changes (settled by the contract first), pauses, ownership.
import { Bytes, ethereum } from "@graphprotocol/graph-ts";
import { AdminAction, Pool, RewardRateChange, Vault } from "../../../generated/schema";
import {
  EndTimeChanged,
  OwnershipTransferred,
  PoolPaused,
  PoolUnpaused,
  RewardRateChanged,
} from "../../../generated/templates/NFTStakingVault/NFTStakingVault";
import { getOrCreateDayData, loadPool, savePool, settleAccumulator } from "../../utils/entities";
import { eventId, poolId } from "../../utils/ids";
import { BigInt } from "@graphprotocol/graph-ts";

function recordAction(event: ethereum.Event, pool: Pool | null, kind: string, by: Bytes, oldValue: string | null, newValue: string | null): void {
  const action = new AdminAction(eventId(event));
  action.vault = event.address;
  if (pool != null) action.pool = pool.id;
  action.kind = kind;
  action.by = by;
  action.oldValue = oldValue;
  action.newValue = newValue;
  action.blockNumber = event.block.number;
  action.timestamp = event.block.timestamp;
  action.txHash = event.transaction.hash;
  action.save();
}

export function handleRewardRateChanged(event: RewardRateChanged): void {
  const p = event.params;
  const pool = loadPool(poolId(event.address, p.poolId), "RewardRateChanged");
  if (pool == null) return;
  const now = event.block.timestamp;
  settleAccumulator(pool, p.accRewardPerNFT, now);
  pool.rewardRate = p.newRate;
  pool.rateChangeCount = pool.rateChangeCount.plus(BigInt.fromI32(1));
  savePool(pool, getOrCreateDayData(pool, event), now);

  const change = new RewardRateChange(eventId(event));
  change.pool = pool.id;
  change.oldRate = p.oldRate;
  change.newRate = p.newRate;
  change.by = p.by;
  change.blockNumber = event.block.number;
  change.timestamp = now;
  change.txHash = event.transaction.hash;
  change.save();
}

export function handleEndTimeChanged(event: EndTimeChanged): void {
  const p = event.params;
  const pool = loadPool(poolId(event.address, p.poolId), "EndTimeChanged");
  if (pool == null) return;
  const now = event.block.timestamp;
  settleAccumulator(pool, p.accRewardPerNFT, now);
  pool.endTime = p.newEndTime;
  savePool(pool, getOrCreateDayData(pool, event), now);
  recordAction(event, pool, "END_TIME_CHANGED", p.by, p.oldEndTime.toString(), p.newEndTime.toString());
}

function setPaused(event: ethereum.Event, id: BigInt, by: Bytes, paused: boolean): void {
  const pool = loadPool(poolId(event.address, id), paused ? "PoolPaused" : "PoolUnpaused");
  if (pool == null) return;
  pool.paused = paused;
  savePool(pool, getOrCreateDayData(pool, event), event.block.timestamp);
  recordAction(event, pool, paused ? "PAUSED" : "UNPAUSED", by, null, null);
}

export function handlePoolPaused(event: PoolPaused): void {
  setPaused(event, event.params.poolId, event.params.by, true);
}

export function handlePoolUnpaused(event: PoolUnpaused): void {
  setPaused(event, event.params.poolId, event.params.by, false);
}

export function handleOwnershipTransferred(event: OwnershipTransferred): void {
  // The vault's constructor emits this (OpenZeppelin Ownable) in the creating transaction, before the
  // factory's VaultCreated; if graph-node hands that log to the new instance the Vault may not exist
  // yet, and VaultCreated already records the initial owner, so an unknown vault is simply skipped.
  const vault = Vault.load(event.address);
  if (vault == null) return;
  vault.owner = event.params.newOwner;
  vault.save();
  recordAction(event, null, "OWNERSHIP_TRANSFERRED", event.params.previousOwner,
    event.params.previousOwner.toHexString(), event.params.newOwner.toHexString());
}
