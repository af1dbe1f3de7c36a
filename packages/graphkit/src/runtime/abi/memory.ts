/**
 * Reads and writes AssemblyScript 0.19 objects in a mapping's linear memory, with
 * graph-node's layouts (runtime/wasm/src/asc_abi/{class.rs,v0_0_5.rs}; graph/src/runtime/asc_ptr.rs).
 * Object header (stub runtime, AS std/assembly/rt/common.ts): mmInfo ptr-20, gcInfo ptr-16,
 * gcInfo2 ptr-12, rtId ptr-8, rtSize ptr-4.
 *
 * Writing goes through an `ObjectLayout`: every `new*` lays out its whole object graph in JS
 * and moves it into memory with one `allocate` call (see objectWriter.ts for why and how).
 * Reading decodes in place; strings in the module's static data (field names, entity type
 * names: literals) are decoded once per module.
 */
import { DeterministicError } from '../../internal/errors.ts'
import type { BigDecimalValue, Entity, Value } from '../../subgraph/values.ts'
import type { EthValue } from '../hostContext.ts'
import { fromAsc as decimalFromAsc } from '../host/bigDecimal.ts'
import { bigIntFromSignedLe } from './bigint.ts'
import { ObjectLayout } from './objectLayout.ts'
import { HEX_CODES, type FrozenLayout } from './objectWriter.ts'
import { StaticStrings } from './staticStrings.ts'
import { ETH_KIND, JSON_KIND, STORE_KIND, TYPE_INDEX, type TypeName } from './typeIds.ts'

export type JsonValue = null | boolean | string | { number: string } | JsonValue[] | Map<string, JsonValue>

const utf16 = new TextDecoder('utf-16le')
const SURROGATE = /[\uD800-\uDFFF]/

/** Layouts `copyOf` keeps, at most. */
const MAX_COPIES = 8
/** Slots of the table of hex strings an instance reuses (`newHexString`); a power of two. */
const HEX_SLOTS = 4096

export class AscMemory {
  private buf!: ArrayBuffer
  private view!: DataView
  private u8!: Uint8Array
  private i32s!: Int32Array
  private u16s!: Uint16Array
  /** The same bytes as a Buffer, for `toString('utf16le')` (2-3× faster than TextDecoder on 17-140 character strings). */
  private nodeBuf!: Buffer
  /** The module's class ids by graph-node type index (-1: not asked yet); graph-node caches per module too. */
  private readonly ids = new Int32Array(Math.max(...Object.values(TYPE_INDEX)) + 1).fill(-1)
  private newObj?: (size: number, id: number) => number
  private alloc?: (size: number) => number
  private idOfType?: (index: number) => number
  private readonly layout: ObjectLayout
  private memory!: WebAssembly.Memory
  /** Whether `bind` gave it its instance's memory and exports. */
  bound = false

  /**
   * `statics`: strings decoded from the module's static data (below `staticEnd`), shared by
   * every instance of one module since its data segments are the same. Usable once `bind`
   * gave it the instance (it exists before, so host functions can close over it and be
   * imported directly, without a trampoline per call).
   */
  constructor(private readonly statics = new StaticStrings(0)) {
    this.layout = new ObjectLayout((t) => this.typeId(t), statics)
  }

  /** The instance's memory and exports: graph-node allocates through `allocate` (runtime/wasm/src/module/mod.rs); `__new` is the fallback. */
  bind(memory: WebAssembly.Memory, exports: WebAssembly.Exports): this {
    this.newObj = exports.__new as any
    this.alloc = exports.allocate as any
    this.idOfType = exports.id_of_type as any
    if (!this.newObj && !this.alloc) throw new DeterministicError('mapping exports neither `allocate` nor `__new`')
    this.memory = memory
    this.refresh()
    this.bound = true
    return this
  }

  private refresh(): void {
    this.buf = this.memory.buffer
    this.view = new DataView(this.buf)
    this.u8 = new Uint8Array(this.buf)
    this.i32s = new Int32Array(this.buf)
    this.u16s = new Uint16Array(this.buf)
    this.nodeBuf = Buffer.from(this.buf)
  }

  /** Views go stale when memory grows: the old ArrayBuffer is detached (byteLength 0), cheaper to test than `memory.buffer`. */
  private dv(): DataView {
    if (this.buf.byteLength === 0) this.refresh()
    return this.view
  }
  private bytes(): Uint8Array {
    if (this.buf.byteLength === 0) this.refresh()
    return this.u8
  }

  /** The module's class id for a graph-node type name or index. */
  typeId(name: TypeName | number): number {
    const index = typeof name === 'number' ? name : TYPE_INDEX[name]
    if (index >= this.ids.length) return this.lookupId(index)
    const id = this.ids[index]
    return id >= 0 ? id : (this.ids[index] = this.lookupId(index))
  }
  private lookupId(index: number): number {
    if (!this.idOfType) throw new DeterministicError('mapping does not export `id_of_type`')
    return this.idOfType(index) >>> 0
  }

  // --- raw access -------------------------------------------------------------------------

  u32(ptr: number): number {
    return this.dv().getUint32(ptr, true)
  }
  i32(ptr: number): number {
    return this.dv().getInt32(ptr, true)
  }
  i64(ptr: number): bigint {
    return this.dv().getBigInt64(ptr, true)
  }
  f64(ptr: number): number {
    return this.dv().getFloat64(ptr, true)
  }
  setU32(ptr: number, v: number): void {
    this.dv().setUint32(ptr, v, true)
  }
  setI64(ptr: number, v: bigint): void {
    this.dv().setBigInt64(ptr, v, true)
  }
  /** rtSize of the object at ptr (graph-node `read_len`). */
  sizeOf(ptr: number): number {
    return this.u32(ptr - 4)
  }
  rtId(ptr: number): number {
    return this.u32(ptr - 8)
  }

  private check(ptr: number, what: string): void {
    if (ptr === 0) throw new DeterministicError(`Tried to read AssemblyScript value that is 'null'. Suggestion: look into the function that the error happened and add 'log' calls till you find where a 'null' value is being used as non-nullable. It's likely that you're calling a 'load' function that returns null.`, { details: `reading ${what}` })
    if (ptr < 20 || ptr > this.buf.byteLength && ptr > this.memory.buffer.byteLength) throw new DeterministicError(`Heap access out of bounds. Offset: ${ptr} Size: ${this.memory.buffer.byteLength}`, { details: `reading ${what}` })
  }

  // --- writing: one layout, one allocation ------------------------------------------------

  /**
   * Starts a layout: build with the returned `ObjectLayout`, then `end(root)` moves it into
   * memory in one allocation and returns the root's address. (Not a callback: closures in
   * this path cost more than the writing.) A layout left unfinished by a throw is dropped
   * by the next `begin`.
   */
  begin(): ObjectLayout {
    const l = this.layout
    l.abandon()
    return l
  }

  end(root: number): number {
    return this.layout.commit(root, this.alloc, this.newObj, this.bytesFn, this.wordsFn)
  }

  /**
   * A fresh copy of the objects `build` lays out for `key` (by identity, with `variant`): laid
   * out once while `key` is among the last few asked for, then copied. For values many
   * triggers get equal copies of (an event's block, its transaction); `key` must not change.
   */
  copyOf<K extends object, V>(key: K, variant: V, build: (l: ObjectLayout, key: K, variant: V) => number): number {
    let c = this.copies.get(key)
    if (!c || c.variant !== variant) {
      if (this.copies.size >= MAX_COPIES) this.copies.clear()
      // Laid out as `begin` starts a layout, then kept instead of written (ObjectLayout.freeze).
      c = { variant, frozen: this.layout.freeze(build(this.begin(), key, variant)) }
      this.copies.set(key, c)
    }
    this.layout.abandon()
    return this.layout.place(c.frozen, this.alloc, this.newObj, this.bytesFn, this.wordsFn)
  }
  private readonly copies = new Map<object, { variant: unknown; frozen: FrozenLayout }>()

  private readonly bytesFn = () => this.bytes()
  private readonly wordsFn = () => this.words()

  /** Allocates an object of `size` zeroed payload bytes with class id `id`; returns the payload pointer. */
  newObject(size: number, id: number): number {
    const l = this.begin()
    return this.end(l.w.obj(size, id))
  }

  // --- strings and bytes --------------------------------------------------------------------

  readString(ptr: number): string {
    const isStatic = ptr < this.statics.end
    if (isStatic) {
      const s = this.statics.get(ptr)
      if (s !== undefined) return s
    }
    this.check(ptr, 'string')
    const len = this.sizeOf(ptr)
    const mem = this.bytes()
    if (ptr + len > mem.length) throw new DeterministicError(`Heap access out of bounds. Offset: ${ptr} Size: ${len}`, { details: 'reading string' })
    // Measured: a loop wins up to 16 characters. Lone surrogates become U+FFFD either way (TextDecoder's handling).
    let s: string
    if (len <= 32) s = shortUtf16(mem, ptr, len)
    else {
      s = this.nodeBuf.toString('utf16le', ptr, ptr + len)
      if (SURROGATE.test(s)) s = utf16.decode(mem.subarray(ptr, ptr + len))
    }
    // graph-node strips NUL characters from every string it reads (PostgreSQL text cannot hold them).
    if (s.indexOf('\0') >= 0) s = s.replaceAll('\0', '')
    if (isStatic) this.statics.record(ptr, s)
    return s
  }

  newString(s: string): number {
    const l = this.begin()
    return this.end(l.string(s))
  }

  readNullableString(ptr: number): string | null {
    return ptr === 0 ? null : this.readString(ptr)
  }

  /** Start of the bytes of the typed array view at `ptr` (Uint8Array, Bytes, Address, BigInt: `{ buffer, dataStart, byteLength }`); their length is in `viewLength`. */
  private viewStart(ptr: number, what: string): number {
    this.check(ptr, what)
    const dv = this.dv()
    const start = dv.getUint32(ptr + 4, true)
    const len = dv.getUint32(ptr + 8, true)
    if (start + len > this.u8.length) throw new DeterministicError(`Heap access out of bounds. Offset: ${start} Size: ${len}`, { details: `reading ${what}` })
    this.viewLength = len
    return start
  }
  private viewLength = 0

  /** A typed array view's bytes, copied. */
  readBytes(ptr: number): Uint8Array {
    const start = this.viewStart(ptr, 'Uint8Array')
    return this.u8.slice(start, start + this.viewLength)
  }

  /**
   * The string `0x` + lowercase hex of a typed array's bytes (typeConversion.bytesToHex),
   * written straight from memory. Up to 64 bytes, a string this instance made for the same
   * bytes is returned again when it is still in its slot of a small table (by a hash of the
   * bytes, checked against the string's characters): AssemblyScript strings are immutable and
   * the stub runtime never frees, so the copy is indistinguishable from a new one, and mappings
   * ask for the same ids over and over (13 calls per event on the benchmark chain, 92% of them
   * for bytes asked before: addresses and transaction hashes).
   */
  newHexString(ptr: number): number {
    const start = this.viewStart(ptr, 'Uint8Array')
    const len = this.viewLength
    const u8 = this.u8
    if (len > 64) return this.end(this.begin().hexString(u8, start, len))
    let h = 0x811c9dc5 ^ len
    for (let i = start, end = start + len; i < end; i++) h = Math.imul(h ^ u8[i]!, 0x01000193)
    const slot = (h ^ (h >>> 15)) & (HEX_SLOTS - 1)
    const known = this.hexSlots[slot]!
    if (known !== 0 && this.isHexOf(known, start, len)) return known
    const out = this.end(this.begin().hexString(this.u8, start, len))
    this.hexSlots[slot] = out
    return out
  }
  private readonly hexSlots = new Uint32Array(HEX_SLOTS)

  /** Whether the string at `str` is `0x` + the lowercase hex of `u8[start, start + len)`. */
  private isHexOf(str: number, start: number, len: number): boolean {
    if (this.sizeOf(str) !== (2 + 2 * len) * 2) return false
    const u8 = this.bytes()
    const u16 = this.u16s
    let q = (str >>> 1) + 2
    for (let i = start, end = start + len; i < end; i++, q += 2) {
      const b = u8[i]!
      if (u16[q] !== HEX_CODES[b >> 4] || u16[q + 1] !== HEX_CODES[b & 15]) return false
    }
    return true
  }

  newArrayBuffer(data: Uint8Array): number {
    const l = this.begin()
    return this.end(l.arrayBuffer(data))
  }

  newBytes(data: Uint8Array): number {
    const l = this.begin()
    return this.end(l.bytes(data))
  }

  readBigInt(ptr: number): bigint {
    const start = this.viewStart(ptr, 'BigInt')
    return bigIntFromSignedLe(this.u8, start, this.viewLength)
  }

  newBigInt(v: bigint): number {
    const l = this.begin()
    return this.end(l.bigInt(v))
  }

  /** `BigDecimal { digits: BigInt, exp: BigInt }`; value = digits × 10^exp, normalized and range-checked as graph-node reads it. */
  readBigDecimal(ptr: number): BigDecimalValue {
    this.check(ptr, 'BigDecimal')
    return decimalFromAsc(this.readBigInt(this.u32(ptr)), this.readBigInt(this.u32(ptr + 4)))
  }

  newBigDecimal(v: BigDecimalValue): number {
    const l = this.begin()
    return this.end(l.bigDecimal(v))
  }

  // --- arrays and maps ----------------------------------------------------------------------

  /** `Array<T>` of pointer-sized (or i32) items: `{ buffer, dataStart, byteLength, length }`. */
  readArray<T>(ptr: number, readItem: (item: number) => T): T[] {
    this.check(ptr, 'Array')
    const start = this.u32(ptr + 4)
    const length = this.i32(ptr + 12)
    const out = new Array<T>(length)
    for (let i = 0; i < length; i++) out[i] = readItem(this.u32(start + 4 * i))
    return out
  }

  /** Array of i32/pointer items (absolute addresses) with the class id of `typeId` (a graph-node type name or index). */
  newArray(items: number[], typeId: TypeName | number): number {
    const l = this.begin()
    return this.end(l.array(items, typeId, true))
  }

  readStringArray(ptr: number): string[] {
    return this.readArray(ptr, (p) => this.readString(p))
  }

  newStringArray(items: string[]): number {
    const l = this.begin()
    return this.end(l.array(items.map((s) => l.string(s)), 'ArrayString'))
  }

  readNullable<T>(ptr: number, read: (ptr: number) => T): T | null {
    return ptr === 0 ? null : read(ptr)
  }

  /** `TypedMap<K, V> { entries: Array<TypedMapEntry{ key, value }> }` as [key, value] pointer pairs. */
  readTypedMap<K, V>(ptr: number, readKey: (p: number) => K, readValue: (p: number) => V): [K, V][] {
    this.check(ptr, 'TypedMap')
    return this.readArray(this.u32(ptr), (e) => [readKey(this.u32(e)), readValue(this.u32(e + 4))] as [K, V])
  }

  // --- enums --------------------------------------------------------------------------------

  /** Store `Value` (graph-ts common/value.ts) → toolkit Value. */
  readValue(ptr: number): Value {
    if (ptr === 0 || ptr + 16 > this.buf.byteLength) this.check(ptr, 'Value')
    const dv = this.dv()
    const kind = dv.getUint32(ptr, true)
    const payload = ptr + 8
    switch (kind) {
      case STORE_KIND.String: return { kind: 'String', value: this.readString(dv.getUint32(payload, true)) }
      case STORE_KIND.Int: return { kind: 'Int', value: dv.getInt32(payload, true) }
      case STORE_KIND.BigDecimal: return { kind: 'BigDecimal', value: this.readBigDecimal(dv.getUint32(payload, true)) }
      case STORE_KIND.Bool: return { kind: 'Bool', value: dv.getUint32(payload, true) !== 0 }
      case STORE_KIND.Array: return { kind: 'Array', value: this.readValues(dv.getUint32(payload, true)) }
      case STORE_KIND.Null: return { kind: 'Null' }
      case STORE_KIND.Bytes: return { kind: 'Bytes', value: this.readBytes(dv.getUint32(payload, true)) }
      case STORE_KIND.BigInt: return { kind: 'BigInt', value: this.readBigInt(dv.getUint32(payload, true)) }
      case STORE_KIND.Int8: return { kind: 'Int8', value: dv.getBigInt64(payload, true) }
      case STORE_KIND.Timestamp: return { kind: 'Timestamp', value: dv.getBigInt64(payload, true) }
      default: throw new DeterministicError(`Unknown store value kind ${kind}`)
    }
  }

  private readValues(ptr: number): Value[] {
    this.check(ptr, 'Array')
    const start = this.u32(ptr + 4)
    const length = this.i32(ptr + 12)
    const out = new Array<Value>(length)
    for (let i = 0; i < length; i++) out[i] = this.readValue(this.u32(start + 4 * i))
    return out
  }

  newValue(v: Value): number {
    const l = this.begin()
    return this.end(l.value(v))
  }

  /** `TypedMap<string, Value>` (graph-ts `Entity`, `DataSourceContext`) → Entity. */
  readEntity(ptr: number): Entity {
    this.check(ptr, 'TypedMap')
    const arr = this.u32(ptr)
    this.check(arr, 'Array')
    const dv = this.dv()
    const start = dv.getUint32(arr + 4, true)
    const length = dv.getInt32(arr + 12, true)
    const e: Entity = new Map()
    for (let i = 0; i < length; i++) {
      const entry = this.u32(start + 4 * i)
      e.set(this.readString(this.u32(entry)), this.readValue(this.u32(entry + 4)))
    }
    return e
  }

  /** The memory as i32 words, current (views go stale when memory grows). */
  words(): Int32Array {
    if (this.buf.byteLength === 0) this.refresh()
    return this.i32s
  }

  newEntity(e: Entity): number {
    const l = this.begin()
    return this.end(l.entity(e))
  }

  /** Entities as `Array<Entity>` (store.loadRelated), in one allocation. */
  newEntityArray(es: Entity[]): number {
    const l = this.begin()
    return this.end(l.array(es.map((e) => l.entity(e)), 'ArrayTypedMapStringStoreValue'))
  }

  /** `ethereum.Value` → EthValue. */
  readEthValue(ptr: number): EthValue {
    this.check(ptr, 'ethereum.Value')
    const kind = this.u32(ptr)
    const p = this.u32(ptr + 8)
    const list = () => this.readArray(p, (q) => this.readEthValue(q))
    switch (kind) {
      case ETH_KIND.address: return { kind: 'address', value: this.readBytes(p) }
      case ETH_KIND.fixedBytes: return { kind: 'fixedBytes', value: this.readBytes(p) }
      case ETH_KIND.bytes: return { kind: 'bytes', value: this.readBytes(p) }
      case ETH_KIND.int: return { kind: 'int', value: this.readBigInt(p) }
      case ETH_KIND.uint: return { kind: 'uint', value: this.readBigInt(p) }
      case ETH_KIND.bool: return { kind: 'bool', value: this.u32(ptr + 8) !== 0 }
      case ETH_KIND.string: return { kind: 'string', value: this.readString(p) }
      case ETH_KIND.fixedArray: return { kind: 'fixedArray', value: list() }
      case ETH_KIND.array: return { kind: 'array', value: list() }
      case ETH_KIND.tuple: return { kind: 'tuple', value: list() }
      default: throw new DeterministicError(`Unknown ethereum value kind ${kind}`)
    }
  }

  newEthValue(v: EthValue): number {
    const l = this.begin()
    return this.end(l.ethValue(v))
  }

  /** Values as `Array<ethereum.Value>` (ethereum.call results), in one allocation. */
  newEthValueArray(vs: EthValue[]): number {
    const l = this.begin()
    return this.end(l.array(vs.map((v) => l.ethValue(v)), 'ArrayEthereumValue'))
  }

  /** `JSONValue`; numbers keep their text as `{ number }` (graph-node passes the string form). */
  readJsonValue(ptr: number): JsonValue {
    this.check(ptr, 'JSONValue')
    const kind = this.u32(ptr)
    const p = this.u32(ptr + 8)
    switch (kind) {
      case JSON_KIND.null: return null
      case JSON_KIND.bool: return p !== 0
      case JSON_KIND.number: return { number: this.readString(p) }
      case JSON_KIND.string: return this.readString(p)
      case JSON_KIND.array: return this.readArray(p, (q) => this.readJsonValue(q))
      case JSON_KIND.object: return new Map(this.readTypedMap(p, (k) => this.readString(k), (v) => this.readJsonValue(v)))
      default: throw new DeterministicError(`Unknown JSON value kind ${kind}`)
    }
  }

  newJsonValue(v: JsonValue): number {
    const l = this.begin()
    return this.end(l.jsonValue(v))
  }
}

/** UTF-16LE decode of a short string without TextDecoder's per-call overhead. */
function shortUtf16(mem: Uint8Array, ptr: number, len: number): string {
  let s = ''
  for (let i = 0; i < len; i += 2) {
    const c = mem[ptr + i] | (mem[ptr + i + 1] << 8)
    if (c >= 0xd800 && c <= 0xdfff) return utf16.decode(mem.subarray(ptr, ptr + len)) // surrogates: TextDecoder's handling of lone ones
    s += String.fromCharCode(c)
  }
  return s
}
