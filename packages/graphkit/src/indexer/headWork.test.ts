import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BlockRate, headWorkDue } from './headWork.ts'

test('headWorkDue: nothing while the backfill has long to go, indexes in its last quarter (at most a minute), ANALYZE in its last 8% (at most 10 s)', () => {
  // 10 s in: indexes from 2.5 s left, ANALYZE from 0.8 s left.
  assert.equal(headWorkDue(10_000, 2_600), null)
  assert.equal(headWorkDue(10_000, 2_500), 'index')
  assert.equal(headWorkDue(10_000, 900), 'index')
  assert.equal(headWorkDue(10_000, 800), 'analyze')
  assert.equal(headWorkDue(10_000, 0), 'analyze')
  // An hour in: the caps (60 s and 10 s), not the shares (15 min and 4.8 min).
  assert.equal(headWorkDue(3_600_000, 61_000), null)
  assert.equal(headWorkDue(3_600_000, 60_000), 'index')
  assert.equal(headWorkDue(3_600_000, 11_000), 'index')
  assert.equal(headWorkDue(3_600_000, 10_000), 'analyze')
  // No estimate yet.
  assert.equal(headWorkDue(10_000, Infinity), null)
  assert.equal(headWorkDue(10_000, NaN), null)
})

test('BlockRate: the time left at the rate of the last window, not of the whole run', () => {
  const r = new BlockRate(3000)
  assert.equal(r.etaMs(100), Infinity)
  r.add(0, 0)
  assert.equal(r.etaMs(100), Infinity)
  // Empty blocks first: 50 blocks in 1 s, then 10 blocks per second.
  r.add(1000, 50)
  for (let t = 2000; t <= 6000; t += 1000) r.add(t, 50 + (t - 1000) / 100)
  // At 6 s, block 100; over the last 3 s (3 s → 6 s: 70 → 100) 10 blocks/s: 200 blocks left take 20 s.
  assert.equal(r.etaMs(300), 20_000)
  assert.equal(r.etaMs(100), 0)
  // No progress over the window: no estimate.
  const s = new BlockRate(3000)
  s.add(0, 10)
  s.add(5000, 10)
  assert.equal(s.etaMs(20), Infinity)
})
