// Object layouts per apiVersion, as graph-node writes them (chain/ethereum/src/runtime/abi.rs and the
// trigger's `to_asc_ptr`): >= 0.0.2 and < 0.0.6 an Event of 7 fields holds Transaction_0_0_2
// (8 fields: …, gasPrice, input) and Block (14 fields, ending with size); 0.0.6 adds Transaction
// nonce (9) and Block baseFeePerGas (15); 0.0.7 adds Event.receipt (8). Sizes are 4 bytes a field.
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { compileAs } from '../__fixtures__/compile.ts'
import { memoryContext } from '../__fixtures__/memoryContext.ts'
import { compileMapping, instantiate } from '../index.ts'
import type { BlockData, EventData } from '../hostContext.ts'

let wasm: Uint8Array
before(() => {
  wasm = compileAs('layouts.ts')
})

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)
const block: BlockData = {
  hash: bytes(32, 1), parentHash: bytes(32, 2), unclesHash: bytes(32, 3), author: bytes(20, 4), stateRoot: bytes(32, 5),
  transactionsRoot: bytes(32, 6), receiptsRoot: bytes(32, 7), number: 77n, gasUsed: 1n, gasLimit: 2n, timestamp: 3n,
  difficulty: 4n, totalDifficulty: 5n, size: 600n, baseFeePerGas: 9n,
}
const event: EventData = {
  address: bytes(20, 0xcc), logIndex: 1n, transactionLogIndex: 0n, logType: null, block,
  transaction: { hash: bytes(32, 0xdd), index: 0n, from: bytes(20, 0x11), to: null, value: 0n, gasLimit: 21000n, gasPrice: 30n, input: new Uint8Array([0xa9, 0x05]), nonce: 42n },
  parameters: [{ name: 'value', value: { kind: 'uint', value: 123n } }],
  receipt: null,
}

async function run(apiVersion: string, handler: string) {
  const ctx = memoryContext()
  const h = instantiate(await compileMapping(wasm, { file: 'layouts.ts', apiVersion }), ctx)
  h.handleEvent(handler, event)
  const e = [...ctx.entities.values()][0]
  const int = (k: string) => (e.get(k) as { value: number }).value
  const big = (k: string) => (e.get(k) as { value: bigint }).value
  return { h, e, int, big, size: (k: string) => h.memory.sizeOf(int(k)) }
}

test('apiVersion 0.0.5: Event 7 fields, Block 14 (no baseFeePerGas), Transaction 8 (input, no nonce)', async () => {
  const { e, big, size } = await run('0.0.5', 'handleV5')
  assert.deepEqual([size('event'), size('block'), size('transaction')], [28, 56, 32])
  assert.deepEqual(e.get('input'), { kind: 'Bytes', value: new Uint8Array([0xa9, 0x05]) })
  assert.deepEqual([big('number'), big('gasPrice'), big('param'), big('size')], [77n, 30n, 123n, 600n])
})

test('apiVersion 0.0.6: Block 15 fields (baseFeePerGas), Transaction 9 (nonce), still no receipt', async () => {
  const { big, size } = await run('0.0.6', 'handleV6')
  assert.deepEqual([size('event'), size('block'), size('transaction')], [28, 60, 36])
  assert.deepEqual([big('nonce'), big('baseFee'), big('size'), big('param')], [42n, 9n, 600n, 123n])
})

test('apiVersion 0.0.7: Event gains receipt (8 fields); Block and Transaction as in 0.0.6', async () => {
  const { size } = await run('0.0.7', 'handleV6')
  assert.deepEqual([size('event'), size('block'), size('transaction')], [32, 60, 36])
})

test('block handlers: 14 fields before 0.0.6, 15 from 0.0.6', async () => {
  for (const [v, n] of [['0.0.5', 56], ['0.0.6', 60]] as const) {
    const ctx = memoryContext()
    const h = instantiate(await compileMapping(wasm, { file: 'layouts.ts', apiVersion: v }), ctx)
    h.handleBlock('handleBlockPtr', block)
    const e = ctx.entities.get('B\x0077')!
    assert.equal(h.memory.sizeOf((e.get('block') as { value: number }).value), n, v)
  }
})
