import { test } from 'node:test'
import assert from 'node:assert/strict'
import { formatProgress, formatDuration } from './progress.ts'

test('progress: percentage, rates and ETA worked by hand', () => {
  // Blocks 0..99 to do, 25 done in 5 s: 25%, 10 events/s, 5 blocks/s, 75 blocks left at 5/s = 15 s.
  const { bar, line } = formatProgress({ block: 24, head: 99, startBlock: 0, events: 50, blocks: 25, elapsedMs: 5000, synced: false }, 8)
  assert.equal(bar, '[##------] 25.0%  block 24/99  50 events  10 events/s  5 blocks/s  ETA 15s')
  assert.match(line, /^progress 25\.0% block 24\/99/)
  assert.match(formatProgress({ block: 99, head: 99, startBlock: 0, events: 1, blocks: 1, elapsedMs: 1, synced: true }).line, /synced$/)
  assert.equal(formatDuration(3725), '1h02m')
  assert.equal(formatDuration(65), '1m05s')
})
