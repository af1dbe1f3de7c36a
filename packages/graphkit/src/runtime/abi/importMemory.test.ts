import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { fixture } from '../__fixtures__/fixture.ts'
import { compileAs } from '../__fixtures__/compile.ts'
import { importMemory, MEMORY_IMPORT } from './importMemory.ts'
import { staticDataEnd } from './staticDataEnd.ts'

const fx = fixture('layout.ts')
before(fx.load)

/** A hand-assembled module: one memory (1 page), exported, and an active data segment of `data` at `offset`. */
function tinyModule(offset: number, data: number[], withPassive = false): Uint8Array {
  const leb = (v: number) => { const o: number[] = []; do { let b = v & 0x7f; v >>>= 7; if (v) b |= 0x80; o.push(b) } while (v); return o }
  const sleb = (v: number) => { const o: number[] = []; for (;;) { const b = v & 0x7f; v >>= 7; if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) { o.push(b); return o } o.push(b | 0x80) } }
  const sec = (id: number, body: number[]) => [id, ...leb(body.length), ...body]
  const name = (s: string) => [s.length, ...Buffer.from(s)]
  const segs = [[0x00, 0x41, ...sleb(offset), 0x0b, ...leb(data.length), ...data]]
  if (withPassive) segs.push([0x01, 3, 9, 9, 9])
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...sec(5, [0x01, 0x00, 0x01]), ...sec(7, [0x01, ...name('memory'), 0x02, 0x00]), ...sec(11, [segs.length, ...segs.flat()])])
}

test('a module without imports gets an import section holding its memory; data segments still apply', () => {
  const wasm = tinyModule(1024, [1, 2, 3])
  const r = importMemory(wasm)!
  assert.deepEqual(r.limits, { initial: 1, maximum: undefined })
  const mod = new WebAssembly.Module(r.wasm as BufferSource)
  assert.deepEqual(WebAssembly.Module.imports(mod), [{ module: MEMORY_IMPORT.module, name: MEMORY_IMPORT.name, kind: 'memory' }])
  const memory = new WebAssembly.Memory({ initial: 1 })
  const inst = new WebAssembly.Instance(mod, { [MEMORY_IMPORT.module]: { [MEMORY_IMPORT.name]: memory } })
  assert.equal(inst.exports.memory, memory)
  assert.deepEqual([...new Uint8Array(memory.buffer, 1024, 3)], [1, 2, 3])
})

test('a module that already imports its memory is left alone', () => {
  const once = importMemory(tinyModule(0, [1]))!.wasm
  assert.equal(importMemory(once), null)
})

test('staticDataEnd is the end of the highest active data segment; passive segments do not count', () => {
  assert.equal(staticDataEnd(tinyModule(1024, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])), 1034)
  assert.equal(staticDataEnd(tinyModule(70000, [1], true)), 70001)
})

test('an AssemblyScript mapping: literals lie below staticDataEnd, heap objects above', () => {
  const end = staticDataEnd(compileAs('layout.ts'))
  const { h } = fx.fresh()
  const lit = h.call('literal')
  assert.ok(lit > 0 && lit < end, `literal at ${lit}, static data ends at ${end}`)
  assert.equal(h.memory.readString(lit), 'a literal in static data')
  assert.ok(h.call('bytesOf', 3) > end)
})

test('a released instance hands its memory, zeroed, to the next; literals are restored by instantiation', () => {
  const a = fx.fresh().h
  const memA = a.exports.memory as WebAssembly.Memory
  const big = a.call('bytesOf', 200_000) // grows memory beyond its initial size
  assert.ok(memA.buffer.byteLength > 65536 * 2)
  const data = a.memory.u32(big + 4)
  assert.equal(new Uint8Array(memA.buffer)[data + 5], 5)
  a.release()
  const b = fx.fresh().h
  assert.equal(b.exports.memory, memA)
  const bytes = new Uint8Array(memA.buffer)
  assert.equal(bytes[data + 5], 0)
  assert.equal(b.memory.readString(b.call('literal')), 'a literal in static data')
  // Allocation starts where a fresh instance's does.
  const fresh = (b.exports.allocate as (n: number) => number)(0)
  assert.ok(fresh < data, `first allocation at ${fresh}, previous instance's data was at ${data}`)
})
