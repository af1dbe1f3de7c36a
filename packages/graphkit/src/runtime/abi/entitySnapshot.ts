/**
 * The mutable words of an entity's object graph in a mapping's memory (graph-ts `Entity`:
 * TypedMap → entries Array → TypedMapEntry → Value → payload), recorded so that a later
 * `matches` can tell whether the mapping has modified the graph since. Everything a mapping
 * can change in place is recorded: the map's entries pointer, the entries array's fields and
 * items, each entry's key and value pointers, each Value's kind and payload, and BigInt /
 * Bytes payloads (Uint8Array view fields and the bytes they cover), recursively through
 * lists. String contents are not: AssemblyScript strings are immutable.
 *
 * The snapshot is the words in walk order, without addresses: `matches` walks the graph the
 * same way, comparing as it goes. Each pointer is compared before it is followed, so while
 * everything matches the walk visits the same addresses as the recording did.
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
 */
export class SnapshotArena {
  private words: Int32Array = new Int32Array(1 << 14)
  private end = 0
  /** Of the snapshot `record` made last: its length. */
  lastLength = 0
  /** After `record`: the snapshot cannot be decoded on its own (see above); the save decodes from memory. */
  eager = false
  /** Comparing from `pos` up to `stop`, or recording (appending) when `comparing` is false. */
  private comparing = false
  private pos = 0
  private stop = 0
  private ok = true
  /** Memory as i32 words: every field read is 4-aligned (AssemblyScript objects are 16-aligned). */
  private mem!: Int32Array
  private limit = 0
  /** The entries array's dataStart, after `array`. */
  private itemsAt = 0

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
    this.begin(mem, false)
    this.eager = false
    this.pos = this.end
    this.entity(ptr)
    if (!this.ok) return -1
    const off = this.end
    this.lastLength = this.pos - off
    this.end = this.pos
    return off
  }

  /** Whether the graph at `ptr` holds exactly the snapshot `[off, off + len)`. */
  matches(mem: Int32Array, ptr: number, off: number, len: number): boolean {
    this.begin(mem, true)
    this.pos = off
    this.stop = off + len
    this.entity(ptr)
    return this.ok && this.pos === this.stop
  }

  private begin(mem: Int32Array, comparing: boolean): void {
    this.mem = mem
    this.limit = mem.length * 4
    this.comparing = comparing
    this.ok = true
  }

  private word(v: number): void {
    if (this.comparing) {
      if (this.pos >= this.stop || this.words[this.pos] !== v) this.ok = false
      this.pos++
      return
    }
    if (this.pos === this.words.length) this.words = grown(this.words, this.pos + 1)
    this.words[this.pos++] = v
  }

  /** Reads the u32 at `ptr` into the walk; 0 (and not ok) when out of bounds. */
  private read(ptr: number): number {
    if (ptr < 20 || ptr + 4 > this.limit || (ptr & 3) !== 0) {
      this.ok = false
      return 0
    }
    const v = this.mem[ptr >>> 2]
    this.word(v)
    return v >>> 0
  }

  /** A Uint8Array view `{ buffer, dataStart, byteLength }` and the bytes it covers. */
  private view(ptr: number): void {
    this.read(ptr)
    const start = this.read(ptr + 4)
    const len = this.read(ptr + 8)
    if (!this.ok) return
    // Data of an ArrayBuffer the mapping or the host allocated is 16-aligned; a view at an
    // odd offset (a subarray) is covered from the word below it (extra bytes only risk a miss).
    const mem = this.mem
    const from = start >>> 2
    const to = (start + len + 3) >>> 2
    if (to > mem.length) {
      this.ok = false
      return
    }
    // The words in one loop rather than `word` by word (most of a snapshot is these bytes).
    let words = this.words
    let p = this.pos
    if (this.comparing) {
      if (p + (to - from) > this.stop) {
        this.ok = false
        return
      }
      for (let i = from; i < to; i++, p++) {
        if (words[p] !== mem[i]) {
          this.ok = false
          return
        }
      }
    } else {
      if (p + (to - from) > words.length) words = this.words = grown(words, p + (to - from))
      for (let i = from; i < to; i++, p++) words[p] = mem[i]
    }
    this.pos = p
  }

  /** An `Array<T>` of pointers `{ buffer, dataStart, byteLength, length }`; returns its length (dataStart in `itemsAt`). */
  private array(ptr: number): number {
    this.read(ptr)
    this.itemsAt = this.read(ptr + 4)
    this.read(ptr + 8)
    const length = this.read(ptr + 12) | 0
    if (!this.ok || length < 0) {
      this.ok = false
      return 0
    }
    return length
  }

  private value(ptr: number, depth: number): void {
    const kind = this.read(ptr)
    const payload = this.read(ptr + 8)
    this.read(ptr + 12)
    if (!this.ok) return
    if (!this.comparing) {
      if (kind === STORE_KIND.BigDecimal || kind > STORE_KIND.Timestamp) this.eager = true
      else if (kind === STORE_KIND.String) this.checkString(payload)
    }
    switch (kind) {
      case STORE_KIND.BigInt:
      case STORE_KIND.Bytes:
        return this.view(payload)
      case STORE_KIND.BigDecimal: {
        const digits = this.read(payload)
        const exp = this.read(payload + 4)
        if (!this.ok) return
        this.view(digits)
        if (this.ok) this.view(exp)
        return
      }
      case STORE_KIND.Array: {
        if (depth >= MAX_DEPTH) {
          this.ok = false
          return
        }
        const length = this.array(payload)
        const start = this.itemsAt
        for (let i = 0; i < length && this.ok; i++) {
          const item = this.read(start + 4 * i)
          if (this.ok) this.value(item, depth + 1)
        }
        return
      }
      // String (immutable), Int, Bool, Null, Int8, Timestamp: all in the Value itself.
    }
  }

  /** The map, its entries array and every entry. */
  private entity(ptr: number): void {
    const arr = this.read(ptr)
    if (!this.ok) return
    const n = this.array(arr)
    const items = this.itemsAt // nested lists move itemsAt
    for (let i = 0; i < n && this.ok; i++) this.walkEntry(items + 4 * i)
  }

  /** The entry whose pointer is stored at `item`: the pointer, the entry's key and value pointers, the value. */
  private walkEntry(item: number): void {
    const entry = this.read(item)
    if (!this.ok) return
    const key = this.read(entry)
    if (!this.comparing) this.checkString(key)
    const value = this.read(entry + 4)
    if (this.ok) this.value(value, 0)
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
