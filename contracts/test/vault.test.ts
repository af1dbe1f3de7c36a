// Contract tests on a real anvil. Expected amounts are worked out by hand from the reward model
// (rate × seconds shared by staked NFTs), never by calling the contract's own math.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestClient, http, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { privateKeyToAccount } from 'viem/accounts';
import { startAnvil, type Anvil } from '../scripts/lib/anvil.ts';
import { clients, deploy, send, type Clients } from '../scripts/lib/deployAll.ts';
import { loadArtifact } from '../scripts/lib/compile.ts';

const owner = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const alice = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const bob = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const vaultAbi = loadArtifact('NFTStakingVault').abi;
const erc20Abi = loadArtifact('MockERC20').abi;
const erc721Abi = loadArtifact('MockERC721').abi;

let anvil: Anvil;
let c: Clients;
let testc: ReturnType<typeof createTestClient>;
let vault: Address, nft: Address, rwd: Address, t0: number;

const at = async (ts: number) => testc.setNextBlockTimestamp({ timestamp: BigInt(ts) });
const mineAt = async (ts: number) => { await at(ts); await testc.mine({ blocks: 1 }); };
const as = (a: typeof owner) => clients(anvil.rpcUrl, a);
const read = (fn: string, args: unknown[]) => c.pub.readContract({ address: vault, abi: vaultAbi, functionName: fn, args } as never) as Promise<any>;
const bal = (who: Address) => c.pub.readContract({ address: rwd, abi: erc20Abi, functionName: 'balanceOf', args: [who] } as never) as Promise<bigint>;
const rejects = (p: Promise<unknown>, name: string) => assert.rejects(p, (e: Error) => e.message.includes(name));
let nextPool = 0;

async function pool(rate: bigint, start: number, end: number, lock: number, cap: number): Promise<bigint> {
  await send(c, vault, 'NFTStakingVault', 'createPool', [nft, rwd, rate, BigInt(start), BigInt(end), BigInt(lock), cap]);
  return BigInt(nextPool++);
}

before(async () => {
  anvil = await startAnvil();
  c = clients(anvil.rpcUrl, owner);
  testc = createTestClient({ chain: foundry, mode: 'anvil', transport: http(anvil.rpcUrl) });
  const factory = await deploy(c, 'VaultFactory');
  await send(c, factory.address, 'VaultFactory', 'createVault', ['Test Vault']);
  vault = (await c.pub.readContract({ address: factory.address, abi: loadArtifact('VaultFactory').abi, functionName: 'vaults', args: [0n] } as never)) as Address;
  nft = (await deploy(c, 'MockERC721', ['N', 'N'])).address;
  rwd = (await deploy(c, 'MockERC20', ['R', 'R'])).address;
  for (const [u, first] of [[alice, 1n], [bob, 101n]] as const) {
    await send(c, nft, 'MockERC721', 'mintBatch', [u.address, first, 20n]);
    await send(as(u), nft, 'MockERC721', 'setApprovalForAll', [vault, true], u);
  }
  await send(c, rwd, 'MockERC20', 'mint', [owner.address, 10n ** 30n]);
  await send(c, rwd, 'MockERC20', 'approve', [vault, 10n ** 30n]);
  t0 = Number((await c.pub.getBlock()).timestamp) + 1000;
});
after(() => anvil?.stop());

test('the factory makes the creator the vault owner', async () => {
  assert.equal((await read('owner', [])).toLowerCase(), owner.address.toLowerCase());
  assert.equal(await read('name', []), 'Test Vault');
});

test('accrual across a mid-campaign rate change, start and end boundaries, underfunded partial claims', async () => {
  const start = t0 + 100, end = t0 + 1100;
  const id = await pool(1000n, start, end, 0, 0);
  await at(start - 50); await send(as(alice), vault, 'NFTStakingVault', 'stake', [id, [1n, 2n]], alice); // before start: nothing accrues
  await at(start + 100); await send(as(bob), vault, 'NFTStakingVault', 'stake', [id, [101n]], bob);
  await at(start + 400); await send(c, vault, 'NFTStakingVault', 'setRewardRate', [id, 500n]);
  await mineAt(end + 50); // past the end: nothing more accrues
  // alice: 100 s × 1000 alone + 300 s × 1000 × 2/3 + 600 s × 500 × 2/3 = 100000 + 200000 + 200000
  // bob:                         300 s × 1000 × 1/3 + 600 s × 500 × 1/3 = 100000 + 100000
  assert.equal(await read('pendingRewards', [id, alice.address]), 500_000n);
  assert.equal(await read('pendingRewards', [id, bob.address]), 200_000n);

  await send(c, vault, 'NFTStakingVault', 'fund', [id, 150_000n]);
  const before = await bal(alice.address);
  await send(as(alice), vault, 'NFTStakingVault', 'claim', [id], alice);
  assert.equal((await bal(alice.address)) - before, 150_000n, 'pays what the pool holds');
  assert.equal((await read('getPosition', [id, alice.address])).rewardsOwed, 350_000n, 'keeps the rest owed');
  assert.equal((await read('getPool', [id])).rewardBalance, 0n);
  await send(c, vault, 'NFTStakingVault', 'fund', [id, 1_000_000n]);
  await send(as(alice), vault, 'NFTStakingVault', 'claim', [id], alice);
  assert.equal((await bal(alice.address)) - before, 500_000n);
  assert.equal((await read('getPool', [id])).totalOwed, 0n);
});

test('end-time extension settles first; lock; cap', async () => {
  const start = t0 + 2000, end = t0 + 2100;
  const id = await pool(10n, start, end, 300, 3);
  await at(start); await send(as(alice), vault, 'NFTStakingVault', 'stake', [id, [3n, 4n]], alice);
  await rejects(send(as(alice), vault, 'NFTStakingVault', 'stake', [id, [5n, 6n]], alice), 'CapExceeded');
  await at(start + 50); await send(c, vault, 'NFTStakingVault', 'setEndTime', [id, BigInt(end + 100)]);
  await at(start + 60); await rejects(send(as(alice), vault, 'NFTStakingVault', 'unstake', [id, [3n]], alice), 'Locked');
  await at(start + 300); await send(as(alice), vault, 'NFTStakingVault', 'unstake', [id, [3n]], alice); // unlock = start + 300
  // 200 s × 10 (alice alone, 2 NFTs) then no more (ended at start + 200)
  await mineAt(start + 400);
  assert.equal(await read('pendingRewards', [id, alice.address]), 2_000n);
  assert.deepEqual(await read('stakedTokenIds', [id, alice.address]), [4n]);
});

test('pause blocks stake and claim; emergency withdraw works while paused and forfeits rewards', async () => {
  const start = t0 + 3000, end = t0 + 4000;
  const id = await pool(7n, start, end, 10_000, 0);
  await send(c, vault, 'NFTStakingVault', 'fund', [id, 10_000n]);
  await at(start); await send(as(bob), vault, 'NFTStakingVault', 'stake', [id, [102n, 103n]], bob);
  await at(start + 100); await send(c, vault, 'NFTStakingVault', 'pause', [id]);
  await rejects(send(as(bob), vault, 'NFTStakingVault', 'claim', [id], bob), 'PoolIsPaused');
  await rejects(send(as(alice), vault, 'NFTStakingVault', 'stake', [id, [7n]], alice), 'PoolIsPaused');
  const before = await bal(bob.address);
  await at(start + 200);
  const r = await send(as(bob), vault, 'NFTStakingVault', 'emergencyWithdraw', [id], bob);
  assert.equal(r.logs.length > 0, true);
  const ownerOf = (t: bigint) => c.pub.readContract({ address: nft, abi: erc721Abi, functionName: 'ownerOf', args: [t] } as never);
  assert.equal(((await ownerOf(102n)) as string).toLowerCase(), bob.address.toLowerCase());
  assert.equal(await bal(bob.address), before, 'nothing paid');
  assert.equal((await read('getPool', [id])).totalStaked, 0n);
  // owner withdrawal reduces the pool balance; others cannot withdraw
  await rejects(send(as(alice), vault, 'NFTStakingVault', 'withdrawRewards', [id, 1n, alice.address], alice), 'OwnableUnauthorizedAccount');
  await send(c, vault, 'NFTStakingVault', 'withdrawRewards', [id, 4_000n, owner.address]);
  assert.equal((await read('getPool', [id])).rewardBalance, 6_000n);
});
