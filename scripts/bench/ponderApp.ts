// Runs the benchmark's Ponder app (scripts/bench/ponder, installed by `npm run bench:ponder:install`,
// never during the benchmark) with `ponder start` as a child process, and times it from spawn to its
// /ready endpoint answering 200 and to the whole chain indexed; then reads its row counts and stops it.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../contracts/scripts/lib/anvil.ts'
import { track } from './children.ts'

export const ponderAppDir = fileURLToPath(new URL('./ponder/', import.meta.url))
export const PONDER_VERSION = '0.16.10'

/** Why the Ponder app cannot run (not installed, or another version), or null when it can. */
export function ponderMissing(): string | null {
  const pkg = join(ponderAppDir, 'node_modules/ponder/package.json')
  if (!existsSync(pkg)) return `the Ponder app is not installed: run \`npm run bench:ponder:install\` (installs ponder@${PONDER_VERSION} into scripts/bench/ponder/node_modules)`
  const version = JSON.parse(readFileSync(pkg, 'utf8')).version
  if (version !== PONDER_VERSION) return `scripts/bench/ponder has ponder@${version}, expected ${PONDER_VERSION}: run \`npm run bench:ponder:install\``
  return null
}

export interface PonderRun {
  /** Spawn to /ready answering 200. */
  readyMs: number
  /** Spawn to /status reporting the chain's last block. */
  ms: number
  counts: Record<string, number>
  block: number
}

export async function runPonder(o: { rpcUrl: string; factory: string; startBlock: number; endBlock: number; pgliteDir?: string; databaseUrl?: string; timeoutMs?: number }): Promise<PonderRun> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  // `ponder start` requires a database schema name, on PGlite too.
  const args = [join(ponderAppDir, 'node_modules/ponder/dist/esm/bin/ponder.js'), '--log-level', 'warn', 'start', '--schema', 'bench', '--hostname', '127.0.0.1', '--port', String(port)]
  const env: NodeJS.ProcessEnv = {
    ...process.env, PONDER_TELEMETRY_DISABLED: 'true', BENCH_RPC_URL: o.rpcUrl, BENCH_FACTORY: o.factory, BENCH_START_BLOCK: String(o.startBlock),
    BENCH_DATABASE_URL: o.databaseUrl ?? '', BENCH_PGLITE_DIR: o.pgliteDir ?? '', DATABASE_URL: '', DATABASE_PRIVATE_URL: '',
  }
  // A busy Ponder may refuse or drop a connection now and then: that is no answer yet, not a failure.
  const get = (path: string) => fetch(`${base}${path}`).catch(() => null)
  const start = performance.now()
  const child = track(spawn(process.execPath, args, { cwd: ponderAppDir, env, stdio: ['ignore', 'pipe', 'pipe'] }))
  let output = ''
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)))
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)))
  // exitCode stays null for a child killed by a signal: the 'exit' event is the one sure sign.
  let gone = false
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => {
    gone = true
    resolve(String(code ?? signal))
  }))
  try {
    const deadline = start + (o.timeoutMs ?? 600_000)
    // /ready turns 200 once the historical sync reached the block Ponder deems final: head - 30 on a
    // chain it does not know, such as anvil's 31337 (ponder's utils/finality getFinalityBlockCount);
    // the last 30 blocks are indexed as realtime blocks after that. Both times are taken: ready, and
    // the whole chain indexed (/status at the chain's last block).
    let readyMs = 0
    let block = -1
    for (;;) {
      if (gone) throw new Error(`ponder start exited (${await exited}) before it indexed the chain:\n${output}`)
      if (performance.now() > deadline) throw new Error(`ponder start did not index the chain within ${((o.timeoutMs ?? 600_000) / 1000).toFixed(0)} s (ready: ${readyMs > 0}, block ${block}):\n${output}`)
      if (!readyMs && (await get('/ready'))?.status === 200) readyMs = performance.now() - start
      if (readyMs) {
        const status = await get('/status')
        if (status?.status === 200) block = ((await status.json()) as Record<string, { block: { number: number } }>).anvil?.block.number ?? -1
        if (block >= o.endBlock) break
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    const ms = performance.now() - start
    const answer = await get('/bench/counts')
    const text = (await answer?.text()) ?? ''
    if (answer?.status !== 200) throw new Error(`the Ponder app's /bench/counts answered ${answer?.status ?? 'nothing'}: ${text}\n${output}`)
    const counts = JSON.parse(text) as Record<string, number>
    return { readyMs, ms, counts, block }
  } finally {
    if (!gone) {
      child.kill('SIGTERM')
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))])
      if (code === 'timeout') {
        child.kill('SIGKILL')
        await exited
      }
    }
  }
}
