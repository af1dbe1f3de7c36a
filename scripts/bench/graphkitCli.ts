// `graphkit index <build> --once` as a user runs it: a child process, timed from spawn to exit, then
// the entity counts of what it indexed, read from its store (current versions only).
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { openSql } from '../../packages/graphkit/src/store/sql/openSql.ts'
import { createStore } from '../../packages/graphkit/src/store/createStore.ts'
import { track } from './children.ts'

const bin = fileURLToPath(new URL('../../packages/graphkit/bin/graphkit.mjs', import.meta.url))
/** The node flags of the bin's `#!/usr/bin/env -S node …` line, as running it from a shell applies them. */
const binFlags = (readFileSync(bin, 'utf8').split('\n', 1)[0]!.match(/^#!.*?\bnode\b(.*)$/)?.[1] ?? '').trim().split(/\s+/).filter(Boolean)

export interface CliRun { ms: number; counts: Record<string, number>; block: number | null; health: string }

export async function runGraphkitCli(o: { build: string; rpcUrl: string; dataDir?: string; databaseUrl?: string }): Promise<CliRun> {
  const args = [...binFlags, bin, 'index', o.build, '--rpc', o.rpcUrl, '--once', '--name', 'bench']
  if (o.databaseUrl) args.push('--database-url', o.databaseUrl)
  else args.push('--data-dir', o.dataDir!)
  const start = performance.now()
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }))
  let output = ''
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)))
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)))
  const code = await new Promise<number | string | null>((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)))
  const ms = performance.now() - start
  if (code !== 0) throw new Error(`graphkit index exited with ${code}:\n${output}`)
  const store = await createStore(await openSql({ databaseUrl: o.databaseUrl, dataDir: o.dataDir }))
  try {
    const ds = await store.find('bench')
    if (!ds) throw new Error(`graphkit index exited 0 but its store has no deployment \`bench\`:\n${output}`)
    const counts: Record<string, number> = {}
    for (const [type, t] of ds.layout.tables) {
      const where = t.immutable ? '' : ' where upper_inf(block_range)'
      counts[type] = Number((await store.sql.query<{ n: string }>(`select count(*) as n from ${t.qualified}${where}`)).rows[0].n)
    }
    const info = await ds.info()
    return { ms, counts, block: info.latest?.number ?? null, health: info.health }
  } finally {
    await store.close()
  }
}
