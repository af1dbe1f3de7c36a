// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for entityHandoff.test.ts: saves entities, changes them after the save in
// every way a mapping can, and reports the addresses `store.get` returns.
import { BigDecimal, BigInt, Bytes, Entity, Value, store } from '@graphprotocol/graph-ts'

export function save(id: string, amount: i32): usize {
  let e = new Entity()
  e.setString('id', id)
  e.setBigInt('amount', BigInt.fromI32(amount))
  e.setBytes('data', Bytes.fromHexString('0xdeadbeef'))
  e.set('list', Value.fromBigIntArray([BigInt.fromI32(1), BigInt.fromI32(2)]))
  store.set('Thing', id, e)
  return changetype<usize>(e)
}
export function saveUnder(ptr: usize, id: string): void {
  store.set('Thing', id, changetype<Entity>(ptr))
}
/** Saves, then loads in the same call: true when the load is a copy. */
export function saveThenLoad(id: string): bool {
  let saved = save(id, 3)
  return changetype<usize>(store.get('Thing', id)) != saved
}
export function loadPtr(id: string): usize {
  return changetype<usize>(store.get('Thing', id))
}
export function loadInBlockPtr(id: string): usize {
  return changetype<usize>(store.get_in_block('Thing', id))
}
export function amountOf(ptr: usize): i32 {
  return changetype<Entity>(ptr).getBigInt('amount').toI32()
}
export function dataOf(ptr: usize): string {
  return changetype<Entity>(ptr).getBytes('data').toHexString()
}
export function listOf(ptr: usize): string {
  let l = changetype<Entity>(ptr).get('list')!.toBigIntArray()
  return l[0].toString() + ',' + l[1].toString()
}
// Changes after the save, never saved:
export function setAmount(ptr: usize, amount: i32): void {
  changetype<Entity>(ptr).setBigInt('amount', BigInt.fromI32(amount))
}
export function addField(ptr: usize): void {
  changetype<Entity>(ptr).setI32('extra', 1)
}
export function pokeData(ptr: usize): void {
  let b = changetype<Entity>(ptr).getBytes('data')
  b[0] = 0x11
}
export function pokeAmount(ptr: usize): void {
  let b = changetype<Entity>(ptr).getBigInt('amount')
  b[0] = b[0] + 1
}
export function pokeList(ptr: usize): void {
  let l = changetype<Entity>(ptr).get('list')!.toArray()
  l[0] = Value.fromBigInt(BigInt.fromI32(7))
}
// Load, change, save (the save after a hand-back decodes only what changed):
export function loadSetSave(id: string, amount: i32): usize {
  let e = store.get('Thing', id)!
  e.setBigInt('amount', BigInt.fromI32(amount))
  store.set('Thing', id, e)
  return changetype<usize>(e)
}
export function loadPokeSave(id: string): void {
  let e = store.get('Thing', id)!
  let b = e.getBytes('data')
  b[3] = 0x11
  let l = e.get('list')!.toArray()
  l[1] = Value.fromBigInt(BigInt.fromI32(8))
  store.set('Thing', id, e)
}
export function loadAddSave(id: string): void {
  let e = store.get('Thing', id)!
  e.setI32('extra', 4)
  store.set('Thing', id, e)
}
// Every store value kind, for the lazy decode (a save decoded later, from its snapshot):
export function saveEveryKind(id: string): usize {
  let e = new Entity()
  e.setString('id', id)
  e.setString('text', 'a\0b')
  e.set('int', Value.fromI32(-7))
  e.set('flag', Value.fromBoolean(true))
  e.set('nothing', Value.fromNull())
  e.set('int8', Value.fromI64(-5000000000))
  e.set('time', Value.fromTimestamp(1700000000000000))
  let all = Bytes.fromHexString('0x0102030405')
  e.set('odd', Value.fromBytes(changetype<Bytes>(all.subarray(1, 4))))
  e.set('big', Value.fromBigInt(BigInt.fromString('-123456789012345678901234567890')))
  e.set('nested', Value.fromArray([Value.fromStringArray(['x', 'y']), Value.fromI32(3)]))
  store.set('Thing', id, e)
  return changetype<usize>(e)
}
/** Changes everything saveEveryKind saved, in place and not, without saving. */
export function scrambleEveryKind(ptr: usize): void {
  let e = changetype<Entity>(ptr)
  e.setString('text', 'changed')
  e.set('flag', Value.fromBoolean(false))
  let odd = e.getBytes('odd')
  odd[0] = 0xff
  let big = e.getBigInt('big')
  big[0] = big[0] ^ 0xff
  let nested = e.get('nested')!.toArray()
  nested[0].toArray()[1] = Value.fromString('z')
  nested[1] = Value.fromI32(4)
}
export function saveDecimal(id: string): void {
  let e = new Entity()
  e.setString('id', id)
  e.setBigDecimal('price', BigDecimal.fromString('1.5'))
  store.set('Thing', id, e)
}
