import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseSchema } from '../subgraph/schema.ts'
import type { Entity, Value } from '../subgraph/values.ts'
import { EntityCache } from './entityCache.ts'

const schema = parseSchema(`
  type Owner @entity { id: ID! pets: [Pet!]! @derivedFrom(field: "owner") }
  type Pet @entity { id: ID! owner: Owner! name: String! }
`)
const s = (v: string): Value => ({ kind: 'String', value: v })
const pet = (id: string, owner: string, name: string): Entity => new Map([['id', s(id)], ['owner', s(owner)], ['name', s(name)]])
const names = (es: Entity[]) => es.map((e) => (e.get('name') as { value: string }).value).sort()

test('layers: committed, block, trigger; discarded triggers leave no trace', () => {
  const c = new EntityCache(schema)
  c.load('Pet', [pet('p1', 'o1', 'rex')])
  assert.equal(c.getInBlock('Pet', 'p1'), null, 'loaded entities are not "in block"')
  c.set('Pet', 'p2', pet('p2', 'o1', 'tom'))
  assert.ok(c.getInBlock('Pet', 'p2'))
  c.discardTrigger()
  assert.equal(c.get('Pet', 'p2'), null)

  c.set('Pet', 'p2', pet('p2', 'o1', 'tom'))
  c.remove('Pet', 'p1')
  c.commitTrigger()
  assert.equal(c.get('Pet', 'p1'), null)
  assert.deepEqual(names(c.loadRelated('Owner', 'o1', 'pets')), ['tom'])
  const ops = c.finishBlock()
  assert.deepEqual(ops.map((o) => [o.type, o.id, o.entity === null]), [['Pet', 'p2', false], ['Pet', 'p1', true]])
  assert.equal(c.getInBlock('Pet', 'p2'), null, 'a new block starts empty')
  assert.ok(c.get('Pet', 'p2'))
})

test('a discarded trigger restores what earlier triggers of the block wrote, in the ops too', () => {
  const c = new EntityCache(schema)
  c.load('Pet', [pet('p1', 'o1', 'rex')])
  c.set('Pet', 'p1', pet('p1', 'o1', 'max'))
  c.set('Pet', 'p2', pet('p2', 'o1', 'tom'))
  c.commitTrigger()
  // The failing trigger overwrites, removes, adds, and writes one entity twice.
  c.set('Pet', 'p1', pet('p1', 'o1', 'bad'))
  c.set('Pet', 'p1', pet('p1', 'o1', 'worse'))
  c.remove('Pet', 'p2')
  c.set('Pet', 'p3', pet('p3', 'o1', 'new'))
  assert.deepEqual(names(c.loadRelated('Owner', 'o1', 'pets')), ['new', 'worse'])
  c.discardTrigger()
  assert.deepEqual(names([c.get('Pet', 'p1')!, c.getInBlock('Pet', 'p2')!]), ['max', 'tom'])
  assert.equal(c.get('Pet', 'p3'), null)
  const ops = c.finishBlock()
  assert.deepEqual(ops.map((o) => [o.id, o.entity && names([o.entity])[0]]), [['p1', 'max'], ['p2', 'tom']])
})

test('loadRelated sees uncommitted trigger writes and ignores other owners', () => {
  const c = new EntityCache(schema)
  c.load('Pet', [pet('p1', 'o1', 'rex'), pet('p2', 'o2', 'tom')])
  c.set('Pet', 'p3', pet('p3', 'o1', 'kit'))
  assert.deepEqual(names(c.loadRelated('Owner', 'o1', 'pets')), ['kit', 'rex'])
  c.discardBlock()
  assert.deepEqual(names(c.loadRelated('Owner', 'o1', 'pets')), ['rex'])
})
