import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { keccak256, toHex } from 'viem'
import { DeterministicError, InputError } from '../internal/errors.ts'
import { fixture } from './__fixtures__/fixture.ts'
import { compileAs } from './__fixtures__/compile.ts'
import { memoryContext } from './__fixtures__/memoryContext.ts'
import { compileMapping, instantiate, type HostInstance } from './index.ts'

const fx = fixture('core.ts')
before(fx.load)
const fresh = () => fx.fresh()
const callStr = (h: HostInstance, f: string, ...args: number[]) => h.memory.readString(h.call(f, ...args))

test('compileMapping caches the Module and lists imports by name', async () => {
  const again = await compileMapping(compileAs('core.ts'), { file: 'core.ts' })
  assert.equal(again.module, fx.module.module)
  assert.equal(fx.module.apiVersion, '0.0.9')
  const names = fx.module.imports.map((i) => i.name)
  assert.ok(names.includes('bigInt.plus') && names.includes('store.set') && names.includes('abort'))
})

test('BigInt arithmetic through the host matches hand-worked values', () => {
  const { h } = fresh()
  const m = h.memory
  assert.equal(callStr(h, 'bigSum', m.newString('99999999999999999999999999999'), m.newString('1')), '100000000000000000000000000000')
  assert.equal(callStr(h, 'bigSum', m.newString('-5'), m.newString('3')), '-2')
  // a = -17, b = 5: truncating division and remainder with the dividend's sign (Rust num-bigint).
  const ops = m.readArray(h.call('bigOps', m.newBigInt(-17n), m.newBigInt(5n)), (p) => m.readBigInt(p))
  assert.deepEqual(ops, [-22n, -85n, -3n, -2n, -4913n, -17n, 5n, -272n, -2n])
  assert.equal(m.readBigInt(h.call('i32ToBig', -1)), -1n)
  assert.equal(m.readBigInt(h.call('i32ToBig', 128)), 128n)
  assert.equal(m.readBigInt(h.call('i32ToBig', 0)), 0n)
})

test('BigInt division by zero is a deterministic error with graph-node text', () => {
  const { h } = fresh()
  assert.throws(() => h.call('bigDivZero', h.memory.newBigInt(7n)), (e: unknown) =>
    e instanceof DeterministicError && e.message === 'attempted to divide BigInt `7` by zero' && /bigDivZero/.test(e.where ?? ''))
})

test('BigInt results from the host are minimal little-endian two\'s complement', () => {
  const { h } = fresh()
  const m = h.memory
  const bytes = (a: bigint, b: bigint) => m.readArray(h.call('bigOps', m.newBigInt(a), m.newBigInt(b)), (p) => [...m.readBytes(p)])
  // -17-5 = -22 = 0xea; -17*5 = -85 = 0xab; (-17)^3 = -4913 = 0xeccf; -17<<4 = -272 = 0xfef0.
  const r = bytes(-17n, 5n)
  assert.deepEqual([r[0], r[1], r[4], r[7]], [[0xea], [0xab], [0xcf, 0xec], [0xf0, 0xfe]])
  // 128-1 = 127 fits one byte; 128*1 = 128 needs a zero sign byte.
  const q = bytes(128n, 1n)
  assert.deepEqual([q[0], q[1]], [[0x7f], [0x80, 0x00]])
})

test('typeConversion: hex, bigint hex, string trimming, addresses, base58', () => {
  const { h } = fresh()
  const m = h.memory
  const hash = keccak256(new TextEncoder().encode('graph'), 'bytes')
  assert.equal(callStr(h, 'toHex', m.newBytes(hash)), toHex(hash))
  assert.equal(callStr(h, 'toHex', m.newBytes(new Uint8Array())), '0x')
  assert.equal(callStr(h, 'bigHex', m.newBigInt(0n)), '0x0')
  assert.equal(callStr(h, 'bigHex', m.newBigInt(255n)), '0xff')
  assert.equal(callStr(h, 'bytesStr', m.newBytes(new Uint8Array([0x68, 0x69, 0, 0]))), 'hi')
  assert.equal(callStr(h, 'bytesStr', m.newBytes(new TextEncoder().encode('héllo'))), 'héllo')
  const a = '0x1f9840a85d5af5bf1d1762f925bdaddc4201f984'
  assert.equal(toHex(m.readBytes(h.call('addr', m.newString(a)))), a)
  // base58 of "hello world" (Bitcoin alphabet): StV1DL6CwTryKyV; leading zero byte → leading '1'.
  assert.equal(callStr(h, 'base58', m.newBytes(new TextEncoder().encode('hello world'))), 'StV1DL6CwTryKyV')
  assert.equal(callStr(h, 'base58', m.newBytes(new Uint8Array([0, 0, 1]))), '112')
})

test('stringToH160 rejects bad addresses with graph-node text', () => {
  const { h } = fresh()
  assert.throws(() => h.call('addr', h.memory.newString('0x12')), /Failed to convert string to Address: '0x12'/)
})

test('entities round-trip through store.set and store.get with every value kind', () => {
  const { h, ctx } = fresh()
  const m = h.memory
  const ptr = h.call('saveAndLoad', m.newString('t1'))
  const saved = ctx.entities.get('Thing\0t1')!
  assert.deepEqual(saved.get('id'), { kind: 'String', value: 't1' })
  assert.deepEqual(saved.get('count'), { kind: 'Int', value: -7 })
  assert.deepEqual(saved.get('amount'), { kind: 'BigInt', value: -123456789012345678901234567890n })
  assert.deepEqual(saved.get('ok'), { kind: 'Bool', value: true })
  assert.deepEqual(saved.get('data'), { kind: 'Bytes', value: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]) })
  assert.deepEqual(saved.get('tags'), { kind: 'Array', value: [{ kind: 'String', value: 'a' }, { kind: 'String', value: 'bé' }] })
  assert.deepEqual(saved.get('nothing'), { kind: 'Null' })
  assert.deepEqual(saved.get('big8'), { kind: 'Int8', value: -9007199254740993n })
  // What the mapping loaded back is the same entity.
  assert.deepEqual(m.readEntity(ptr), saved)
  assert.equal(h.call('loadCount', m.newString('t1')), -7)
  h.call('removeThing', m.newString('t1'))
  assert.equal(h.call('loadCount', m.newString('t1')), -1)
})

test('log levels reach the context; critical fails the handler', () => {
  const { h, ctx } = fresh()
  h.call('logAt', 3, h.memory.newString('info msg'))
  h.call('logAt', 9, h.memory.newString('odd level'))
  assert.deepEqual(ctx.logs, [['info', 'info msg'], ['debug', 'odd level']])
  assert.throws(() => h.call('logAt', 0, h.memory.newString('bad')), (e: unknown) =>
    e instanceof DeterministicError && e.message === 'Critical error logged in mapping: bad')
})

test('abort and traps become deterministic errors', () => {
  assert.throws(() => fresh().h.call('failAssert'), (e: unknown) =>
    e instanceof DeterministicError && /^Mapping aborted at .*core\.ts, line \d+, column \d+, with message: boom here$/.test(e.message))
  assert.throws(() => fresh().h.call('trap'), (e: unknown) => e instanceof DeterministicError && /unreachable/.test(e.message))
})

test('unknown imports fail instantiation unless lazy or extra', () => {
  const ctx = memoryContext()
  const limited = fx.module
  // Override a built-in through extraImports: it wins.
  const h = instantiate(limited, ctx, { extraImports: (mem) => ({ 'typeConversion.bytesToHex': () => mem.newString('X') }) })
  assert.equal(callStr(h, 'toHex', h.memory.newBytes(new Uint8Array([1]))), 'X')
  assert.throws(() => h.call('nope'), InputError)
})
