// Runs queries against PGlite tables built from the shared layout, rows inserted with SQL;
// expected results are worked by hand from graph-node's documented semantics.
import { test } from 'node:test'
import { withAdapters } from '../store/withAdapters.ts'
import assert from 'node:assert/strict'
import { parseSchema } from '../subgraph/schema.ts'
import { attributeIndexesSql, buildLayout, createTablesSql } from '../store/layout.ts'
import type { DeploymentStore, Sql } from '../store/types.ts'
import { buildApiSchema } from './apiSchema.ts'
import { executeQuery } from './execute.ts'

const SDL = `
type Pool @entity { id: ID! name: String! total: BigInt! owner: Bytes! positions: [Position!]! @derivedFrom(field: "pool") }
type Position @entity { id: ID! pool: Pool! amount: Int! big: Int8! }
type Bundle @entity { id: ID! members: [Position!]! }
interface Event { id: ID! at: Int! }
type Stake implements Event @entity(immutable: true) { id: ID! at: Int! nfts: [Int!]! }
type Claim implements Event @entity(immutable: true) { id: ID! at: Int! paid: BigDecimal! }
`

async function setup(sql: Sql) {
  const schema = parseSchema(SDL)
  const ns = `q${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const layout = buildLayout(schema, ns)
  for (const s of [...createTablesSql(layout), ...attributeIndexesSql(layout)]) await sql.query(s)
  const db = { exec: (s: string) => sql.query(s.replaceAll('sgd1.', `${ns}.`)), close: () => sql.query(`drop schema ${ns} cascade`) }
  await db.exec(`insert into sgd1.stake (id, at, nfts, block$) values ('s1', 5, '{1,2}', 1), ('s2', 1, '{3}', 4)`)
  await db.exec(`insert into sgd1.bundle (id, members, block_range) values ('x', '{c,a,zz}', '[1,)')`)
  await db.exec(`insert into sgd1.claim (id, at, paid, block$) values ('c1', 3, 1.5, 2)`)
  await db.exec(`insert into sgd1.pool (id, name, total, owner, block_range) values
    ('p1', 'Alpha', 100, '\\x01ab', '[1,5)'), ('p1', 'Alpha2', 150, '\\x01ab', '[5,)'), ('p2', 'beta', 7, '\\x02', '[2,)')`)
  await db.exec(`insert into sgd1.position (id, pool, amount, big, block_range) values
    ('a', 'p1', 3, 9000000000, '[1,)'), ('b', 'p1', 1, 1, '[3,)'), ('c', 'p2', 2, 2, '[2,)')`)
  const store = {
    layout, sql,
    info: async () => ({ id: 'QmTest', latest: { number: 6, hash: '0x06' }, earliestBlock: 0, fatalError: null, nonFatalErrors: [] }),
    recentBlocks: async () => [{ number: 6, hash: '0x06' }],
  } as unknown as DeploymentStore
  const api = buildApiSchema(schema)
  return { db, store, api, run: (q: string, caps?: { timeoutMs: number; maxBytes: number }) => executeQuery(store, api, q, {}, caps) }
}

withAdapters('executeQuery', (sql) => test('filters, ordering, derived fields, time travel, interfaces, errors', async () => {
  const { db, store, api, run } = await setup(sql())
  assert.deepEqual(await run('{ pools(orderBy: total, orderDirection: desc) { id name total owner } }'), {
    data: { pools: [{ id: 'p1', name: 'Alpha2', total: '150', owner: '0x01ab' }, { id: 'p2', name: 'beta', total: '7', owner: '0x02' }] },
  })
  assert.deepEqual(await run('{ pools(block: { number: 4 }, where: { name_starts_with_nocase: "al" }) { name } }'), { data: { pools: [{ name: 'Alpha' }] } })
  assert.deepEqual(await run('{ pools(block: { number: 2 }) { id positions { id } } }'), {
    data: { pools: [{ id: 'p1', positions: [{ id: 'a' }] }, { id: 'p2', positions: [{ id: 'c' }] }] },
  })
  assert.deepEqual(await run('{ positions(where: { pool_: { name: "beta" } }) { id big pool { id } } }'), {
    data: { positions: [{ id: 'c', big: '2', pool: { id: 'p2' } }] },
  })
  assert.deepEqual(await run('{ positions(orderBy: pool__total, where: { or: [{ amount_gt: 2 }, { id: "c" }] }) { id } }'), {
    data: { positions: [{ id: 'c' }, { id: 'a' }] },
  })
  assert.deepEqual(await run('{ pool(id: "p1") { name } _meta { deployment block { number } } }'), {
    data: { pool: { name: 'Alpha2' }, _meta: { deployment: 'QmTest', block: { number: 6 } } },
  })
  assert.equal((await run('{ pools(first: 1001) { id } }')).errors![0].message, 'The `first` argument must be between 0 and 1000, but is 1001')
  assert.match((await run('{ pools { nope } }')).errors![0].message, /Cannot query field "nope" on type "Pool"/)
  assert.match((await run('{ pools(block: { number: 99 }) { id } }')).errors![0].message, /has only indexed up to block number 6/)
  // Interfaces: rows of every implementor merged by the sort key.
  assert.deepEqual(await run('{ events(orderBy: at) { __typename id at } }'), {
    data: { events: [{ __typename: 'Stake', id: 's2', at: 1 }, { __typename: 'Claim', id: 'c1', at: 3 }, { __typename: 'Stake', id: 's1', at: 5 }] },
  })
  assert.deepEqual(await run('{ events(first: 1, skip: 1, block: { number: 3 }) { id } }'), { data: { events: [{ id: 's1' }] } })
  assert.deepEqual(await run('{ claims { paid } stakes(where: { nfts_contains: [2] }) { id nfts } }'), { data: { claims: [{ paid: '1.5' }], stakes: [{ id: 's1', nfts: [1, 2] }] } })
  // _change_block: versions that started at or after block 3 (b at 3, p1's second version at 5).
  assert.deepEqual(await run('{ positions(where: { _change_block: { number_gte: 3 } }) { id } pools(where: { _change_block: { number_gte: 3 } }) { id } }'), {
    data: { positions: [{ id: 'b' }], pools: [{ id: 'p1' }] },
  })
  assert.deepEqual(await run('{ positions(where: { amount_in: [1, 2], id_not: "c" }) { id } }'), { data: { positions: [{ id: 'b' }] } })
  assert.equal((await run('{ pools(skip: -1) { id } }')).errors![0].message, 'The `skip` argument must be between 0 and 4294967295, but is -1')
  // Many-to-many list relation: stored order unless ordered; ids with no row are left out.
  assert.deepEqual(await run('{ bundles { members { id } sorted: members(orderBy: amount, orderDirection: desc, first: 1) { id amount } } }'), {
    data: { bundles: [{ members: [{ id: 'c' }, { id: 'a' }], sorted: [{ id: 'a', amount: 3 }] }] },
  })
  // Derived lists are limited per parent in SQL (row_number over the back reference): p1 has a (3) and b (1), p2 has c.
  assert.deepEqual(await run('{ pools { id s: positions(first: 1, skip: 1, orderBy: amount) { id } d: positions(first: 1, orderDirection: desc) { id } } }'), {
    data: { pools: [{ id: 'p1', s: [{ id: 'a' }], d: [{ id: 'b' }] }, { id: 'p2', s: [], d: [{ id: 'c' }] }] },
  })
  // subgraphError: deny (default) answers no data once the deployment has indexing errors; allow answers data plus the error.
  const failing = { ...store, info: async () => ({ ...(await store.info()), nonFatalErrors: [{ message: 'boom', block: null, handler: null, deterministic: true }] }) } as DeploymentStore
  assert.deepEqual(await executeQuery(failing, api, '{ pools { id } }'), { data: null, errors: [{ message: 'indexing_error' }] })
  assert.deepEqual(await executeQuery(failing, api, '{ pools(subgraphError: allow) { id } _meta { hasIndexingErrors } }'), {
    data: { pools: [{ id: 'p1' }, { id: 'p2' }], _meta: { hasIndexingErrors: true } }, errors: [{ message: 'indexing_error' }],
  })
  // {"pools":[{"id":"p1"},{"id":"p2"}]} is 35 bytes.
  assert.deepEqual(await run('{ pools { id } }', { timeoutMs: 10_000, maxBytes: 34 }), { data: null, errors: [{ message: 'the result size of 35 is larger than the allowed limit of 34' }] })
  assert.deepEqual(await run('{ pools(where: { name: "x", or: [{ id: "p1" }] }) { id } }'), { data: null, errors: [{ message:
    "Cannot mix column filters with 'or' operator at the same level. Found column filter(s) 'name' alongside 'or' operator.\n\nInstead of:\nwhere: { 'name', or: [...] }\n\nUse:\nwhere: { or: [{ 'name', ... }, { 'name', ... }] }" }] })
  // number_gte runs at the latest block once the subgraph has reached it.
  assert.deepEqual(await run('{ pools(block: { number_gte: 6 }) { name } }'), { data: { pools: [{ name: 'Alpha2' }, { name: 'beta' }] } })
  assert.match((await run('{ pools(block: { number_gte: 7 }) { name } }')).errors![0].message, /only indexed up to block number 6 and data for block number 7/)
  // _meta under a block constraint has no hash (graph-node meta.graphql).
  assert.deepEqual(await run('{ _meta(block: { number: 6 }) { block { number hash } } }'), { data: { _meta: { block: { number: 6, hash: null } } } })
  await db.close()
}))
