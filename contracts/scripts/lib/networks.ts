// Records a data source's address and start block in networks.json (graph-cli's format:
// { "<network>": { "<dataSource>": { "address": "0x…", "startBlock": N } } }).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './compile.ts';

export function updateNetworks(network: string, dataSource: string, address: string, startBlock: number, file = join(repoRoot, 'networks.json')): void {
  let json: Record<string, Record<string, { address: string; startBlock: number }>> = {};
  try { json = JSON.parse(readFileSync(file, 'utf8')); } catch { /* new file */ }
  json[network] = { ...(json[network] ?? {}), [dataSource]: { address, startBlock } };
  writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
}
