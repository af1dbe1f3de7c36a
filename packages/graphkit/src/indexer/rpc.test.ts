import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startTestAnvil, type TestAnvil } from './__fixtures__/anvil.ts'
import { RpcClient, getLogsAdaptive, defaultRange, hex, RpcResponseError } from './rpc.ts'
import { TransientError } from '../internal/errors.ts'

// Init code whose constructor emits LOG1(topic 0xaa, no data) and deploys nothing:
// PUSH1 0xaa, PUSH1 0 (size), PUSH1 0 (offset), LOG1, STOP (yellow paper, appendix H).
const INIT = '0x60aa60006000a100'
const TOPIC = `0x${'0'.repeat(62)}aa`
const DEPLOYS = 40

let anvil: TestAnvil
let plain: RpcClient
let firstBlock = 0
let lastBlock = 0
/** Block of each deployment, from its receipt (anvil may put two in one block when busy). */
let deployBlocks: number[] = []

before(async () => {
  anvil = await startTestAnvil()
  plain = new RpcClient(anvil.rpcUrl)
  const [from] = await plain.request<string[]>('eth_accounts')
  firstBlock = (await plain.blockNumber()) + 1
  // Automine: one log per deployment.
  const hashes: string[] = []
  for (let i = 0; i < DEPLOYS; i++) hashes.push(await plain.request<string>('eth_sendTransaction', [{ from, data: INIT }]))
  for (const h of hashes) {
    let receipt: { blockNumber: string } | null = null
    for (let i = 0; i < 200 && !receipt; i++) {
      receipt = await plain.request<{ blockNumber: string } | null>('eth_getTransactionReceipt', [h])
      if (!receipt) await new Promise((r) => setTimeout(r, 25))
    }
    if (!receipt) throw new Error(`deployment ${h} was not mined`)
    deployBlocks.push(Number(receipt.blockNumber))
  }
  deployBlocks = deployBlocks.sort((a, b) => a - b)
  // After the receipts: a busy anvil may report the head before it has mined the last deployment.
  lastBlock = Math.max(await plain.blockNumber(), ...deployBlocks)
})
after(async () => {
  await anvil?.stop()
})

/**
 * A proxy in front of anvil that misbehaves on purpose: every k-th request answers 429,
 * 500 or nothing at all (a timeout), and eth_getLogs over more than `maxSpan` blocks gets
 * a provider-style "too many results" error.
 */
async function flakyProxy(k: number, maxSpan = Infinity): Promise<{ url: string; server: Server; seen: { getLogsSpans: number[] } }> {
  let n = 0
  const seen = { getLogsSpans: [] as number[] }
  const server = createServer(async (req, res) => {
    let body = ''
    for await (const c of req) body += c
    n++
    if (n % k === 0) {
      const mode = (n / k) % 3
      if (mode === 0) return res.writeHead(429).end('slow down')
      if (mode === 1) return res.writeHead(500).end('<html>bad gateway</html>')
      return // never answer: the client must time out
    }
    const msg = JSON.parse(body)
    if (msg.method === 'eth_getLogs') {
      const span = Number(msg.params[0].toBlock) - Number(msg.params[0].fromBlock) + 1
      seen.getLogsSpans.push(span)
      if (span > maxSpan) {
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32005, message: `query returned more than 10000 results` } }))
      }
    }
    const upstream = await fetch(anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(await upstream.text())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen }
}

test('requests through an intermittently failing endpoint succeed after retries', async () => {
  const proxy = await flakyProxy(3)
  try {
    const rpc = new RpcClient(proxy.url, { baseDelayMs: 5, timeoutMs: 1000 })
    const expected = await plain.blockNumber()
    for (let i = 0; i < 12; i++) assert.equal(await rpc.blockNumber(), expected)
    assert.ok(rpc.stats.retries >= 4, `retries: ${rpc.stats.retries}`)
  } finally {
    proxy.server.closeAllConnections()
    proxy.server.close()
  }
})

test('a permanently failing endpoint ends in a TransientError, a bad request in an RpcResponseError', async () => {
  const proxy = await flakyProxy(1)
  try {
    const rpc = new RpcClient(proxy.url, { baseDelayMs: 1, retries: 3, timeoutMs: 200 })
    await assert.rejects(rpc.blockNumber(), TransientError)
  } finally {
    proxy.server.closeAllConnections()
    proxy.server.close()
  }
  await assert.rejects(plain.request('eth_noSuchMethod'), RpcResponseError)
})

test('getLogsAdaptive shrinks the range on "too many results", grows it when sparse, and misses nothing', async () => {
  const proxy = await flakyProxy(7, 8)
  try {
    const rpc = new RpcClient(proxy.url, { baseDelayMs: 1, timeoutMs: 1000 })
    const range = { ...defaultRange(), size: 32 }
    const logs = await getLogsAdaptive(rpc, { topics: [TOPIC] }, firstBlock, lastBlock, range)
    // One log per deployment block, in block order (independent count: DEPLOYS transactions sent).
    assert.equal(logs.length, DEPLOYS)
    assert.deepEqual(logs.map((l) => Number(l.blockNumber)), deployBlocks)
    assert.ok(proxy.seen.getLogsSpans.some((s) => s > 8), 'started above the limit')
    assert.ok(range.size <= 16, `range shrank then grew at most once per success: ${range.size}`)
    // Sparse ranges grow: from size 1 up.
    const grow = { ...defaultRange(), size: 1 }
    await getLogsAdaptive(plain, { topics: [TOPIC] }, firstBlock, firstBlock + 6, grow)
    assert.ok(grow.size >= 4, `grew to ${grow.size}`)
    assert.equal(hex(255), '0xff')
  } finally {
    proxy.server.closeAllConnections()
    proxy.server.close()
  }
})

test('a dense answer shrinks the next span toward the target number of logs per request', async () => {
  // About one log per block: 32 blocks give ~32 logs, 8 times the target of 4.
  const range = { ...defaultRange(), size: 32, target: 4 }
  const logs = await getLogsAdaptive(plain, { topics: [TOPIC] }, firstBlock, lastBlock, range)
  assert.equal(logs.length, DEPLOYS)
  assert.ok(range.size >= 2 && range.size <= 5, `span after dense answers: ${range.size}`)
})
