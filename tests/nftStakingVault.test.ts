// Mapping tests of the vault template. Every expected number is worked out by hand in the comments
// from the reward model in contracts/src/interfaces/INFTStakingVault.sol, never by the mapping's math.
//
// Scenario (pool 0 of VAULT): rate 10/s, start 1000, end 2000, lock 100, funded 2500 at t=950.
//   t=1000 Alice stakes #1,#2      acc 0 (nothing staked before)                         total 2
//   t=1100 Bob stakes #3           acc = 100 s × 10 × 1e18 / 2 = 500e18; Bob debt = 500   total 3
//   t=1400 Alice unstakes #1       acc = 500e18 + 300 × 10e18 / 3 = 1500e18
//                                  Alice owed = 2 × 1500 − 0 = 3000; debt = 1 × 1500      total 2
//   t=1500 Alice claims            acc = 1500e18 + 100 × 10e18 / 2 = 2000e18
//                                  settled = 3000 + 1 × 2000 − 1500 = 3500; balance 2500 → paid 2500, owed 1000
//   t=1600 rate 10 → 20            acc = 2000e18 + 100 × 10e18 / 2 = 2500e18
//   t=1700 Bob emergency #3        acc = 2500e18 + 100 × 20e18 / 2 = 3500e18; forfeits 1 × 3500 − 500 = 3000
//   t=1800 end 2000 → 1900         acc = 3500e18 + 100 × 20e18 / 1 = 5500e18
//   t=2000 Alice unstakes #2       acc = 5500e18 + (1900 − 1800) × 20e18 / 1 = 7500e18
//                                  owed = 1000 + 1 × 7500 − 2000 = 6500
import { Address, BigInt, Bytes, ethereum } from "@graphprotocol/graph-ts";
import { afterEach, assert, beforeEach, clearStore, createMockedFunction, describe, test } from "matchstick-as/assembly/index";
import { Collection } from "../generated/schema";
import { handleVaultCreated } from "../src/mappings/vaultFactory";
import {
  handleEmergencyWithdrawn,
  handleEndTimeChanged,
  handleOwnershipTransferred,
  handlePoolCreated,
  handlePoolFunded,
  handlePoolPaused,
  handlePoolUnpaused,
  handleRewardRateChanged,
  handleRewardsClaimed,
  handleRewardsWithdrawn,
  handleStaked,
  handleUnstaked,
} from "../src/mappings/nftStakingVault";
import {
  ALICE,
  BOB,
  claimed,
  COLLECTION,
  e18,
  emergency,
  endTimeChanged,
  funded,
  NEW_OWNER,
  OWNER,
  ownershipTransferred,
  paused,
  poolCreated,
  rateChanged,
  staked,
  TOKEN,
  unpaused,
  unstaked,
  VAULT,
  vaultCreated,
  withdrawn,
} from "./events";

const POOL = VAULT.concatI32(0).toHexString();
const ALICE_POS = VAULT.concatI32(0).concat(ALICE).toHexString();
const BOB_POS = VAULT.concatI32(0).concat(BOB).toHexString();

function nftId(tokenId: i32): string {
  return VAULT.concatI32(0).concat(Bytes.fromByteArray(Bytes.fromBigInt(BigInt.fromI32(tokenId)))).toHexString();
}

function mockTokens(): void {
  createMockedFunction(TOKEN, "name", "name():(string)").returns([ethereum.Value.fromString("Reward")]);
  createMockedFunction(TOKEN, "symbol", "symbol():(string)").returns([ethereum.Value.fromString("RWD")]);
  createMockedFunction(TOKEN, "decimals", "decimals():(uint8)").returns([ethereum.Value.fromI32(18)]);
  createMockedFunction(COLLECTION, "name", "name():(string)").reverts();
  createMockedFunction(COLLECTION, "symbol", "symbol():(string)").returns([ethereum.Value.fromString("NFT")]);
}

/** Vault + pool 0 (rate 10, start 1000, end 2000, lock 100, no cap) funded with 2500. */
function setup(): void {
  mockTokens();
  handleVaultCreated(vaultCreated(VAULT, 0, 800));
  handlePoolCreated(poolCreated(0, 10, 1000, 2000, 100, 0, 900));
  handlePoolFunded(funded(0, 2500, 2500, 950));
}

/** The scenario's steps up to (and including) step `upTo` (1-based). */
function replay(upTo: i32): void {
  setup();
  if (upTo >= 1) handleStaked(staked(0, ALICE, [1, 2], 1100, 2, 2, e18(0), 0, 1000));
  if (upTo >= 2) handleStaked(staked(0, BOB, [3], 1200, 1, 3, e18(500), 0, 1100));
  if (upTo >= 3) handleUnstaked(unstaked(0, ALICE, [1], 1, 2, e18(1500), 3000, 1400));
  if (upTo >= 4) handleRewardsClaimed(claimed(0, ALICE, 2500, 1000, 0, e18(2000), 1500));
  if (upTo >= 5) handleRewardRateChanged(rateChanged(0, 10, 20, e18(2500), 1600));
  if (upTo >= 6) handleEmergencyWithdrawn(emergency(0, BOB, [3], 3000, 1, e18(3500), 1700));
  if (upTo >= 7) handleEndTimeChanged(endTimeChanged(0, 2000, 1900, e18(5500), 1800));
  if (upTo >= 8) handleUnstaked(unstaked(0, ALICE, [2], 0, 0, e18(7500), 6500, 2000));
}

afterEach(() => {
  clearStore();
});

describe("handlePoolCreated", () => {
  test("creates the pool with its parameters, token metadata and a null name for a reverting call", () => {
    setup();
    assert.fieldEquals("Pool", POOL, "poolId", "0");
    assert.fieldEquals("Pool", POOL, "rewardRate", "10");
    assert.fieldEquals("Pool", POOL, "startTime", "1000");
    assert.fieldEquals("Pool", POOL, "endTime", "2000");
    assert.fieldEquals("Pool", POOL, "lockDuration", "100");
    assert.fieldEquals("Pool", POOL, "status", "UPCOMING");
    assert.fieldEquals("Vault", VAULT.toHexString(), "poolCount", "1");
    assert.fieldEquals("RewardToken", TOKEN.toHexString(), "symbol", "RWD");
    assert.fieldEquals("RewardToken", TOKEN.toHexString(), "decimals", "18");
    assert.fieldEquals("Collection", COLLECTION.toHexString(), "symbol", "NFT");
    assert.assertNull(Collection.load(COLLECTION)!.name);
  });

  test("a pool of an unknown vault is skipped", () => {
    mockTokens();
    handlePoolCreated(poolCreated(0, 10, 1000, 2000, 100, 0, 900));
    assert.entityCount("Pool", 0);
  });
});

describe("handlePoolFunded", () => {
  test("adds to funded and sets the balance; runway = 2500 / 10 = 250 s", () => {
    setup();
    assert.fieldEquals("Pool", POOL, "rewardsFunded", "2500");
    assert.fieldEquals("Pool", POOL, "rewardBalance", "2500");
    assert.fieldEquals("Pool", POOL, "runway", "250");
    assert.entityCount("PoolFunding", 1);
  });
});

describe("handleStaked", () => {
  test("batch stake opens the position and records every NFT", () => {
    replay(1);
    assert.fieldEquals("Position", ALICE_POS, "stakedCount", "2");
    assert.fieldEquals("Position", ALICE_POS, "rewardDebt", "0");
    assert.fieldEquals("Position", ALICE_POS, "isOpen", "true");
    assert.fieldEquals("Pool", POOL, "totalStaked", "2");
    assert.fieldEquals("Pool", POOL, "openPositions", "1");
    assert.fieldEquals("Pool", POOL, "uniqueStakers", "1");
    assert.fieldEquals("Pool", POOL, "status", "ACTIVE");
    assert.fieldEquals("StakedNFT", nftId(1), "unlockAt", "1100");
    assert.fieldEquals("StakedNFT", nftId(2), "isStaked", "true");
    assert.fieldEquals("Staker", ALICE.toHexString(), "nftsStaked", "2");
    assert.entityCount("StakeEvent", 1);
  });

  test("a second staker's debt is 1 × 500e18 / 1e18 = 500", () => {
    replay(2);
    assert.fieldEquals("Pool", POOL, "accRewardPerNFT", e18(500).toString());
    assert.fieldEquals("Pool", POOL, "lastRewardUpdate", "1100");
    assert.fieldEquals("Position", BOB_POS, "rewardDebt", "500");
    assert.fieldEquals("Pool", POOL, "uniqueStakers", "2");
    assert.fieldEquals("Factory", "0x00000000000000000000000000000000000000fa", "totalStaked", "3");
  });

  test("staking before start accrues nothing until start", () => {
    setup();
    handleStaked(staked(0, ALICE, [1], 600, 1, 1, e18(0), 0, 500));
    handleStaked(staked(0, BOB, [2], 1100, 1, 2, e18(0), 0, 1000));
    // (2000 − 1000) × 10 × 1e18 / 2 = 5000e18; Alice owed = 1 × 5000 − 0
    handleUnstaked(unstaked(0, ALICE, [1], 0, 1, e18(5000), 5000, 2500));
    assert.fieldEquals("Position", ALICE_POS, "rewardsOwed", "5000");
    // NFT-seconds only inside [1000, 2000]: 1 NFT × 1000 s
    assert.fieldEquals("Position", ALICE_POS, "nftSeconds", "1000");
    assert.fieldEquals("Pool", POOL, "status", "ENDED");
  });
});

describe("handleUnstaked", () => {
  test("partial unstake settles owed = 3000 and debt = 1500", () => {
    replay(3);
    assert.fieldEquals("Position", ALICE_POS, "stakedCount", "1");
    assert.fieldEquals("Position", ALICE_POS, "rewardsOwed", "3000");
    assert.fieldEquals("Position", ALICE_POS, "rewardDebt", "1500");
    assert.fieldEquals("Position", ALICE_POS, "isOpen", "true");
    assert.fieldEquals("Pool", POOL, "rewardsOwed", "3000");
    assert.fieldEquals("StakedNFT", nftId(1), "exitKind", "NORMAL");
    assert.fieldEquals("StakedNFT", nftId(1), "unstakedAt", "1400");
    assert.fieldEquals("StakedNFT", nftId(2), "isStaked", "true");
  });

  test("full unstake after the end: owed 6500, position closed, kept", () => {
    replay(8);
    assert.fieldEquals("Position", ALICE_POS, "stakedCount", "0");
    assert.fieldEquals("Position", ALICE_POS, "rewardsOwed", "6500");
    assert.fieldEquals("Position", ALICE_POS, "rewardDebt", "0");
    assert.fieldEquals("Position", ALICE_POS, "isOpen", "false");
    assert.fieldEquals("Position", ALICE_POS, "closedAt", "2000");
    // 2 NFTs × (1400 − 1000) + 1 NFT × (1900 − 1400) = 1300 NFT-seconds
    assert.fieldEquals("Position", ALICE_POS, "nftSeconds", "1300");
    assert.fieldEquals("Pool", POOL, "openPositions", "0");
    assert.fieldEquals("Pool", POOL, "status", "ENDED");
    // owed: 1000 after the claim, 6500 now (Bob's forfeit left the books)
    assert.fieldEquals("Pool", POOL, "rewardsOwed", "6500");
  });
});

describe("handleRewardsClaimed", () => {
  test("partial claim when underfunded pays 2500 and leaves 1000 owed", () => {
    replay(4);
    assert.fieldEquals("Position", ALICE_POS, "rewardsOwed", "1000");
    assert.fieldEquals("Position", ALICE_POS, "rewardDebt", "2000");
    assert.fieldEquals("Position", ALICE_POS, "rewardsPaid", "2500");
    assert.fieldEquals("Pool", POOL, "rewardsPaid", "2500");
    assert.fieldEquals("Pool", POOL, "rewardBalance", "0");
    assert.fieldEquals("Pool", POOL, "rewardsOwed", "1000");
    assert.fieldEquals("Pool", POOL, "underfunded", "true");
    assert.fieldEquals("Pool", POOL, "runway", "0");
    assert.entityCount("RewardClaim", 1);
  });

  test("pending(now) from stored fields: Alice at t=1800 after the rate change is 4500", () => {
    replay(6);
    // Client formula at t=1800: acc = 3500e18 + (1800 − 1700) × 20 × 1e18 / 1 = 5500e18;
    // pending = owed 1000 + 1 × 5500 − debt 2000 = 4500. By hand from the timeline: 1000 owed,
    // 1500–1600 half of 10/s = 500, 1600–1700 half of 20/s = 1000, 1700–1800 all of 20/s = 2000.
    assert.fieldEquals("Pool", POOL, "accRewardPerNFT", e18(3500).toString());
    assert.fieldEquals("Pool", POOL, "lastRewardUpdate", "1700");
    assert.fieldEquals("Pool", POOL, "rewardRate", "20");
    assert.fieldEquals("Pool", POOL, "totalStaked", "1");
    assert.fieldEquals("Position", ALICE_POS, "rewardsOwed", "1000");
    assert.fieldEquals("Position", ALICE_POS, "rewardDebt", "2000");
    assert.fieldEquals("Position", ALICE_POS, "stakedCount", "1");
  });
});

describe("handleRewardRateChanged", () => {
  test("records the change and settles the accumulator at the old rate", () => {
    replay(5);
    assert.fieldEquals("Pool", POOL, "rewardRate", "20");
    assert.fieldEquals("Pool", POOL, "accRewardPerNFT", e18(2500).toString());
    assert.fieldEquals("Pool", POOL, "lastRewardUpdate", "1600");
    assert.fieldEquals("Pool", POOL, "rateChangeCount", "1");
    assert.entityCount("RewardRateChange", 1);
  });
});

describe("handleEmergencyWithdrawn", () => {
  test("returns every NFT, forfeits 3000, closes the position", () => {
    replay(6);
    assert.fieldEquals("Position", BOB_POS, "stakedCount", "0");
    assert.fieldEquals("Position", BOB_POS, "rewardsForfeited", "3000");
    assert.fieldEquals("Position", BOB_POS, "rewardDebt", "0");
    assert.fieldEquals("Position", BOB_POS, "isOpen", "false");
    // 1 NFT × (1700 − 1100)
    assert.fieldEquals("Position", BOB_POS, "nftSeconds", "600");
    assert.fieldEquals("StakedNFT", nftId(3), "exitKind", "EMERGENCY");
    assert.fieldEquals("StakedNFT", nftId(3), "rewardsForfeited", "3000");
    assert.fieldEquals("Pool", POOL, "rewardsForfeited", "3000");
    assert.fieldEquals("Pool", POOL, "emergencyWithdrawalCount", "1");
    assert.fieldEquals("Pool", POOL, "openPositions", "1");
    assert.fieldEquals("Staker", BOB.toHexString(), "nftsStaked", "0");
  });
});

describe("handleEndTimeChanged", () => {
  test("moves the end and logs an admin action", () => {
    replay(7);
    assert.fieldEquals("Pool", POOL, "endTime", "1900");
    assert.fieldEquals("Pool", POOL, "accRewardPerNFT", e18(5500).toString());
    assert.entityCount("AdminAction", 2); // POOL_CREATED + END_TIME_CHANGED
  });
});

describe("handlePoolPaused / handlePoolUnpaused", () => {
  test("pause sets PAUSED, unpause restores ACTIVE", () => {
    replay(1);
    handlePoolPaused(paused(0, 1200));
    assert.fieldEquals("Pool", POOL, "status", "PAUSED");
    assert.fieldEquals("Pool", POOL, "paused", "true");
    handlePoolUnpaused(unpaused(0, 1300));
    assert.fieldEquals("Pool", POOL, "status", "ACTIVE");
    assert.entityCount("AdminAction", 3);
  });
});

describe("handleRewardsWithdrawn", () => {
  test("owner withdrawal lowers the balance: 2500 − 400 = 2100", () => {
    setup();
    handleRewardsWithdrawn(withdrawn(0, 400, 2100, 960));
    assert.fieldEquals("Pool", POOL, "rewardsWithdrawn", "400");
    assert.fieldEquals("Pool", POOL, "rewardBalance", "2100");
    assert.entityCount("PoolFunding", 2);
  });
});

describe("handleOwnershipTransferred", () => {
  test("updates the vault owner", () => {
    setup();
    handleOwnershipTransferred(ownershipTransferred(OWNER, NEW_OWNER, 1000));
    assert.fieldEquals("Vault", VAULT.toHexString(), "owner", NEW_OWNER.toHexString());
  });
});

describe("re-staking", () => {
  test("a closed position reopens and the NFT counts a second stake", () => {
    replay(3);
    // t=1450: Alice takes #2 out too; acc = 1500e18 + 50 × 10e18 / 2 = 1750e18; owed = 3000 + 1 × 1750 − 1500 = 3250
    handleUnstaked(unstaked(0, ALICE, [2], 0, 1, e18(1750), 3250, 1450));
    assert.fieldEquals("Position", ALICE_POS, "isOpen", "false");
    assert.fieldEquals("Position", ALICE_POS, "closedAt", "1450");
    // t=1550: back with #1; acc = 1750e18 + 100 × 10e18 / 1 = 2750e18; debt = 2750, owed unchanged
    handleStaked(staked(0, ALICE, [1], 1650, 1, 2, e18(2750), 3250, 1550));
    assert.fieldEquals("Position", ALICE_POS, "isOpen", "true");
    assert.fieldEquals("Position", ALICE_POS, "rewardDebt", "2750");
    assert.fieldEquals("StakedNFT", nftId(1), "timesStaked", "2");
    assert.fieldEquals("StakedNFT", nftId(1), "isStaked", "true");
    assert.fieldEquals("Pool", POOL, "uniqueStakers", "2");
    assert.fieldEquals("Pool", POOL, "openPositions", "2");
    assert.fieldEquals("Staker", ALICE.toHexString(), "poolsJoined", "1");
    assert.fieldEquals("Staker", ALICE.toHexString(), "firstSeenAt", "1000");
    assert.fieldEquals("Staker", ALICE.toHexString(), "lastSeenAt", "1550");
  });

  test("the event's accumulator wins over a diverging local accrual", () => {
    replay(1);
    // Local accrual would give 500e18 at t=1100; the event says 499e18 and is the contract's truth.
    handleStaked(staked(0, BOB, [3], 1200, 1, 3, e18(499), 0, 1100));
    assert.fieldEquals("Pool", POOL, "accRewardPerNFT", e18(499).toString());
    assert.fieldEquals("Position", BOB_POS, "rewardDebt", "499");
  });
});

describe("bad data", () => {
  test("events of an unknown pool are skipped", () => {
    setup();
    handleStaked(staked(7, ALICE, [1], 1100, 1, 1, e18(0), 0, 1000));
    handleUnstaked(unstaked(0, BOB, [9], 0, 0, e18(0), 0, 1000));
    assert.entityCount("Position", 0);
    assert.entityCount("StakeEvent", 0);
  });
});
