// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {INFTStakingVault} from "./interfaces/INFTStakingVault.sol";

/// @title NFT staking vault: many pools, each a campaign of one ERC-721 collection paying one ERC-20.
/// @notice Reward model and events: see INFTStakingVault and contracts/README.md.
contract NFTStakingVault is INFTStakingVault, ReentrancyGuard {
    using SafeERC20 for IERC20;

    uint256 private constant SCALE = 1e18;

    string private _name;
    Pool[] private _pools;
    mapping(uint256 => mapping(address => Position)) private _positions;
    mapping(uint256 => mapping(address => uint256[])) private _staked;
    mapping(uint256 => mapping(uint256 => address)) private _stakerOf;
    mapping(uint256 => mapping(uint256 => uint64)) private _unlockTime;

    error UnknownPool(uint256 poolId);
    error PoolIsPaused(uint256 poolId);
    error InvalidTimes();
    error NothingToStake();
    error CapExceeded(uint256 staked, uint32 cap);
    error NotStaker(uint256 tokenId);
    error Locked(uint256 tokenId, uint64 unlockTime);
    error InsufficientRewards(uint256 requested, uint256 available);
    error CampaignOver();

    // Ownership mirrors OpenZeppelin Ownable (same functions, errors and OwnershipTransferred event);
    // it is written out because the interface already declares OwnershipTransferred and solc rejects
    // the same event inherited twice.
    address private _owner;

    error OwnableUnauthorizedAccount(address account);
    error OwnableInvalidOwner(address owner);

    constructor(string memory name_, address owner_) {
        if (owner_ == address(0)) revert OwnableInvalidOwner(address(0));
        _name = name_;
        _owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    modifier onlyOwner() {
        if (msg.sender != _owner) revert OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    function owner() external view returns (address) {
        return _owner;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert OwnableInvalidOwner(address(0));
        address old = _owner;
        _owner = newOwner;
        emit OwnershipTransferred(old, newOwner);
    }

    modifier known(uint256 poolId) {
        if (poolId >= _pools.length) revert UnknownPool(poolId);
        _;
    }

    modifier notPaused(uint256 poolId) {
        if (_pools[poolId].paused) revert PoolIsPaused(poolId);
        _;
    }

    // ---- accounting ------------------------------------------------------------------------------

    function _accrued(Pool storage p) private view returns (uint256 acc) {
        acc = p.accRewardPerNFT;
        uint256 from = p.lastUpdateTime > p.startTime ? p.lastUpdateTime : p.startTime;
        uint256 to = block.timestamp < p.endTime ? block.timestamp : p.endTime;
        if (to > from && p.totalStaked > 0) {
            acc += ((to - from) * p.rewardRate * SCALE) / p.totalStaked;
        }
    }

    function _update(Pool storage p) private {
        p.accRewardPerNFT = _accrued(p);
        p.lastUpdateTime = uint64(block.timestamp);
    }

    /// Moves a position's pending rewards into rewardsOwed (and the pool's totalOwed).
    function _settle(Pool storage p, Position storage pos) private {
        uint256 accrued = (pos.stakedCount * p.accRewardPerNFT) / SCALE;
        uint256 pending = accrued - pos.rewardDebt;
        if (pending > 0) {
            pos.rewardsOwed += pending;
            p.totalOwed += pending;
        }
    }

    function _resetDebt(Pool storage p, Position storage pos) private {
        pos.rewardDebt = (pos.stakedCount * p.accRewardPerNFT) / SCALE;
    }

    // ---- owner -------------------------------------------------------------------------------------

    function createPool(
        address collection,
        address rewardToken,
        uint256 rewardRate,
        uint64 startTime,
        uint64 endTime,
        uint64 lockDuration,
        uint32 maxPerWallet
    ) external onlyOwner returns (uint256 poolId) {
        if (endTime <= startTime) revert InvalidTimes();
        poolId = _pools.length;
        Pool storage p = _pools.push();
        p.collection = collection;
        p.rewardToken = rewardToken;
        p.rewardRate = rewardRate;
        p.startTime = startTime;
        p.endTime = endTime;
        p.lockDuration = lockDuration;
        p.maxPerWallet = maxPerWallet;
        p.lastUpdateTime = uint64(block.timestamp);
        emit PoolCreated(poolId, collection, rewardToken, rewardRate, startTime, endTime, lockDuration, maxPerWallet);
    }

    function setRewardRate(uint256 poolId, uint256 newRate) external onlyOwner known(poolId) {
        Pool storage p = _pools[poolId];
        _update(p);
        uint256 old = p.rewardRate;
        p.rewardRate = newRate;
        emit RewardRateChanged(poolId, msg.sender, old, newRate, p.accRewardPerNFT);
    }

    function setEndTime(uint256 poolId, uint64 newEndTime) external onlyOwner known(poolId) {
        Pool storage p = _pools[poolId];
        if (newEndTime <= p.startTime || newEndTime < block.timestamp) revert InvalidTimes();
        _update(p);
        uint64 old = p.endTime;
        p.endTime = newEndTime;
        emit EndTimeChanged(poolId, msg.sender, old, newEndTime, p.accRewardPerNFT);
    }

    function withdrawRewards(uint256 poolId, uint256 amount, address to) external onlyOwner known(poolId) nonReentrant {
        Pool storage p = _pools[poolId];
        if (amount > p.rewardBalance) revert InsufficientRewards(amount, p.rewardBalance);
        p.rewardBalance -= amount;
        IERC20(p.rewardToken).safeTransfer(to, amount);
        emit RewardsWithdrawn(poolId, to, amount, p.rewardBalance);
    }

    function pause(uint256 poolId) external onlyOwner known(poolId) {
        _pools[poolId].paused = true;
        emit PoolPaused(poolId, msg.sender);
    }

    function unpause(uint256 poolId) external onlyOwner known(poolId) {
        _pools[poolId].paused = false;
        emit PoolUnpaused(poolId, msg.sender);
    }

    // ---- anyone / users --------------------------------------------------------------------------

    function fund(uint256 poolId, uint256 amount) external known(poolId) nonReentrant {
        Pool storage p = _pools[poolId];
        IERC20(p.rewardToken).safeTransferFrom(msg.sender, address(this), amount);
        p.rewardBalance += amount;
        emit PoolFunded(poolId, msg.sender, amount, p.rewardBalance);
    }

    function stake(uint256 poolId, uint256[] calldata tokenIds) external known(poolId) notPaused(poolId) nonReentrant {
        if (tokenIds.length == 0) revert NothingToStake();
        Pool storage p = _pools[poolId];
        if (block.timestamp >= p.endTime) revert CampaignOver();
        Position storage pos = _positions[poolId][msg.sender];
        uint256 after_ = pos.stakedCount + tokenIds.length;
        if (p.maxPerWallet != 0 && after_ > p.maxPerWallet) revert CapExceeded(after_, p.maxPerWallet);
        _update(p);
        _settle(p, pos);
        // Lock counts from the stake (or from the start when staked before the campaign starts).
        uint64 base = uint64(block.timestamp) > p.startTime ? uint64(block.timestamp) : p.startTime;
        uint64 unlockAt = base + p.lockDuration;
        IERC721 nft = IERC721(p.collection);
        for (uint256 i = 0; i < tokenIds.length; i++) {
            uint256 id = tokenIds[i];
            nft.transferFrom(msg.sender, address(this), id);
            _stakerOf[poolId][id] = msg.sender;
            _unlockTime[poolId][id] = unlockAt;
            _staked[poolId][msg.sender].push(id);
        }
        pos.stakedCount = after_;
        p.totalStaked += tokenIds.length;
        _resetDebt(p, pos);
        emit Staked(poolId, msg.sender, tokenIds, unlockAt, after_, p.totalStaked, p.accRewardPerNFT, pos.rewardsOwed);
    }

    function unstake(uint256 poolId, uint256[] calldata tokenIds) external known(poolId) notPaused(poolId) nonReentrant {
        if (tokenIds.length == 0) revert NothingToStake();
        Pool storage p = _pools[poolId];
        Position storage pos = _positions[poolId][msg.sender];
        _update(p);
        _settle(p, pos);
        IERC721 nft = IERC721(p.collection);
        for (uint256 i = 0; i < tokenIds.length; i++) {
            uint256 id = tokenIds[i];
            if (_stakerOf[poolId][id] != msg.sender) revert NotStaker(id);
            uint64 unlockAt = _unlockTime[poolId][id];
            if (block.timestamp < unlockAt) revert Locked(id, unlockAt);
            delete _stakerOf[poolId][id];
            delete _unlockTime[poolId][id];
            _removeId(_staked[poolId][msg.sender], id);
            nft.transferFrom(address(this), msg.sender, id);
        }
        pos.stakedCount -= tokenIds.length;
        p.totalStaked -= tokenIds.length;
        _resetDebt(p, pos);
        emit Unstaked(poolId, msg.sender, tokenIds, pos.stakedCount, p.totalStaked, p.accRewardPerNFT, pos.rewardsOwed);
    }

    function claim(uint256 poolId) external known(poolId) notPaused(poolId) nonReentrant {
        Pool storage p = _pools[poolId];
        Position storage pos = _positions[poolId][msg.sender];
        _update(p);
        _settle(p, pos);
        _resetDebt(p, pos);
        uint256 owed = pos.rewardsOwed;
        uint256 paid = owed < p.rewardBalance ? owed : p.rewardBalance;
        pos.rewardsOwed = owed - paid;
        p.totalOwed -= paid;
        p.rewardBalance -= paid;
        if (paid > 0) IERC20(p.rewardToken).safeTransfer(msg.sender, paid);
        emit RewardsClaimed(poolId, msg.sender, paid, pos.rewardsOwed, p.rewardBalance, p.accRewardPerNFT);
    }

    function emergencyWithdraw(uint256 poolId) external known(poolId) nonReentrant {
        Pool storage p = _pools[poolId];
        Position storage pos = _positions[poolId][msg.sender];
        _update(p);
        uint256 pending = (pos.stakedCount * p.accRewardPerNFT) / SCALE - pos.rewardDebt;
        uint256 forfeited = pos.rewardsOwed + pending;
        p.totalOwed -= pos.rewardsOwed;
        uint256[] memory ids = _staked[poolId][msg.sender];
        delete _staked[poolId][msg.sender];
        IERC721 nft = IERC721(p.collection);
        for (uint256 i = 0; i < ids.length; i++) {
            delete _stakerOf[poolId][ids[i]];
            delete _unlockTime[poolId][ids[i]];
            nft.transferFrom(address(this), msg.sender, ids[i]);
        }
        p.totalStaked -= ids.length;
        pos.stakedCount = 0;
        pos.rewardDebt = 0;
        pos.rewardsOwed = 0;
        emit EmergencyWithdrawn(poolId, msg.sender, ids, forfeited, p.totalStaked, p.accRewardPerNFT);
    }

    function _removeId(uint256[] storage ids, uint256 id) private {
        uint256 n = ids.length;
        for (uint256 i = 0; i < n; i++) {
            if (ids[i] == id) {
                ids[i] = ids[n - 1];
                ids.pop();
                return;
            }
        }
    }

    // ---- views -----------------------------------------------------------------------------------

    function name() external view returns (string memory) {
        return _name;
    }

    function poolCount() external view returns (uint256) {
        return _pools.length;
    }

    function getPool(uint256 poolId) external view known(poolId) returns (Pool memory) {
        return _pools[poolId];
    }

    function getPosition(uint256 poolId, address user) external view known(poolId) returns (Position memory) {
        return _positions[poolId][user];
    }

    function pendingRewards(uint256 poolId, address user) external view known(poolId) returns (uint256) {
        Pool storage p = _pools[poolId];
        Position storage pos = _positions[poolId][user];
        return pos.rewardsOwed + (pos.stakedCount * _accrued(p)) / SCALE - pos.rewardDebt;
    }

    function stakedTokenIds(uint256 poolId, address user) external view known(poolId) returns (uint256[] memory) {
        return _staked[poolId][user];
    }

    function unlockTimeOf(uint256 poolId, uint256 tokenId) external view known(poolId) returns (uint64) {
        return _unlockTime[poolId][tokenId];
    }
}
