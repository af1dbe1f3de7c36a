/**
 * Rewrites a module so that it imports its linear memory (`graphkit.memory`) instead of
 * defining it, everything else byte for byte the same (WebAssembly core spec 5.5: the
 * memory moves from the memory section to the import section; an imported memory takes
 * index 0, which the defined one had, so no instruction, data segment or export changes).
 *
 * Why: a fresh instance's memory is fresh pages, and on the machines this runs on a first
 * touch of a page costs ~25 µs (measured: 4 KB page faults in a VM). With the memory
 * imported, the host hands a retired instance's memory, zeroed, to the next instance:
 * the same state graph-node's fresh instances start from (zeroed memory, data segments
 * applied at instantiation) without faulting the pages in again.
 */

export interface MemoryLimits {
  initial: number
  maximum?: number
}

import { readU32, u32Bytes } from './leb128.ts'

export const MEMORY_IMPORT = { module: 'graphkit', name: 'memory' } as const

const name = (s: string) => [...u32Bytes(s.length), ...new TextEncoder().encode(s)]

/** `null` when the module does not define exactly one memory (e.g. it already imports one). */
export function importMemory(wasm: Uint8Array): { wasm: Uint8Array; limits: MemoryLimits } | null {
  const sections: { id: number; start: number; end: number; bodyStart: number }[] = []
  let pos = 8
  while (pos < wasm.length) {
    const start = pos
    const id = wasm[pos++]
    let size: number
    ;[size, pos] = readU32(wasm, pos)
    sections.push({ id, start, end: pos + size, bodyStart: pos })
    pos += size
  }
  const memory = sections.find((s) => s.id === 5)
  if (!memory) return null
  let [count, p] = readU32(wasm, memory.bodyStart)
  if (count !== 1) return null
  const flags = wasm[p++]
  let initial: number, maximum: number | undefined
  ;[initial, p] = readU32(wasm, p)
  if (flags & 1) [maximum, p] = readU32(wasm, p)
  if (flags & ~1) return null // shared or 64-bit memories: leave alone
  const limitsBytes = [flags & 1, ...u32Bytes(initial), ...(maximum !== undefined ? u32Bytes(maximum) : [])]
  const entry = [...name(MEMORY_IMPORT.module), ...name(MEMORY_IMPORT.name), 0x02, ...limitsBytes]

  const out: Uint8Array[] = [wasm.subarray(0, 8)]
  const imports = sections.find((s) => s.id === 2)
  let placed = false
  for (const s of sections) {
    if (s.id === 5) continue
    if (s === imports) {
      const [n, q] = readU32(wasm, s.bodyStart)
      out.push(sectionBytes(2, [...u32Bytes(n + 1)], wasm.subarray(q, s.end), entry))
      placed = true
      continue
    }
    // No import section: a new one goes before the first section that must follow it.
    if (!imports && !placed && s.id > 2) {
      out.push(sectionBytes(2, u32Bytes(1), entry))
      placed = true
    }
    out.push(wasm.subarray(s.start, s.end))
  }
  if (!placed) out.push(sectionBytes(2, u32Bytes(1), entry)) // only sections 0-2 were left
  return { wasm: concat(out), limits: { initial, maximum } }
}

function sectionBytes(id: number, ...body: (number[] | Uint8Array)[]): Uint8Array {
  const len = body.reduce((n, b) => n + b.length, 0)
  return concat([Uint8Array.from([id, ...u32Bytes(len)]), ...body.map((b) => (b instanceof Uint8Array ? b : Uint8Array.from(b)))])
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
