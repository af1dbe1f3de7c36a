// Bytes ids (The Graph best practice: Bytes ids are cheaper to store and compare than strings).
// Fixed-width prefixes (20-byte address, 4-byte int) keep concatenations collision-free.
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";

/** Vault address ++ pool id as i32. Pool ids are sequential counters, far below 2^31. */
export function poolId(vault: Address, id: BigInt): Bytes {
  return vault.concatI32(id.toI32());
}

/** Pool id ++ staker address. */
export function positionId(pool: Bytes, user: Address): Bytes {
  return pool.concat(user);
}

/** Pool id ++ token id (little-endian bytes of any length; the pool prefix is fixed-width). */
export function stakedNftId(pool: Bytes, tokenId: BigInt): Bytes {
  return pool.concat(Bytes.fromByteArray(Bytes.fromBigInt(tokenId)));
}

/** Tx hash ++ log index: unique per log, for immutable event entities. */
export function eventId(event: ethereum.Event): Bytes {
  return event.transaction.hash.concatI32(event.logIndex.toI32());
}

export const SECONDS_PER_DAY = 86400;

/** UTC day number of a timestamp. */
export function dayOf(timestamp: BigInt): i32 {
  return timestamp.toI32() / SECONDS_PER_DAY;
}

/** Pool id ++ day number. */
export function poolDayId(pool: Bytes, day: i32): Bytes {
  return pool.concatI32(day);
}
