// graph-node dialect conformance over HTTP: the fixture subgraph (fixtures/conformance.ts) is
// written through the real store's commit path at four blocks, served by the real HTTP server,
// and queried with fetch, on PGlite and on PostgreSQL (which must be reachable: no skip).
// Every expected value is worked out by hand from the fixture table and graph-node's documented
// semantics (docs "Querying The Graph", graph-node graph/src/schema/api.rs,
// store/postgres/src/relational_queries.rs, graph/src/data/query/error.rs).
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { parseSchema } from '../subgraph/schema.ts'
import { createStore } from '../store/createStore.ts'
import { openPglite } from '../store/sql/pglite.ts'
import { openPostgres } from '../store/sql/postgres.ts'
import { freshPostgres } from '../store/withAdapters.ts'
import type { Sql, Store } from '../store/types.ts'
import pg from 'pg'
import { getIntrospectionQuery } from 'graphql'
import { buildApiSchema } from './apiSchema.ts'
import { executeQuery } from './execute.ts'
import { startServer, type RunningServer } from '../server/httpServer.ts'
import { CONFORMANCE_SDL, CONFORMANCE_BLOCKS, ptr } from './fixtures/conformance.ts'

type Body = { data?: any; errors?: { message: string; locations?: unknown[] }[] }

function conformance(adapter: string, open: () => Promise<{ sql: Sql; done: () => Promise<void>; url?: string }>) {
  describe(`graph-node dialect conformance (${adapter})`, () => {
    let srv: RunningServer
    let done: () => Promise<void>
    let sql: Sql
    let url: string | undefined
    let store: Store
    const path = '/subgraphs/name/test/conformance'
    const post = async (query: string, variables?: Record<string, unknown>, at = path): Promise<Body> => {
      const r = await fetch(srv.url + at, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
      return r.json() as Promise<Body>
    }
    const data = async (query: string) => {
      const b = await post(query)
      assert.equal(b.errors, undefined, `${query}: ${JSON.stringify(b.errors)}`)
      return b.data
    }
    const error = async (query: string) => {
      const b = await post(query)
      assert.ok(b.errors?.length, `${query} should fail but answered ${JSON.stringify(b.data)}`)
      return b.errors![0].message
    }
    /** The ids a root collection answers, in order. */
    const ids = async (field: string, args: string) => (await data(`{ r: ${field}(${args}) { id } }`)).r.map((x: { id: string }) => x.id)

    before(async () => {
      const o = await open()
      sql = o.sql
      done = o.done
      url = o.url
      store = await createStore(sql)
      const d = await store.deploy({ id: 'QmConformance', name: 'test/conformance', network: 'anvil', startBlock: 0, schema: parseSchema(CONFORMANCE_SDL) })
      for (const b of CONFORMANCE_BLOCKS) await d.commit([b], b.block)
      await d.setChainHead(ptr(6), false)
      srv = await startServer({ store, port: 0, statusPort: 0 })
    })
    after(async () => {
      await srv?.close()
      await done?.()
    })

    test('every scalar serializes as graph-node does (BigInt, BigDecimal, Int8, Timestamp, Bytes as strings)', async () => {
      assert.deepEqual(await data('{ accounts { id name nick balance ratio score nonce active joined kind tags kinds } }'), { accounts: [
        { id: '0x01', name: 'Alice', nick: 'ally', balance: '1000000000000000000000', ratio: '0.5', score: 12, nonce: '9007199254740993', active: true, joined: '1700000000000000', kind: 'ERC20', tags: ['red', 'Blue'], kinds: ['ERC20'] },
        { id: '0x02', name: 'bob', nick: null, balance: '5', ratio: '1.25', score: -3, nonce: '2', active: false, joined: '1700000000000001', kind: 'ERC721', tags: ['green'], kinds: ['ERC20', 'ERC721'] },
        { id: '0x0a', name: 'Carol_x', nick: 'Cee', balance: '200', ratio: '100', score: 7, nonce: '3', active: true, joined: '1700000000000002', kind: 'ERC20', tags: [], kinds: [] },
      ] })
      assert.deepEqual(await data('{ checkpoints { id note } checkpoint(id: 2) { note } }'), { checkpoints: [{ id: '1', note: 'one' }, { id: '2', note: 'two' }], checkpoint: { note: 'two' } })
      assert.deepEqual(await data('{ account(id: "0x0A") { name } nothing: account(id: "0x03") { name } }'), { account: { name: 'Carol_x' }, nothing: null })
    })

    test('ID and Bytes operators', async () => {
      assert.deepEqual(await ids('accounts', 'where: { id: "0x02" }'), ['0x02'])
      assert.deepEqual(await ids('accounts', 'where: { id_not: "0x02" }'), ['0x01', '0x0a'])
      assert.deepEqual(await ids('accounts', 'where: { id_gt: "0x01" }'), ['0x02', '0x0a'])
      assert.deepEqual(await ids('accounts', 'where: { id_lte: "0x02" }'), ['0x01', '0x02'])
      assert.deepEqual(await ids('accounts', 'where: { id_in: ["0x0a", "0x01"] }'), ['0x01', '0x0a'])
      assert.deepEqual(await ids('accounts', 'where: { id_not_in: ["0x0a", "0x01"] }'), ['0x02'])
      assert.deepEqual(await ids('accounts', 'where: { id_contains: "0x0a" }'), ['0x0a'])
      assert.deepEqual(await ids('accounts', 'where: { id_not_contains: "0x0a" }'), ['0x01', '0x02'])
      assert.deepEqual(await ids('tokens', 'where: { id_gte: "t2" }'), ['t2'])
    })

    test('String operators, case-sensitive and _nocase, with graph-node null semantics', async () => {
      const cases: [string, string[]][] = [
        ['name: "bob"', ['0x02']], ['name_not: "bob"', ['0x01', '0x0a']], ['name_lt: "B"', ['0x01']],
        ['name_in: ["bob", "nobody"]', ['0x02']], ['name_not_in: ["bob"]', ['0x01', '0x0a']],
        ['name_contains: "o"', ['0x02', '0x0a']], ['name_contains_nocase: "A"', ['0x01', '0x0a']],
        ['name_not_contains: "o"', ['0x01']], ['name_not_contains_nocase: "B"', ['0x01', '0x0a']],
        ['name_starts_with: "A"', ['0x01']], ['name_starts_with_nocase: "b"', ['0x02']],
        ['name_not_starts_with: "A"', ['0x02', '0x0a']], ['name_not_starts_with_nocase: "c"', ['0x01', '0x02']],
        ['name_ends_with: "_x"', ['0x0a']], ['name_ends_with_nocase: "E"', ['0x01']],
        ['name_not_ends_with: "b"', ['0x01', '0x0a']], ['name_not_ends_with_nocase: "X"', ['0x01', '0x02']],
        // `_not` is SQL `!=`: a null nick matches neither `nick: "ally"` nor `nick_not: "ally"`.
        ['nick_not: "ally"', ['0x0a']], ['nick: null', ['0x02']], ['nick_not: null', ['0x01', '0x0a']],
      ]
      for (const [w, want] of cases) assert.deepEqual(await ids('accounts', `where: { ${w} }`), want, w)
    })

    test('BigInt, BigDecimal, Int, Int8, Timestamp, Boolean and enum operators', async () => {
      const cases: [string, string[]][] = [
        ['balance: "1000000000000000000000"', ['0x01']], ['balance_not: "5"', ['0x01', '0x0a']], ['balance_gt: "100"', ['0x01', '0x0a']],
        ['balance_lte: 200', ['0x02', '0x0a']], ['balance_in: ["5", "200"]', ['0x02', '0x0a']], ['balance_not_in: ["5"]', ['0x01', '0x0a']],
        ['ratio_gte: "1.25"', ['0x02', '0x0a']], ['ratio_lt: "1"', ['0x01']], ['ratio_in: ["0.5", "100"]', ['0x01', '0x0a']], ['ratio: "1.250"', ['0x02']],
        ['score_lt: 0', ['0x02']], ['score_gte: 7', ['0x01', '0x0a']], ['score_in: [7, -3]', ['0x02', '0x0a']], ['score_not_in: [7]', ['0x01', '0x02']], ['score_not: 12', ['0x02', '0x0a']],
        ['nonce_gt: "9007199254740992"', ['0x01']], ['nonce_in: ["2", "3"]', ['0x02', '0x0a']], ['nonce_lte: 2', ['0x02']],
        ['joined_gte: "1700000000000001"', ['0x02', '0x0a']], ['joined_lt: "1700000000000001"', ['0x01']],
        ['active: false', ['0x02']], ['active_not: false', ['0x01', '0x0a']], ['active_in: [true]', ['0x01', '0x0a']], ['active_not_in: [true]', ['0x02']],
        ['kind: ERC721', ['0x02']], ['kind_not: ERC721', ['0x01', '0x0a']], ['kind_in: [ERC20]', ['0x01', '0x0a']], ['kind_not_in: [ERC20]', ['0x02']],
      ]
      for (const [w, want] of cases) assert.deepEqual(await ids('accounts', `where: { ${w} }`), want, w)
    })

    test('list operators: scalar, enum and entity lists', async () => {
      const cases: [string, string[]][] = [
        ['tags: []', ['0x0a']], ['tags_not: []', ['0x01', '0x02']], ['tags_contains: ["red"]', ['0x01']], ['tags_contains: ["red", "green"]', []],
        ['tags_contains_nocase: ["blue"]', ['0x01']], ['tags_not_contains: ["red"]', ['0x02', '0x0a']], ['tags_not_contains_nocase: ["GREEN"]', ['0x01', '0x0a']],
        ['kinds_contains: [ERC721]', ['0x02']], ['kinds_not_contains: [ERC20]', ['0x0a']], ['kinds: [ERC20]', ['0x01']],
        // graph-node: list `_not_contains` means "shares no element" (`not a && b`).
        ['friends_contains: ["0x0a"]', ['0x01']], ['friends_not_contains: ["0x01", "0x0a"]', ['0x0a']], ['friends: ["0x01"]', ['0x02']],
      ]
      for (const [w, want] of cases) assert.deepEqual(await ids('accounts', `where: { ${w} }`), want, w)
      assert.deepEqual(await ids('tokens', 'where: { holders_contains: ["0x01"] }'), ['t1', 't2'])
    })

    test('reference operators take the id as String (or Int for Int8 ids)', async () => {
      assert.deepEqual(await ids('tokens', 'where: { owner: "0x0a" }'), ['t1'])
      assert.deepEqual(await ids('tokens', 'where: { owner_not: "0x0a" }'), ['t2'])
      assert.deepEqual(await ids('tokens', 'where: { owner_in: ["0x02", "0x0a"] }'), ['t1', 't2'])
      assert.deepEqual(await ids('tokens', 'where: { checkpoint: 2 }'), ['t2'])
      assert.deepEqual(await ids('tokens', 'where: { checkpoint_lt: 2 }'), ['t1'])
      assert.deepEqual(await ids('transfers', 'where: { token_starts_with: "t" }'), ['tr1', 'tr2'])
      assert.deepEqual(await ids('transfers', 'where: { token_ends_with_nocase: "T2" }'), ['tr2'])
      assert.deepEqual(await ids('accounts', 'where: { profile: "pc" }'), ['0x0a'])
    })

    test('nested child filters through stored, list, derived and interface relations', async () => {
      assert.deepEqual(await ids('tokens', 'where: { owner_: { active: false } }'), ['t2'])
      assert.deepEqual(await ids('tokens', 'where: { holders_: { name: "bob" } }'), ['t2'])
      assert.deepEqual(await ids('accounts', 'where: { tokens_: { symbol: "GOLD" } }'), ['0x0a'])
      assert.deepEqual(await ids('accounts', 'block: { number: 2 }, where: { tokens_: { symbol: "GOLD" } }'), ['0x01'])
      assert.deepEqual(await ids('accounts', 'where: { friends_: { name_starts_with: "b" } }'), ['0x01'])
      assert.deepEqual(await ids('accounts', 'where: { events_: { height_gte: 3 } }'), ['0x02', '0x0a'])
      assert.deepEqual(await ids('profiles', 'where: { account_: { score_lt: 10 } }'), ['pc'])
      assert.deepEqual(await ids('events', 'where: { actor_: { kind: ERC20 } }'), ['tr1', 'tr2'])
      assert.match(await error('{ tokens(where: { owner_: { friends_: { name: "bob" } } }) { id } }'), /^Child filter nesting not supported by value `friends`/)
    })

    test('and / or, and their refusal next to column filters', async () => {
      assert.deepEqual(await ids('accounts', 'where: { or: [{ score_lt: 0 }, { name: "Alice" }] }'), ['0x01', '0x02'])
      assert.deepEqual(await ids('accounts', 'where: { and: [{ active: true }, { score_lt: 10 }] }'), ['0x0a'])
      assert.deepEqual(await ids('accounts', 'where: { active: true, score_lt: 10 }'), ['0x0a'])
      assert.deepEqual(await ids('accounts', 'where: { or: [{ and: [{ active: true }, { kind: ERC20 }] }, { tokens_: { symbol: "silver" } }] }'), ['0x01', '0x02', '0x0a'])
      assert.equal(await error('{ accounts(where: { active: true, or: [{ score: 1 }] }) { id } }'),
        "Cannot mix column filters with 'or' operator at the same level. Found column filter(s) 'active' alongside 'or' operator.\n\nInstead of:\nwhere: { 'active', or: [...] }\n\nUse:\nwhere: { or: [{ 'active', ... }, { 'active', ... }] }")
    })

    test('_change_block: entities written at or after a block, mutable and immutable', async () => {
      assert.deepEqual(await ids('accounts', 'where: { _change_block: { number_gte: 3 } }'), ['0x01'])
      assert.deepEqual(await ids('accounts', 'where: { _change_block: { number_gte: 2 } }'), ['0x01', '0x02', '0x0a'])
      assert.deepEqual(await ids('accounts', 'block: { number: 2 }, where: { _change_block: { number_gte: 2 } }'), ['0x02', '0x0a'])
      assert.deepEqual(await ids('transfers', 'where: { _change_block: { number_gte: 3 } }'), ['tr2'])
      assert.deepEqual(await ids('events', 'where: { _change_block: { number_gte: 3 } }'), ['m1', 'tr2'])
    })

    test('orderBy on every sortable type, nested parent__field (stored, derived, interface), merged interfaces', async () => {
      assert.deepEqual(await ids('accounts', 'orderBy: score'), ['0x02', '0x0a', '0x01'])
      assert.deepEqual(await ids('accounts', 'orderBy: score, orderDirection: desc'), ['0x01', '0x0a', '0x02'])
      assert.deepEqual(await ids('accounts', 'orderBy: balance, orderDirection: desc'), ['0x01', '0x0a', '0x02'])
      assert.deepEqual(await ids('accounts', 'orderBy: ratio'), ['0x01', '0x02', '0x0a'])
      assert.deepEqual(await ids('accounts', 'orderBy: nonce, orderDirection: desc'), ['0x01', '0x0a', '0x02'])
      assert.deepEqual(await ids('accounts', 'orderBy: joined, orderDirection: desc'), ['0x0a', '0x02', '0x01'])
      // Ties broken by id in the same direction.
      assert.deepEqual(await ids('accounts', 'orderBy: kind'), ['0x01', '0x0a', '0x02'])
      assert.deepEqual(await ids('accounts', 'orderBy: active, orderDirection: desc'), ['0x0a', '0x01', '0x02'])
      // Nulls sort last ascending (Postgres' default, which graph-node inherits): bob has no profile.
      assert.deepEqual(await ids('accounts', 'orderBy: profile__bio'), ['0x0a', '0x01', '0x02'])
      assert.deepEqual(await ids('tokens', 'orderBy: owner__score'), ['t2', 't1'])
      assert.deepEqual(await ids('tokens', 'orderBy: owner__score, block: { number: 2 }'), ['t2', 't1'])
      assert.deepEqual(await ids('tokens', 'orderBy: checkpoint__note, orderDirection: desc'), ['t2', 't1'])
      assert.deepEqual(await ids('profiles', 'orderBy: account__score'), ['pc', 'pa'])
      assert.deepEqual(await ids('transfers', 'orderBy: actor__score'), ['tr2', 'tr1'])
      assert.deepEqual(await data('{ events(orderBy: height, orderDirection: desc) { __typename id height } }'), { events: [
        { __typename: 'Transfer', id: 'tr2', height: 4 }, { __typename: 'Mint', id: 'm1', height: 3 }, { __typename: 'Transfer', id: 'tr1', height: 2 }] })
      assert.deepEqual(await ids('events', 'orderBy: actor__score'), ['m1', 'tr2', 'tr1'])
      assert.deepEqual(await ids('events', 'orderBy: actor__balance, orderDirection: desc'), ['tr1', 'tr2', 'm1'])
      // graph-node offers no ordering by list or reference fields, nor through list relations.
      assert.equal(await error('{ accounts(orderBy: tokens__symbol) { id } }'), 'Value "tokens__symbol" does not exist in "Account_orderBy" enum.')
      assert.equal(await error('{ accounts(orderBy: profile__account) { id } }'), 'Value "profile__account" does not exist in "Account_orderBy" enum.')
    })

    test('pagination: first/skip defaults and bounds, on roots, interfaces and nested collections', async () => {
      assert.deepEqual(await ids('accounts', 'first: 2, skip: 1'), ['0x02', '0x0a'])
      assert.deepEqual(await ids('accounts', 'skip: 10'), [])
      assert.deepEqual(await ids('accounts', 'first: 1000'), ['0x01', '0x02', '0x0a'])
      assert.deepEqual(await ids('events', 'first: 2, skip: 1, orderBy: height'), ['m1', 'tr2'])
      assert.equal(await error('{ accounts(first: 1001) { id } }'), 'The `first` argument must be between 0 and 1000, but is 1001')
      assert.equal(await error('{ accounts(first: 0) { id } }'), 'The `first` argument must be between 0 and 1000, but is 0')
      assert.equal(await error('{ accounts(first: -1) { id } }'), 'The `first` argument must be between 0 and 1000, but is -1')
      assert.equal(await error('{ accounts(skip: -5) { id } }'), 'The `skip` argument must be between 0 and 4294967295, but is -5')
      assert.equal(await error('{ account(id: "0x01") { friends(first: 2000) { id } } }'), 'The `first` argument must be between 0 and 1000, but is 2000')
      assert.deepEqual(await data('{ account(id: "0x01") { friends { id } f: friends(orderBy: score, orderDirection: desc, first: 1) { id } s: friends(skip: 1) { id } w: friends(where: { active: true }) { id } } }'),
        { account: { friends: [{ id: '0x02' }, { id: '0x0a' }], f: [{ id: '0x0a' }], s: [{ id: '0x0a' }], w: [{ id: '0x0a' }] } })
      assert.deepEqual(await data('{ accounts(where: { id_in: ["0x02", "0x0a"] }) { id events(orderBy: height) { id } tokens(where: { supply_gt: 50 }) { symbol } } }'),
        { accounts: [{ id: '0x02', events: [{ id: 'm1' }], tokens: [] }, { id: '0x0a', events: [{ id: 'tr2' }], tokens: [{ symbol: 'GOLD' }] }] })
    })

    test('relations: one-to-one both ways, derived lists, interface fields, fragments, aliases, directives', async () => {
      assert.deepEqual(await data(`{ profiles { id bio account { name profile { id } } } }`),
        { profiles: [{ id: 'pa', bio: 'hello world', account: { name: 'Alice', profile: { id: 'pa' } } }, { id: 'pc', bio: 'carol here', account: { name: 'Carol_x', profile: { id: 'pc' } } }] })
      assert.deepEqual(await data(`query($n: Int) { events(orderBy: height, first: $n) { id actor { name } ... on Transfer { amount token { symbol checkpoint { id } } } ...M } }
        fragment M on Mint { note skipped: note @skip(if: true) }`, ), { events: [
        { id: 'tr1', actor: { name: 'Alice' }, amount: '50', token: { symbol: 'GOLD', checkpoint: { id: '1' } } },
        { id: 'm1', actor: { name: 'bob' }, note: 'first mint' },
        { id: 'tr2', actor: { name: 'Carol_x' }, amount: '7', token: { symbol: 'silver', checkpoint: { id: '2' } } }] })
      assert.deepEqual(await data('{ t: token(id: "t2") { holders { id } owner { tokens { id } } } }'), { t: { holders: [{ id: '0x02' }, { id: '0x01' }], owner: { tokens: [{ id: 't2' }] } } })
      assert.deepEqual(await data('{ event(id: "m1") { __typename height } mint(id: "tr1") { id } }'), { event: { __typename: 'Mint', height: 3 }, mint: null })
    })

    test('introspection: descriptions, enums, interfaces, the full GraphiQL query', async () => {
      const t = await data('{ __type(name: "Account") { description fields { name description } interfaces { name } } }')
      assert.equal(t.__type.description, 'An account')
      assert.deepEqual(t.__type.fields.find((f: { name: string }) => f.name === 'name'), { name: 'name', description: 'Display name' })
      assert.deepEqual(await data('{ k: __type(name: "Kind") { enumValues { name description } } e: __type(name: "Event") { kind description possibleTypes { name } } }'), {
        k: { enumValues: [{ name: 'ERC20', description: 'Fungible' }, { name: 'ERC721', description: 'Non-fungible' }] },
        e: { kind: 'INTERFACE', description: 'Something an account did', possibleTypes: [{ name: 'Transfer' }, { name: 'Mint' }] },
      })
      const full = await post(getIntrospectionQuery())
      assert.equal(full.errors, undefined)
      assert.equal(full.data.__schema.queryType.name, 'Query')
      const q = full.data.__schema.types.find((x: { name: string }) => x.name === 'Query')
      for (const f of ['account', 'accounts', 'event', 'events', 'checkpoint', 'checkpoints', 'accountSearch', '_meta']) assert.ok(q.fields.some((x: { name: string }) => x.name === f), f)
    })

    test('variables, literals and operations as graph-node reads them', async () => {
      const q = 'query($n: Int!) { accounts(first: $n) { id } }'
      assert.deepEqual(await post(q), { errors: [{ message: 'No value provided for required variable `n`' }] })
      assert.deepEqual(await post(q, { n: 'x' }), { errors: [{ message: 'Invalid value provided for argument `n`: String("x")' }] })
      assert.deepEqual(await post(q, { n: 1 }), { data: { accounts: [{ id: '0x01' }] } })
      assert.deepEqual(await post('query($n: Int = 2, $k: Kind) { accounts(first: $n, where: { kind: $k }) { id } }', { k: 'ERC20' }), { data: { accounts: [{ id: '0x01' }, { id: '0x0a' }] } })
      assert.deepEqual(await post('query($w: Account_filter) { accounts(where: $w) { id } }', { w: { nonce_gt: '9007199254740992', tags_contains: ['red'] } }), { data: { accounts: [{ id: '0x01' }] } })
      // Integer literals beyond 2^53 keep every digit.
      assert.deepEqual(await ids('accounts', 'where: { nonce: 9007199254740993 }'), ['0x01'])
      assert.deepEqual(await ids('accounts', 'where: { balance_gte: 1000000000000000000000 }'), ['0x01'])
      assert.deepEqual(await ids('accounts', 'where: { ratio_lt: 0.50000000000000000001 }'), ['0x01'])
      assert.deepEqual(await post('query A { checkpoints { id } } query B { tokens { id } }'), { errors: [{ message: 'Operation name required' }] })
    })

    test('time travel by number, hash and number_gte; _meta', async () => {
      assert.deepEqual(await data('{ accounts(block: { number: 1 }) { id score } }'), { accounts: [{ id: '0x01', score: 10 }, { id: '0x02', score: 1 }] })
      assert.deepEqual(await data('{ tokens(block: { number: 2 }) { id owner { id score } } }'), { tokens: [{ id: 't1', owner: { id: '0x01', score: 10 } }, { id: 't2', owner: { id: '0x02', score: -3 } }] })
      assert.deepEqual(await data(`{ tokens(block: { hash: "${ptr(2).hash}" }) { id owner { id } } }`), { tokens: [{ id: 't1', owner: { id: '0x01' } }, { id: 't2', owner: { id: '0x02' } }] })
      assert.deepEqual(await data('{ a: account(id: "0x01", block: { number: 2 }) { tokens { id } } b: account(id: "0x01") { tokens { id } } }'), { a: { tokens: [{ id: 't1' }] }, b: { tokens: [] } })
      assert.deepEqual(await ids('events', 'block: { number: 3 }'), ['m1', 'tr1'])
      assert.deepEqual(await ids('accounts', 'block: { number_gte: 4 }'), ['0x01', '0x02', '0x0a'])
      assert.deepEqual(await data('{ _meta { block { number hash timestamp parentHash } deployment hasIndexingErrors } }'),
        { _meta: { block: { number: 4, hash: ptr(4).hash, timestamp: ptr(4).timestamp, parentHash: ptr(3).hash }, deployment: 'QmConformance', hasIndexingErrors: false } })
      assert.deepEqual(await data('{ _meta(block: { number: 2 }) { block { number hash } } }'), { _meta: { block: { number: 2, hash: null } } })
      assert.equal(await error('{ accounts(block: { number: 9 }) { id } }'),
        'Failed to decode `block.number` value: `subgraph QmConformance has only indexed up to block number 4 and data for block number 9 is therefore not yet available`')
      assert.equal(await error('{ accounts(block: { number_gte: 5 }) { id } }'),
        'Failed to decode `block.number_gte` value: `subgraph QmConformance has only indexed up to block number 4 and data for block number 5 is therefore not yet available`')
      assert.equal(await error('{ accounts(block: { hash: "0x1234" }) { id } }'), 'Failed to decode `block.hash` value: `no block with that hash found`')
    })

    test('@fulltext search field', async () => {
      assert.deepEqual(await ids('accountSearch', 'text: "alice"'), ['0x01'])
      assert.deepEqual(await ids('accountSearch', 'text: "cee"'), ['0x0a'])
      assert.deepEqual(await ids('accountSearch', 'text: "ali:*", where: { active: true }'), ['0x01'])
      assert.deepEqual(await ids('accountSearch', 'text: "alice", block: { number: 1 }, where: { score: 1 }'), [])
      assert.match(await error('{ accountSearch(text: "alice bob") { id } }'), /^Invalid fulltext search query syntax\. Error: .*\. Hint: Search terms with spaces need to be enclosed in single quotes$/)
    })

    test('errors: unknown fields, arguments and types, bad values, depth', async () => {
      const unknown = await post('{ accounts { nope } }')
      assert.deepEqual(unknown, { errors: [{ message: 'Cannot query field "nope" on type "Account".', locations: [{ line: 1, column: 14 }] }] })
      assert.equal(await error('{ accounts(limit: 1) { id } }'), 'Unknown argument "limit" on field "Query.accounts".')
      assert.equal(await error('{ accounts { ... on Nope { id } } }'), 'Unknown type "Nope".')
      assert.equal(await error('{ accounts(where: { nope: 1 }) { id } }'), 'Field "nope" is not defined by type "Account_filter".')
      assert.equal(await error('{ accounts(where: { name_nocase: "x" }) { id } }'), 'Field "name_nocase" is not defined by type "Account_filter".')
      assert.equal(await error('{ accounts(where: { tokens: ["t1"] }) { id } }'), 'Field "tokens" is not defined by type "Account_filter".')
      assert.equal(await error('{ accounts(where: { active_gt: true }) { id } }'), 'Field "active_gt" is not defined by type "Account_filter".')
      assert.equal(await error('{ accounts(where: { kind: ERC1155 }) { id } }'), 'Value "ERC1155" does not exist in "Kind" enum.')
      // graphql-tools-rs' ValuesOfCorrectType wording (graph-node's validator), not graphql-js'.
      assert.equal(await error('{ accounts(first: "x") { id } }'), 'Expected value of type "Int", found "x".')
      assert.equal(await error('{ accounts(where: { active: "yes" }) { id } }'), 'Expected value of type "Boolean", found "yes".')
      assert.equal(await error('{ accounts(where: { kind: "ERC20" }) { id } }'), 'Enum "Kind" cannot represent non-enum value: "ERC20"')
      assert.equal(await error('{ account(id: null) { id } }'), 'Expected value of type "ID!", found null')
      assert.equal(await error('{ accounts(where: { balance_gt: "12abc" }) { id } }'), 'Failed to coerce value `12abc` of field `balance_gt` to scalar type `BigInt`')
      assert.equal(await error('{ accounts(where: { ratio: "1.2.3" }) { id } }'), 'Failed to coerce value `1.2.3` of field `ratio` to scalar type `BigDecimal`')
      assert.equal(await error('{ accounts(where: { id: "0xzz" }) { id } }'), 'Failed to coerce value `0xzz` of field `id` to scalar type `Bytes`')
      assert.equal(await error('{ accounts(where: { id_starts_with: "0x" }) { id } }'), 'Field "id_starts_with" is not defined by type "Account_filter".')
      assert.equal(await error('{ tokens { nope: owner { nope } } }'), 'Cannot query field "nope" on type "Account".')
      let deep = 'id'
      for (let i = 0; i < 255; i++) deep = `friends { ${deep} }`
      assert.equal(await error(`{ accounts { ${deep} } }`), 'query has a depth that exceeds the limit of `255`')
      const r = await fetch(srv.url + path, { method: 'POST', body: JSON.stringify({ query: '{ accounts { id } }' }), headers: {} })
      assert.equal(r.status, 200, 'fetch sends text/plain for a string body')
    })

    test('query time limit: a clear error, and on PostgreSQL the statement is cancelled server-side', async () => {
      const d = (await store.find('test/conformance'))!
      const api = buildApiSchema(d.layout.schema)
      // A deadline already past: refused before any statement runs.
      assert.deepEqual(await executeQuery(d, api, '{ accounts { id } }', {}, { timeoutMs: -1, maxBytes: 1e9 }), { data: null, errors: [{ message: 'Query timed out' }] })
      assert.deepEqual(await executeQuery(d, api, '{ accounts { id } }', {}, { timeoutMs: 10_000, maxBytes: 1e9 }), { data: { accounts: [{ id: '0x01' }, { id: '0x02' }, { id: '0x0a' }] } })
      if (!url) return
      // Another session holds an exclusive lock on the account table: the query's statement waits until
      // statement_timeout cancels it; afterwards no backend of this database is still waiting on a lock.
      const locker = new pg.Client({ connectionString: url })
      await locker.connect()
      try {
        await locker.query('begin')
        await locker.query(`lock table ${d.layout.tables.get('Account')!.qualified} in access exclusive mode`)
        assert.deepEqual(await executeQuery(d, api, '{ accounts { id } }', {}, { timeoutMs: 300, maxBytes: 1e9 }), { data: null, errors: [{ message: 'Query timed out' }] })
        let waiting = -1
        for (let i = 0; i < 50 && waiting !== 0; i++) {
          await new Promise((r) => setTimeout(r, 100))
          const r = await locker.query("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")
          waiting = r.rows[0].n
        }
        assert.equal(waiting, 0, 'the timed-out statement is still waiting on the server')
      } finally {
        await locker.query('rollback').catch(() => {})
        await locker.end()
      }
    })

    test('HTTP surface: routes, redirect, GraphiQL, CORS, content type, status API', async () => {
      assert.deepEqual(await post('{ checkpoints { id } }', undefined, '/subgraphs/id/QmConformance'), { data: { checkpoints: [{ id: '1' }, { id: '2' }] } })
      const raw = await fetch(srv.url + path, { method: 'POST', body: new Uint8Array(Buffer.from('{"query":"{ checkpoints { id } }"}')) })
      assert.equal(raw.status, 400)
      assert.deepEqual(await raw.json(), { error: 'Content-Type header is required' })
      const opt = await fetch(srv.url + path, { method: 'OPTIONS' })
      assert.equal(opt.status, 200)
      assert.equal(opt.headers.get('access-control-allow-origin'), '*')
      assert.equal(opt.headers.get('access-control-allow-methods'), 'GET, OPTIONS, POST')
      assert.equal(opt.headers.get('access-control-allow-headers'), 'Content-Type, User-Agent')
      const bare = await fetch(srv.url + '/subgraphs/id/QmConformance', { redirect: 'manual' })
      assert.equal(bare.status, 302)
      assert.equal(bare.headers.get('location'), '/subgraphs/id/QmConformance/graphql')
      assert.match(await (await fetch(srv.url + path + '/graphql')).text(), /<textarea/)
      assert.deepEqual(await (await fetch(srv.url + '/nowhere')).json(), { message: 'Not found' })
      const missing = await fetch(srv.url + '/subgraphs/name/nobody/here', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ a { id } }"}' })
      assert.deepEqual(await missing.json(), { errors: [{ message: 'deployment `nobody/here` does not exist' }] })
      assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/)

      const status = async (query: string) => {
        const r = await fetch(srv.statusUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })
        return r.json() as Promise<Body>
      }
      const fields = 'subgraph synced health fatalError { message } nonFatalErrors { message } entityCount chains { network latestBlock { number hash } chainHeadBlock { number } earliestBlock { number } ... on EthereumIndexingStatus { lastHealthyBlock { number } } }'
      const want = { subgraph: 'QmConformance', synced: false, health: 'healthy', fatalError: null, nonFatalErrors: [],
        // 3 accounts, 2 profiles, 2 tokens, 2 checkpoints, 2 transfers, 1 mint.
        entityCount: '12',
        chains: [{ network: 'anvil', latestBlock: { number: '4', hash: ptr(4).hash }, chainHeadBlock: { number: '6' }, earliestBlock: { number: '0' }, lastHealthyBlock: { number: '4' } }] }
      assert.deepEqual(await status(`{ indexingStatusForCurrentVersion(subgraphName: "test/conformance") { ${fields} } }`), { data: { indexingStatusForCurrentVersion: want } })
      assert.deepEqual(await status(`{ indexingStatuses(subgraphs: ["QmConformance"]) { ${fields} } }`), { data: { indexingStatuses: [want] } })
      assert.deepEqual(await status(`{ indexingStatusesForSubgraphName(subgraphName: "test/conformance") { subgraph } }`), { data: { indexingStatusesForSubgraphName: [{ subgraph: 'QmConformance' }] } })
      assert.deepEqual(await status('{ indexingStatusForCurrentVersion(subgraphName: "nobody") { subgraph } }'), { data: { indexingStatusForCurrentVersion: null } })
    })

    // Last: marks the deployment failed.
    test('a deterministic indexing error: subgraphError deny/allow, _meta.hasIndexingErrors per block, status health', async () => {
      const d = (await store.find('test/conformance'))!
      await d.setError({ message: 'boom', block: ptr(3), handler: 'handleMint', deterministic: true })
      const denied = { data: null, errors: [{ message: 'indexing_error' }] }
      assert.deepEqual(await post('{ accounts { id } }'), denied)
      assert.deepEqual(await post('{ accounts(block: { number: 2 }) { id } }'), { data: { accounts: [{ id: '0x01' }, { id: '0x02' }, { id: '0x0a' }] } })
      assert.deepEqual(await post('{ _meta { hasIndexingErrors } }'), { data: { _meta: { hasIndexingErrors: true } } })
      assert.deepEqual(await post('{ _meta(block: { number: 2 }) { hasIndexingErrors } }'), { data: { _meta: { hasIndexingErrors: false } } })
      assert.deepEqual(await post('{ checkpoints { id } _meta { hasIndexingErrors } }'), { data: { _meta: { hasIndexingErrors: true } }, errors: [{ message: 'indexing_error' }] })
      assert.deepEqual(await post('{ checkpoints(subgraphError: allow) { id } }'), { data: { checkpoints: [{ id: '1' }, { id: '2' }] }, errors: [{ message: 'indexing_error' }] })
      const r = await fetch(srv.statusUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ indexingStatuses { health fatalError { message block { number } handler deterministic } } }' }) })
      assert.deepEqual(await r.json(), { data: { indexingStatuses: [{ health: 'failed', fatalError: { message: 'boom', block: { number: '3' }, handler: 'handleMint', deterministic: true } }] } })
    })
  })
}

conformance('pglite', async () => {
  const sql = await openPglite()
  return { sql, done: () => sql.close() }
})

conformance('postgres', async () => {
  const db = await freshPostgres()
  // The team rule: a test that needs PostgreSQL fails, not skips, when the server is missing.
  assert.ok(db, `PostgreSQL at ${process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'} is unreachable`)
  const sql = await openPostgres(db.url)
  return { sql, url: db.url, done: async () => { await sql.close(); await db.drop() } }
})
