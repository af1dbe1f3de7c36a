// The events the subgraph handles (subgraph.yaml), as typed ABIs for Ponder. They are checked against
// the repository's abis/*.json at start (ponder.config.ts), so a contract change cannot leave them behind.
import { parseAbi } from 'viem'

export const vaultFactoryAbi = parseAbi([
  'event VaultCreated(address indexed vault, address indexed owner, string name, uint256 vaultIndex)',
])

export const vaultAbi = parseAbi([
  'event PoolCreated(uint256 indexed poolId, address indexed collection, address indexed rewardToken, uint256 rewardRate, uint64 startTime, uint64 endTime, uint64 lockDuration, uint32 maxPerWallet)',
  'event Staked(uint256 indexed poolId, address indexed user, uint256[] tokenIds, uint64 unlockTime, uint256 userStaked, uint256 totalStaked, uint256 accRewardPerNFT, uint256 rewardsOwed)',
  'event Unstaked(uint256 indexed poolId, address indexed user, uint256[] tokenIds, uint256 userStaked, uint256 totalStaked, uint256 accRewardPerNFT, uint256 rewardsOwed)',
  'event RewardsClaimed(uint256 indexed poolId, address indexed user, uint256 amountPaid, uint256 amountOwed, uint256 poolRewardBalance, uint256 accRewardPerNFT)',
  'event EmergencyWithdrawn(uint256 indexed poolId, address indexed user, uint256[] tokenIds, uint256 rewardsForfeited, uint256 totalStaked, uint256 accRewardPerNFT)',
  'event PoolFunded(uint256 indexed poolId, address indexed funder, uint256 amount, uint256 poolRewardBalance)',
  'event RewardsWithdrawn(uint256 indexed poolId, address indexed to, uint256 amount, uint256 poolRewardBalance)',
  'event RewardRateChanged(uint256 indexed poolId, address indexed by, uint256 oldRate, uint256 newRate, uint256 accRewardPerNFT)',
  'event EndTimeChanged(uint256 indexed poolId, address indexed by, uint64 oldEndTime, uint64 newEndTime, uint256 accRewardPerNFT)',
  'event PoolPaused(uint256 indexed poolId, address indexed by)',
  'event PoolUnpaused(uint256 indexed poolId, address indexed by)',
  'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
])
