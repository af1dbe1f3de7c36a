// Reward claims: the contract settles the position, then pays min(owed, pool balance).
import { BigInt } from "@graphprotocol/graph-ts";
import { Position, RewardClaim } from "../../../generated/schema";
import { RewardsClaimed } from "../../../generated/templates/NFTStakingVault/NFTStakingVault";
import { accrueNftSeconds, getOrCreateDayData, getOrCreateStaker, loadPool, savePool, settleAccumulator } from "../../utils/entities";
import { eventId, poolId, positionId } from "../../utils/ids";
import { pending, rewardDebt } from "../../utils/rewards";
import { log } from "@graphprotocol/graph-ts";

export function handleRewardsClaimed(event: RewardsClaimed): void {
  const p = event.params;
  const pool = loadPool(poolId(event.address, p.poolId), "RewardsClaimed");
  if (pool == null) return;
  const position = Position.load(positionId(pool.id, p.user));
  if (position == null) {
    log.warning("RewardsClaimed: no position for {} in pool {}, skipped", [p.user.toHexString(), pool.id.toHexString()]);
    return;
  }
  const now = event.block.timestamp;
  const staker = getOrCreateStaker(p.user, now);
  accrueNftSeconds(position, pool, now);
  settleAccumulator(pool, p.accRewardPerNFT, now);
  // Settled total before payment = pending at the new accumulator; paid + still owed must equal it.
  const settled = pending(position.rewardsOwed, position.stakedCount, p.accRewardPerNFT, position.rewardDebt);
  if (settled.notEqual(p.amountPaid.plus(p.amountOwed))) {
    log.warning("RewardsClaimed: position {} settled {} but the event pays {} and owes {}", [
      position.id.toHexString(), settled.toString(), p.amountPaid.toString(), p.amountOwed.toString(),
    ]);
  }
  pool.rewardsOwed = pool.rewardsOwed.minus(position.rewardsOwed).plus(p.amountOwed);
  pool.rewardsPaid = pool.rewardsPaid.plus(p.amountPaid);
  pool.rewardBalance = p.poolRewardBalance;
  position.rewardsOwed = p.amountOwed;
  position.rewardDebt = rewardDebt(position.stakedCount, p.accRewardPerNFT);
  position.rewardsPaid = position.rewardsPaid.plus(p.amountPaid);
  staker.rewardsPaid = staker.rewardsPaid.plus(p.amountPaid);

  const claim = new RewardClaim(eventId(event));
  claim.pool = pool.id;
  claim.position = position.id;
  claim.staker = staker.id;
  claim.amountPaid = p.amountPaid;
  claim.amountOwed = p.amountOwed;
  claim.blockNumber = event.block.number;
  claim.timestamp = now;
  claim.txHash = event.transaction.hash;
  claim.logIndex = event.logIndex;
  claim.save();

  const day = getOrCreateDayData(pool, event);
  day.dailyRewardsPaid = day.dailyRewardsPaid.plus(p.amountPaid);
  savePool(pool, day, now);
  position.save();
  staker.save();
}
