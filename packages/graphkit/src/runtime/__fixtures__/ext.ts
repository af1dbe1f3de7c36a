// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for ext.test.ts: BigDecimal, crypto, JSON, ethereum ABI, events, data sources.
import { BigDecimal, BigInt, Bytes, Address, crypto, json, JSONValue, JSONValueKind, ethereum, dataSource, DataSourceContext, Entity, store, ByteArray, ipfs, Value } from '@graphprotocol/graph-ts'

export function decOp(op: i32, a: string, b: string): string {
  let x = BigDecimal.fromString(a)
  let y = BigDecimal.fromString(b)
  if (op == 0) return x.plus(y).toString()
  if (op == 1) return x.minus(y).toString()
  if (op == 2) return x.times(y).toString()
  if (op == 3) return x.div(y).toString()
  return x.equals(y) ? 'true' : 'false'
}
export function bigDivDec(a: string, b: string): string {
  return BigInt.fromString(a).divDecimal(BigDecimal.fromString(b)).toString()
}
export function keccak(b: Bytes): ByteArray {
  return crypto.keccak256(b)
}
export function jsonSum(b: Bytes): string {
  let v = json.fromBytes(b).toObject()
  let items = v.get('items')!.toArray()
  let total = BigInt.zero()
  for (let i = 0; i < items.length; i++) total = total.plus(items[i].toBigInt())
  let name = v.get('name')!.toString()
  let neg = v.get('neg')!.toI64()
  let f = v.get('f')!.toF64()
  return name + ':' + total.toString() + ':' + neg.toString() + ':' + f.toString()
}
export function jsonOk(b: Bytes): bool {
  return json.try_fromBytes(b).isOk
}
export function encodePair(a: Address, n: BigInt): Bytes {
  let t = new ethereum.Tuple()
  t.push(ethereum.Value.fromAddress(a))
  t.push(ethereum.Value.fromUnsignedBigInt(n))
  return ethereum.encode(ethereum.Value.fromTuple(t))!
}
export function decodePair(b: Bytes): string {
  let v = ethereum.decode('(address,uint256)', b)
  if (v == null) return 'null'
  let t = v.toTuple()
  return t[0].toAddress().toHexString() + ' ' + t[1].toBigInt().toString()
}
export function handleTransfer(e: ethereum.Event): void {
  let ent = new Entity()
  ent.setString('id', e.transaction.hash.toHexString() + '-' + e.logIndex.toString())
  ent.setBytes('from', e.parameters[0].value.toAddress())
  ent.setBigInt('value', e.parameters[1].value.toBigInt())
  ent.setBigInt('block', e.block.number)
  ent.setBigInt('timestamp', e.block.timestamp)
  ent.setBytes('emitter', e.address)
  ent.setBytes('ds', dataSource.address())
  ent.setString('network', dataSource.network())
  ent.setString('ctx', dataSource.context().getString('label'))
  let r = e.receipt
  ent.setBigInt('gasUsed', r == null ? BigInt.fromI32(-1) : r.gasUsed)
  store.set('Transfer', ent.getString('id'), ent)
  let c = new DataSourceContext()
  c.setString('parent', ent.getString('id'))
  dataSource.createWithContext('Child', [e.address.toHexString()], c)
}
export function handleBlock(b: ethereum.Block): void {
  let ent = new Entity()
  ent.setBigInt('number', b.number)
  ent.setBytes('hash', b.hash)
  store.set('Block', b.number.toString(), ent)
}
export function ipfsSum(): void {
  ipfs.map('QmList', 'onItem', Value.fromString('tag'), ['json'])
}
export function onItem(v: JSONValue, user: Value): void {
  let o = v.toObject()
  let ent = new Entity()
  ent.setString('user', user.toString())
  ent.setBigInt('n', o.get('n')!.toBigInt())
  store.set('Item', o.get('id')!.toString(), ent)
}
