// A real listening server over the real store (commit path), queried with fetch on both adapters.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseSchema } from '../subgraph/schema.ts'
import { createStore } from '../store/createStore.ts'
import { withAdapters } from '../store/withAdapters.ts'
import type { Entity } from '../subgraph/values.ts'
import { startServer } from './httpServer.ts'

const SDL = `
"A staking pool"
type Pool @entity { id: ID! name: String! staked: BigInt! tags: [String!]! positions: [Position!]! @derivedFrom(field: "pool") }
type Position @entity(immutable: true) { id: Bytes! pool: Pool! amount: Int8! }
`
const pool = (name: string, staked: bigint, tags: string[]): Entity => new Map<string, any>([
  ['id', { kind: 'String', value: 'p1' }], ['name', { kind: 'String', value: name }], ['staked', { kind: 'BigInt', value: staked }],
  ['tags', { kind: 'Array', value: tags.map((t) => ({ kind: 'String', value: t })) }],
])
const position = (id: number, amount: bigint): Entity => new Map<string, any>([
  ['id', { kind: 'Bytes', value: new Uint8Array([id]) }], ['pool', { kind: 'String', value: 'p1' }], ['amount', { kind: 'Int8', value: amount }],
])

withAdapters('HTTP server', (sql) => {
  test('routes, queries at blocks, status API, CORS', async () => {
    const store = await createStore(sql())
    const d = await store.deploy({ id: 'QmServer', name: 'test/server', network: 'anvil', startBlock: 0, schema: parseSchema(SDL) })
    const b = (n: number) => ({ number: n, hash: '0x' + n.toString(16).padStart(64, '0') })
    await d.commit([
      { block: b(1), ops: [{ type: 'Pool', id: 'p1', entity: pool('one', 5n, ['a']) }, { type: 'Position', id: '0x01', entity: position(1, 2n ** 40n) }], dataSources: [] },
      { block: b(2), ops: [{ type: 'Pool', id: 'p1', entity: pool('two', 10n ** 30n, ['a', 'B']) }, { type: 'Position', id: '0x02', entity: position(2, 3n) }], dataSources: [] },
    ], b(2))
    await d.setChainHead(b(3), false)
    const srv = await startServer({ store, port: 0, statusPort: 0 })
    try {
      const post = async (path: string, query: string) => {
        const r = await fetch(srv.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
        return { status: r.status, cors: r.headers.get('access-control-allow-origin'), body: await r.json() }
      }
      const q = '{ pools { name staked tags positions(orderBy: amount) { id amount } } }'
      const r = await post('/subgraphs/name/test/server', q)
      assert.equal(r.cors, '*')
      assert.deepEqual(r.body, { data: { pools: [{ name: 'two', staked: '1000000000000000000000000000000', tags: ['a', 'B'], positions: [{ id: '0x02', amount: '3' }, { id: '0x01', amount: '1099511627776' }] }] } })
      assert.deepEqual((await post('/subgraphs/id/QmServer', '{ pools(block: { number: 1 }, where: { tags_contains_nocase: ["b"] }) { name } }')).body, { data: { pools: [] } })
      assert.deepEqual((await post('/subgraphs/id/QmServer', '{ pool(id: "p1", block: { number: 1 }) { name positions { id } } }')).body, { data: { pool: { name: 'one', positions: [{ id: '0x01' }] } } })
      assert.deepEqual((await post('/subgraphs/id/QmServer', '{ _meta { block { number hash } deployment hasIndexingErrors } }')).body,
        { data: { _meta: { block: { number: 2, hash: b(2).hash }, deployment: 'QmServer', hasIndexingErrors: false } } })
      assert.deepEqual((await post('/subgraphs/id/QmServer', `{ pools(block: { hash: "${b(1).hash}" }) { name } }`)).body, { data: { pools: [{ name: 'one' }] } })
      assert.deepEqual((await post('/subgraphs/id/QmServer', '{ pools(block: { hash: "0xab" }) { name } }')).body, { data: null, errors: [{ message: 'Failed to decode `block.hash` value: `no block with that hash found`' }] })
      assert.equal((await post('/subgraphs/name/nope', '{ pools { id } }')).status, 404)
      assert.deepEqual(await (await fetch(srv.url + '/')).json(), { message: 'Access deployed subgraphs by deployment ID at /subgraphs/id/<ID> or by name at /subgraphs/name/<NAME>' })
      const pre = await fetch(srv.url + '/subgraphs/name/test/server', { method: 'OPTIONS' })
      assert.equal(pre.headers.get('access-control-allow-methods'), 'GET, OPTIONS, POST')
      const bare = await fetch(srv.url + '/subgraphs/name/test/server', { redirect: 'manual' })
      assert.equal(bare.status, 302)
      assert.equal(bare.headers.get('location'), '/subgraphs/name/test/server/graphql')
      const page = await fetch(srv.url + '/subgraphs/name/test/server/graphql')
      assert.match(await page.text(), /<textarea/)
      const st = await fetch(srv.statusUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ indexingStatusForCurrentVersion(subgraphName: "test/server") { subgraph synced health fatalError { message } entityCount chains { latestBlock { number } chainHeadBlock { number } } } }' }) })
      assert.deepEqual(await st.json(), { data: { indexingStatusForCurrentVersion: {
        subgraph: 'QmServer', synced: false, health: 'healthy', fatalError: null, entityCount: '3',
        chains: [{ latestBlock: { number: '2' }, chainHeadBlock: { number: '3' } }] } } })
    } finally {
      await srv.close()
    }
  })
})
