/**
 * Durability: a process killed with SIGKILL at any moment leaves exactly the writes of
 * its last commit (cursor and data together), and a closed PGlite data dir reopens intact.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openSql } from './sql/openSql.ts'
import { createStore } from './createStore.ts'
import { freshPostgres } from './withAdapters.ts'
import { schema, writesFor, expectedAfter, BLOCKS_PER_COMMIT } from './fixtures/crashWorkload.ts'
import type { DeploymentStore } from './types.ts'

const child = fileURLToPath(new URL('./fixtures/commitLoop.ts', import.meta.url))
const key = (e: Map<string, unknown>) => JSON.stringify([...e], (_, v) => (typeof v === 'bigint' ? v.toString() : v))

async function assertStateIs(d: DeploymentStore, last: number) {
  const want = expectedAfter(last)
  for (const [type, byId] of want) {
    const got = await d.loadCurrent(type)
    assert.equal(got.length, byId.size, `${type} count after block ${last}`)
    for (const e of got) {
      const id = (e.get('id') as { value: string }).value
      assert.equal(key(e), key(byId.get(id)!), `${type} ${id} after block ${last}`)
    }
  }
  assert.equal((await d.info()).entityCount, want.get('Account')!.size + want.get('Transfer')!.size)
}

/** Runs the commit loop until `commits` commits printed, then SIGKILLs it at once. */
function runAndKill(kind: string, target: string, commits: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, kind, target], { stdio: ['ignore', 'pipe', 'pipe'] })
    let seen = 0
    let err = ''
    p.stderr.on('data', (b) => (err += b))
    p.stdout.on('data', (b: Buffer) => {
      seen += b.toString().split('\n').filter((l) => l.startsWith('committed')).length
      if (seen >= commits) p.kill('SIGKILL')
    })
    p.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`child exited ${code}: ${err}`))))
  })
}

async function crashThenCheck(kind: 'pglite' | 'postgres', target: string) {
  for (const commits of [3, 7]) {
    const printed = await runAndKill(kind, target, commits)
    const sql = await openSql(kind === 'postgres' ? { databaseUrl: target } : { dataDir: target })
    try {
      const d = (await (await createStore(sql)).find('crash'))!
      const last = (await d.info()).latest!.number
      assert.equal(last % BLOCKS_PER_COMMIT, 0, 'the cursor is always at a commit boundary')
      assert.ok(last >= printed * BLOCKS_PER_COMMIT, `cursor ${last} covers the ${printed} commits the child reported`)
      await assertStateIs(d, last)
      assert.deepEqual((await d.recentBlocks(1))[0], writesFor(last).block)
    } finally {
      await sql.close()
    }
  }
}

describe('durability', () => {
  it('pglite: reopening a data dir keeps data and cursor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graphkit-store-'))
    try {
      let sql = await openSql({ dataDir: dir })
      let d = await (await createStore(sql)).deploy({ id: 'QmR', name: 'reopen', network: 'anvil', startBlock: 0, schema })
      await d.commit([writesFor(1), writesFor(2)], writesFor(2).block)
      await sql.close()
      sql = await openSql({ dataDir: dir })
      d = (await (await createStore(sql)).find('reopen'))!
      assert.deepEqual((await d.info()).latest, { number: 2, hash: writesFor(2).block.hash })
      await assertStateIs(d, 2)
      await sql.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('postgres: kill -9 mid-commit restarts from the last commit with exactly its data', async (t) => {
    const db = await freshPostgres()
    if (!db) return t.skip('PostgreSQL unreachable')
    try {
      await crashThenCheck('postgres', db.url)
    } finally {
      await db.drop()
    }
  })

  it('pglite: kill -9 mid-commit restarts from the last commit with exactly its data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graphkit-crash-'))
    try {
      await crashThenCheck('pglite', dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
