// @ts-nocheck -- AssemblyScript, compiled by asc, not tsc
// Test program for imports.test.ts: an import no host provides, and apiVersion-gated host functions.
import { Address, Bytes, ethereum, BigInt } from '@graphprotocol/graph-ts'

@external("custom", "mystery.fn")
declare function mystery(x: i32): i32

export function callMystery(x: i32): i32 {
  return mystery(x)
}
export function balance(a: Address): BigInt {
  return ethereum.getBalance(a)
}

// graph-ts has no wrapper for it yet; graph-node links the import by name.
@external("ipfs", "ipfs.getBlock")
declare function ipfsGetBlock(hash: string): Bytes

export function getBlock(hash: string): Bytes {
  return ipfsGetBlock(hash)
}
