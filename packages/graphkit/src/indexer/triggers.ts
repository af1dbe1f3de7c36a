/**
 * Which handlers a block triggers, in graph-node's order: `once` block handlers first, then
 * event triggers sorted by (transaction index, log index) — for one log, data sources in
 * creation order (manifest order, then templates instantiated earlier) — then the other block
 * handlers (graph-node chain/ethereum/src/trigger.rs `Ord for EthereumTrigger`: block triggers
 * of type `Start`, which only `once` handlers match, always come first, `End` ones last).
 * Pure: no RPC, no store.
 */
import { toEventSelector } from 'viem'
import type { BlockHandler, EventHandler, Mapping } from '../subgraph/manifest.ts'
import type { RpcLog } from './rpc.ts'

/** A data source that is running: from the manifest, or created from a template. */
export interface ActiveDataSource {
  name: string
  /** Lowercase hex; null never happens for running sources here (address-less ones are refused). */
  address: string
  startBlock: number
  endBlock?: number
  mapping: Pick<Mapping, 'eventHandlers' | 'blockHandlers'>
  /** Template instances: the block that created them (they see triggers after their creator in it). */
  createdAtBlock?: number
}

export type Trigger =
  | { kind: 'event'; source: ActiveDataSource; handler: EventHandler; log: RpcLog }
  | { kind: 'block'; source: ActiveDataSource; handler: string }

/** Solidity signature with `indexed` removed, as hashed into topic0. */
export function canonicalSignature(event: string): string {
  return event.replace(/\bindexed\s+/g, '').replace(/\s+/g, '')
}

const selectorCache = new Map<string, string>()
export function topic0(event: string): string {
  let t = selectorCache.get(event)
  if (!t) selectorCache.set(event, (t = toEventSelector(canonicalSignature(event)).toLowerCase()))
  return t
}

const topicMatches = (filter: string[] | undefined, topic: string | undefined) =>
  filter === undefined || (topic !== undefined && filter.includes(topic.toLowerCase()))

/** Pushes the event triggers `log` gives `source`, a source at the log's address (topic0 lowercased by the caller; topic1..3 filters). */
function pushMatching(out: Trigger[], source: ActiveDataSource, log: RpcLog, t0: string | undefined): void {
  for (const handler of source.mapping.eventHandlers) {
    if (topic0(handler.event) === t0 && topicMatches(handler.topic1, log.topics[1]) && topicMatches(handler.topic2, log.topics[2]) && topicMatches(handler.topic3, log.topics[3])) {
      out.push({ kind: 'event', source, handler, log })
    }
  }
}

export const inRange = (s: ActiveDataSource, block: number) => block >= s.startBlock && (s.endBlock === undefined || block <= s.endBlock)

// graph-node chain/ethereum/src/ethereum_adapter.rs `block_trigger_types_from_intervals`.
const isDue = (source: ActiveDataSource, h: BlockHandler, block: number): boolean => {
  if (!h.filter) return true
  if (h.filter.kind === 'once') return block === source.startBlock
  if (h.filter.kind === 'polling') return (block - source.startBlock) % h.filter.every === 0
  return false
}

/** Block handlers of `source` due at `block` (no filter: every block; polling: every N from startBlock; once: startBlock). */
export function dueBlockHandlers(source: ActiveDataSource, block: number): string[] {
  if (!inRange(source, block)) return []
  return source.mapping.blockHandlers.filter((h) => isDue(source, h, block)).map((h) => h.handler)
}

/** All triggers of one block for `sources` (in creation order), ordered as graph-node does. */
export function blockTriggers(block: number, sources: ActiveDataSource[], logs: RpcLog[]): Trigger[] {
  const first: Trigger[] = []
  const last: Trigger[] = []
  for (const source of sources) {
    if (!inRange(source, block)) continue
    for (const h of source.mapping.blockHandlers) {
      if (isDue(source, h, block)) (h.filter?.kind === 'once' ? first : last).push({ kind: 'block', source, handler: h.handler })
    }
  }
  const ordered = logs
    .filter((l) => Number(l.blockNumber) === block && !l.removed)
    .sort((a, b) => Number(a.transactionIndex) - Number(b.transactionIndex) || Number(a.logIndex) - Number(b.logIndex))
  const out: Trigger[] = first
  // The sources with event handlers by address, each list in creation order: a log's triggers are
  // its address's sources in that order (address and topic lowercased once per log, not per source).
  const byAddress = new Map<string, ActiveDataSource[]>()
  for (const source of sources) {
    if (!inRange(source, block) || source.mapping.eventHandlers.length === 0) continue
    const at = byAddress.get(source.address)
    if (at) at.push(source)
    else byAddress.set(source.address, [source])
  }
  for (const log of ordered) {
    const at = byAddress.get(log.address.toLowerCase())
    if (!at) continue
    const t0 = log.topics[0]?.toLowerCase()
    for (const source of at) pushMatching(out, source, log, t0)
  }
  for (const t of last) out.push(t)
  return out
}

/** Address/topic0 filter for eth_getLogs covering `sources` (one request for all of them). */
export function logFilter(sources: ActiveDataSource[]): { address: string[]; topics: [string[]] } {
  const address = [...new Set(sources.map((s) => s.address))]
  const topics = [...new Set(sources.flatMap((s) => s.mapping.eventHandlers.map((h) => topic0(h.event))))]
  return { address, topics: [topics] }
}
