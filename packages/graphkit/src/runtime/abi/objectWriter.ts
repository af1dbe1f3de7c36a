/**
 * Lays out a graph of AssemblyScript objects in a JS scratch buffer and moves it into the
 * mapping's memory with ONE `allocate` call, instead of one `__new` call per object.
 *
 * Why: an entity handed to a mapping is ~5 objects per field (TypedMap, entries, key string,
 * Value, payload); one call into WASM per object dominated the cost of `store.get` and of
 * building `ethereum.Event`s.
 *
 * Layout: exactly what a sequence of stub-runtime `__new` calls would leave in memory
 * (AS std/assembly/rt/stub.ts, common.ts): per object a block `mmInfo` (u32, payload size
 * rounded so the next block's payload is 16-aligned), then the object header
 * `gcInfo, gcInfo2, rtId, rtSize` (16 bytes), then the payload. One `__alloc(total)` returns
 * the first block's payload; its block header is overwritten by the first object's own
 * `mmInfo`, so `__realloc`/`__renew` of any object (Array.push on an entity's entries)
 * sees a correct block. graph-cli and Matchstick compile mappings with `--runtime stub`;
 * graph-node's own allocation scheme (allocate, write, never pin) relies on it as well.
 *
 * Handles are payload offsets relative to the layout's start; `ref` records where a handle
 * is stored so `commit` can relocate it by the allocation's address.
 */

/** Char codes of the lowercase hex digits. */
export const HEX_CODES = Uint16Array.from('0123456789abcdef', (c) => c.charCodeAt(0))

const OBJECT_OVERHEAD = 16
const BLOCK_OVERHEAD = 4

/** Stub runtime `computeSize(OBJECT_OVERHEAD + size)`: block payload size for an object of `size` bytes. */
export const blockPayloadSize = (size: number): number => ((OBJECT_OVERHEAD + size + BLOCK_OVERHEAD + 15) & ~15) - BLOCK_OVERHEAD

export class ObjectWriter {
  private buf = new Uint8Array(1 << 14)
  private dv = new DataView(this.buf.buffer)
  private u16 = new Uint16Array(this.buf.buffer)
  private u32s = new Uint32Array(this.buf.buffer)
  private i32s = new Int32Array(this.buf.buffer)
  private len = 0
  /** Where handles are stored (relocated on commit); typed and counted, so a layout allocates nothing. */
  private fixups: Int32Array = new Int32Array(1024)
  private nFixups = 0
  /** Objects in layout order, for the per-object fallback: [handle, size, rtId] triples. */
  private objects: Int32Array = new Int32Array(3 * 1024)
  private nObjects = 0

  get empty(): boolean {
    return this.len === 0
  }

  /** Zeroes what the last layout used: `obj` relies on a zeroed buffer beyond `len`. */
  reset(): void {
    this.buf.fill(0, 0, this.len)
    this.len = 0
    this.nFixups = 0
    this.nObjects = 0
  }

  private grow(need: number): void {
    let n = this.buf.length
    while (n < need) n *= 2
    const b = new Uint8Array(n)
    b.set(this.buf.subarray(0, this.len))
    this.buf = b
    this.dv = new DataView(b.buffer)
    this.u16 = new Uint16Array(b.buffer)
    this.u32s = new Uint32Array(b.buffer)
    this.i32s = new Int32Array(b.buffer)
  }

  /** Reserves an object of `size` payload bytes (zero: the buffer past `len` is kept zeroed) and class id `rtId`; returns its handle. */
  obj(size: number, rtId: number): number {
    const mm = blockPayloadSize(size)
    const b = this.len
    const end = b + BLOCK_OVERHEAD + mm
    if (end > this.buf.length) this.grow(end)
    // Blocks are whole 16-byte units, so `b` is 16-aligned: the header as words (little-endian, as WASM memory).
    const u32 = this.u32s
    const q = b >>> 2
    u32[q] = mm
    u32[q + 3] = rtId
    u32[q + 4] = size
    const h = b + BLOCK_OVERHEAD + OBJECT_OVERHEAD
    this.len = end
    if (this.nObjects + 3 > this.objects.length) this.objects = grown(this.objects)
    const o = this.objects
    o[this.nObjects] = h
    o[this.nObjects + 1] = size
    o[this.nObjects + 2] = rtId
    this.nObjects += 3
    return h
  }

  u32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, true)
  }
  i32(at: number, v: number): void {
    this.dv.setInt32(at, v, true)
  }
  u64(at: number, v: bigint): void {
    this.dv.setBigUint64(at, BigInt.asUintN(64, v), true)
  }
  /** Stores a handle of this layout at `at` (0 stays null). */
  ref(at: number, handle: number): void {
    this.dv.setUint32(at, handle, true)
    if (handle === 0) return
    if (this.nFixups === this.fixups.length) this.fixups = grown(this.fixups)
    this.fixups[this.nFixups++] = at
  }
  /** Stores an absolute pointer into the mapping's memory (an object allocated earlier). */
  abs(at: number, ptr: number): void {
    this.dv.setUint32(at, ptr, true)
  }
  /** The `n` low bytes of the i32 `x`, little-endian. */
  smallInt(at: number, x: number, n: number): void {
    const b = this.buf
    for (let i = 0; i < n; i++) b[at + i] = (x >> (8 * i)) & 0xff
  }
  bytes(at: number, data: Uint8Array): void {
    this.buf.set(data, at)
  }
  /** UTF-16 code units of `s` at `at` (payloads are 16-aligned, so `at` is even). */
  utf16(at: number, s: string): void {
    const u16 = this.u16
    const o = at >>> 1
    for (let i = 0; i < s.length; i++) u16[o + i] = s.charCodeAt(i)
  }

  /** `0x` and two lowercase hex digits per byte of `bytes[start, start + length)`, as UTF-16 code units at `at`. */
  hexUtf16(at: number, bytes: Uint8Array, start: number, length: number): void {
    const u16 = this.u16
    let o = at >>> 1
    u16[o++] = 0x30 // 0
    u16[o++] = 0x78 // x
    for (let i = start, end = start + length; i < end; i++) {
      const b = bytes[i]
      u16[o++] = HEX_CODES[b >> 4]
      u16[o++] = HEX_CODES[b & 15]
    }
  }

  /**
   * Moves the layout into memory with one `allocate(total)` and returns `root`'s address.
   * `allocate` is the module's `__alloc` (graph-ts global.ts); `words()` gives the current
   * memory as i32 words (it moves when memory grows). A layout is whole 16-byte blocks and
   * lands 4-aligned (its first block's header sits below a 16-aligned payload), so it is
   * copied, and the scratch words zeroed, word by word.
   */
  commit(root: number, allocate: (size: number) => number, words: () => Int32Array): number {
    const len = this.len
    const p = allocate(len - BLOCK_OVERHEAD) >>> 0
    if ((p & 15) !== 0) throw new Error(`allocate returned an unaligned address ${p}: the mapping was not compiled with the stub runtime (--runtime stub)`)
    const base = p - BLOCK_OVERHEAD
    // Relocate in the scratch buffer (pointer fields are 4-aligned there and in memory), then one copy.
    const u32 = this.u32s
    const fixups = this.fixups
    for (let i = 0, n = this.nFixups; i < n; i++) u32[fixups[i] >>> 2] += base
    const m = words()
    const b = this.i32s
    const n = len >>> 2
    const at = base >>> 2
    if (n <= 64) {
      // Small layouts (a BigInt, a string): a loop, without the subarray object a set() needs.
      for (let i = 0; i < n; i++) {
        m[at + i] = b[i]
        b[i] = 0
      }
      this.len = 0
      this.nFixups = 0
      this.nObjects = 0
    } else {
      m.set(b.subarray(0, n), at)
      this.reset()
    }
    return base + root
  }

  /** The layout built so far, taken out to be placed again and again (`place`) instead of committed once. */
  freeze(root: number): FrozenLayout {
    const f: FrozenLayout = { words: this.i32s.slice(0, this.len >>> 2), fixups: this.fixups.slice(0, this.nFixups), objects: this.objects.slice(0, this.nObjects), root }
    this.reset()
    return f
  }

  /** A fresh copy of a frozen layout in memory (one `allocate`, as `commit`); returns its root's address. */
  place(f: FrozenLayout, allocate: (size: number) => number, words: () => Int32Array): number {
    const n = f.words.length
    const p = allocate(n * 4 - BLOCK_OVERHEAD) >>> 0
    if ((p & 15) !== 0) throw new Error(`allocate returned an unaligned address ${p}: the mapping was not compiled with the stub runtime (--runtime stub)`)
    const base = p - BLOCK_OVERHEAD
    const m = words()
    const at = base >>> 2
    m.set(f.words, at)
    const fixups = f.fixups
    for (let i = 0; i < fixups.length; i++) m[at + (fixups[i]! >>> 2)] += base
    return base + f.root
  }

  /** `place` for modules without `allocate`: the frozen layout loaded back into the scratch buffer and committed object by object. */
  placeEach(f: FrozenLayout, newObject: (size: number, id: number) => number, mem: () => Uint8Array): number {
    const len = f.words.length * 4
    if (len > this.buf.length) this.grow(len)
    this.i32s.set(f.words)
    this.len = len
    if (f.fixups.length > this.fixups.length) this.fixups = grown(this.fixups, f.fixups.length)
    this.fixups.set(f.fixups)
    this.nFixups = f.fixups.length
    if (f.objects.length > this.objects.length) this.objects = grown(this.objects, f.objects.length)
    this.objects.set(f.objects)
    this.nObjects = f.objects.length
    return this.commitEach(f.root, newObject, mem)
  }

  /**
   * Fallback for modules without `allocate`: one `__new(size, id)` per object, in layout
   * order, with handles translated to the addresses they got (left in `where`).
   */
  commitEach(root: number, newObject: (size: number, id: number) => number, mem: () => Uint8Array, where = new Map<number, number>()): number {
    const objs = this.objects.subarray(0, this.nObjects)
    for (let i = 0; i < objs.length; i += 3) where.set(objs[i], newObject(objs[i + 1], objs[i + 2]) >>> 0)
    const m = mem()
    const dv = new DataView(m.buffer)
    for (let i = 0; i < objs.length; i += 3) m.set(this.buf.subarray(objs[i], objs[i] + objs[i + 1]), where.get(objs[i])!)
    const owner = (at: number): number => {
      let lo = 0, hi = objs.length / 3 - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (objs[3 * mid] <= at) lo = mid
        else hi = mid - 1
      }
      return objs[3 * lo]
    }
    for (const at of this.fixups.subarray(0, this.nFixups)) {
      const h = owner(at)
      dv.setUint32(where.get(h)! + (at - h), where.get(this.dv.getUint32(at, true))!, true)
    }
    const out = where.get(root)!
    this.reset()
    return out
  }
}

/** A layout kept to be written again (`ObjectWriter.freeze`): its words, where its handles are, its objects, its root. */
export interface FrozenLayout {
  words: Int32Array
  fixups: Int32Array
  objects: Int32Array
  root: number
}

/** A copy of `a` at least twice as long, and at least `need` long. */
export function grown(a: Int32Array, need = a.length + 1): Int32Array {
  let n = a.length * 2
  while (n < need) n *= 2
  const b = new Int32Array(n)
  b.set(a)
  return b
}
