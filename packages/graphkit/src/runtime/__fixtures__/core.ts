// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for runtime.test.ts: calls graph-ts APIs whose results the test checks.
import { BigInt, Bytes, Address, Entity, Value, store, log } from '@graphprotocol/graph-ts'

export function bigSum(a: string, b: string): string {
  return BigInt.fromString(a).plus(BigInt.fromString(b)).toString()
}
export function bigOps(a: BigInt, b: BigInt): Array<BigInt> {
  return [a.minus(b), a.times(b), a.div(b), a.mod(b), a.pow(3), a.bitOr(b), a.bitAnd(b), a.leftShift(4), a.rightShift(4)]
}
export function bigDivZero(a: BigInt): BigInt {
  return a.div(BigInt.zero())
}
export function toHex(b: Bytes): string {
  return b.toHexString()
}
export function bigHex(b: BigInt): string {
  return b.toHexString()
}
export function bytesStr(b: Bytes): string {
  return b.toString()
}
export function addr(s: string): Address {
  return Address.fromString(s)
}
export function base58(b: Bytes): string {
  return b.toBase58()
}
export function i32ToBig(n: i32): BigInt {
  return BigInt.fromI32(n)
}
export function saveAndLoad(id: string): Entity | null {
  let e = new Entity()
  e.setString('id', id)
  e.setI32('count', -7)
  e.setBigInt('amount', BigInt.fromString('-123456789012345678901234567890'))
  e.setBoolean('ok', true)
  e.setBytes('data', Bytes.fromHexString('0xdeadbeef'))
  e.set('tags', Value.fromStringArray(['a', 'bé']))
  e.set('nothing', Value.fromNull())
  e.set('big8', Value.fromI64(-9007199254740993))
  store.set('Thing', id, e)
  return store.get('Thing', id)
}
export function removeThing(id: string): void {
  store.remove('Thing', id)
}
export function loadCount(id: string): i32 {
  let e = store.get('Thing', id)
  if (e == null) return -1
  return e.getI32('count')
}
export function logAt(level: i32, msg: string): void {
  log.log(level, msg)
}
export function failAssert(): void {
  assert(false, 'boom here')
}
export function trap(): void {
  unreachable()
}
