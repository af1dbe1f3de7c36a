import { it } from 'node:test'
import assert from 'node:assert/strict'
import { parseSchema } from '../subgraph/schema.ts'
import type { Entity, Value } from '../subgraph/values.ts'
import type { BlockWrites, EntityOp, DeploymentStore } from './types.ts'
import { createStore } from './createStore.ts'
import { withAdapters } from './withAdapters.ts'
import { DeterministicError } from '../internal/errors.ts'

const SDL = `
enum Kind { Small, Large }
type Thing @entity {
  id: ID!
  name: String
  big: BigInt
  dec: BigDecimal
  n: Int
  n8: Int8
  flag: Boolean
  data: Bytes
  at: Timestamp
  kind: Kind
  tags: [String!]
  bigs: [BigInt!]
  blobs: [Bytes!]
  owner: Owner
}
type Owner @entity { id: Bytes!  count: Int! }
type Log @entity(immutable: true) { id: ID!  amount: BigInt! }
`
const schema = parseSchema(SDL)
const S = (value: string): Value => ({ kind: 'String', value })
const I = (value: number): Value => ({ kind: 'Int', value })
const B = (value: bigint): Value => ({ kind: 'BigInt', value })
const hexBytes = (h: string): Value => ({ kind: 'Bytes', value: new Uint8Array(Buffer.from(h, 'hex')) })
const ent = (o: Record<string, Value>): Entity => new Map(Object.entries(o))
const hash = (n: number, fork = 'a') => '0x' + fork + n.toString(16).padStart(63, '0')
const blk = (n: number, ops: EntityOp[], fork = 'a'): BlockWrites => ({
  block: { number: n, hash: hash(n, fork), parentHash: hash(n - 1, fork) },
  ops,
  dataSources: [],
})
const owner = (id: string, count: number): EntityOp => ({ type: 'Owner', id, entity: ent({ id: hexBytes(id.slice(2)), count: I(count) }) })
const sorted = (es: Entity[]) => es.map((e) => [...e].sort(([a], [b]) => a.localeCompare(b))).sort((a, b) => JSON.stringify(a, big).localeCompare(JSON.stringify(b, big)))
const big = (_: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)

let n = 0
withAdapters('store', (sql) => {
  const fresh = async (): Promise<DeploymentStore> => {
    n++
    const store = await createStore(sql())
    return store.deploy({ id: `Qm${n}`, name: `test/${n}`, network: 'anvil', startBlock: 0, schema })
  }

  it('builds attribute indexes when the deployment first reaches the chain head, not during backfill', async () => {
    const d = await fresh()
    const names = async () => (await sql().query<{ indexname: string }>('select indexname from pg_indexes where schemaname = $1', [d.layout.namespace])).rows.map((r) => r.indexname).sort()
    const before = await names()
    // Indexing needs ids, current versions and ranges from the start.
    for (const ix of ['thing_id_current', 'thing_id_lower', 'log_id_key']) assert.ok(before.includes(ix), `${ix} in ${before}`)
    assert.ok(!before.includes('thing_name') && !before.includes('thing_big'))
    await d.commit([blk(1, [owner('0x01', 1)])], { number: 1, hash: hash(1) })
    await d.setChainHead({ number: 5, hash: hash(5) }, false)
    assert.deepEqual(await names(), before)
    await d.setChainHead({ number: 5, hash: hash(5) }, true)
    const after = await names()
    // One per scalar attribute of every type (lists and ids excepted), as graph-node builds them.
    for (const ix of ['thing_name', 'thing_big', 'thing_dec', 'thing_n', 'thing_n8', 'thing_flag', 'thing_data', 'thing_at', 'thing_kind', 'thing_owner', 'owner_count', 'log_amount']) assert.ok(after.includes(ix), `${ix} missing`)
    for (const ix of ['thing_tags', 'thing_bigs', 'thing_blobs']) assert.ok(!after.includes(ix), `${ix} should not exist`)
    assert.deepEqual((await d.info()).synced, true)
  })

  it('headWorkStep builds the attribute indexes one at a time, then analyzes; the head re-analyzes only tables changed by more than 50 rows + 10%', async () => {
    const d = await fresh()
    const ns = d.layout.namespace
    const names = async () => new Set((await sql().query<{ indexname: string }>('select indexname from pg_indexes where schemaname = $1', [ns])).rows.map((r) => r.indexname))
    const tuples = async (table: string) => Number((await sql().query<{ n: number }>(`select reltuples::float8 as n from pg_class where oid = '${ns}.${table}'::regclass`)).rows[0]!.n)
    const logs = (from: number, count: number): EntityOp[] => Array.from({ length: count }, (_, i) => ({ type: 'Log', id: `l${from + i}`, entity: ent({ id: S(`l${from + i}`), amount: B(BigInt(i)) }) }))
    const owners = (count: number, c: number): EntityOp[] => Array.from({ length: count }, (_, i) => owner(`0x${(i + 1).toString(16).padStart(4, '0')}`, c))
    // 1000 logs and 200 owners.
    await d.commit([blk(1, [...logs(0, 1000), ...owners(200, 1)])], { number: 1, hash: hash(1) })
    const base = await names()
    // The schema has 12 scalar attributes besides ids (the test above lists them): 12 steps, one index each.
    let steps = 0
    while (await d.headWorkStep('index')) {
      steps++
      assert.equal((await names()).size, base.size + steps)
    }
    assert.equal(steps, 12)
    // Indexes done: 'index' has nothing left; 'analyze' does one table per step (Thing, Owner, Log).
    assert.equal(await d.headWorkStep('index'), false)
    let analyzed = 0
    while (await d.headWorkStep('analyze')) analyzed++
    assert.equal(analyzed, 3)
    assert.equal(await tuples('log'), 1000)
    assert.equal(await tuples('owner'), 200)
    // Logs: 1000 + 200 new rows, over 50 + 10% of 1000 = 150: analyzed again at the head.
    // Owners: 100 of 200 get a new version (100 inserted, 100 closed = 200 changed, over 50 + 20):
    // analyzed again. Owner then has 300 rows. Thing: untouched, not again.
    await d.commit([blk(2, [...logs(1000, 200), ...owners(100, 2)])], { number: 2, hash: hash(2) })
    await d.setChainHead({ number: 2, hash: hash(2) }, true)
    assert.equal(await tuples('log'), 1200)
    assert.equal(await tuples('owner'), 300)
    assert.equal((await names()).size, base.size + 12)
    // Nothing is left for the steps once the head work is done.
    assert.equal(await d.headWorkStep('analyze'), false)
  })

  it('the head re-analyzes a table analyzed ahead of it only past the threshold', async () => {
    const d = await fresh()
    const ns = d.layout.namespace
    const tuples = async (table: string) => Number((await sql().query<{ n: number }>(`select reltuples::float8 as n from pg_class where oid = '${ns}.${table}'::regclass`)).rows[0]!.n)
    const logs = (from: number, count: number): EntityOp[] => Array.from({ length: count }, (_, i) => ({ type: 'Log', id: `l${from + i}`, entity: ent({ id: S(`l${from + i}`), amount: B(BigInt(i)) }) }))
    await d.commit([blk(1, logs(0, 1000))], { number: 1, hash: hash(1) })
    while (await d.headWorkStep('analyze'));
    assert.equal(await tuples('log'), 1000)
    // 140 new rows: not over 50 + 10% of 1000 = 150, so the head leaves the statistics of 1000 rows.
    await d.commit([blk(2, logs(1000, 140))], { number: 2, hash: hash(2) })
    await d.setChainHead({ number: 2, hash: hash(2) }, true)
    assert.equal(await tuples('log'), 1000)
  })

  it('round-trips every scalar, list, enum and reference', async () => {
    const d = await fresh()
    const thing = ent({
      id: S('t1'),
      name: S('héllo "quoted" \\ back'),
      big: B(-(2n ** 255n) + 7n),
      dec: { kind: 'BigDecimal', value: { digits: -12345n, exp: -40 } },
      n: I(-2147483648),
      n8: { kind: 'Int8', value: 9223372036854775807n },
      flag: { kind: 'Bool', value: true },
      data: hexBytes('00ff10'),
      at: { kind: 'Timestamp', value: 1700000000123456n },
      kind: S('Large'),
      tags: { kind: 'Array', value: [S('a,b'), S('{c}'), S('NULL')] },
      bigs: { kind: 'Array', value: [B(10n ** 40n), B(-1n)] },
      blobs: { kind: 'Array', value: [hexBytes(''), hexBytes('abcd')] },
      owner: hexBytes('aa'),
    })
    await d.commit([blk(1, [{ type: 'Thing', id: 't1', entity: thing }])], blk(1, []).block)
    assert.deepEqual(await d.get('Thing', 't1'), thing)
    const bigDec = (await d.get('Thing', 't1'))!.get('dec')!
    assert.deepEqual(bigDec, { kind: 'BigDecimal', value: { digits: -12345n, exp: -40 } })
    await d.commit([blk(2, [{ type: 'Thing', id: 't2', entity: ent({ id: S('t2') }) }])], blk(2, []).block)
    assert.deepEqual(await d.get('Thing', 't2'), ent({ id: S('t2') }))
  })

  it('versions updates and removals by block, readable as of past blocks', async () => {
    const d = await fresh()
    await d.commit([blk(1, [owner('0xaa', 1)]), blk(2, [owner('0xbb', 5)])], blk(2, []).block)
    await d.commit([blk(3, [owner('0xaa', 2)]), blk(4, [{ type: 'Owner', id: '0xbb', entity: null }]), blk(5, [owner('0xaa', 3)])], blk(5, []).block)
    const count = async (id: string, b?: number) => (await d.get('Owner', id, b))?.get('count') ?? null
    assert.equal(await count('0xaa', 0), null)
    assert.deepEqual(await count('0xaa', 1), I(1))
    assert.deepEqual(await count('0xaa', 2), I(1))
    assert.deepEqual(await count('0xaa', 3), I(2))
    assert.deepEqual(await count('0xaa', 4), I(2))
    assert.deepEqual(await count('0xaa'), I(3))
    assert.deepEqual(await count('0xbb', 3), I(5))
    assert.equal(await count('0xbb', 4), null)
    assert.equal(await count('0xbb'), null)
    assert.equal((await d.loadCurrent('Owner')).length, 1)
    const info = await d.info()
    assert.equal(info.entityCount, 1)
    assert.deepEqual(info.latest, { number: 5, hash: hash(5) })
  })

  it('keeps the last of several writes in one block, and replaces a version written again at its own block', async () => {
    const d = await fresh()
    await d.commit([blk(1, [owner('0xaa', 1), owner('0xaa', 2), owner('0xcc', 1), { type: 'Owner', id: '0xcc', entity: null }])], blk(1, []).block)
    assert.deepEqual((await d.get('Owner', '0xaa', 1))?.get('count'), I(2))
    assert.equal(await d.get('Owner', '0xcc'), null)
    await d.commit([blk(1, [owner('0xaa', 9)])], blk(1, []).block)
    assert.deepEqual((await d.get('Owner', '0xaa', 1))?.get('count'), I(9))
    const rows = await d.sql.query<{ n: number }>(`select count(*)::int4 as n from ${d.layout.tables.get('Owner')!.qualified}`)
    assert.equal(rows.rows[0]!.n, 1)
    assert.equal((await d.info()).entityCount, 1)
  })

  it('rejects a second write of an immutable id, leaving cursor and data unchanged', async () => {
    const d = await fresh()
    const log = (id: string, amount: bigint): EntityOp => ({ type: 'Log', id, entity: ent({ id: S(id), amount: B(amount) }) })
    await d.commit([blk(1, [log('l1', 1n)])], blk(1, []).block)
    await assert.rejects(d.commit([blk(2, [owner('0xaa', 1), log('l2', 2n)]), blk(3, [log('l1', 3n)])], blk(3, []).block), DeterministicError)
    const info = await d.info()
    assert.equal(info.latest?.number, 1)
    assert.equal(info.entityCount, 1)
    assert.equal(await d.get('Owner', '0xaa'), null)
    assert.equal(await d.get('Log', 'l2'), null)
    assert.deepEqual((await d.get('Log', 'l1'))?.get('amount'), B(1n))
    // A non-null field left empty fails the same way.
    await assert.rejects(d.commit([blk(2, [{ type: 'Owner', id: '0xdd', entity: ent({ id: hexBytes('dd') }) }])], blk(2, []).block), DeterministicError)
    assert.equal((await d.info()).latest?.number, 1)
  })

  it('revert to an earlier block gives the state of a fresh run up to that block', async () => {
    const history: BlockWrites[] = [
      blk(1, [owner('0xaa', 1), owner('0xbb', 1)]),
      blk(2, [owner('0xaa', 2), { type: 'Log', id: 'x', entity: ent({ id: S('x'), amount: B(1n) }) }]),
      blk(3, [{ type: 'Owner', id: '0xbb', entity: null }, owner('0xcc', 3)]),
      blk(4, [owner('0xaa', 4), owner('0xbb', 4), { type: 'Log', id: 'y', entity: ent({ id: S('y'), amount: B(2n) }) }]),
    ]
    history[3]!.dataSources.push({ template: 'Vault', params: ['0x01'], context: null, createdAtBlock: 4 })
    history[1]!.dataSources.push({ template: 'Vault', params: ['0x02'], context: ent({ a: I(1) }), createdAtBlock: 2 })
    const full = await fresh()
    await full.commit(history.slice(0, 2), history[1]!.block)
    await full.commit(history.slice(2), history[3]!.block)
    await full.revertTo(history[1]!.block)
    const ref = await fresh()
    await ref.commit(history.slice(0, 2), history[1]!.block)
    for (const type of ['Owner', 'Log', 'Thing']) assert.deepEqual(sorted(await full.loadCurrent(type)), sorted(await ref.loadCurrent(type)))
    // By hand: after block 2, aa=2, bb=1, Log x.
    assert.deepEqual((await full.get('Owner', '0xaa'))?.get('count'), I(2))
    assert.deepEqual((await full.get('Owner', '0xbb'))?.get('count'), I(1))
    assert.equal(await full.get('Owner', '0xcc'), null)
    assert.equal(await full.get('Log', 'y'), null)
    const info = await full.info()
    assert.equal(info.entityCount, 3)
    assert.deepEqual(info.latest, { number: 2, hash: hash(2) })
    assert.deepEqual((await full.recentBlocks(10)).map((b) => b.number), [2, 1])
    const dds = await full.dynamicDataSources()
    assert.equal(dds.length, 1)
    assert.deepEqual(dds[0]!.params, ['0x02'])
    assert.deepEqual(dds[0]!.context, ent({ a: I(1) }))
    // Re-index the new fork: same state as indexing it fresh.
    await full.commit([blk(3, [owner('0xee', 7)], 'b')], blk(3, [], 'b').block)
    assert.deepEqual((await full.get('Owner', '0xee'))?.get('count'), I(7))
    assert.equal((await full.recentBlocks(1))[0]!.hash, hash(3, 'b'))
  })

  it('reports status: health, errors, chain head, entity count', async () => {
    const d = await fresh()
    await d.commit([blk(1, [owner('0xaa', 1), owner('0xbb', 1)])], blk(1, []).block)
    await d.setChainHead({ number: 10, hash: hash(10) }, false)
    await d.setError({ message: 'rpc down', block: null, handler: null, deterministic: false })
    assert.equal((await d.info()).health, 'unhealthy')
    await d.commit([blk(2, [])], blk(2, []).block)
    let info = await d.info()
    assert.equal(info.health, 'healthy')
    assert.deepEqual(info.chainHead, { number: 10, hash: hash(10) })
    assert.equal(info.synced, false)
    assert.equal(info.entityCount, 2)
    const fatal = { message: 'boom', block: { number: 3, hash: hash(3) }, handler: 'handleStaked', deterministic: true }
    await d.setError(fatal)
    info = await d.info()
    assert.equal(info.health, 'failed')
    assert.deepEqual(info.fatalError, fatal)
  })
})
