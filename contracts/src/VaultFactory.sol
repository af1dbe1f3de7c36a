// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IVaultFactory} from "./interfaces/IVaultFactory.sol";
import {NFTStakingVault} from "./NFTStakingVault.sol";

/// @title Anyone deploys a new NFTStakingVault owned by themselves.
contract VaultFactory is IVaultFactory {
    address[] public vaults;

    function createVault(string calldata name) external returns (address vault) {
        vault = address(new NFTStakingVault(name, msg.sender));
        vaults.push(vault);
        emit VaultCreated(vault, msg.sender, name, vaults.length - 1);
    }

    function vaultCount() external view returns (uint256) {
        return vaults.length;
    }
}
