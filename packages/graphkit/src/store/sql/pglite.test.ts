// New PGlite databases are copies of an empty cluster kept in the cache directory: the first one
// (initdb) writes it, later ones load it, a broken copy is ignored and written anew.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite } from './pglite.ts'

const root = mkdtempSync(join(tmpdir(), 'graphkit-pglite-'))
process.env.GRAPHKIT_CACHE_DIR = join(root, 'cache')
const cached = () => readdirSync(join(root, 'cache')).filter((f) => f.endsWith('-empty-cluster-1db.tar.gz'))
/** The cluster's databases: only `postgres`, where PGlite works (initdb's two template databases are dropped). */
const databases = async (db: Awaited<ReturnType<typeof openPglite>>) => (await db.query<{ datname: string }>('select datname from pg_database order by 1')).rows.map((r) => r.datname)

test.after(() => rmSync(root, { recursive: true, force: true }))

test('the first new database runs initdb and saves the empty cluster; new data directories are copies of it', async () => {
  const first = await openPglite()
  assert.equal(first.created, 'initdb')
  assert.deepEqual((await first.query('select 1 as x')).rows, [{ x: 1 }])
  assert.deepEqual(await databases(first), ['postgres'])
  await first.close()
  assert.equal(cached().length, 1, 'the template is saved')

  const dir = join(root, 'data', 'a')
  // What a process killed while building `a` would have left beside it.
  mkdirSync(join(root, 'data', 'a.new-999999', 'base'), { recursive: true })
  const a = await openPglite(dir)
  assert.equal(a.created, 'template')
  assert.deepEqual(await databases(a), ['postgres'])
  await a.query('create table t (x int4)')
  await a.query('insert into t values (7)')
  await a.close()
  assert.ok(existsSync(join(dir, 'PG_VERSION')))
  assert.deepEqual(readdirSync(join(root, 'data')).sort(), ['a'], 'no half-built directory is left beside it, nor an earlier one')

  const again = await openPglite(dir)
  assert.equal(again.created, 'existing')
  assert.deepEqual((await again.query('select x from t')).rows, [{ x: 7 }])
  // Every way of opening starts with 32 MB of shared buffers (initdb's postgresql.conf says 128 MB)
  // and 4 MB of WAL buffers (PostgreSQL would derive 1 MB from 32 MB of shared buffers).
  const buffers = 'select current_setting($1) as shared, current_setting($2) as wal'
  const expected = [{ shared: '32MB', wal: '4MB' }]
  assert.deepEqual((await again.query(buffers, ['shared_buffers', 'wal_buffers'])).rows, expected)
  await again.close()
  const inMemory = await openPglite()
  assert.deepEqual((await inMemory.query(buffers, ['shared_buffers', 'wal_buffers'])).rows, expected)
  assert.deepEqual(await databases(inMemory), ['postgres'])
  await inMemory.close()
})

test('a template that does not load is ignored and written anew', async () => {
  const path = join(root, 'cache', cached()[0]!)
  writeFileSync(path, 'not a gzip tarball')
  const db = await openPglite()
  assert.equal(db.created, 'initdb')
  assert.deepEqual((await db.query('select 2 as x')).rows, [{ x: 2 }])
  await db.close()
  assert.ok(statSync(path).size > 100_000, 'a real cluster was written back')
  const next = await openPglite()
  assert.equal(next.created, 'template')
  await next.close()
})

test('later new data directories are native copies of the unpacked cluster; one that does not start is dropped and the database built from the tarball', async () => {
  const clusterDir = join(root, 'cache', cached()[0]!.replace(/\.tar\.gz$/, ''))
  assert.ok(existsSync(join(clusterDir, 'PG_VERSION')), 'the first new data directory left the cluster unpacked beside the tarball')
  const b = await openPglite(join(root, 'data', 'b'))
  assert.equal(b.created, 'template')
  await b.query('create table t (x int4)')
  assert.deepEqual((await b.query('select count(*)::int4 as n from t')).rows, [{ n: 0 }])
  await b.close()
  // The cluster's control file overwritten: a copy cannot start. Beside it, what a process killed while saving one left.
  writeFileSync(join(clusterDir, 'global', 'pg_control'), 'not a control file')
  mkdirSync(`${clusterDir}.part-999999`)
  const c = await openPglite(join(root, 'data', 'c'))
  assert.equal(c.created, 'template')
  assert.deepEqual((await c.query('select 3 as x')).rows, [{ x: 3 }])
  await c.close()
  assert.ok(statSync(join(clusterDir, 'global', 'pg_control')).size > 100, 'the broken cluster directory was written anew')
  assert.deepEqual(readdirSync(join(root, 'data')).sort(), ['a', 'b', 'c'])
  assert.ok(!existsSync(`${clusterDir}.part-999999`), 'the dead process\'s copy is removed')
})
