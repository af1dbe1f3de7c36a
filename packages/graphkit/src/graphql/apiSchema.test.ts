// The generated API schema against graph-node's documented shape (graph-node docs
// "Querying The Graph": root fields, filters, orderBy) and Rails/Inflector plural forms.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { printType, type GraphQLInputObjectType, type GraphQLEnumType, type GraphQLObjectType } from 'graphql'
import { parseSchema } from '../subgraph/schema.ts'
import { buildApiSchema, pluralize } from './apiSchema.ts'

test('pluralize follows Inflector', () => {
  const cases: Record<string, string> = {
    pool: 'pools', position: 'positions', staker: 'stakers', rewardClaim: 'rewardClaims', poolDayData: 'poolDayData',
    factory: 'factories', day: 'days', status: 'statuses', box: 'boxes', match: 'matches', wolf: 'wolves', knife: 'knives', mouse: 'mice', blouse: 'blouses',
    analysis: 'analyses', person: 'people', species: 'species', quiz: 'quizzes', bus: 'buses',
  }
  for (const [s, p] of Object.entries(cases)) assert.equal(pluralize(s), p, s)
})

test('root fields, filters and orderBy as graph-node generates them', () => {
  const api = buildApiSchema(parseSchema(`
    """A pool"""
    type Pool @entity { id: Bytes! name: String! staked: BigInt! open: Boolean! kind: Kind! tags: [String!]! owner: Staker! positions: [Position!]! @derivedFrom(field: "pool") }
    type Position @entity { id: ID! pool: Pool! }
    type Staker @entity { id: ID! }
    type PoolDayData @entity { id: ID! }
    enum Kind { A B }
  `))
  const q = api.schema.getQueryType()!.getFields()
  assert.ok(q.pool && q.pools && q.poolDayData && q.poolDayData_collection && q._meta)
  assert.deepEqual(q.pools.args.map((a) => a.name), ['skip', 'first', 'orderBy', 'orderDirection', 'where', 'block', 'subgraphError'])
  assert.equal(q.pools.args[1].defaultValue, 100)
  const filter = Object.keys((api.schema.getType('Pool_filter') as GraphQLInputObjectType).getFields())
  for (const f of ['name', 'name_not', 'name_gt', 'name_in', 'name_not_in', 'name_contains_nocase', 'name_not_ends_with_nocase', 'staked_lte',
    'open', 'open_not', 'open_in', 'kind', 'kind_in', 'kind_not_in', 'tags', 'tags_contains', 'tags_not_contains_nocase', 'owner', 'owner_', 'owner_starts_with',
    'positions_', 'id_gt', '_change_block', 'and', 'or']) assert.ok(filter.includes(f), f)
  for (const f of ['open_gt', 'kind_contains', 'tags_gt', 'positions', 'staked_contains']) assert.ok(!filter.includes(f), f)
  const order = (api.schema.getType('Position_orderBy') as GraphQLEnumType).getValues().map((v) => v.name)
  assert.deepEqual(order, ['id', 'pool', 'pool__id', 'pool__name', 'pool__staked', 'pool__open', 'pool__kind'])
  assert.equal((api.schema.getType('Pool') as GraphQLObjectType).description, 'A pool')
  assert.match(printType(api.schema.getType('Pool')!), /positions\(skip: Int = 0, first: Int = 100, orderBy: Position_orderBy/)
})
