// Benchmark datasets: adds vault events until at least `target` exist, fast. Recipe from
// /work/shared/reference/toolchain.md: automine off, locally signed transactions with explicit
// nonces and gas sent concurrently, then evm_mine until the pool is empty (anvil 1.7.1 loses or
// queues transactions under automine or --block-time with this pattern).
import { createTestClient, http, parseEther, type Address } from 'viem';
import { foundry } from 'viem/chains';
import { privateKeyToAccount } from 'viem/accounts';
import { clients, deploy, send } from './deployAll.ts';
import { loadArtifact } from './compile.ts';

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'; // anvil dev account 0
const ROUNDS = 60; // stake+unstake+claim rounds per tx: 180 vault events, well under the block gas limit
const STAKERS = 8;

export async function bulkEvents(o: { rpcUrl: string; vault: Address; collection: Address; target: number; log?: (m: string) => void }): Promise<number> {
  const owner = privateKeyToAccount(KEY);
  const c = clients(o.rpcUrl, owner);
  const test = createTestClient({ chain: foundry, mode: 'anvil', transport: http(o.rpcUrl) });
  const now = Number((await c.pub.getBlock()).timestamp);
  const poolCount = (await c.pub.readContract({ address: o.vault, abi: loadArtifact('NFTStakingVault').abi, functionName: 'poolCount' } as never)) as bigint;
  // A no-lock pool that runs for a year, funded so claims pay.
  await send(c, o.vault, 'NFTStakingVault', 'createPool', [o.collection, await rewardTokenOf(c, o.vault), 1000n, BigInt(now), BigInt(now + 365 * 86400), 0n, 0]);
  await send(c, o.vault, 'NFTStakingVault', 'fund', [poolCount, parseEther('1000')]);
  const stakers: Address[] = [];
  for (let i = 0; i < STAKERS; i++) {
    const s = (await deploy(c, 'BulkStaker')).address;
    await send(c, o.collection, 'MockERC721', 'mint', [s, 1_000_000n + BigInt(i)]);
    stakers.push(s);
  }
  const abi = loadArtifact('BulkStaker').abi;
  const args = (i: number) => [o.vault, o.collection, poolCount, 1_000_000n + BigInt(i % STAKERS), BigInt(ROUNDS)];
  // Margin: the estimate runs at the latest block's timestamp; mined later, accrual writes more storage.
  const gas = ((await c.pub.estimateGas({ account: owner, to: stakers[0], data: encode(abi, args(0)) })) * 16n) / 10n;
  const needed = Math.ceil(o.target / (ROUNDS * 3));
  const t0 = Date.now();
  await test.setAutomine(false);
  let nonce = await c.pub.getTransactionCount({ address: owner.address, blockTag: 'pending' });
  const gasPrice = (await c.pub.getGasPrice()) * 2n;
  let txs = 0;
  let succeeded = 0;
  // Send, mine, then count successful receipts; top up until the target is reached (a reverted
  // transaction emits nothing, and the dataset must hold what it promises).
  for (let round = 0; succeeded < needed; round++) {
    if (round === 5) throw new Error(`bulk: only ${succeeded} of ${needed} cycle transactions succeeded after 5 rounds`);
    const hashes: `0x${string}`[] = [];
    const want = needed - succeeded;
    for (let start = 0; start < want; start += 200) {
      const batch = [];
      for (let i = start; i < Math.min(want, start + 200); i++) {
        batch.push(c.wallet.sendTransaction({ account: owner, chain: foundry, to: stakers[(txs + i) % STAKERS], data: encode(abi, args(txs + i)), gas, gasPrice, nonce: nonce++ }));
      }
      hashes.push(...(await Promise.all(batch)));
    }
    txs += want;
    for (;;) {
      await test.mine({ blocks: 1 });
      const status = (await c.pub.request({ method: 'txpool_status' as never })) as { pending: string; queued: string };
      if (Number(status.pending) === 0 && Number(status.queued) === 0) break;
    }
    const receipts = await Promise.all(hashes.map((hash) => c.pub.getTransactionReceipt({ hash })));
    const ok = receipts.filter((r) => r.status === 'success').length;
    if (ok < hashes.length) o.log?.(`bulk: ${hashes.length - ok} of ${hashes.length} transactions reverted; topping up`);
    succeeded += ok;
  }
  await test.setAutomine(true);
  o.log?.(`bulk: ${succeeded} cycle txs, ${succeeded * ROUNDS * 3} vault events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return txs;
}

async function rewardTokenOf(c: ReturnType<typeof clients>, vault: Address): Promise<Address> {
  const p = (await c.pub.readContract({ address: vault, abi: loadArtifact('NFTStakingVault').abi, functionName: 'getPool', args: [0n] } as never)) as { rewardToken: Address };
  return p.rewardToken;
}

function encode(abi: unknown[], args: unknown[]): `0x${string}` {
  return encodeFunctionData({ abi, functionName: 'cycle', args } as never);
}
import { encodeFunctionData } from 'viem';
