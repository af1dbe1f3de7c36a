// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for abi/objectLayout.test.ts: reads back, in WASM, what the host wrote in one allocation.
import { Bytes, Entity, Value, ValueKind, ethereum } from '@graphprotocol/graph-ts'

function show(v: Value): string {
  if (v.kind == ValueKind.STRING) return v.toString()
  if (v.kind == ValueKind.INT) return v.toI32().toString()
  if (v.kind == ValueKind.INT8) return v.toI64().toString()
  if (v.kind == ValueKind.BIGINT) return v.toBigInt().toString()
  if (v.kind == ValueKind.BIGDECIMAL) return v.toBigDecimal().toString()
  if (v.kind == ValueKind.BOOL) return v.toBoolean() ? 'true' : 'false'
  if (v.kind == ValueKind.BYTES) return v.toBytes().toHexString()
  if (v.kind == ValueKind.NULL) return 'null'
  if (v.kind == ValueKind.ARRAY) {
    let a = v.toArray()
    let parts = new Array<string>()
    for (let i = 0; i < a.length; i++) parts.push(show(a[i]))
    return '[' + parts.join(',') + ']'
  }
  return '?'
}

export function describeEntity(e: Entity): string {
  let out = ''
  for (let i = 0; i < e.entries.length; i++) out += e.entries[i].key + '=' + show(e.entries[i].value) + ';'
  return out
}

/** Adds `n` fields: the entries array outgrows the buffer the host wrote and is reallocated. */
export function grow(e: Entity, n: i32): Entity {
  for (let i = 0; i < n; i++) e.set('extra' + i.toString(), Value.fromI32(i))
  return e
}

export function eventSummary(e: ethereum.Event): string {
  let out = e.block.number.toString() + ' ' + e.transaction.hash.toHexString() + ' ' + e.logIndex.toString()
  for (let i = 0; i < e.parameters.length; i++) out += ' ' + e.parameters[i].name + ':' + e.parameters[i].value.toBigInt().toString()
  return out
}

export function literal(): string {
  return 'a literal in static data'
}

export function bytesOf(n: i32): Bytes {
  let b = new Bytes(n)
  for (let i = 0; i < n; i++) b[i] = <u8>i
  return b
}
