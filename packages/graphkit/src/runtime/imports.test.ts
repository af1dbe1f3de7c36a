import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { DeterministicError, InputError, TransientError } from '../internal/errors.ts'
import { compileAs } from './__fixtures__/compile.ts'
import { memoryContext } from './__fixtures__/memoryContext.ts'
import { compileMapping, instantiate } from './index.ts'

let wasm: Uint8Array
before(() => {
  wasm = compileAs('imports.ts')
})

test('an import no host provides fails instantiation, naming it and the file', async () => {
  const m = await compileMapping(wasm, { file: 'imports.ts' })
  assert.throws(() => instantiate(m, memoryContext()), (e: unknown) =>
    e instanceof InputError && e.message.includes('`custom::mystery.fn`') && e.where === 'imports.ts')
})

test('lazy imports instantiate; extra imports resolve them', async () => {
  const m = await compileMapping(wasm, { file: 'imports.ts' })
  const lazy = instantiate(m, memoryContext(), { lazyImports: ['mystery.fn'] })
  assert.throws(() => lazy.call('callMystery', 1), (e: unknown) => e instanceof DeterministicError && /mystery\.fn/.test(e.message))
  const h = instantiate(m, memoryContext(), { extraImports: () => ({ 'mystery.fn': (x: number) => x * 2 }) })
  assert.equal(h.call('callMystery', 21), 42)
})

test('getBalance needs apiVersion 0.0.9; TransientErrors from the context propagate unchanged', async () => {
  const old = await compileMapping(wasm, { file: 'imports.ts', apiVersion: '0.0.8' })
  const extra = { extraImports: () => ({ 'mystery.fn': () => 0 }) }
  const h8 = instantiate(old, memoryContext(), extra)
  assert.throws(() => h8.call('balance', h8.memory.newBytes(new Uint8Array(20))), (e: unknown) =>
    e instanceof DeterministicError && /not supported before API version 0\.0\.9/.test(e.message))
  const m9 = await compileMapping(wasm, { file: 'imports.ts', apiVersion: '0.0.9' })
  const ctx = memoryContext()
  ctx.getBalance = (a) => BigInt(a.length) * 10n ** 18n
  const h9 = instantiate(m9, ctx, extra)
  assert.equal(h9.memory.readBigInt(h9.call('balance', h9.memory.newBytes(new Uint8Array(20)))), 20n * 10n ** 18n)
  const rpcDown = new TransientError('rpc down')
  ctx.getBalance = () => { throw rpcDown }
  const h = instantiate(m9, ctx, extra)
  assert.throws(() => h.call('balance', h.memory.newBytes(new Uint8Array(20))), (e: unknown) => e === rpcDown)
})

test('apiVersions before 0.0.5 (the old AssemblyScript layout) are refused with a clear error', async () => {
  await assert.rejects(compileMapping(wasm, { file: 'imports.ts', apiVersion: '0.0.4' }), (e: unknown) =>
    e instanceof InputError && /apiVersion 0\.0\.4 is not supported/.test(e.message) && e.where === 'imports.ts')
})

test('reading past the end of memory is a deterministic heap error', async () => {
  const m = await compileMapping(wasm, { file: 'imports.ts' })
  const h = instantiate(m, memoryContext(), { lazyImports: ['mystery.fn'] })
  const p = h.memory.newBytes(new Uint8Array(4))
  h.memory.setU32(p + 8, 0x7fffffff) // corrupt byteLength
  assert.throws(() => h.memory.readBytes(p), (e: unknown) => e instanceof DeterministicError && /^Heap access out of bounds/.test(e.message))
})

test('ipfs.getBlock returns the block from the context; without one it is a deterministic error naming the hash', async () => {
  const m = await compileMapping(wasm, { file: 'imports.ts' })
  const extra = { extraImports: () => ({ 'mystery.fn': () => 0 }) }
  const ctx = memoryContext()
  const block = new Uint8Array([0x0a, 0x02, 0x08, 0x01])
  ctx.ipfsGetBlock = (hash) => (hash === 'QmBlock' ? block : null)
  const h = instantiate(m, ctx, extra)
  assert.deepEqual(h.memory.readBytes(h.call('getBlock', h.memory.newString('QmBlock'))), block)
  assert.throws(() => h.call('getBlock', h.memory.newString('QmOther')), (e: unknown) => e instanceof DeterministicError && /ipfs\.getBlock: block `QmOther` is not available/.test(e.message))
  const bare = instantiate(m, memoryContext(), extra)
  assert.throws(() => bare.call('getBlock', bare.memory.newString('QmBlock')), DeterministicError)
})
