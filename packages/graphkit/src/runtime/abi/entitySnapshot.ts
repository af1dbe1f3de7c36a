/**
 * The mutable words of an entity's object graph in a mapping's memory (graph-ts `Entity`:
 * TypedMap → entries Array → TypedMapEntry → Value → payload), recorded so that a later
 * `matches` can tell whether the mapping has modified the graph since. Everything a mapping
 * can change in place is recorded: the map's entries pointer, the entries array's fields and
 * items, each entry's key and value pointers, each Value's kind and payload, and BigInt /
 * Bytes payloads (Uint8Array view fields and the bytes they cover), recursively through
 * lists. String contents are not: AssemblyScript strings are immutable.
 *
 * The snapshot is the words in walk order, without addresses. `matches` records the graph
 * again past the last snapshot and compares the two: one walk to keep in step with
 * `decodeSnapshot`, which reads the words in the same order.
 *
 * Recording also tells whether `decodeSnapshot` (snapshotDecoder.ts) can decode the entity
 * from the snapshot alone: `eager` is set when it holds a BigDecimal (graph-node range-checks
 * those at the save, so the save must decode them), a value kind graph-ts does not have, or a
 * string address that could not be read.
 *
 * Used by `EntityHandoff` (entityHandoff.ts). Pure over the memory given.
 */
import { STORE_KIND } from './typeIds.ts'
import { grown } from './objectWriter.ts'

/** Deeper nesting of list values is not recorded (the graph is then never handed off). */
const MAX_DEPTH = 8

/**
 * Snapshots of one instance's entity graphs, appended to one growing word array (a typed
 * array per snapshot costs more to allocate than the walk). A snapshot is `[offset, length)`.
 *
 * The walk is written for speed (profiled: it runs at every `store.set`, ~7 per event on the
 * benchmark chain): memory and the word array in locals, one capacity check per group of
 * words, and any malformed pointer ends the walk (the graph is then not snapshotted at all).
 */
export class SnapshotArena {
  private words: Int32Array = new Int32Array(1 << 14)
  private end = 0
  /** Of the snapshot `record` made last: its length. */
  lastLength = 0
  /** After `record`: the snapshot cannot be decoded on its own (see above); the save decodes from memory. */
  eager = false
  /** Memory as i32 words: every field read is 4-aligned (AssemblyScript objects are 16-aligned). */
  private mem!: Int32Array
  /** Bytes of memory. */
  private limit = 0
  /** Where the walk writes next. */
  private pos = 0

  /** Forgets every snapshot, keeping the grown array (an arena passed on to a new instance). */
  reset(): void {
    this.end = 0
  }

  /** The snapshots' words (the array is replaced as it grows: take it anew for each decode). */
  data(): Int32Array {
    return this.words
  }

  /** Records the graph at `ptr`; returns the snapshot's offset (its length is `lastLength`), or -1 when the graph is not well formed. */
  record(mem: Int32Array, ptr: number): number {
    this.eager = false
    const off = this.end
    if (!this.walk(mem, ptr, off)) return -1
    this.lastLength = this.pos - off
    this.end = this.pos
    return off
  }

  /** Whether the graph at `ptr` holds exactly the snapshot `[off, off + len)`. */
  matches(mem: Int32Array, ptr: number, off: number, len: number): boolean {
    const eager = this.eager
    const at = this.end
    const ok = this.walk(mem, ptr, at) && this.pos - at === len
    this.eager = eager
    if (!ok) return false
    const w = this.words
    for (let i = 0; i < len; i++) if (w[off + i] !== w[at + i]) return false
    return true
  }

  /** The words array with room for `n` more words at `p`. */
  private room(p: number, n: number): Int32Array {
    if (p + n > this.words.length) this.words = grown(this.words, p + n)
    return this.words
  }

  /** A readable, aligned address of a u32 field. */
  private ok(ptr: number): boolean {
    return ptr >= 20 && (ptr & 3) === 0 && ptr + 4 <= this.limit
  }

  /**
   * The graph at `ptr` in walk order from word `at` (ending at `pos`): the map's entries
   * pointer; the entries array (buffer, dataStart, byteLength, length); per entry its
   * address, its key's and its value's addresses, then the value. False when a pointer is
   * out of bounds or misaligned.
   */
  private walk(mem: Int32Array, ptr: number, at: number): boolean {
    this.mem = mem
    this.limit = mem.length * 4
    if (!this.ok(ptr)) return false
    const arr = mem[ptr >>> 2] >>> 0
    let w = this.room(at, 5)
    w[at] = arr
    this.pos = at + 1
    const n = this.array(arr)
    if (n < 0) return false
    const items = mem[(arr + 4) >>> 2] >>> 0
    for (let i = 0; i < n; i++) {
      const item = items + 4 * i
      if (!this.ok(item)) return false
      const entry = mem[item >>> 2] >>> 0
      if (!this.ok(entry) || !this.ok(entry + 4)) return false
      const key = mem[entry >>> 2] >>> 0
      const value = mem[(entry + 4) >>> 2] >>> 0
      this.checkString(key)
      const p = this.pos
      w = this.room(p, 3)
      w[p] = entry
      w[p + 1] = key
      w[p + 2] = value
      this.pos = p + 3
      if (!this.value(value, 0)) return false
    }
    return true
  }

  /** An `Array<T>` header `{ buffer, dataStart, byteLength, length }` at `ptr`; returns its length, or -1 when unreadable. */
  private array(ptr: number): number {
    if (!this.ok(ptr) || ptr + 16 > this.limit) return -1
    const mem = this.mem
    const i = ptr >>> 2
    const p = this.pos
    const w = this.room(p, 4)
    w[p] = mem[i]
    w[p + 1] = mem[i + 1]
    w[p + 2] = mem[i + 2]
    const length = (w[p + 3] = mem[i + 3])
    this.pos = p + 4
    return length < 0 ? -1 : length
  }

  /** A store `Value` `{ kind, _, payload (u64) }` and what its payload points at. */
  private value(ptr: number, depth: number): boolean {
    if (!this.ok(ptr) || ptr + 16 > this.limit) return false
    const mem = this.mem
    const i = ptr >>> 2
    const kind = mem[i]
    const payload = mem[i + 2] >>> 0
    const p = this.pos
    const w = this.room(p, 3)
    w[p] = kind
    w[p + 1] = payload
    w[p + 2] = mem[i + 3]
    this.pos = p + 3
    switch (kind) {
      case STORE_KIND.BigInt:
      case STORE_KIND.Bytes:
        return this.view(payload)
      case STORE_KIND.String:
        this.checkString(payload)
        return true
      case STORE_KIND.BigDecimal: {
        this.eager = true
        if (!this.ok(payload) || !this.ok(payload + 4)) return false
        const digits = mem[payload >>> 2] >>> 0
        const exp = mem[(payload + 4) >>> 2] >>> 0
        const q = this.pos
        const v = this.room(q, 2)
        v[q] = digits
        v[q + 1] = exp
        this.pos = q + 2
        return this.view(digits) && this.view(exp)
      }
      case STORE_KIND.Array: {
        if (depth >= MAX_DEPTH) return false
        const length = this.array(payload)
        if (length < 0) return false
        const start = mem[(payload + 4) >>> 2] >>> 0
        for (let k = 0; k < length; k++) {
          const at = start + 4 * k
          if (!this.ok(at)) return false
          const item = mem[at >>> 2] >>> 0
          const q = this.pos
          this.room(q, 1)[q] = item
          this.pos = q + 1
          if (!this.value(item, depth + 1)) return false
        }
        return true
      }
      default:
        // Int, Bool, Null, Int8, Timestamp: all in the Value itself. A kind graph-ts does not have: decoded (and reported) at the save.
        if (kind > STORE_KIND.Timestamp || kind < 0) this.eager = true
        return true
    }
  }

  /**
   * A Uint8Array view `{ buffer, dataStart, byteLength }` and the bytes it covers. Data of an
   * ArrayBuffer the mapping or the host allocated is 16-aligned; a view at an odd offset (a
   * subarray) is covered from the word below it (extra bytes only risk a miss).
   */
  private view(ptr: number): boolean {
    if (!this.ok(ptr) || ptr + 12 > this.limit) return false
    const mem = this.mem
    const i = ptr >>> 2
    const start = mem[i + 1] >>> 0
    const len = mem[i + 2] >>> 0
    const from = start >>> 2
    const to = (start + len + 3) >>> 2
    if (to > mem.length) return false
    let p = this.pos
    const w = this.room(p, 3 + to - from)
    w[p] = mem[i]
    w[p + 1] = start
    w[p + 2] = len
    p += 3
    for (let k = from; k < to; k++) w[p++] = mem[k]
    this.pos = p
    return true
  }

  /** A string `decodeSnapshot` will read at this address later: in bounds with its length word, else the save decodes now (and reports it). */
  private checkString(ptr: number): void {
    if (ptr < 20 || (ptr & 3) !== 0 || ptr > this.limit) {
      this.eager = true
      return
    }
    const size = this.mem[(ptr - 4) >>> 2] >>> 0
    if (ptr + size > this.limit) this.eager = true
  }
}
