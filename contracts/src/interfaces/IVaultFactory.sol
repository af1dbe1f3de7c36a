// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Factory of NFT staking vaults: anyone deploys a vault they own.
interface IVaultFactory {
    /// `vaultIndex` is the vault's 0-based position in `vaults`.
    event VaultCreated(address indexed vault, address indexed owner, string name, uint256 vaultIndex);

    function createVault(string calldata name) external returns (address vault);
    function vaultCount() external view returns (uint256);
    function vaults(uint256 index) external view returns (address);
}
