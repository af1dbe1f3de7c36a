// Event builders for the mapping tests (matchstick-as newMockEvent). Each builder sets the emitting
// contract, the block timestamp and a distinct log index so immutable event ids never collide.
import { Address, BigInt, ethereum } from "@graphprotocol/graph-ts";
import { newMockEvent } from "matchstick-as/assembly/index";
import { VaultCreated } from "../generated/VaultFactory/VaultFactory";
import {
  EmergencyWithdrawn,
  EndTimeChanged,
  OwnershipTransferred,
  PoolCreated,
  PoolFunded,
  PoolPaused,
  PoolUnpaused,
  RewardRateChanged,
  RewardsClaimed,
  RewardsWithdrawn,
  Staked,
  Unstaked,
} from "../generated/templates/NFTStakingVault/NFTStakingVault";

export const FACTORY = Address.fromString("0x00000000000000000000000000000000000000fa");
export const VAULT = Address.fromString("0x00000000000000000000000000000000000000aa");
export const VAULT2 = Address.fromString("0x00000000000000000000000000000000000000ab");
export const OWNER = Address.fromString("0x0000000000000000000000000000000000000001");
export const NEW_OWNER = Address.fromString("0x0000000000000000000000000000000000000002");
export const ALICE = Address.fromString("0x000000000000000000000000000000000000a11c");
export const BOB = Address.fromString("0x0000000000000000000000000000000000000b0b");
export const COLLECTION = Address.fromString("0x00000000000000000000000000000000000000c0");
export const TOKEN = Address.fromString("0x00000000000000000000000000000000000000e2");

let nextLogIndex = 0;

function base(address: Address, timestamp: i32): ethereum.Event {
  const e = newMockEvent();
  e.address = address;
  e.block.timestamp = BigInt.fromI32(timestamp);
  e.block.number = BigInt.fromI32(timestamp);
  e.logIndex = BigInt.fromI32(nextLogIndex++);
  e.parameters = new Array<ethereum.EventParam>();
  return e;
}

function uint(e: ethereum.Event, name: string, v: BigInt): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigInt(v)));
}

function addr(e: ethereum.Event, name: string, v: Address): void {
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromAddress(v)));
}

function ids(e: ethereum.Event, name: string, v: i32[]): void {
  const values = new Array<BigInt>();
  for (let i = 0; i < v.length; i++) values.push(BigInt.fromI32(v[i]));
  e.parameters.push(new ethereum.EventParam(name, ethereum.Value.fromUnsignedBigIntArray(values)));
}

function n(v: i32): BigInt {
  return BigInt.fromI32(v);
}

/** `x` × 1e18, the scale of accRewardPerNFT. */
export function e18(x: i32): BigInt {
  return BigInt.fromI32(x).times(BigInt.fromString("1000000000000000000"));
}

export function vaultCreated(vault: Address, index: i32, t: i32): VaultCreated {
  const e = base(FACTORY, t);
  addr(e, "vault", vault);
  addr(e, "owner", OWNER);
  e.parameters.push(new ethereum.EventParam("name", ethereum.Value.fromString("Vault " + index.toString())));
  uint(e, "vaultIndex", n(index));
  return changetype<VaultCreated>(e);
}

export function poolCreated(pool: i32, rate: i32, start: i32, end: i32, lock: i32, cap: i32, t: i32): PoolCreated {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "collection", COLLECTION);
  addr(e, "rewardToken", TOKEN);
  uint(e, "rewardRate", n(rate));
  uint(e, "startTime", n(start));
  uint(e, "endTime", n(end));
  uint(e, "lockDuration", n(lock));
  uint(e, "maxPerWallet", n(cap));
  return changetype<PoolCreated>(e);
}

export function staked(pool: i32, user: Address, tokenIds: i32[], unlock: i32, userStaked: i32, total: i32, acc: BigInt, owed: i32, t: i32): Staked {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "user", user);
  ids(e, "tokenIds", tokenIds);
  uint(e, "unlockTime", n(unlock));
  uint(e, "userStaked", n(userStaked));
  uint(e, "totalStaked", n(total));
  uint(e, "accRewardPerNFT", acc);
  uint(e, "rewardsOwed", n(owed));
  return changetype<Staked>(e);
}

export function unstaked(pool: i32, user: Address, tokenIds: i32[], userStaked: i32, total: i32, acc: BigInt, owed: i32, t: i32): Unstaked {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "user", user);
  ids(e, "tokenIds", tokenIds);
  uint(e, "userStaked", n(userStaked));
  uint(e, "totalStaked", n(total));
  uint(e, "accRewardPerNFT", acc);
  uint(e, "rewardsOwed", n(owed));
  return changetype<Unstaked>(e);
}

export function claimed(pool: i32, user: Address, paid: i32, owed: i32, balance: i32, acc: BigInt, t: i32): RewardsClaimed {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "user", user);
  uint(e, "amountPaid", n(paid));
  uint(e, "amountOwed", n(owed));
  uint(e, "poolRewardBalance", n(balance));
  uint(e, "accRewardPerNFT", acc);
  return changetype<RewardsClaimed>(e);
}

export function emergency(pool: i32, user: Address, tokenIds: i32[], forfeited: i32, total: i32, acc: BigInt, t: i32): EmergencyWithdrawn {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "user", user);
  ids(e, "tokenIds", tokenIds);
  uint(e, "rewardsForfeited", n(forfeited));
  uint(e, "totalStaked", n(total));
  uint(e, "accRewardPerNFT", acc);
  return changetype<EmergencyWithdrawn>(e);
}

export function funded(pool: i32, amount: i32, balance: i32, t: i32): PoolFunded {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "funder", OWNER);
  uint(e, "amount", n(amount));
  uint(e, "poolRewardBalance", n(balance));
  return changetype<PoolFunded>(e);
}

export function withdrawn(pool: i32, amount: i32, balance: i32, t: i32): RewardsWithdrawn {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "to", OWNER);
  uint(e, "amount", n(amount));
  uint(e, "poolRewardBalance", n(balance));
  return changetype<RewardsWithdrawn>(e);
}

export function rateChanged(pool: i32, oldRate: i32, newRate: i32, acc: BigInt, t: i32): RewardRateChanged {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "by", OWNER);
  uint(e, "oldRate", n(oldRate));
  uint(e, "newRate", n(newRate));
  uint(e, "accRewardPerNFT", acc);
  return changetype<RewardRateChanged>(e);
}

export function endTimeChanged(pool: i32, oldEnd: i32, newEnd: i32, acc: BigInt, t: i32): EndTimeChanged {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "by", OWNER);
  uint(e, "oldEndTime", n(oldEnd));
  uint(e, "newEndTime", n(newEnd));
  uint(e, "accRewardPerNFT", acc);
  return changetype<EndTimeChanged>(e);
}

export function paused(pool: i32, t: i32): PoolPaused {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "by", OWNER);
  return changetype<PoolPaused>(e);
}

export function unpaused(pool: i32, t: i32): PoolUnpaused {
  const e = base(VAULT, t);
  uint(e, "poolId", n(pool));
  addr(e, "by", OWNER);
  return changetype<PoolUnpaused>(e);
}

export function ownershipTransferred(previous: Address, next: Address, t: i32): OwnershipTransferred {
  const e = base(VAULT, t);
  addr(e, "previousOwner", previous);
  addr(e, "newOwner", next);
  return changetype<OwnershipTransferred>(e);
}
