// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for abi/ethereumObjects.test.ts: handlers that read the fields an apiVersion has and
// record the objects' addresses, so the test can check each object's size in memory.
import { BigInt, Entity, ethereum, store } from '@graphprotocol/graph-ts'

function ptrs(e: ethereum.Event): Entity {
  let ent = new Entity()
  ent.setI32('event', changetype<i32>(e))
  ent.setI32('block', changetype<i32>(e.block))
  ent.setI32('transaction', changetype<i32>(e.transaction))
  ent.setBigInt('number', e.block.number)
  ent.setBytes('input', e.transaction.input)
  ent.setBigInt('gasPrice', e.transaction.gasPrice)
  ent.setBigInt('param', e.parameters[0].value.toBigInt())
  let size = e.block.size
  ent.setBigInt('size', changetype<usize>(size) == 0 ? BigInt.fromI32(-1) : size!)
  return ent
}

/** apiVersion 0.0.5: Transaction_0_0_2 (input, no nonce), Block without baseFeePerGas, no receipt. */
export function handleV5(e: ethereum.Event): void {
  store.set('E', 'v5', ptrs(e))
}

/** apiVersion 0.0.6: Transaction_0_0_6 (nonce), Block_0_0_6 (baseFeePerGas), no receipt. */
export function handleV6(e: ethereum.Event): void {
  let ent = ptrs(e)
  ent.setBigInt('nonce', e.transaction.nonce)
  let fee = e.block.baseFeePerGas
  ent.setBigInt('baseFee', changetype<usize>(fee) == 0 ? BigInt.fromI32(-1) : fee!)
  store.set('E', 'v6', ent)
}

export function handleBlockPtr(b: ethereum.Block): void {
  let ent = new Entity()
  ent.setI32('block', changetype<i32>(b))
  ent.setBigInt('number', b.number)
  store.set('B', b.number.toString(), ent)
}
