// The vault's reward math, mirrored exactly (BigInt, floor division, same order of operations).
// Source of truth: contracts/src/interfaces/INFTStakingVault.sol (reward model comment):
//   acc += (min(now, end) - max(lastUpdate, start)) * rate * 1e18 / totalStaked   (interval > 0, totalStaked > 0)
//   pending = owed + staked * acc / 1e18 - debt;  debt = staked * acc / 1e18 at each settlement.
// Pure functions only: no store access, so the same code is used by every handler.
import { BigInt } from "@graphprotocol/graph-ts";

export const PRECISION = BigInt.fromString("1000000000000000000");

function maxBI(a: BigInt, b: BigInt): BigInt {
  return a.gt(b) ? a : b;
}

function minBI(a: BigInt, b: BigInt): BigInt {
  return a.lt(b) ? a : b;
}

/** Seconds of the campaign window [start, end] that fall in (from, now]; zero when none. */
export function emittingSeconds(from: BigInt, now: BigInt, start: BigInt, end: BigInt): BigInt {
  const a = maxBI(from, start);
  const b = minBI(now, end);
  return b.gt(a) ? b.minus(a) : BigInt.zero();
}

/** The accumulator at `now`, given its value at `lastUpdate`. */
export function accrue(
  acc: BigInt,
  lastUpdate: BigInt,
  now: BigInt,
  start: BigInt,
  end: BigInt,
  rate: BigInt,
  totalStaked: BigInt,
): BigInt {
  const dt = emittingSeconds(lastUpdate, now, start, end);
  if (dt.isZero() || totalStaked.le(BigInt.zero())) return acc;
  return acc.plus(dt.times(rate).times(PRECISION).div(totalStaked));
}

/** The contract's rewardDebt for a position holding `staked` NFTs at accumulator `acc`. */
export function rewardDebt(staked: BigInt, acc: BigInt): BigInt {
  return staked.times(acc).div(PRECISION);
}

/** Pending rewards of a position at accumulator `acc` (owed + staked * acc / 1e18 - debt). */
export function pending(owed: BigInt, staked: BigInt, acc: BigInt, debt: BigInt): BigInt {
  return owed.plus(rewardDebt(staked, acc)).minus(debt);
}

/** Seconds of emissions `balance - owed` covers at `rate`; null when the rate is zero. */
export function runway(balance: BigInt, owed: BigInt, rate: BigInt): BigInt | null {
  if (rate.isZero()) return null;
  const free = balance.minus(owed);
  if (free.le(BigInt.zero())) return BigInt.zero();
  return free.div(rate);
}
