#!/usr/bin/env node
// Precompiles the CLI (src/cli/main.ts and every src/cli/commands/*.ts) into dist/ with esbuild, so that
// `graphkit` starts without tsx: through tsx's loader every module (ours and viem's hundreds) crosses to
// the loader thread and back, about 2 s of a warm `graphkit test` on 2 cores. npm install runs this
// (the package's `prepare` script); bin/graphkit.mjs uses dist/ only while scripts/distState.mjs finds
// it built from the current sources, and runs the sources through tsx otherwise. dist/ is generated
// output, never committed.
// Dependencies are bundled (tree-shaken: viem alone is hundreds of files to load otherwise), except
// PGlite, which loads its WASM and data files next to its own module, and pg, whose optional native
// binding is resolved at run time.
import { build } from 'esbuild'
import { existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { makeStamp, STAMP_FILE } from './distState.mjs'

const pkgDir = fileURLToPath(new URL('..', import.meta.url))
const EXTERNAL = ['@electric-sql/pglite', 'pg']

const commands = readdirSync(join(pkgDir, 'src/cli/commands'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => `src/cli/commands/${f}`)
const out = join(pkgDir, `dist.tmp-${process.pid}`)
const t0 = performance.now()
try {
  const result = await build({
    absWorkingDir: pkgDir,
    entryPoints: ['src/cli/main.ts', ...commands],
    outdir: join(out, 'cli'),
    outbase: 'src/cli',
    chunkNames: '../chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // ES module builds first (graphql ships both): they tree-shake, CommonJS ones are bundled whole.
    mainFields: ['module', 'main'],
    target: 'node20',
    external: EXTERNAL,
    // One tsconfig for every file: the repository root's (AssemblyScript's, for the subgraph) would
    // otherwise apply to the dependencies bundled from the root node_modules.
    tsconfig: 'tsconfig.json',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node built-ins; ES modules have none.
    banner: { js: "import { createRequire as __graphkitCreateRequire } from 'node:module'; const require = __graphkitCreateRequire(import.meta.url);" },
  })
  const packages = new Set()
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)
    if (m) packages.add(`${m[1]}/package.json`)
  }
  const list = [...packages].sort()
  writeFileSync(join(out, STAMP_FILE), `${JSON.stringify(makeStamp(pkgDir, list), null, 1)}\n`)
  const dist = join(pkgDir, 'dist')
  if (existsSync(dist)) rmSync(dist, { recursive: true, force: true })
  renameSync(out, dist)
  console.log(`graphkit: built dist/ (${commands.length} commands, ${list.length} bundled packages) in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
} finally {
  rmSync(out, { recursive: true, force: true })
}
