import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { compileAs } from './__fixtures__/compile.ts'
import { memoryContext } from './__fixtures__/memoryContext.ts'
import { compileMapping, instantiate, type HostInstance, type MappingModule } from './index.ts'

// What a mapping must see follows graph-node's store_get: the entity as last saved, a fresh
// object for every load. The handoff may only change which address that object is at.
let mod: MappingModule
before(async () => {
  mod = await compileMapping(compileAs('handoff.ts'), { file: 'handoff.ts' })
})
const fresh = (handOffSavedEntities = true) => {
  const ctx = memoryContext()
  return { ctx, h: instantiate(mod, ctx, { handOffSavedEntities }) }
}
const s = (h: HostInstance, v: string) => h.memory.newString(v)
const save = (h: HostInstance, id: string, amount = 5) => h.call('save', s(h, id), amount)
const load = (h: HostInstance, id: string) => h.call('loadPtr', s(h, id))
const str = (h: HostInstance, f: string, p: number) => h.memory.readString(h.call(f, p))

test('an unchanged entity saved in an earlier call is handed back, once; later loads get copies with the stored values', () => {
  const { h } = fresh()
  const p = save(h, 'a')
  assert.equal(load(h, 'a'), p)
  const q = load(h, 'a')
  assert.notEqual(q, p)
  assert.equal(h.call('amountOf', q), 5)
  assert.equal(str(h, 'dataOf', q), '0xdeadbeef')
  assert.equal(str(h, 'listOf', q), '1,2')
})

test('store.get_in_block hands back the same way', () => {
  const { h } = fresh()
  const p = save(h, 'a')
  assert.equal(h.call('loadInBlockPtr', s(h, 'a')), p)
  assert.notEqual(h.call('loadInBlockPtr', s(h, 'a')), p)
})

test('a load in the call that saved gets a copy (the handler still holds the saved object)', () => {
  const { h } = fresh()
  assert.equal(h.call('saveThenLoad', s(h, 'a')), 1)
})

test('any change after the save, in place or not, makes the load a copy of what was saved', () => {
  const cases: [string, (h: HostInstance, p: number) => void][] = [
    ['a field set again', (h, p) => h.call('setAmount', p, 9)],
    ['a field added', (h, p) => h.call('addField', p)],
    ['Bytes changed in place', (h, p) => h.call('pokeData', p)],
    ['BigInt changed in place', (h, p) => h.call('pokeAmount', p)],
    ['a list item replaced', (h, p) => h.call('pokeList', p)],
  ]
  for (const [what, change] of cases) {
    const { h } = fresh()
    const p = save(h, 'a')
    change(h, p)
    const q = load(h, 'a')
    assert.notEqual(q, p, what)
    assert.equal(h.call('amountOf', q), 5, what)
    assert.equal(str(h, 'dataOf', q), '0xdeadbeef', what)
    assert.equal(str(h, 'listOf', q), '1,2', what)
  }
})

test('one object saved under two ids is handed back once, as the later save', () => {
  const { h } = fresh()
  const p = save(h, 'a')
  h.call('saveUnder', p, s(h, 'b'))
  assert.notEqual(load(h, 'a'), p)
  assert.equal(load(h, 'b'), p)
  assert.notEqual(load(h, 'b'), p)
})

test('an entity the store replaced since (another version) is written fresh', () => {
  const { h, ctx } = fresh()
  const p = save(h, 'a')
  const key = 'Thing\0a'
  ctx.entities.set(key, new Map(ctx.entities.get(key)!))
  const q = load(h, 'a')
  assert.notEqual(q, p)
  assert.equal(h.call('amountOf', q), 5)
})

test('without the option every load is a copy (the test runner)', () => {
  const { h } = fresh(false)
  const p = save(h, 'a')
  const q = load(h, 'a')
  assert.notEqual(q, p)
  assert.equal(h.call('amountOf', q), 5)
})
