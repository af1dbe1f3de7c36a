// npm run chain -- [--seed N] [--stakers N] [--days N] [--size N] [--port N] [--out file] [--once]
// Starts anvil, plays the seeded campaign scenario, writes the deployment JSON and networks.json
// (network `anvil`), then keeps anvil running until Ctrl-C (or exits with --once).
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startAnvil } from './lib/anvil.ts';
import { repoRoot } from './lib/compile.ts';
import { updateNetworks } from './lib/networks.ts';
import { runScenario } from './lib/scenario.ts';

const { values: o } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' }, stakers: { type: 'string', default: '24' }, days: { type: 'string', default: '28' },
    size: { type: 'string' }, port: { type: 'string' }, out: { type: 'string', default: join(repoRoot, 'contracts', 'out', 'deployment.json') },
    once: { type: 'boolean', default: false }, 'no-networks': { type: 'boolean', default: false },
  },
});
const t0 = Date.now();
const anvil = await startAnvil({ port: o.port ? Number(o.port) : undefined });
process.on('SIGINT', () => anvil.stop().then(() => process.exit(0)));
try {
  const dep = await runScenario({ rpcUrl: anvil.rpcUrl, seed: Number(o.seed), stakers: Number(o.stakers), days: Number(o.days), size: o.size ? Number(o.size) : undefined, log: (m) => console.log(m) });
  mkdirSync(dirname(o.out!), { recursive: true });
  writeFileSync(o.out!, JSON.stringify(dep, null, 2) + '\n');
  if (!o['no-networks']) updateNetworks('anvil', 'VaultFactory', dep.factory.address, dep.factory.startBlock);
  console.log(`chain ${anvil.rpcUrl} (id ${dep.chainId}): ${dep.transactions} txs, blocks to ${dep.endBlock}, ${((Date.now() - t0) / 1000).toFixed(1)} s; deployment → ${o.out}`);
} catch (e) {
  await anvil.stop();
  throw e;
}
if (o.once) await anvil.stop();
else console.log('anvil running; Ctrl-C to stop');
