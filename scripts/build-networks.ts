// `npm run build:networks`: `graph codegen` once, then `graph build --network <n>` for every network
// in networks.json, naming the network that fails. graph-cli rewrites subgraph.yaml's addresses and
// start blocks for the chosen network (graph-cli src/command-helpers/network.ts), so the committed
// manifest is restored byte for byte afterwards, whatever happens.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const graph = join(root, "node_modules", ".bin", "graph");
const manifestPath = join(root, "subgraph.yaml");
const networksPath = join(root, "networks.json");

function run(args: string[], what: string): void {
  const result = spawnSync(graph, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    throw new Error(`${what} failed (graph ${args.join(" ")}, exit ${result.status ?? result.signal})`);
  }
}

function networks(): string[] {
  if (!existsSync(networksPath)) {
    throw new Error(`networks.json not found at ${networksPath}: run \`npm run chain\` or add a network (README: "Adding a real network")`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(networksPath, "utf8"));
  } catch (err) {
    throw new Error(`networks.json is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error("networks.json must be an object keyed by network name");
  }
  const names = Object.keys(parsed);
  if (names.length === 0) throw new Error("networks.json lists no network");
  // anvil last: the local network is what tests and the dev loop use.
  return names.sort((a, b) => Number(a === "anvil") - Number(b === "anvil") || a.localeCompare(b));
}

function main(): number {
  const manifest = readFileSync(manifestPath, "utf8");
  try {
    const names = networks();
    run(["codegen"], "graph codegen");
    for (const name of names) {
      console.log(`\n--- graph build --network ${name} ---`);
      run(["build", "--network", name], `graph build for network "${name}"`);
    }
    console.log(`\nBuilt for ${names.length} network(s): ${names.join(", ")}`);
    return 0;
  } catch (err) {
    console.error(`build:networks: ${(err as Error).message}`);
    return 1;
  } finally {
    if (readFileSync(manifestPath, "utf8") !== manifest) writeFileSync(manifestPath, manifest);
  }
}

process.exit(main());
