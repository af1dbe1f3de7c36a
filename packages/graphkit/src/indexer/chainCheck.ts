/**
 * Is the index still on the chain? On start the stored cursor may belong to another chain (a
 * re-created local chain that put the same contracts at the same addresses) or to a branch that
 * a reorg replaced while the indexer was stopped. graph-node compares the subgraph's block
 * pointer with the chain and reverts to the common ancestor (core/src/subgraph/runner: revert on
 * a `BlockStreamEvent::Revert` from the block stream's reconciliation); so do we, through the
 * recent block pointers the store keeps (store `KEEP_BLOCKS`).
 *
 * The stored pointers form one chain (a revert deletes those above the ancestor), so "this
 * pointer is on the chain" holds for every pointer up to the common ancestor and for none above
 * it: a binary search finds it in log2(kept) block lookups.
 */
import { DeterministicError } from '../internal/errors.ts'
import type { BlockPtr } from '../store/types.ts'
import { hex, type RpcClient } from './rpc.ts'

/**
 * The index and the chain share no block in the kept window. Deterministic: retrying against
 * the same chain cannot help; the index must be rebuilt.
 */
export class ChainMismatchError extends DeterministicError {
  override name = 'ChainMismatchError'
}

/** Hash of the chain's block `n` (lowercase hex), or null when the chain has no such block. */
export type HashAt = (n: number) => Promise<string | null>

export const chainHashAt = (rpc: RpcClient): HashAt => async (n) =>
  (await rpc.request<{ hash: string } | null>('eth_getBlockByNumber', [hex(n), false]))?.hash.toLowerCase() ?? null

/** The newest of `pointers` that the chain still has (same hash at its number), or null. */
export async function commonAncestor(pointers: BlockPtr[], hashAt: HashAt): Promise<BlockPtr | null> {
  const asc = [...pointers].sort((a, b) => a.number - b.number)
  let lo = 0
  let hi = asc.length - 1
  let found: BlockPtr | null = null
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if ((await hashAt(asc[mid]!.number)) === asc[mid]!.hash.toLowerCase()) {
      found = asc[mid]!
      lo = mid + 1
    } else {
      hi = mid - 1
    }
  }
  return found
}

export interface CursorCheck {
  cursor: BlockPtr | null
  /** The store's recent block pointers (any order); read only when the cursor is off the chain. */
  recentBlocks: () => Promise<BlockPtr[]>
  hashAt: HashAt
  head: () => Promise<number>
  /** Names the index and the chain in errors, e.g. `deployment x at http://…`. */
  where: string
}

/**
 * Where indexing may resume: `revertTo: null` when the cursor is on the chain (or the chain
 * has not reached it yet: a lagging node whose blocks all match is waited for, not reverted
 * from), else the common ancestor to revert to. Throws ChainMismatchError when no kept pointer
 * is on the chain.
 */
export async function checkStoredCursor(c: CursorCheck): Promise<{ revertTo: BlockPtr | null; chainHash: string | null }> {
  if (!c.cursor) return { revertTo: null, chainHash: null }
  const chainHash = await c.hashAt(c.cursor.number)
  if (chainHash === c.cursor.hash.toLowerCase()) return { revertTo: null, chainHash }
  const recent = await c.recentBlocks()
  const ancestor = await commonAncestor(recent, c.hashAt)
  if (chainHash === null && ancestor) {
    const head = await c.head()
    const newestBelowHead = recent.filter((p) => p.number <= head).reduce<BlockPtr | null>((m, p) => (!m || p.number > m.number ? p : m), null)
    if (newestBelowHead && newestBelowHead.number === ancestor.number) return { revertTo: null, chainHash }
  }
  if (!ancestor) throw notOnChain(c.cursor, chainHash, recent, c.where)
  return { revertTo: ancestor, chainHash }
}

function notOnChain(cursor: BlockPtr, chainHash: string | null, recent: BlockPtr[], where: string): ChainMismatchError {
  const numbers = recent.map((p) => p.number)
  const window = numbers.length ? `blocks ${Math.min(...numbers)}–${Math.max(...numbers)}` : 'no other block'
  return new ChainMismatchError(
    `the index's latest block ${cursor.number} (${cursor.hash}) is not on this chain (${chainHash ? `its block ${cursor.number} is ${chainHash}` : `it has no block ${cursor.number}`}), and none of the ${recent.length} recent blocks the index keeps (${window}) is either`,
    {
      where,
      details:
        'The index was built from another chain (e.g. a re-created local chain with the same contract addresses), or a reorg deeper than the kept blocks replaced them. ' +
        'Index into an empty store (another --data-dir, or an empty database for --database-url), or point --rpc at the chain the index was built from.',
    },
  )
}

/** A reorg while running whose common ancestor is older than every kept pointer. */
export function reorgTooDeep(at: number, recent: BlockPtr[], where: string): ChainMismatchError {
  return new ChainMismatchError(`reorg below block ${at} is deeper than the ${recent.length} recent blocks the index keeps: no common ancestor found`, {
    where,
    details: 'The chain replaced every kept block. Index again into an empty store (another --data-dir, or an empty database for --database-url).',
  })
}
