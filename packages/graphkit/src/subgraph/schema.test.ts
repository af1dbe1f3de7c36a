import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseSchema, concreteTypes } from './schema.ts'
import { InputError } from '../internal/errors.ts'

const SDL = /* GraphQL */ `
  enum Status { upcoming active }
  interface Named { id: ID! name: String! }
  """A token."""
  type Token implements Named @entity {
    id: ID!
    name: String!
    holders: [Holder!]! @derivedFrom(field: "token")
  }
  type Holder @entity(immutable: true) {
    id: Bytes!
    token: Token!
    amounts: [BigInt!]
    status: Status
    big: Int8!
  }
`

test('parseSchema reads entities, field types, interfaces and directives', () => {
  const s = parseSchema(SDL)
  const token = s.entities.get('Token')!
  assert.equal(token.description, 'A token.')
  assert.equal(token.immutable, false)
  assert.deepEqual(token.interfaces, ['Named'])
  assert.equal(token.field.get('holders')!.derivedFrom, 'token')
  assert.deepEqual(token.field.get('holders')!.type, {
    base: 'Holder', category: 'entity', list: true, nonNull: true, itemNonNull: true,
  })
  const holder = s.entities.get('Holder')!
  assert.equal(holder.immutable, true)
  assert.equal(holder.idType, 'Bytes')
  assert.deepEqual(holder.field.get('amounts')!.type, {
    base: 'BigInt', category: 'scalar', list: true, nonNull: false, itemNonNull: true,
  })
  assert.equal(holder.field.get('status')!.type.category, 'enum')
  assert.deepEqual(concreteTypes(s, 'Named').map((e) => e.name), ['Token'])
})

test('parseSchema errors name the file and line', () => {
  assert.throws(() => parseSchema('type A @entity { id: ID! x: Nope }', 'my.graphql'), (e: unknown) => {
    assert.ok(e instanceof InputError)
    assert.match(e.message, /unknown type `Nope`/)
    assert.equal(e.where, 'my.graphql:1:26')
    return true
  })
  assert.throws(() => parseSchema('type A { id: ID! }'), /missing the @entity directive/)
  assert.throws(() => parseSchema('type A @entity { name: String }'), /must have an `id` field/)
  assert.throws(() => parseSchema('type A @entity { id: ID! '), (e: unknown) => (e as InputError).where === 'schema.graphql:1:26')
})
