// Compiles contracts/src with solc-js (the compiler ships inside the npm package: nothing is
// downloaded). OpenZeppelin imports resolve from node_modules through solc's import callback.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
// solc-js is CommonJS without types.
const solc = require('solc') as { compile(input: string, opts: { import: (p: string) => unknown }): string };

export const contractsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = join(contractsDir, '..');

export interface Artifact {
  contractName: string;
  sourceName: string;
  abi: unknown[];
  bytecode: `0x${string}`;
}

function listSol(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listSol(p) : f.endsWith('.sol') ? [p] : [];
  });
}

function findImport(path: string): { contents: string } | { error: string } {
  try {
    if (path.startsWith('@')) return { contents: readFileSync(require.resolve(path), 'utf8') };
    return { contents: readFileSync(join(contractsDir, path), 'utf8') };
  } catch (e) {
    return { error: `cannot resolve import ${path}: ${(e as Error).message}` };
  }
}

/** Compiles every .sol under contracts/src; throws with solc's messages on any error. */
export function compileAll(): Record<string, Artifact> {
  const sources: Record<string, { content: string }> = {};
  for (const file of listSol(join(contractsDir, 'src'))) {
    sources[relative(contractsDir, file)] = { content: readFileSync(file, 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length) {
    throw new Error(`solc failed:\n${errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n')}`);
  }
  const artifacts: Record<string, Artifact> = {};
  for (const [sourceName, contracts] of Object.entries(out.contracts as Record<string, Record<string, any>>)) {
    if (!sourceName.startsWith('src/')) continue;
    for (const [contractName, c] of Object.entries(contracts)) {
      artifacts[contractName] = { contractName, sourceName, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  return artifacts;
}

/** Reads a compiled artifact from contracts/out (run `npm run contracts:build` first). */
export function loadArtifact(name: string): Artifact {
  const p = join(contractsDir, 'out', `${name}.json`);
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    throw new Error(`missing artifact ${p}: run \`npm run contracts:build\``);
  }
}
