import { test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeAbiParameters, encodeEventTopics, hexToBytes, keccak256, toBytes, type AbiEvent, type Hex } from 'viem'
import { eventDecoder } from './eventDecoder.ts'
import type { EthValue } from '../runtime/hostContext.ts'
import type { RpcLog } from './rpc.ts'

// viem encodes (the reference implementation); the expected EthValues are written from the values encoded.
function logOf(event: AbiEvent, args: Record<string, unknown>): RpcLog {
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args } as never) as Hex[]
  const dataParams = event.inputs.filter((p) => !(p as { indexed?: boolean }).indexed)
  const data = encodeAbiParameters(dataParams, dataParams.map((p) => args[p.name!]) as never)
  return { address: '0x' + '11'.repeat(20), topics, data, blockNumber: '0x1', blockHash: '0x' + '00'.repeat(32), transactionHash: '0x' + '22'.repeat(32), transactionIndex: '0x0', logIndex: '0x3' }
}
const decode = (event: AbiEvent, args: Record<string, unknown>) => Object.fromEntries(eventDecoder(event)(logOf(event, args), 'test').map((p) => [p.name, p.value]))
const uint = (v: bigint): EthValue => ({ kind: 'uint', value: v })
const int = (v: bigint): EthValue => ({ kind: 'int', value: v })
const addr = (h: Hex): EthValue => ({ kind: 'address', value: hexToBytes(h) })

test('value types: address, bool, uintN, intN (negative), bytesN, indexed or not', () => {
  const ev = {
    type: 'event', name: 'Kinds', inputs: [
      { name: 'who', type: 'address', indexed: true }, { name: 'small', type: 'int8', indexed: true },
      { name: 'amount', type: 'uint256' }, { name: 'neg', type: 'int256' }, { name: 'ok', type: 'bool' },
      { name: 'tag', type: 'bytes4' }, { name: 'h', type: 'bytes32' }, { name: 'u64', type: 'uint64' },
    ],
  } as const satisfies AbiEvent
  const who = '0x00000000000000000000000000000000000000ab' as Hex
  const out = decode(ev, { who, small: -5, amount: 2n ** 256n - 1n, neg: -(2n ** 255n), ok: true, tag: '0xdeadbeef', h: '0x' + 'ab'.repeat(32), u64: 2n ** 64n - 1n })
  assert.deepEqual(out.who, addr(who))
  assert.deepEqual(out.small, int(-5n))
  assert.deepEqual(out.amount, uint(2n ** 256n - 1n))
  assert.deepEqual(out.neg, int(-(2n ** 255n)))
  assert.deepEqual(out.ok, { kind: 'bool', value: true })
  assert.deepEqual(out.tag, { kind: 'fixedBytes', value: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]) })
  assert.deepEqual(out.h, { kind: 'fixedBytes', value: new Uint8Array(32).fill(0xab) })
  assert.deepEqual(out.u64, uint(2n ** 64n - 1n))
})

test('uint words on both sides of the small-number path (2^52) and zero, indexed or not', () => {
  const ev = { type: 'event', name: 'U', inputs: [{ name: 't', type: 'uint256', indexed: true }, { name: 'd', type: 'uint256' }, { name: 'b', type: 'bool' }] } as const satisfies AbiEvent
  for (const v of [0n, 1n, 0xfffn, 2n ** 52n - 1n, 2n ** 52n, 2n ** 53n + 1n, 2n ** 128n + 7n]) {
    const out = decode(ev, { t: v, d: v, b: v % 2n === 1n })
    assert.deepEqual(out.t, uint(v), `topic ${v}`)
    assert.deepEqual(out.d, uint(v), `data ${v}`)
    assert.deepEqual(out.b, { kind: 'bool', value: v % 2n === 1n })
  }
  const bad = logOf(ev, { t: 5n, d: 5n, b: true })
  const notHex = { ...bad, data: bad.data.slice(0, 60) + 'zz' + bad.data.slice(62) }
  assert.throws(() => eventDecoder(ev)(notHex, 'ds.handler'), (e: any) => e.name === 'DeterministicError' && /not hex/.test(e.message))
})

test('dynamic types: bytes, string (UTF-8), arrays, nested arrays, fixed arrays, tuples with dynamic parts', () => {
  const ev = {
    type: 'event', name: 'Dyn', inputs: [
      { name: 'b', type: 'bytes' }, { name: 's', type: 'string' }, { name: 'ids', type: 'uint256[]' },
      { name: 'grid', type: 'uint8[][]' }, { name: 'three', type: 'int16[3]' }, { name: 'names', type: 'string[2]' },
      { name: 'pair', type: 'tuple', components: [{ name: 'x', type: 'uint256' }, { name: 'label', type: 'string' }] },
      { name: 'pts', type: 'tuple[]', components: [{ name: 'a', type: 'address' }, { name: 'v', type: 'uint32' }] },
    ],
  } as const satisfies AbiEvent
  const a1 = '0x' + '01'.repeat(20) as Hex
  const out = decode(ev, {
    b: '0x0102030405', s: 'héllo, 世界', ids: [1n, 2n ** 200n, 0n], grid: [[1, 2], [], [3]], three: [-1, 0, 32767], names: ['', 'x'],
    pair: { x: 7n, label: 'seven' }, pts: [{ a: a1, v: 1 }, { a: a1, v: 4294967295 }],
  })
  assert.deepEqual(out.b, { kind: 'bytes', value: Uint8Array.from([1, 2, 3, 4, 5]) })
  assert.deepEqual(out.s, { kind: 'string', value: 'héllo, 世界' })
  assert.deepEqual(out.ids, { kind: 'array', value: [uint(1n), uint(2n ** 200n), uint(0n)] })
  assert.deepEqual(out.grid, { kind: 'array', value: [{ kind: 'array', value: [uint(1n), uint(2n)] }, { kind: 'array', value: [] }, { kind: 'array', value: [uint(3n)] }] })
  assert.deepEqual(out.three, { kind: 'fixedArray', value: [int(-1n), int(0n), int(32767n)] })
  assert.deepEqual(out.names, { kind: 'fixedArray', value: [{ kind: 'string', value: '' }, { kind: 'string', value: 'x' }] })
  assert.deepEqual(out.pair, { kind: 'tuple', value: [uint(7n), { kind: 'string', value: 'seven' }] })
  assert.deepEqual(out.pts, { kind: 'array', value: [{ kind: 'tuple', value: [addr(a1), uint(1n)] }, { kind: 'tuple', value: [addr(a1), uint(4294967295n)] }] })
})

test('indexed strings, bytes and arrays are their topic hash as fixedBytes (ethabi parse_log)', () => {
  const ev = {
    type: 'event', name: 'Hashed', inputs: [
      { name: 'name', type: 'string', indexed: true }, { name: 'ids', type: 'uint256[]', indexed: true }, { name: 'v', type: 'uint256' },
    ],
  } as const satisfies AbiEvent
  // viem cannot encode an indexed array: its topic (keccak of the elements' in-place encoding) is put in by hand.
  const idsTopic = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [1n, 2n]))
  const base = logOf({ ...ev, inputs: [ev.inputs[0], ev.inputs[2]] } as AbiEvent, { name: 'alice', v: 9n })
  const log = { ...base, topics: [keccak256(toBytes('Hashed(string,uint256[],uint256)')), base.topics[1], idsTopic] }
  const out = Object.fromEntries(eventDecoder(ev)(log, 'test').map((p) => [p.name, p.value]))
  assert.deepEqual(out.name, { kind: 'fixedBytes', value: hexToBytes(keccak256(toBytes('alice'))) })
  assert.deepEqual(out.ids, { kind: 'fixedBytes', value: hexToBytes(idsTopic) })
  assert.deepEqual(out.v, uint(9n))
})

test('truncated data or missing topics are DeterministicErrors naming the event and log', () => {
  const ev = { type: 'event', name: 'T', inputs: [{ name: 'a', type: 'address', indexed: true }, { name: 'v', type: 'uint256[]' }] } as const satisfies AbiEvent
  const log = logOf(ev, { a: '0x' + '01'.repeat(20), v: [1n, 2n] })
  const dec = eventDecoder(ev)
  assert.throws(() => dec({ ...log, data: log.data.slice(0, log.data.length - 64) }, 'ds.handler'), (e: any) => e.name === 'DeterministicError' && /cannot decode T log 3/.test(e.message) && e.where === 'ds.handler')
  assert.throws(() => dec({ ...log, topics: log.topics.slice(0, 1) }, 'ds.handler'), /cannot decode T log 3.*topics/)
})

test('random values of many types round-trip through viem encoding', () => {
  const types = ['uint8', 'uint256', 'int32', 'int256', 'address', 'bool', 'bytes1', 'bytes20', 'bytes', 'string', 'uint256[]', 'int64[2]', 'bytes[]'] as const
  let seed = 42
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const rbytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256))
  const hex = (b: Uint8Array) => ('0x' + Buffer.from(b).toString('hex')) as Hex
  const gen = (t: string): [unknown, EthValue] => {
    if (t.endsWith('[]')) { const n = Math.floor(rnd() * 4); const xs = Array.from({ length: n }, () => gen(t.slice(0, -2))); return [xs.map((x) => x[0]), { kind: 'array', value: xs.map((x) => x[1]) }] }
    if (t.endsWith('[2]')) { const xs = [gen(t.slice(0, -3)), gen(t.slice(0, -3))]; return [xs.map((x) => x[0]), { kind: 'fixedArray', value: xs.map((x) => x[1]) }] }
    if (t.startsWith('uint')) { const bits = Number(t.slice(4)); const v = BigInt.asUintN(bits, BigInt(hex(rbytes(bits / 8)))); return [bits <= 48 ? Number(v) : v, uint(v)] }
    if (t.startsWith('int')) { const bits = Number(t.slice(3)); const v = BigInt.asIntN(bits, BigInt(hex(rbytes(bits / 8)))); return [bits <= 48 ? Number(v) : v, int(v)] }
    if (t === 'address') { const b = rbytes(20); return [hex(b), { kind: 'address', value: b }] }
    if (t === 'bool') { const v = rnd() < 0.5; return [v, { kind: 'bool', value: v }] }
    if (t === 'bytes') { const b = rbytes(Math.floor(rnd() * 70)); return [hex(b), { kind: 'bytes', value: b }] }
    if (t === 'string') { const s = Array.from({ length: Math.floor(rnd() * 40) }, () => String.fromCodePoint(32 + Math.floor(rnd() * 3000))).join(''); return [s, { kind: 'string', value: s }] }
    const n = Number(t.slice(5)); const b = rbytes(n); return [hex(b), { kind: 'fixedBytes', value: b }]
  }
  for (let round = 0; round < 200; round++) {
    const picked = Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => types[Math.floor(rnd() * types.length)])
    const ev = { type: 'event', name: 'R', inputs: picked.map((type, i) => ({ name: `p${i}`, type, indexed: i < 3 && !/\[|bytes$|string/.test(type) && rnd() < 0.5 })) } as AbiEvent
    const values = picked.map(gen)
    const args = Object.fromEntries(values.map((v, i) => [`p${i}`, v[0]]))
    const out = eventDecoder(ev)(logOf(ev, args), 'test')
    assert.deepEqual(out.map((p) => p.value), values.map((v) => v[1]), JSON.stringify(picked))
  }
})
