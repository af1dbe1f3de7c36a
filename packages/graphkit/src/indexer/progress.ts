/**
 * Backfill feedback: a one-line progress bar redrawn in place on a terminal, plain
 * periodic lines otherwise (CI logs, pipes). Pure formatting plus a tiny reporter.
 */
import type { Progress } from './indexer.ts'

export function formatProgress(p: Progress, width = 30): { bar: string; line: string } {
  const total = Math.max(1, p.head - p.startBlock + 1)
  const doneBlocks = Math.max(0, Math.min(total, p.block - p.startBlock + 1))
  const frac = doneBlocks / total
  const secs = p.elapsedMs / 1000
  const eps = secs > 0 ? p.events / secs : 0
  const bps = secs > 0 ? p.blocks / secs : 0
  const rate = secs > 0 ? doneBlocks / secs : 0
  const eta = p.synced ? 'synced' : rate > 0 ? `ETA ${formatDuration((total - doneBlocks) / rate)}` : 'ETA ?'
  const filled = Math.round(frac * width)
  const stats = `block ${p.block}/${p.head}  ${p.events} events  ${Math.round(eps)} events/s  ${Math.round(bps)} blocks/s  ${eta}`
  return { bar: `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(1)}%  ${stats}`, line: `progress ${(frac * 100).toFixed(1)}% ${stats}` }
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '?'
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = Math.round(s % 60)
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`
}

/**
 * A progress callback for `startIndexer` writing to `out`: a bar on a TTY, a line every `everyMs`
 * otherwise. Once synced, it writes one line per new head block instead of repeating itself at
 * every poll.
 */
export function progressReporter(out: NodeJS.WriteStream, everyMs = 5000): (p: Progress) => void {
  let last = 0
  let syncedAt = -1
  return (p) => {
    const now = Date.now()
    if (p.synced) {
      if (p.block === syncedAt) return
      const first = syncedAt < 0
      syncedAt = p.block
      last = now
      if (out.isTTY) out.write('\r\u001b[K')
      out.write(first ? `${formatProgress(p).line}\n` : `synced: block ${p.block}, ${p.events} events indexed\n`)
      return
    }
    if (out.isTTY) out.write(`\r${formatProgress(p).bar}\u001b[K`)
    else if (now - last >= everyMs) {
      last = now
      out.write(`${formatProgress(p).line}\n`)
    }
  }
}
