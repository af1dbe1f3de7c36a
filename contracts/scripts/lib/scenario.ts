// The seeded local campaign scenario: deploys the factory, two vaults, several pools with their
// collections and reward tokens, then plays days of staker activity with time moved forward on the
// chain. Same seed + options on a fresh anvil ⇒ same transactions, blocks and addresses.
import { createTestClient, http, parseEther, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { clients, deploy, send, type Clients } from './deployAll.ts';

// anvil's well-known dev mnemonic and its account 0/1 keys (public test keys, never for real funds).
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const DEV_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
] as const;
const DAY = 86_400;
const E18 = 10n ** 18n;

export interface ScenarioOptions {
  rpcUrl: string;
  seed?: number; // default 1
  stakers?: number; // default 24
  days?: number; // default 28
  /** Extra stake/unstake rounds until at least this many vault events exist (benchmark datasets). */
  size?: number;
  log?: (msg: string) => void;
}

export interface PoolInfo { vault: Address; poolId: number; collection: Address; rewardToken: Address; note: string }
export interface Deployment {
  rpcUrl: string;
  chainId: number;
  network: 'anvil';
  seed: number;
  factory: { address: Address; startBlock: number };
  vaults: { address: Address; name: string; owner: Address; block: number }[];
  collections: Address[];
  rewardTokens: Address[];
  pools: PoolInfo[];
  stakers: Address[];
  /** Scenario facts the tests check against the chain. */
  facts: { underfundedPool: PoolInfo; pausedPool: PoolInfo; notStartedPool: PoolInfo; newOwnerOfVault1: Address };
  endBlock: number;
  transactions: number;
}

/** mulberry32: small deterministic PRNG (public domain). */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runScenario(opts: ScenarioOptions): Promise<Deployment> {
  const seed = opts.seed ?? 1, nStakers = opts.stakers ?? 24, days = opts.days ?? 28;
  const log = opts.log ?? (() => {});
  const rand = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const owner = privateKeyToAccount(DEV_KEYS[0]);
  const owner2 = privateKeyToAccount(DEV_KEYS[1]);
  const newOwner = privateKeyToAccount(DEV_KEYS[2]);
  const c = clients(opts.rpcUrl, owner);
  const test = createTestClient({ chain: foundry, mode: 'anvil', transport: http(opts.rpcUrl) });
  let txs = 0;
  const tx = async (cl: Clients, addr: Address, contract: string, fn: string, args: unknown[], account = owner) => {
    txs++;
    return send(cl, addr, contract, fn, args, account);
  };
  const chainTime = async () => Number((await c.pub.getBlock({ blockTag: 'latest' })).timestamp);
  const advance = async (seconds: number) => { await test.increaseTime({ seconds }); await test.mine({ blocks: 1 }); };

  // Factory first, from account 0: on a fresh anvil its address is always the same.
  const factory = await deploy(c, 'VaultFactory'); txs++;
  log(`factory ${factory.address} at block ${factory.block}`);
  const vaults: Deployment['vaults'] = [];
  for (const [acct, name] of [[owner, 'Genesis Vault'], [owner2, 'Partner Vault']] as const) {
    const r = await tx(c, factory.address, 'VaultFactory', 'createVault', [name], acct);
    const idx = vaults.length;
    const address = (await c.pub.readContract({ address: factory.address, abi: [{ type: 'function', name: 'vaults', stateMutability: 'view', inputs: [{ type: 'uint256' }], outputs: [{ type: 'address' }] }], functionName: 'vaults', args: [BigInt(idx)] })) as Address;
    vaults.push({ address, name, owner: acct.address, block: r.block });
  }
  const collections: Address[] = [];
  for (const [n, s] of [['Pixel Cats', 'PCAT'], ['Voxel Dogs', 'VDOG'], ['Future Frogs', 'FROG']]) collections.push((await deploy(c, 'MockERC721', [n, s])).address), txs++;
  const rewardTokens: Address[] = [];
  for (const [n, s] of [['Reward Token', 'RWD'], ['Partner Token', 'PRT']]) rewardTokens.push((await deploy(c, 'MockERC20', [n, s])).address), txs++;

  const now = await chainTime();
  const end = now + days * DAY;
  const pools: PoolInfo[] = [];
  const createPool = async (v: number, acct: typeof owner, col: number, rt: number, rate: bigint, start: number, endT: number, lock: number, cap: number, note: string) => {
    await tx(c, vaults[v].address, 'NFTStakingVault', 'createPool', [collections[col], rewardTokens[rt], rate, BigInt(start), BigInt(endT), BigInt(lock), cap], acct);
    const poolId = pools.filter((p) => p.vault === vaults[v].address).length;
    const info = { vault: vaults[v].address, poolId, collection: collections[col], rewardToken: rewardTokens[rt], note };
    pools.push(info);
    return info;
  };
  const main = await createPool(0, owner, 0, 0, E18 / 100n, now + 3600, end, 3 * DAY, 0, 'well funded; rate cut mid-campaign, end extended, owner withdrawal');
  const under = await createPool(0, owner, 1, 0, E18 / 1000n, now + 3600, end, DAY, 5, 'underfunded: claims pay partially; cap 5 per wallet');
  const later = await createPool(0, owner, 2, 1, E18 / 1000n, end + 30 * DAY, end + 60 * DAY, 0, 0, 'not started yet');
  const partner = await createPool(1, owner2, 0, 1, E18 / 200n, now, end, 0, 10, 'paused in the last third; emergency withdrawals');
  const stakeable = [main, under, partner];

  // Fund: main pool generously, the underfunded one with a tenth of a day's emission.
  for (const [acct, rt, amount] of [[owner, 0, 10n ** 24n], [owner2, 1, 10n ** 24n]] as const) await tx(c, rewardTokens[rt], 'MockERC20', 'mint', [acct.address, amount], acct);
  for (const [acct, rt] of [[owner, 0], [owner2, 1]] as const) await tx(c, rewardTokens[rt], 'MockERC20', 'approve', [vaults[acct === owner ? 0 : 1].address, 2n ** 255n], acct);
  await tx(c, main.vault, 'NFTStakingVault', 'fund', [0n, parseEther('100000')], owner);
  await tx(c, under.vault, 'NFTStakingVault', 'fund', [1n, parseEther('8')], owner);
  await tx(c, partner.vault, 'NFTStakingVault', 'fund', [0n, parseEther('50000')], owner2);

  // Stakers: dev-mnemonic accounts from index 10, given ETH, 6 NFTs in each collection and approvals.
  const stakers = Array.from({ length: nStakers }, (_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 10 + i }));
  const owned = new Map<string, bigint[]>(); // `${collection}:${staker}` → free token ids
  const staked = new Map<string, { id: bigint; unlock: number }[]>(); // `${vault}:${pool}:${staker}`
  const key = (p: PoolInfo, s: Address) => `${p.vault}:${p.poolId}:${s}`;
  for (const [i, s] of stakers.entries()) {
    await test.setBalance({ address: s.address, value: parseEther('100') });
    const sc = clients(opts.rpcUrl, s);
    for (const col of collections) {
      const first = BigInt(i * 6 + 1);
      await tx(c, col, 'MockERC721', 'mintBatch', [s.address, first, 6n], owner);
      owned.set(`${col}:${s.address}`, [0n, 1n, 2n, 3n, 4n, 5n].map((k) => first + k));
      for (const v of vaults) await tx(sc, col, 'MockERC721', 'setApprovalForAll', [v.address, true], s);
    }
  }
  log(`deployed; ${stakers.length} stakers funded`);
  await advance(3600);

  const paused = new Set<string>();
  const act = async (s: (typeof stakers)[number], p: PoolInfo) => {
    const sc = clients(opts.rpcUrl, s);
    const k = key(p, s.address);
    const mine = staked.get(k) ?? [];
    const free = owned.get(`${p.collection}:${s.address}`)!;
    const t = await chainTime();
    const r = rand();
    if (r < 0.5 && free.length) {
      const cap = p === under ? 5 : p === partner ? 10 : 99;
      const n = Math.min(free.length, 1 + Math.floor(rand() * 3), cap - mine.length);
      if (n <= 0) return;
      // Another pool of the same collection may hold some of them: only stake ones still free.
      const ids = free.splice(0, n);
      await tx(sc, p.vault, 'NFTStakingVault', 'stake', [BigInt(p.poolId), ids], s);
      const lock = p === main ? 3 * DAY : p === under ? DAY : 0;
      // The stake block may come a little later than `t`: a margin keeps unstakes of still-locked tokens out.
      staked.set(k, [...mine, ...ids.map((id) => ({ id, unlock: t + lock + 3600 }))]);
    } else if (r < 0.75 && mine.length) {
      await tx(sc, p.vault, 'NFTStakingVault', 'claim', [BigInt(p.poolId)], s);
    } else {
      const ready = mine.filter((m) => m.unlock <= t);
      if (!ready.length) return;
      const out = ready.slice(0, 1 + Math.floor(rand() * ready.length));
      await tx(sc, p.vault, 'NFTStakingVault', 'unstake', [BigInt(p.poolId), out.map((m) => m.id)], s);
      staked.set(k, mine.filter((m) => !out.includes(m)));
      free.push(...out.map((m) => m.id));
    }
  };

  for (let day = 1; day <= days; day++) {
    const actions = Math.max(1, Math.round(nStakers * 0.6));
    for (let a = 0; a < actions; a++) {
      const p = pick(stakeable);
      if (paused.has(key(p, '0x'))) continue;
      await act(pick(stakers), p);
    }
    if (day === Math.floor(days / 3)) await tx(c, main.vault, 'NFTStakingVault', 'setRewardRate', [0n, E18 / 200n], owner);
    if (day === Math.floor(days / 2)) {
      await tx(c, main.vault, 'NFTStakingVault', 'setEndTime', [0n, BigInt(end + 7 * DAY)], owner);
      await tx(c, main.vault, 'NFTStakingVault', 'withdrawRewards', [0n, parseEther('20000'), owner.address], owner);
    }
    if (day === Math.floor((2 * days) / 3)) {
      await tx(c, partner.vault, 'NFTStakingVault', 'pause', [0n], owner2);
      paused.add(key(partner, '0x'));
      // Emergency withdrawals while paused: every staker still in the partner pool leaves.
      for (const s of stakers) {
        const k = key(partner, s.address);
        const mine = staked.get(k) ?? [];
        if (!mine.length) continue;
        await tx(clients(opts.rpcUrl, s), partner.vault, 'NFTStakingVault', 'emergencyWithdraw', [0n], s);
        owned.get(`${partner.collection}:${s.address}`)!.push(...mine.map((m) => m.id));
        staked.set(k, []);
      }
    }
    await advance(DAY);
  }
  // Everyone with rewards in the underfunded pool claims: the pool runs dry and records what it owes.
  for (const s of stakers) if ((staked.get(key(under, s.address)) ?? []).length) await tx(clients(opts.rpcUrl, s), under.vault, 'NFTStakingVault', 'claim', [1n], s);
  await tx(c, factory.address, 'VaultFactory', 'createVault', ['Late Vault'], newOwner).then(async (r) => {
    const address = (await c.pub.readContract({ address: factory.address, abi: [{ type: 'function', name: 'vaults', stateMutability: 'view', inputs: [{ type: 'uint256' }], outputs: [{ type: 'address' }] }], functionName: 'vaults', args: [2n] })) as Address;
    vaults.push({ address, name: 'Late Vault', owner: newOwner.address, block: r.block });
  });
  await tx(c, vaults[1].address, 'NFTStakingVault', 'transferOwnership', [newOwner.address], owner2);

  if (opts.size) txs += await (await import('./bulk.ts')).bulkEvents({ rpcUrl: opts.rpcUrl, vault: main.vault, collection: main.collection, target: opts.size, log });

  const endBlock = Number(await c.pub.getBlockNumber({ cacheTime: 0 }));
  return {
    rpcUrl: opts.rpcUrl, chainId: await c.pub.getChainId(), network: 'anvil', seed,
    factory: { address: factory.address, startBlock: factory.block },
    vaults, collections, rewardTokens, pools, stakers: stakers.map((s) => s.address),
    facts: { underfundedPool: under, pausedPool: partner, notStartedPool: later, newOwnerOfVault1: newOwner.address },
    endBlock, transactions: txs,
  };
}
