// npm run contracts:deploy -- --rpc <url> --network <name>
// Deploys VaultFactory with the key in DEPLOYER_PRIVATE_KEY and records its address and start block in
// networks.json under <name> (graph-cli's format). Run `npm run contracts:build` first.
import { parseArgs } from 'node:util';
import { createPublicClient, defineChain, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { clients, deploy } from './lib/deployAll.ts';
import { updateNetworks } from './lib/networks.ts';

const { values: o } = parseArgs({ options: { rpc: { type: 'string' }, network: { type: 'string' } } });
const key = process.env.DEPLOYER_PRIVATE_KEY;
if (!o.rpc || !o.network || !key) {
  console.error('usage: DEPLOYER_PRIVATE_KEY=0x… npm run contracts:deploy -- --rpc <url> --network <name>');
  process.exit(2);
}
const id = await createPublicClient({ transport: http(o.rpc) }).getChainId();
const chain = defineChain({ id, name: o.network, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [o.rpc] } } });
const factory = await deploy(clients(o.rpc, privateKeyToAccount(key as `0x${string}`), chain), 'VaultFactory');
updateNetworks(o.network, 'VaultFactory', factory.address, factory.block);
console.log(`VaultFactory ${factory.address} at block ${factory.block} on ${o.network} (chain ${id}); networks.json updated`);
