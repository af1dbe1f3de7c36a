// tsx contracts/scripts/bench-dataset.ts [size=100000]
// Benchmark (prints figures, asserts nothing timed): builds the scenario plus a bulk dataset on a fresh
// anvil and counts the vault events actually on chain with eth_getLogs.
import { createPublicClient, http } from 'viem';
import { startAnvil } from './lib/anvil.ts';
import { runScenario } from './lib/scenario.ts';

const size = Number(process.argv[2] ?? 100_000);
const anvil = await startAnvil();
try {
  const t0 = Date.now();
  const dep = await runScenario({ rpcUrl: anvil.rpcUrl, stakers: 24, days: 28, size, log: (m) => console.log(m) });
  const built = (Date.now() - t0) / 1000;
  const pub = createPublicClient({ transport: http(anvil.rpcUrl) });
  let events = 0;
  const t1 = Date.now();
  for (let from = 0; from <= dep.endBlock; from += 5) {
    const logs = await pub.getLogs({ address: dep.vaults.map((v) => v.address), fromBlock: BigInt(from), toBlock: BigInt(Math.min(dep.endBlock, from + 4)) });
    events += logs.length;
  }
  console.log(`dataset: ${events} vault events in ${dep.endBlock} blocks built in ${built.toFixed(1)} s; eth_getLogs read them in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
} finally {
  await anvil.stop();
}
