import { test } from 'node:test'
import assert from 'node:assert/strict'
import { prefetcher } from './prefetch.ts'

test('keeps `depth` requests in flight ahead of the consumer, in order, each once', async () => {
  const calls: number[] = []
  let inFlight = 0, most = 0
  const pf = prefetcher(10, async (i) => {
    calls.push(i)
    most = Math.max(most, ++inFlight)
    await new Promise((r) => setTimeout(r, 5))
    inFlight--
    return i * i
  }, 3)
  const out: number[] = []
  for (let i = 0; i < 10; i++) out.push(await pf.get(i))
  assert.deepEqual(out, [0, 1, 4, 9, 16, 25, 36, 49, 64, 81])
  assert.deepEqual(calls, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  assert.equal(most, 3)
})

test('a failed request fails when it is used, and an abandoned failure is not an unhandled rejection', async () => {
  const pf = prefetcher(5, async (i) => {
    if (i >= 1) throw new Error(`boom ${i}`)
    return i
  }, 4)
  assert.equal(await pf.get(0), 0)
  await assert.rejects(pf.get(1), /boom 1/)
  // items 2 and 3 failed in flight and are never awaited
  await new Promise((r) => setTimeout(r, 10))
})
