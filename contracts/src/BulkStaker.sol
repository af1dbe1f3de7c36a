// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {INFTStakingVault} from "./interfaces/INFTStakingVault.sol";

/// @title Local benchmark helper: one transaction plays many stake/unstake/claim rounds, so a chain
/// of 100k+ vault events is built in seconds (each vault call still emits its own event).
contract BulkStaker {
    function cycle(address vault, address nft, uint256 poolId, uint256 tokenId, uint256 rounds) external {
        IERC721(nft).setApprovalForAll(vault, true);
        uint256[] memory ids = new uint256[](1);
        ids[0] = tokenId;
        for (uint256 i = 0; i < rounds; i++) {
            INFTStakingVault(vault).stake(poolId, ids);
            INFTStakingVault(vault).unstake(poolId, ids);
            INFTStakingVault(vault).claim(poolId);
        }
    }
}
