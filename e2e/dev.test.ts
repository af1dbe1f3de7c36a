// `npm run dev` as a user runs it (scripts/dev.ts in a child process): it serves the scenario's data,
// stops everything on Ctrl-C, and a restart resumes the same chain and index instead of starting over.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { repoRoot } from './lib/buildSubgraph.ts'
import { freePort } from '../contracts/scripts/lib/anvil.ts'

const tmp = mkdtempSync(join(tmpdir(), 'e2e-dev-'))
const children: ChildProcess[] = []
after(async () => {
  // A failed assertion must not leave a dev stack (and its anvil) running: that would hang the run.
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null) continue
    const exited = new Promise((r) => c.once('exit', r))
    c.kill('SIGTERM')
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))])
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  }
  rmSync(tmp, { recursive: true, force: true })
})

async function post<T>(url: string, body: unknown): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await r.json()) as T
}

interface Run { child: ChildProcess; output: () => string; exit: Promise<number | null> }

function startDev(args: string[]): Run {
  // The default store (PGlite in --data-dir): DATABASE_URL, set for the PostgreSQL tests, is left out.
  const { DATABASE_URL: _, ...env } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/dev.ts'), ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  return { child, output: () => out, exit }
}

async function until<T>(what: string, run: Run, f: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (run.child.exitCode !== null) assert.fail(`dev exited (${run.child.exitCode}) while waiting for ${what}:\n${run.output()}`)
    const v = await f().catch(() => undefined)
    if (v !== undefined) return v
    await new Promise((r) => setTimeout(r, 250))
  }
  return assert.fail(`timed out waiting for ${what}:\n${run.output()}`)
}

test('npm run dev serves the campaign, stops on Ctrl-C, and resumes on restart', async () => {
  const [port, statusPort, chainPort] = [await freePort(), await freePort(), await freePort()]
  const args = ['--data-dir', join(tmp, 'data'), '--port', String(port), '--status-port', String(statusPort), '--chain-port', String(chainPort), '--stakers', '4', '--days', '3', '--no-activity']
  const rpcUrl = `http://127.0.0.1:${chainPort}`
  const query = `http://127.0.0.1:${port}/subgraphs/name/nft-staking`
  type Meta = { data?: { _meta: { block: { number: number } }; vaults: { id: string }[] } }
  const synced = async (run: Run) => {
    return until('the endpoint to reach the chain head', run, async () => {
      const head = Number((await post<{ result: string }>(rpcUrl, { jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] })).result)
      const r = await post<Meta>(query, { query: '{ _meta { block { number } } vaults { id } }' })
      return r.data && r.data._meta.block.number === head ? { head, vaults: r.data.vaults.length } : undefined
    })
  }

  const first = startDev(args)
  await until('the query URL to be printed', first, async () => (first.output().includes(query) ? true : undefined))
  const a = await synced(first)
  assert.equal(a.vaults, 3, 'the scenario creates three vaults (Genesis, Partner, Late)')
  assert.match(first.output(), /indexing from the start block/, first.output())
  first.child.kill('SIGINT')
  assert.equal(await first.exit, 0, first.output())
  await assert.rejects(fetch(rpcUrl, { method: 'POST', body: '{}' }), 'anvil is stopped with the stack')

  const second = startDev(args)
  const b = await synced(second)
  assert.equal(b.head, a.head, 'the saved chain is loaded, not played again')
  assert.match(second.output(), /local chain resumed/)
  assert.equal(Number(/index resumes after block (\d+)/.exec(second.output())?.[1]), a.head, `the restart resumes the index where the first run stopped:\n${second.output()}`)
  second.child.kill('SIGTERM')
  assert.equal(await second.exit, 0, second.output())
})
