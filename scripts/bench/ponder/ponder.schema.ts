// The subgraph's entities (schema.graphql) as Ponder tables, one table per entity type with the same
// stored fields. Differences: ids are hex strings built like the subgraph's Bytes ids; enums are text;
// @derivedFrom fields are not stored by either tool, so they are left out; Ponder keeps only the
// latest version of a row (no block ranges: no time travel), while graphkit keeps every version.
import { onchainTable, type PgColumnsBuilders } from 'ponder'

const eventFields = (t: PgColumnsBuilders) => ({
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  txHash: t.hex().notNull(),
})

export const factory = onchainTable('factory', (t) => ({
  id: t.hex().primaryKey(),
  vaultCount: t.bigint().notNull(),
  poolCount: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
}))

export const vault = onchainTable('vault', (t) => ({
  id: t.hex().primaryKey(),
  factory: t.hex().notNull(),
  vaultIndex: t.bigint().notNull(),
  name: t.text().notNull(),
  owner: t.hex().notNull(),
  poolCount: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
  createdAtBlock: t.bigint().notNull(),
  createdAtTimestamp: t.bigint().notNull(),
  createdAtTx: t.hex().notNull(),
}))

export const collection = onchainTable('collection', (t) => ({
  id: t.hex().primaryKey(),
  name: t.text(),
  symbol: t.text(),
}))

export const rewardToken = onchainTable('reward_token', (t) => ({
  id: t.hex().primaryKey(),
  name: t.text(),
  symbol: t.text(),
  decimals: t.integer(),
}))

export const pool = onchainTable('pool', (t) => ({
  id: t.hex().primaryKey(),
  vault: t.hex().notNull(),
  poolId: t.bigint().notNull(),
  collection: t.hex().notNull(),
  rewardToken: t.hex().notNull(),
  rewardRate: t.bigint().notNull(),
  startTime: t.bigint().notNull(),
  endTime: t.bigint().notNull(),
  lockDuration: t.bigint().notNull(),
  maxPerWallet: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
  accRewardPerNFT: t.bigint().notNull(),
  lastRewardUpdate: t.bigint().notNull(),
  rewardsFunded: t.bigint().notNull(),
  rewardsPaid: t.bigint().notNull(),
  rewardsWithdrawn: t.bigint().notNull(),
  rewardsForfeited: t.bigint().notNull(),
  rewardBalance: t.bigint().notNull(),
  rewardsOwed: t.bigint().notNull(),
  underfunded: t.boolean().notNull(),
  runway: t.bigint(),
  paused: t.boolean().notNull(),
  status: t.text().notNull(),
  openPositions: t.bigint().notNull(),
  uniqueStakers: t.bigint().notNull(),
  rateChangeCount: t.bigint().notNull(),
  emergencyWithdrawalCount: t.bigint().notNull(),
  createdAtBlock: t.bigint().notNull(),
  createdAtTimestamp: t.bigint().notNull(),
  createdAtTx: t.hex().notNull(),
}))

export const position = onchainTable('position', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  staker: t.hex().notNull(),
  stakedCount: t.bigint().notNull(),
  rewardDebt: t.bigint().notNull(),
  rewardsOwed: t.bigint().notNull(),
  rewardsPaid: t.bigint().notNull(),
  rewardsForfeited: t.bigint().notNull(),
  nftSeconds: t.bigint().notNull(),
  nftSecondsUpdatedAt: t.bigint().notNull(),
  openedAt: t.bigint().notNull(),
  closedAt: t.bigint(),
  updatedAt: t.bigint().notNull(),
  isOpen: t.boolean().notNull(),
}))

export const staker = onchainTable('staker', (t) => ({
  id: t.hex().primaryKey(),
  nftsStaked: t.bigint().notNull(),
  poolsJoined: t.bigint().notNull(),
  rewardsPaid: t.bigint().notNull(),
  firstSeenAt: t.bigint().notNull(),
  lastSeenAt: t.bigint().notNull(),
}))

export const stakedNft = onchainTable('staked_nft', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  tokenId: t.bigint().notNull(),
  staker: t.hex().notNull(),
  position: t.hex().notNull(),
  isStaked: t.boolean().notNull(),
  stakedAt: t.bigint().notNull(),
  unlockAt: t.bigint().notNull(),
  unstakedAt: t.bigint(),
  exitKind: t.text(),
  rewardsForfeited: t.bigint().notNull(),
  timesStaked: t.bigint().notNull(),
}))

export const stakeEvent = onchainTable('stake_event', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  position: t.hex().notNull(),
  staker: t.hex().notNull(),
  tokenIds: t.bigint().array().notNull(),
  unlockTime: t.bigint().notNull(),
  userStaked: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
  ...eventFields(t),
  logIndex: t.bigint().notNull(),
}))

export const unstakeEvent = onchainTable('unstake_event', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  position: t.hex().notNull(),
  staker: t.hex().notNull(),
  tokenIds: t.bigint().array().notNull(),
  userStaked: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
  rewardsOwed: t.bigint().notNull(),
  ...eventFields(t),
  logIndex: t.bigint().notNull(),
}))

export const emergencyWithdrawal = onchainTable('emergency_withdrawal', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  position: t.hex().notNull(),
  staker: t.hex().notNull(),
  tokenIds: t.bigint().array().notNull(),
  rewardsForfeited: t.bigint().notNull(),
  totalStaked: t.bigint().notNull(),
  ...eventFields(t),
  logIndex: t.bigint().notNull(),
}))

export const rewardClaim = onchainTable('reward_claim', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  position: t.hex().notNull(),
  staker: t.hex().notNull(),
  amountPaid: t.bigint().notNull(),
  amountOwed: t.bigint().notNull(),
  ...eventFields(t),
  logIndex: t.bigint().notNull(),
}))

export const rewardRateChange = onchainTable('reward_rate_change', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  oldRate: t.bigint().notNull(),
  newRate: t.bigint().notNull(),
  by: t.hex().notNull(),
  ...eventFields(t),
}))

export const poolFunding = onchainTable('pool_funding', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  kind: t.text().notNull(),
  account: t.hex().notNull(),
  amount: t.bigint().notNull(),
  rewardBalance: t.bigint().notNull(),
  ...eventFields(t),
}))

export const adminAction = onchainTable('admin_action', (t) => ({
  id: t.hex().primaryKey(),
  vault: t.hex().notNull(),
  pool: t.hex(),
  kind: t.text().notNull(),
  by: t.hex().notNull(),
  oldValue: t.text(),
  newValue: t.text(),
  ...eventFields(t),
}))

export const poolDayData = onchainTable('pool_day_data', (t) => ({
  id: t.hex().primaryKey(),
  pool: t.hex().notNull(),
  date: t.integer().notNull(),
  totalStaked: t.bigint().notNull(),
  accRewardPerNFT: t.bigint().notNull(),
  rewardRate: t.bigint().notNull(),
  rewardBalance: t.bigint().notNull(),
  openPositions: t.bigint().notNull(),
  dailyRewardsPaid: t.bigint().notNull(),
  dailyRewardsFunded: t.bigint().notNull(),
  dailyStaked: t.bigint().notNull(),
  dailyUnstaked: t.bigint().notNull(),
}))
