// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for entityHandoff.test.ts: saves entities, changes them after the save in
// every way a mapping can, and reports the addresses `store.get` returns.
import { BigInt, Bytes, Entity, Value, store } from '@graphprotocol/graph-ts'

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
