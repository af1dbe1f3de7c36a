// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title NFT staking vault: the event and function interface the subgraph indexes.
/// @notice Reward model (MasterChef-style, per staked NFT):
///   accRewardPerNFT += (min(now, endTime) - max(lastUpdate, startTime)) * rewardRate * 1e18 / totalStaked
///   (only when that interval is positive and totalStaked > 0; lastUpdate = now afterwards).
///   A position's pending rewards = rewardsOwed + stakedCount * accRewardPerNFT / 1e18 - rewardDebt,
///   where rewardDebt = stakedCount * accRewardPerNFT / 1e18 at its last settlement. All divisions floor.
/// Token ID arrays are never `indexed` (indexed arrays arrive as hashes). Every event carries the
/// state a handler needs, so an indexer never has to call the contract.
interface INFTStakingVault {
    struct Pool {
        address collection;
        address rewardToken;
        uint256 rewardRate; // reward token units per second for the whole pool, shared by staked NFTs
        uint64 startTime;
        uint64 endTime;
        uint64 lockDuration; // seconds each staked NFT is locked from its stake time
        uint32 maxPerWallet; // 0 = no cap
        bool paused;
        uint256 totalStaked;
        uint256 accRewardPerNFT; // scaled by 1e18
        uint64 lastUpdateTime;
        uint256 rewardBalance; // reward tokens held for this pool (funded - paid - withdrawn)
        uint256 totalOwed; // rewards settled to positions but not yet paid (lower bound of liabilities)
    }

    struct Position {
        uint256 stakedCount;
        uint256 rewardDebt;
        uint256 rewardsOwed;
    }

    // ---- events -------------------------------------------------------------------------------
    event PoolCreated(
        uint256 indexed poolId,
        address indexed collection,
        address indexed rewardToken,
        uint256 rewardRate,
        uint64 startTime,
        uint64 endTime,
        uint64 lockDuration,
        uint32 maxPerWallet
    );
    /// `unlockTime` applies to every token of this stake. Totals are after the change.
    event Staked(
        uint256 indexed poolId,
        address indexed user,
        uint256[] tokenIds,
        uint64 unlockTime,
        uint256 userStaked,
        uint256 totalStaked,
        uint256 accRewardPerNFT,
        uint256 rewardsOwed
    );
    /// Unstaking settles rewards into `rewardsOwed`; it does not pay them (claim does).
    event Unstaked(
        uint256 indexed poolId,
        address indexed user,
        uint256[] tokenIds,
        uint256 userStaked,
        uint256 totalStaked,
        uint256 accRewardPerNFT,
        uint256 rewardsOwed
    );
    /// Pays min(owed, pool balance). `amountOwed` is what is still owed after the payment.
    event RewardsClaimed(
        uint256 indexed poolId,
        address indexed user,
        uint256 amountPaid,
        uint256 amountOwed,
        uint256 poolRewardBalance,
        uint256 accRewardPerNFT
    );
    /// All of the user's NFTs back at once, unpaid rewards (owed + pending) forfeited. Works while paused.
    event EmergencyWithdrawn(
        uint256 indexed poolId,
        address indexed user,
        uint256[] tokenIds,
        uint256 rewardsForfeited,
        uint256 totalStaked,
        uint256 accRewardPerNFT
    );
    event PoolFunded(uint256 indexed poolId, address indexed funder, uint256 amount, uint256 poolRewardBalance);
    event RewardsWithdrawn(uint256 indexed poolId, address indexed to, uint256 amount, uint256 poolRewardBalance);
    /// Accrual is settled at the old rate up to this moment first; `accRewardPerNFT` is after settling.
    event RewardRateChanged(uint256 indexed poolId, address indexed by, uint256 oldRate, uint256 newRate, uint256 accRewardPerNFT);
    event EndTimeChanged(uint256 indexed poolId, address indexed by, uint64 oldEndTime, uint64 newEndTime, uint256 accRewardPerNFT);
    event PoolPaused(uint256 indexed poolId, address indexed by);
    event PoolUnpaused(uint256 indexed poolId, address indexed by);
    /// OpenZeppelin Ownable's event (also emitted by the constructor).
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    // ---- owner ----------------------------------------------------------------------------------
    function createPool(
        address collection,
        address rewardToken,
        uint256 rewardRate,
        uint64 startTime,
        uint64 endTime,
        uint64 lockDuration,
        uint32 maxPerWallet
    ) external returns (uint256 poolId);
    function setRewardRate(uint256 poolId, uint256 newRate) external;
    function setEndTime(uint256 poolId, uint64 newEndTime) external;
    function withdrawRewards(uint256 poolId, uint256 amount, address to) external;
    function pause(uint256 poolId) external;
    function unpause(uint256 poolId) external;

    // ---- anyone / users ------------------------------------------------------------------------
    function fund(uint256 poolId, uint256 amount) external;
    function stake(uint256 poolId, uint256[] calldata tokenIds) external;
    function unstake(uint256 poolId, uint256[] calldata tokenIds) external;
    function claim(uint256 poolId) external;
    function emergencyWithdraw(uint256 poolId) external;

    // ---- views -----------------------------------------------------------------------------------
    function name() external view returns (string memory);
    function poolCount() external view returns (uint256);
    function getPool(uint256 poolId) external view returns (Pool memory);
    function getPosition(uint256 poolId, address user) external view returns (Position memory);
    function pendingRewards(uint256 poolId, address user) external view returns (uint256);
    function stakedTokenIds(uint256 poolId, address user) external view returns (uint256[] memory);
    /// Unlock time of a staked token (0 when not staked).
    function unlockTimeOf(uint256 poolId, uint256 tokenId) external view returns (uint64);
}
