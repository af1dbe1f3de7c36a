// viem helpers to deploy the compiled contracts (artifacts from contracts/out).
import { createPublicClient, createWalletClient, http, type Account, type Address, type Chain } from 'viem';
import { foundry } from 'viem/chains';
import { loadArtifact } from './compile.ts';

export function clients(rpcUrl: string, account: Account, chain: Chain = foundry) {
  const transport = http(rpcUrl, { batch: false, retryCount: 0 });
  return {
    pub: createPublicClient({ chain, transport, cacheTime: 0 }),
    wallet: createWalletClient({ chain, transport, account }),
  };
}

export type Clients = ReturnType<typeof clients>;

/** Deploys `name` and returns its address and block. */
export async function deploy(c: Clients, name: string, args: unknown[] = []): Promise<{ address: Address; block: number }> {
  const art = loadArtifact(name);
  const hash = await c.wallet.deployContract({ abi: art.abi, bytecode: art.bytecode, args, account: c.wallet.account!, chain: c.wallet.chain });
  const r = await c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (r.status !== 'success' || !r.contractAddress) throw new Error(`deploying ${name} failed (tx ${hash})`);
  return { address: r.contractAddress, block: Number(r.blockNumber) };
}

/** Sends a contract write and waits for success; throws with the function name on revert. */
export async function send(c: Clients, address: Address, contract: string, functionName: string, args: unknown[], account?: Account): Promise<{ block: number; logs: unknown[] }> {
  const abi = loadArtifact(contract).abi;
  const from = account ?? c.wallet.account!;
  // eth_estimateGas runs against the latest block's timestamp; the transaction is mined in a later
  // second, when reward accrual writes storage the estimate did not see. Without a margin, calls that
  // settle accrual (stake, claim, unstake, emergencyWithdraw) run out of gas at random.
  const estimate = await c.pub.estimateContractGas({ address, abi, functionName, args, account: from } as never);
  const gas = (estimate * 3n) / 2n + 50_000n;
  const hash = await c.wallet.writeContract({ address, abi, functionName, args, account: from, chain: c.wallet.chain, gas } as never);
  const r = await c.pub.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (r.status !== 'success') throw new Error(`${contract}.${functionName} reverted (tx ${hash})`);
  return { block: Number(r.blockNumber), logs: r.logs };
}
