// npm run contracts:build [-- --check]
// Compiles contracts/src, writes artifacts to contracts/out/ (gitignored) and plain ABI arrays to
// abis/ (what graph-cli reads). --check writes nothing to abis/ and exits 1 when abis/ is out of date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileAll, contractsDir, repoRoot } from './lib/compile.ts';

// abis/<file> ← contract; ERC20/ERC721 use the mintable mocks' ABI (a superset of the standards).
const ABI_FILES: Record<string, string> = {
  'VaultFactory.json': 'VaultFactory',
  'NFTStakingVault.json': 'NFTStakingVault',
  'ERC20.json': 'MockERC20',
  'ERC721.json': 'MockERC721',
};

const check = process.argv.includes('--check');
const artifacts = compileAll();
mkdirSync(join(contractsDir, 'out'), { recursive: true });
for (const a of Object.values(artifacts)) {
  writeFileSync(join(contractsDir, 'out', `${a.contractName}.json`), JSON.stringify(a, null, 2) + '\n');
}
let stale = 0;
mkdirSync(join(repoRoot, 'abis'), { recursive: true });
for (const [file, name] of Object.entries(ABI_FILES)) {
  const path = join(repoRoot, 'abis', file);
  const text = JSON.stringify(artifacts[name].abi, null, 2) + '\n';
  if (check) {
    let current = '';
    try { current = readFileSync(path, 'utf8'); } catch { /* missing counts as stale */ }
    if (current !== text) {
      stale++;
      console.error(`abis/${file} is out of date with contracts/src (run npm run contracts:build)`);
    }
  } else {
    writeFileSync(path, text);
  }
}
if (check && stale) process.exit(1);
console.log(`${check ? 'checked' : 'built'} ${Object.keys(artifacts).length} contracts; abis/ ${check ? 'up to date' : 'written'}`);
