import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkStoredCursor, commonAncestor, ChainMismatchError, type HashAt } from './chainCheck.ts'
import type { BlockPtr } from '../store/types.ts'

// A chain as a list of block hashes by number; the index's pointers are worked out by hand from it.
const chainOf = (hashes: string[]): { hashAt: HashAt; lookups: number[] } => {
  const lookups: number[] = []
  return { lookups, hashAt: async (n) => (lookups.push(n), hashes[n] ?? null) }
}
const h = (branch: string, n: number) => `0x${branch}${n.toString(16).padStart(4, '0')}`
const ptr = (branch: string, n: number): BlockPtr => ({ number: n, hash: h(branch, n) })
// Index pointers on branch a at sparse blocks (as a backfill keeps them) up to 40.
const kept = [3, 7, 12, 20, 21, 30, 33, 40].map((n) => ptr('a', n))
const chain = (forkAfter: number, length: number) => [...Array(length + 1).keys()].map((n) => h(n <= forkAfter ? 'a' : 'b', n))

test('commonAncestor: the newest kept pointer still on the chain, in log2(kept) lookups', async () => {
  const c = chainOf(chain(25, 45))
  assert.deepEqual(await commonAncestor(kept, c.hashAt), ptr('a', 21))
  assert.ok(c.lookups.length <= 4, `lookups: ${c.lookups}`)
  assert.equal(await commonAncestor(kept, chainOf(chain(1, 45)).hashAt), null)
})

test('checkStoredCursor: on the chain, reorged, behind the index, or another chain', async () => {
  const where = 'deployment x'
  const base = { cursor: ptr('a', 40), recentBlocks: async () => kept, where }
  const run = (hashes: string[]) => checkStoredCursor({ ...base, hashAt: chainOf(hashes).hashAt, head: async () => hashes.length - 1 })
  assert.equal((await run(chain(50, 50))).revertTo, null, 'the cursor is on the chain')
  assert.deepEqual((await run(chain(31, 50))).revertTo, ptr('a', 30), 'reorg above 31: back to the kept pointer 30')
  assert.equal((await run(chain(36, 36))).revertTo, null, 'a chain that has not reached block 40 but agrees below is waited for')
  assert.deepEqual((await run(chain(32, 36))).revertTo, ptr('a', 30), 'a shorter chain that disagrees below its head is a reorg')
  await assert.rejects(run(chain(1, 50)), (e: unknown) => {
    assert.ok(e instanceof ChainMismatchError)
    assert.match(e.message, /latest block 40 \(0xa0028\) is not on this chain \(its block 40 is 0xb0028\), and none of the 8 recent blocks the index keeps \(blocks 3–40\)/)
    assert.match(e.details ?? '', /another chain.*empty store/s)
    assert.equal(e.where, where)
    return true
  })
  assert.equal((await checkStoredCursor({ ...base, cursor: null, hashAt: async () => null, head: async () => 0 })).revertTo, null, 'nothing indexed yet')
})
