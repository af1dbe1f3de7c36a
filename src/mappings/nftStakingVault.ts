// NFTStakingVault template: one file per event group, re-exported here for the manifest.
export { handlePoolCreated, handlePoolFunded, handleRewardsWithdrawn } from "./vault/pools";
export { handleStaked, handleUnstaked, handleEmergencyWithdrawn } from "./vault/staking";
export { handleRewardsClaimed } from "./vault/claims";
export {
  handleRewardRateChanged,
  handleEndTimeChanged,
  handlePoolPaused,
  handlePoolUnpaused,
  handleOwnershipTransferred,
} from "./vault/admin";
