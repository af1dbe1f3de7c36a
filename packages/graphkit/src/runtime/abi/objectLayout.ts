/**
 * graph-ts objects (strings, Bytes, BigInt, Value, Entity, ethereum.Value, JSONValue, and
 * classes of pointer fields) written into an `ObjectWriter` layout, with graph-node's
 * layouts (runtime/wasm/src/asc_abi/class.rs, v0_0_5.rs). Every method returns a handle of
 * the layout being built; `AscMemory.write` moves the layout into memory in one allocation.
 */
import type { BigDecimalValue, Entity, Value } from '../../subgraph/values.ts'
import type { EthValue } from '../hostContext.ts'
import { bigIntToSignedLe, i32ByteLength } from './bigint.ts'
import { ObjectWriter, type FrozenLayout } from './objectWriter.ts'
import { ETH_KIND, JSON_KIND, STORE_KIND, TYPE_INDEX as T, type TypeName } from './typeIds.ts'
import type { JsonValue } from './memory.ts'
import type { StaticStrings } from './staticStrings.ts'

/** Field names an instance keeps shared, at most (a mapping has a bounded set; this bounds a pathological one). */
const MAX_SHARED_KEYS = 4096

export class ObjectLayout {
  readonly w = new ObjectWriter()
  /** Field-name strings already in this instance's memory, by content: AS strings are immutable and the stub runtime never frees. */
  private readonly shared = new Map<string, number>()
  /** Field-name strings of the layout being built (handles), shared once committed. */
  private readonly pending = new Map<string, number>()

  /** `typeId`: the module's class id for a graph-node type (AscMemory's cache). */
  constructor(private readonly typeId: (t: TypeName | number) => number, private readonly statics?: StaticStrings) {}

  /** Forget a layout whose building failed. */
  abandon(): void {
    if (!this.w.empty) this.w.reset()
    if (this.pending.size) this.pending.clear()
  }

  /**
   * One `allocate` for the whole layout when the module exports it (graph-ts global.ts does;
   * graph-node allocates through it), else one `__new` per object.
   */
  commit(root: number, allocate: ((size: number) => number) | undefined, newObject: ((size: number, id: number) => number) | undefined, mem: () => Uint8Array, words: () => Int32Array = () => new Int32Array(mem().buffer)): number {
    if (allocate) {
      const addr = this.w.commit(root, allocate, words)
      if (this.pending.size) {
        const base = addr - root
        for (const [s, h] of this.pending) this.shared.set(s, base + h)
        this.pending.clear()
      }
      return addr
    }
    const where = new Map<number, number>()
    const addr = this.w.commitEach(root, newObject!, mem, where)
    for (const [s, h] of this.pending) this.shared.set(s, where.get(h)!)
    this.pending.clear()
    return addr
  }

  /**
   * The layout built so far, kept to be written again and again (`place`): for objects many
   * triggers are given equal copies of (an event's block and transaction). It must not hold
   * field-name strings of its own (`key` with a name not yet in memory).
   */
  freeze(root: number): FrozenLayout {
    if (this.pending.size) throw new Error('graphkit bug: a layout with new shared strings cannot be frozen')
    return this.w.freeze(root)
  }

  /** A fresh copy of a frozen layout in memory; returns its root's address. */
  place(f: FrozenLayout, allocate: ((size: number) => number) | undefined, newObject: ((size: number, id: number) => number) | undefined, mem: () => Uint8Array, words: () => Int32Array): number {
    if (allocate) return this.w.place(f, allocate, words)
    return this.w.placeEach(f, newObject!, mem)
  }

  string(s: string): number {
    const h = this.w.obj(s.length * 2, this.typeId(T.String))
    this.w.utf16(h, s)
    return h
  }

  /** The string `0x` + lowercase hex of `bytes[start, start + length)` (typeConversion.bytesToHex), without an intermediate JS string. */
  hexString(bytes: Uint8Array, start: number, length: number): number {
    const h = this.w.obj((2 + 2 * length) * 2, this.typeId(T.String))
    this.w.hexUtf16(h, bytes, start, length)
    return h
  }

  /** Stores at `at` a pointer to the string `s`: the mapping's own literal when known, else one shared with earlier writes of this instance (field names). */
  key(at: number, s: string): void {
    const abs = this.statics?.pointerTo(s) ?? this.shared.get(s)
    if (abs !== undefined) return this.w.abs(at, abs)
    let h = this.pending.get(s)
    if (h === undefined) {
      h = this.string(s)
      if (this.shared.size < MAX_SHARED_KEYS) this.pending.set(s, h)
    }
    this.w.ref(at, h)
  }

  arrayBuffer(data: Uint8Array): number {
    const h = this.w.obj(data.length, this.typeId(T.ArrayBuffer))
    this.w.bytes(h, data)
    return h
  }

  /** A `Uint8Array` view (graph-ts Bytes, Address, BigInt) over a fresh ArrayBuffer. */
  bytes(data: Uint8Array): number {
    return this.view(this.arrayBuffer(data), data.length)
  }

  /** Little-endian two's complement, minimal length (graph-node `to_signed_bytes_le`). */
  bigInt(v: bigint): number {
    if (v >= -0x80000000n && v < 0x80000000n) {
      // Most values: the bytes written in place, without an intermediate array.
      const x = Number(v)
      const n = i32ByteLength(x)
      const buffer = this.w.obj(n, this.typeId(T.ArrayBuffer))
      this.w.smallInt(buffer, x, n)
      return this.view(buffer, n)
    }
    return this.bytes(bigIntToSignedLe(v))
  }

  private view(buffer: number, length: number): number {
    const h = this.w.obj(12, this.typeId(T.Uint8Array))
    this.w.ref(h, buffer)
    this.w.ref(h + 4, buffer)
    this.w.u32(h + 8, length)
    return h
  }

  bigDecimal(v: BigDecimalValue): number {
    const digits = this.bigInt(v.digits)
    const exp = this.bigInt(BigInt(v.exp))
    const h = this.w.obj(8, this.typeId(T.BigDecimal))
    this.w.ref(h, digits)
    this.w.ref(h + 4, exp)
    return h
  }

  /** `Array<T>` `{ buffer, dataStart, byteLength, length }`; items are handles, or addresses when `absolute`. */
  array(items: number[], type: TypeName | number, absolute = false): number {
    const byteLength = items.length * 4
    const buffer = this.w.obj(byteLength, this.typeId(T.ArrayBuffer))
    for (let i = 0; i < items.length; i++) {
      if (absolute) this.w.abs(buffer + 4 * i, items[i])
      else this.w.ref(buffer + 4 * i, items[i])
    }
    const h = this.w.obj(16, this.typeId(type))
    this.w.ref(h, buffer)
    this.w.ref(h + 4, buffer)
    this.w.u32(h + 8, byteLength)
    this.w.i32(h + 12, items.length)
    return h
  }

  /** A class of pointer fields (handles, 0 = null) in declaration order. */
  struct(fields: number[], type: TypeName | number): number {
    const h = this.w.obj(4 * fields.length, this.typeId(type))
    for (let i = 0; i < fields.length; i++) this.w.ref(h + 4 * i, fields[i])
    return h
  }

  /** `Wrapped<bool>`. */
  wrappedBool(v: boolean): number {
    const h = this.w.obj(4, this.typeId(T.WrappedBool))
    this.w.u32(h, v ? 1 : 0)
    return h
  }

  /** `AscEnum { kind: u32, _padding: u32, payload: u64 }` with a handle payload (`ref`), or none. */
  private enumOf(kind: number, type: number, ref: number): number {
    const h = this.w.obj(16, this.typeId(type))
    this.w.u32(h, kind)
    if (ref !== 0) this.w.ref(h + 8, ref)
    return h
  }
  /** An enum with an i32 payload, sign-extended to 64 bits as graph-node's `EnumPayload` does. */
  private enumI32(kind: number, type: number, v: number): number {
    const h = this.w.obj(16, this.typeId(type))
    this.w.u32(h, kind)
    this.w.i32(h + 8, v)
    this.w.i32(h + 12, v < 0 ? -1 : 0)
    return h
  }
  private enumI64(kind: number, type: number, v: bigint): number {
    const h = this.w.obj(16, this.typeId(type))
    this.w.u32(h, kind)
    this.w.u64(h + 8, v)
    return h
  }

  /** Store `Value` (graph-ts common/value.ts). */
  value(v: Value): number {
    switch (v.kind) {
      case 'String': return this.enumOf(STORE_KIND.String, T.StoreValue, this.string(v.value))
      case 'Int': return this.enumI32(STORE_KIND.Int, T.StoreValue, v.value)
      case 'BigDecimal': return this.enumOf(STORE_KIND.BigDecimal, T.StoreValue, this.bigDecimal(v.value))
      case 'Bool': return this.enumI32(STORE_KIND.Bool, T.StoreValue, v.value ? 1 : 0)
      case 'Array': return this.enumOf(STORE_KIND.Array, T.StoreValue, this.array(v.value.map((x) => this.value(x)), T.ArrayStoreValue))
      case 'Null': return this.enumOf(STORE_KIND.Null, T.StoreValue, 0)
      case 'Bytes': return this.enumOf(STORE_KIND.Bytes, T.StoreValue, this.bytes(v.value))
      case 'BigInt': return this.enumOf(STORE_KIND.BigInt, T.StoreValue, this.bigInt(v.value))
      case 'Int8': return this.enumI64(STORE_KIND.Int8, T.StoreValue, v.value)
      case 'Timestamp': return this.enumI64(STORE_KIND.Timestamp, T.StoreValue, v.value)
    }
  }

  /** `TypedMap<K, V> { entries: Array<TypedMapEntry{ key, value }> }` from entry handles. */
  private typedMap(entries: number[], arrayType: TypeName | number, mapType: TypeName | number): number {
    const arr = this.array(entries, arrayType)
    const h = this.w.obj(4, this.typeId(mapType))
    this.w.ref(h, arr)
    return h
  }

  /** graph-ts `Entity` / `DataSourceContext`: `TypedMap<string, Value>`. */
  entity(e: Entity): number {
    const entryId = this.typeId(T.TypedMapEntryStringStoreValue)
    const entries: number[] = []
    for (const [k, v] of e) {
      const value = this.value(v)
      const entry = this.w.obj(8, entryId)
      this.key(entry, k)
      this.w.ref(entry + 4, value)
      entries.push(entry)
    }
    return this.typedMap(entries, T.ArrayTypedMapEntryStringStoreValue, T.TypedMapStringStoreValue)
  }

  /** `ethereum.Value` (graph-ts chain/ethereum.ts). */
  ethValue(v: EthValue): number {
    const k = ETH_KIND[v.kind]
    switch (v.kind) {
      case 'address': case 'fixedBytes': case 'bytes': return this.enumOf(k, T.EthereumValue, this.bytes(v.value))
      case 'int': case 'uint': return this.enumOf(k, T.EthereumValue, this.bigInt(v.value))
      case 'bool': return this.enumI32(k, T.EthereumValue, v.value ? 1 : 0)
      case 'string': return this.enumOf(k, T.EthereumValue, this.string(v.value))
      default: return this.enumOf(k, T.EthereumValue, this.array(v.value.map((x) => this.ethValue(x)), T.ArrayEthereumValue))
    }
  }

  /** `JSONValue` (graph-ts common/json.ts); numbers keep their text. */
  jsonValue(v: JsonValue): number {
    if (v === null) return this.enumOf(JSON_KIND.null, T.JsonValue, 0)
    if (typeof v === 'boolean') return this.enumI32(JSON_KIND.bool, T.JsonValue, v ? 1 : 0)
    if (typeof v === 'string') return this.enumOf(JSON_KIND.string, T.JsonValue, this.string(v))
    if (Array.isArray(v)) return this.enumOf(JSON_KIND.array, T.JsonValue, this.array(v.map((x) => this.jsonValue(x)), T.ArrayJsonValue))
    if (v instanceof Map) {
      const entryId = this.typeId(T.TypedMapEntryStringJsonValue)
      const entries: number[] = []
      for (const [k, x] of v) {
        const value = this.jsonValue(x)
        const entry = this.w.obj(8, entryId)
        this.w.ref(entry, this.string(k))
        this.w.ref(entry + 4, value)
        entries.push(entry)
      }
      return this.enumOf(JSON_KIND.object, T.JsonValue, this.typedMap(entries, T.ArrayTypedMapEntryStringJsonValue, T.TypedMapStringJsonValue))
    }
    return this.enumOf(JSON_KIND.number, T.JsonValue, this.string(v.number))
  }
}
