// The generated API schema against graph-node's documented shape (graph-node docs
// "Querying The Graph": root fields, filters, orderBy) and Rails/Inflector plural forms.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { printType, type GraphQLInputObjectType, type GraphQLEnumType, type GraphQLObjectType } from 'graphql'
import { parseSchema } from '../subgraph/schema.ts'
import { buildApiSchema } from './apiSchema.ts'
import { InputError } from '../internal/errors.ts'

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
  // Uniswap's subgraphs are queried as `poolDayDatas`: Inflector has no rule for a capitalised `Data`.
  assert.ok(q.pool && q.pools && q.poolDayData && q.poolDayDatas && q._meta)
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

// The schema and the expected enum/input values of graph-node's own API-schema tests
// (graph/src/schema/api.rs: `..._order_by_enum_for_child_entity`, `..._object_type_filter_enum`).
test('orderBy and filter values match graph-node for child, derived and interface fields', () => {
  const api = buildApiSchema(parseSchema(`
    enum FurType { NONE FLUFFY BRISTLY }
    type Pet @entity { id: ID! name: String! mostHatedBy: [User!]! mostLovedBy: [User!]! }
    interface Recipe { id: ID! name: String! author: User! lovedBy: [User!]! ingredients: [String!]! }
    type FoodRecipe implements Recipe @entity { id: ID! name: String! author: User! lovedBy: [User!]! ingredients: [String!]! }
    type DrinkRecipe implements Recipe @entity { id: ID! name: String! author: User! lovedBy: [User!]! ingredients: [String!]! }
    interface Meal { id: ID! name: String! mostHatedBy: [User!]! mostLovedBy: [User!]! }
    type Pizza implements Meal @entity { id: ID! name: String! toppings: [String!]! mostHatedBy: [User!]! mostLovedBy: [User!]! }
    type Burger implements Meal @entity { id: ID! name: String! bun: String! mostHatedBy: [User!]! mostLovedBy: [User!]! }
    type User @entity {
      id: ID! name: String! favoritePetNames: [String!] pets: [Pet!]! favoriteFurType: FurType! favoritePet: Pet!
      leastFavoritePet: Pet @derivedFrom(field: "mostHatedBy") mostFavoritePets: [Pet!] @derivedFrom(field: "mostLovedBy")
      favoriteMeal: Meal! leastFavoriteMeal: Meal @derivedFrom(field: "mostHatedBy") mostFavoriteMeals: [Meal!] @derivedFrom(field: "mostLovedBy")
      recipes: [Recipe!]! @derivedFrom(field: "author")
    }
  `))
  const values = (name: string) => (api.schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name)
  assert.deepEqual(values('User_orderBy'), ['id', 'name', 'favoritePetNames', 'pets', 'favoriteFurType', 'favoritePet', 'favoritePet__id', 'favoritePet__name',
    'leastFavoritePet', 'leastFavoritePet__id', 'leastFavoritePet__name', 'mostFavoritePets', 'favoriteMeal', 'favoriteMeal__id', 'favoriteMeal__name',
    'leastFavoriteMeal', 'leastFavoriteMeal__id', 'leastFavoriteMeal__name', 'mostFavoriteMeals', 'recipes'])
  assert.deepEqual(values('Meal_orderBy'), ['id', 'name', 'mostHatedBy', 'mostLovedBy'])
  assert.deepEqual(values('Recipe_orderBy'), ['id', 'name', 'author', 'author__id', 'author__name', 'author__favoriteFurType', 'lovedBy', 'ingredients'])
  const str = ['', '_not', '_gt', '_lt', '_gte', '_lte', '_in', '_not_in', '_contains', '_contains_nocase', '_not_contains', '_not_contains_nocase',
    '_starts_with', '_starts_with_nocase', '_not_starts_with', '_not_starts_with_nocase', '_ends_with', '_ends_with_nocase', '_not_ends_with', '_not_ends_with_nocase']
  const list = ['', '_not', '_contains', '_contains_nocase', '_not_contains', '_not_contains_nocase']
  const fields = (name: string) => Object.keys((api.schema.getType(name) as GraphQLInputObjectType).getFields())
  // graph-node's test lists User_filter for the schema without Meal and Recipe; those add their own entries in field order.
  const userFilter = fields('User_filter').filter((f) => !/Meal|recipes/.test(f))
  assert.deepEqual(userFilter, [
    ...['', '_not', '_gt', '_lt', '_gte', '_lte', '_in', '_not_in'].map((s) => 'id' + s), ...str.map((s) => 'name' + s),
    ...list.map((s) => 'favoritePetNames' + s), ...list.map((s) => 'pets' + s), 'pets_',
    ...['', '_not', '_in', '_not_in'].map((s) => 'favoriteFurType' + s), ...str.map((s) => 'favoritePet' + s), 'favoritePet_',
    'leastFavoritePet_', 'mostFavoritePets_', '_change_block', 'and', 'or'])
  assert.equal((api.schema.getType('User_filter') as GraphQLInputObjectType).getFields().pets_.type.toString(), 'Pet_filter')
  assert.deepEqual(fields('User_filter').filter((f) => /Meal|recipes/.test(f)), [
    ...str.map((s) => 'favoriteMeal' + s), 'favoriteMeal_', 'leastFavoriteMeal_', 'mostFavoriteMeals_', 'recipes_'])
})

test('references to Bytes and Int8 ids: String / Int values, no _nocase on Bytes-id lists', () => {
  const api = buildApiSchema(parseSchema(`
    type A @entity { id: Bytes! }
    type C @entity(immutable: true) { id: Int8! }
    type B @entity { id: ID! a: A! as: [A!]! c: C cs: [C!]! }
  `))
  const f = (api.schema.getType('B_filter') as GraphQLInputObjectType).getFields()
  assert.equal(f.a.type.toString(), 'String')
  assert.ok(f.a_contains_nocase, 'single references take every String op')
  assert.deepEqual(Object.keys(f).filter((k) => k.startsWith('as')), ['as', 'as_not', 'as_contains', 'as_not_contains', 'as_'])
  assert.equal(f.c.type.toString(), 'Int')
  assert.equal(f.c_in.type.toString(), '[Int!]')
  assert.ok(!f.c_contains, 'Int8-id references take numeric ops only')
  assert.equal(f.cs_contains.type.toString(), '[Int!]')
})

test('@fulltext: a root search field; a directive graph-node would refuse fails when the API is built', () => {
  const sdl = (lang: string, field: string) => `
    type Doc @entity { id: ID! title: String! n: Int! }
    type _Schema_ @fulltext(name: "docSearch", language: ${lang}, algorithm: rank, include: [{ entity: "Doc", fields: [{ name: "${field}" }] }])`
  const q = buildApiSchema(parseSchema(sdl('en', 'title'))).schema.getQueryType()!.getFields()
  assert.deepEqual(q.docSearch.args.map((a) => `${a.name}: ${a.type}`), ['text: String!', 'first: Int', 'skip: Int', 'block: Block_height', 'where: Doc_filter', 'subgraphError: _SubgraphErrorPolicy_!'])
  assert.equal(q.docSearch.type.toString(), '[Doc!]!')
  assert.throws(() => buildApiSchema(parseSchema(sdl('klingon', 'title'))), (e: unknown) => e instanceof InputError && /unknown fulltext language "klingon"/.test(e.message) && /docSearch/.test(e.where ?? ""))
  assert.throws(() => buildApiSchema(parseSchema(sdl('en', 'n'))), (e: unknown) => e instanceof InputError && /"Doc\.n" must be a stored String field/.test(e.message))
})
