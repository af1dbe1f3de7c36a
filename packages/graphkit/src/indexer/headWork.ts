/**
 * When the work the store postpones to the chain head (attribute indexes, then ANALYZE;
 * `DeploymentStore.headWorkStep`) may begin before the backfill ends.
 *
 * During a backfill the store is idle between commits (PGlite's worker about two thirds of
 * the time on the benchmark chain), while at the head the indexer has nothing to do but wait
 * for that work: 1.3–2.4 s of a 9–15 s PGlite run. Done in the idle time instead, it
 * overlaps the last stretch of the backfill. Not earlier: every insert after an index exists
 * maintains it, which is why the indexes are postponed at all. So the indexes start when the
 * backfill is expected to end within a quarter of the time it has run (at most a minute),
 * and ANALYZE when within 8% (at most 10 s): a table that changes by more than 10% after its
 * ANALYZE is analyzed again at the head (the store applies PostgreSQL autovacuum's rule).
 */

export type HeadWorkLevel = 'index' | 'analyze'

export const HEAD_WORK_LEAD = {
  index: { share: 0.25, maxMs: 60_000 },
  analyze: { share: 0.08, maxMs: 10_000 },
} as const

/** The head work due with `etaMs` of backfill left after `elapsedMs`: none, the indexes, or the indexes and ANALYZE. */
export function headWorkDue(elapsedMs: number, etaMs: number): HeadWorkLevel | null {
  if (!Number.isFinite(etaMs) || etaMs < 0) return null
  const within = (l: { share: number; maxMs: number }) => etaMs <= Math.min(l.maxMs, l.share * elapsedMs)
  if (within(HEAD_WORK_LEAD.analyze)) return 'analyze'
  if (within(HEAD_WORK_LEAD.index)) return 'index'
  return null
}

/**
 * Blocks per millisecond over the last `windowMs` of samples (block reached at time t), for
 * the time left to a target block. The recent rate, not the average since start: a chain's
 * early blocks are often empty and fly by.
 */
export class BlockRate {
  private readonly samples: { t: number; block: number }[] = []

  constructor(private readonly windowMs = 3000) {}

  add(t: number, block: number): void {
    this.samples.push({ t, block })
    // Keep one sample at or before the window's start, so the window is full once it can be.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift()
  }

  /** Time left to reach `target` at the recent rate; Infinity before two samples or without progress. */
  etaMs(target: number): number {
    const n = this.samples.length
    if (n < 2) return Infinity
    const a = this.samples[0]!, b = this.samples[n - 1]!
    if (b.block >= target) return 0
    const rate = (b.block - a.block) / (b.t - a.t)
    return rate > 0 ? (target - b.block) / rate : Infinity
  }
}
