// The seeded scenario runs on a fresh anvil and leaves on chain what it claims: events of every kind,
// an underfunded pool still owing rewards, a paused pool, a pool not started, a transferred vault.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicClient, http, parseAbi } from 'viem';
import { startAnvil, type Anvil } from '../scripts/lib/anvil.ts';
import { runScenario } from '../scripts/lib/scenario.ts';

let anvil: Anvil | undefined;
after(() => anvil?.stop());

test('a small seeded scenario produces the campaign it describes', async () => {
  anvil = await startAnvil();
  const dep = await runScenario({ rpcUrl: anvil.rpcUrl, seed: 7, stakers: 6, days: 9 });
  assert.equal(dep.factory.address, '0x5fbdb2315678afecb367f032d93f642f64180aa3', 'account 0 nonce 0 on a fresh anvil');
  const pub = createPublicClient({ transport: http(anvil.rpcUrl) });
  const abi = parseAbi([
    'event Staked(uint256 indexed poolId, address indexed user, uint256[] tokenIds, uint64 unlockTime, uint256 userStaked, uint256 totalStaked, uint256 accRewardPerNFT, uint256 rewardsOwed)',
    'event RewardsClaimed(uint256 indexed poolId, address indexed user, uint256 amountPaid, uint256 amountOwed, uint256 poolRewardBalance, uint256 accRewardPerNFT)',
    'event EmergencyWithdrawn(uint256 indexed poolId, address indexed user, uint256[] tokenIds, uint256 rewardsForfeited, uint256 totalStaked, uint256 accRewardPerNFT)',
    'event RewardRateChanged(uint256 indexed poolId, address indexed by, uint256 oldRate, uint256 newRate, uint256 accRewardPerNFT)',
    'event EndTimeChanged(uint256 indexed poolId, address indexed by, uint64 oldEndTime, uint64 newEndTime, uint256 accRewardPerNFT)',
    'event RewardsWithdrawn(uint256 indexed poolId, address indexed to, uint256 amount, uint256 poolRewardBalance)',
    'event PoolPaused(uint256 indexed poolId, address indexed by)',
    'event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)',
    'event VaultCreated(address indexed vault, address indexed owner, string name, uint256 vaultIndex)',
    'function getPool(uint256) view returns ((address collection, address rewardToken, uint256 rewardRate, uint64 startTime, uint64 endTime, uint64 lockDuration, uint32 maxPerWallet, bool paused, uint256 totalStaked, uint256 accRewardPerNFT, uint64 lastUpdateTime, uint256 rewardBalance, uint256 totalOwed))',
    'function owner() view returns (address)',
  ]);
  const logs = await pub.getLogs({ fromBlock: 0n, toBlock: 'latest' });
  const { decodeEventLog } = await import('viem');
  const names: Record<string, number> = {};
  for (const l of logs) {
    try { const d = decodeEventLog({ abi, data: l.data, topics: l.topics }); names[d.eventName] = (names[d.eventName] ?? 0) + 1; } catch { /* token events */ }
  }
  assert.equal(names.VaultCreated, 3);
  assert.ok(names.Staked > 3, `Staked: ${names.Staked}`);
  assert.ok(names.RewardsClaimed > 0);
  assert.ok(names.EmergencyWithdrawn > 0, 'emergency withdrawals while paused');
  for (const n of ['RewardRateChanged', 'EndTimeChanged', 'RewardsWithdrawn', 'PoolPaused']) assert.equal(names[n], 1, n);
  const pool = (p: { vault: `0x${string}`; poolId: number }) => pub.readContract({ address: p.vault, abi, functionName: 'getPool', args: [BigInt(p.poolId)] });
  const under = await pool(dep.facts.underfundedPool);
  assert.equal(under.rewardBalance, 0n, 'ran dry');
  assert.ok(under.totalOwed > 0n, 'still owes rewards');
  assert.equal((await pool(dep.facts.pausedPool)).paused, true);
  const later = await pool(dep.facts.notStartedPool);
  const now = (await pub.getBlock()).timestamp;
  assert.ok(BigInt(later.startTime) > now && later.accRewardPerNFT === 0n);
  const newOwner = await pub.readContract({ address: dep.vaults[1].address, abi, functionName: 'owner' });
  assert.equal(newOwner.toLowerCase(), dep.facts.newOwnerOfVault1.toLowerCase());
});
