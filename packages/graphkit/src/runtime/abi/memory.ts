/**
 * Reads and writes AssemblyScript 0.19 objects in a mapping's linear memory, with
 * graph-node's layouts (runtime/wasm/src/asc_abi/{class.rs,v0_0_5.rs}; graph/src/runtime/asc_ptr.rs).
 * Object header (stub runtime, AS std/assembly/rt/common.ts): mmInfo ptr-20, gcInfo ptr-16,
 * gcInfo2 ptr-12, rtId ptr-8, rtSize ptr-4.
 */
import { DeterministicError } from '../../internal/errors.ts'
import type { BigDecimalValue, Entity, Value } from '../../subgraph/values.ts'
import type { EthValue } from '../hostContext.ts'
import { fromAsc as decimalFromAsc } from '../host/bigDecimal.ts'
import { bigIntFromSignedLe, bigIntToSignedLe } from './bigint.ts'
import { ETH_KIND, JSON_KIND, STORE_KIND, TYPE_INDEX, type TypeName } from './typeIds.ts'

export type JsonValue = null | boolean | string | { number: string } | JsonValue[] | Map<string, JsonValue>

const utf16 = new TextDecoder('utf-16le')

export class AscMemory {
  private buf!: ArrayBuffer
  private view!: DataView
  private u8!: Uint8Array
  private readonly ids = new Map<number, number>()
  private readonly newObj?: (size: number, id: number) => number
  private readonly alloc: (size: number) => number
  private readonly idOfType?: (index: number) => number

  constructor(private readonly memory: WebAssembly.Memory, exports: WebAssembly.Exports) {
    // graph-node allocates through `allocate` (module/mod.rs); `__new` (with --exportRuntime) also writes the header.
    this.newObj = exports.__new as any
    this.alloc = exports.allocate as any
    this.idOfType = exports.id_of_type as any
    if (!this.newObj && !this.alloc) throw new DeterministicError('mapping exports neither `allocate` nor `__new`')
    this.refresh()
  }

  private refresh(): void {
    this.buf = this.memory.buffer
    this.view = new DataView(this.buf)
    this.u8 = new Uint8Array(this.buf)
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

  /** The module's class id for a graph-node type name; cached (graph-node caches per module too). */
  typeId(name: TypeName | number): number {
    const index = typeof name === 'number' ? name : TYPE_INDEX[name]
    let id = this.ids.get(index)
    if (id === undefined) {
      if (!this.idOfType) throw new DeterministicError('mapping does not export `id_of_type`')
      id = this.idOfType(index) >>> 0
      this.ids.set(index, id)
    }
    return id
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
    if (ptr < 20 || ptr > this.memory.buffer.byteLength) throw new DeterministicError(`Heap access out of bounds. Offset: ${ptr} Size: ${this.memory.buffer.byteLength}`, { details: `reading ${what}` })
  }

  /** Allocates an object of `size` payload bytes with class id `id`; returns the payload pointer. */
  newObject(size: number, id: number): number {
    if (this.newObj) return this.newObj(size, id) >>> 0
    // `allocate` is `__alloc` (payload after a 4-byte mmInfo); we write the remaining 16 header bytes.
    const p = this.alloc(16 + size) >>> 0
    const dv = this.dv()
    dv.setUint32(p, 0, true)
    dv.setUint32(p + 4, 0, true)
    dv.setUint32(p + 8, id, true)
    dv.setUint32(p + 12, size, true)
    return p + 16
  }

  // --- strings and bytes --------------------------------------------------------------------

  readString(ptr: number): string {
    this.check(ptr, 'string')
    const len = this.sizeOf(ptr)
    const mem = this.bytes()
    if (ptr + len > mem.length) throw new DeterministicError(`Heap access out of bounds. Offset: ${ptr} Size: ${len}`, { details: 'reading string' })
    return utf16.decode(mem.subarray(ptr, ptr + len))
  }

  newString(s: string): number {
    const ptr = this.newObject(s.length * 2, this.typeId('String'))
    const dv = this.dv()
    for (let i = 0; i < s.length; i++) dv.setUint16(ptr + 2 * i, s.charCodeAt(i), true)
    return ptr
  }

  readNullableString(ptr: number): string | null {
    return ptr === 0 ? null : this.readString(ptr)
  }

  /** Any typed array view (Uint8Array, Bytes, Address, BigInt): `{ buffer, dataStart, byteLength }`. Returns a copy. */
  readBytes(ptr: number): Uint8Array {
    this.check(ptr, 'Uint8Array')
    const start = this.u32(ptr + 4)
    const len = this.u32(ptr + 8)
    const mem = this.bytes()
    if (start + len > mem.length) throw new DeterministicError(`Heap access out of bounds. Offset: ${start} Size: ${len}`, { details: 'reading Uint8Array' })
    return mem.slice(start, start + len)
  }

  newArrayBuffer(data: Uint8Array): number {
    const ptr = this.newObject(data.length, this.typeId('ArrayBuffer'))
    this.bytes().set(data, ptr)
    return ptr
  }

  newBytes(data: Uint8Array): number {
    const buffer = this.newArrayBuffer(data)
    const ptr = this.newObject(12, this.typeId('Uint8Array'))
    const dv = this.dv()
    dv.setUint32(ptr, buffer, true)
    dv.setUint32(ptr + 4, buffer, true)
    dv.setUint32(ptr + 8, data.length, true)
    return ptr
  }

  readBigInt(ptr: number): bigint {
    return bigIntFromSignedLe(this.readBytes(ptr))
  }

  newBigInt(v: bigint): number {
    return this.newBytes(bigIntToSignedLe(v))
  }

  /** `BigDecimal { digits: BigInt, exp: BigInt }`; value = digits × 10^exp, normalized and range-checked as graph-node reads it. */
  readBigDecimal(ptr: number): BigDecimalValue {
    this.check(ptr, 'BigDecimal')
    return decimalFromAsc(this.readBigInt(this.u32(ptr)), this.readBigInt(this.u32(ptr + 4)))
  }

  newBigDecimal(v: BigDecimalValue): number {
    const digits = this.newBigInt(v.digits)
    const exp = this.newBigInt(BigInt(v.exp))
    const ptr = this.newObject(8, this.typeId('BigDecimal'))
    this.setU32(ptr, digits)
    this.setU32(ptr + 4, exp)
    return ptr
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

  /** Array of i32/pointer items with the class id of `typeId` (a graph-node type name or index). */
  newArray(items: number[], typeId: TypeName | number): number {
    const byteLength = items.length * 4
    const buffer = this.newObject(byteLength, this.typeId('ArrayBuffer'))
    const ptr = this.newObject(16, this.typeId(typeId))
    const m = this.dv()
    for (let i = 0; i < items.length; i++) m.setUint32(buffer + 4 * i, items[i] >>> 0, true)
    m.setUint32(ptr, buffer, true)
    m.setUint32(ptr + 4, buffer, true)
    m.setUint32(ptr + 8, byteLength, true)
    m.setInt32(ptr + 12, items.length, true)
    return ptr
  }

  readStringArray(ptr: number): string[] {
    return this.readArray(ptr, (p) => this.readString(p))
  }

  newStringArray(items: string[]): number {
    return this.newArray(items.map((s) => this.newString(s)), 'ArrayString')
  }

  readNullable<T>(ptr: number, read: (ptr: number) => T): T | null {
    return ptr === 0 ? null : read(ptr)
  }

  /** `TypedMap<K, V> { entries: Array<TypedMapEntry{ key, value }> }` as [key, value] pointer pairs. */
  readTypedMap<K, V>(ptr: number, readKey: (p: number) => K, readValue: (p: number) => V): [K, V][] {
    this.check(ptr, 'TypedMap')
    return this.readArray(this.u32(ptr), (e) => [readKey(this.u32(e)), readValue(this.u32(e + 4))] as [K, V])
  }

  private newTypedMap(pairs: [number, number][], entryType: TypeName, arrayType: TypeName, mapType: TypeName): number {
    const entryId = this.typeId(entryType)
    const entries = pairs.map(([k, v]) => {
      const e = this.newObject(8, entryId)
      this.setU32(e, k)
      this.setU32(e + 4, v)
      return e
    })
    const arr = this.newArray(entries, arrayType)
    const ptr = this.newObject(4, this.typeId(mapType))
    this.setU32(ptr, arr)
    return ptr
  }

  // --- enums --------------------------------------------------------------------------------

  /** `AscEnum { kind: u32, _padding: u32, payload: u64 }`. */
  private newEnum(kind: number, payload: bigint, typeName: TypeName): number {
    const ptr = this.newObject(16, this.typeId(typeName))
    const dv = this.dv()
    dv.setUint32(ptr, kind, true)
    dv.setUint32(ptr + 4, 0, true)
    dv.setBigUint64(ptr + 8, BigInt.asUintN(64, payload), true)
    return ptr
  }

  /** Store `Value` (graph-ts common/value.ts) → toolkit Value. */
  readValue(ptr: number): Value {
    this.check(ptr, 'Value')
    const kind = this.u32(ptr)
    const payload = ptr + 8
    const p = () => this.u32(payload)
    switch (kind) {
      case STORE_KIND.String: return { kind: 'String', value: this.readString(p()) }
      case STORE_KIND.Int: return { kind: 'Int', value: this.i32(payload) }
      case STORE_KIND.BigDecimal: return { kind: 'BigDecimal', value: this.readBigDecimal(p()) }
      case STORE_KIND.Bool: return { kind: 'Bool', value: this.u32(payload) !== 0 }
      case STORE_KIND.Array: return { kind: 'Array', value: this.readArray(p(), (q) => this.readValue(q)) }
      case STORE_KIND.Null: return { kind: 'Null' }
      case STORE_KIND.Bytes: return { kind: 'Bytes', value: this.readBytes(p()) }
      case STORE_KIND.BigInt: return { kind: 'BigInt', value: this.readBigInt(p()) }
      case STORE_KIND.Int8: return { kind: 'Int8', value: this.i64(payload) }
      case STORE_KIND.Timestamp: return { kind: 'Timestamp', value: this.i64(payload) }
      default: throw new DeterministicError(`Unknown store value kind ${kind}`)
    }
  }

  newValue(v: Value): number {
    switch (v.kind) {
      case 'String': return this.newEnum(STORE_KIND.String, BigInt(this.newString(v.value)), 'StoreValue')
      case 'Int': return this.newEnum(STORE_KIND.Int, BigInt(v.value), 'StoreValue')
      case 'BigDecimal': return this.newEnum(STORE_KIND.BigDecimal, BigInt(this.newBigDecimal(v.value)), 'StoreValue')
      case 'Bool': return this.newEnum(STORE_KIND.Bool, v.value ? 1n : 0n, 'StoreValue')
      case 'Array': return this.newEnum(STORE_KIND.Array, BigInt(this.newArray(v.value.map((x) => this.newValue(x)), 'ArrayStoreValue')), 'StoreValue')
      case 'Null': return this.newEnum(STORE_KIND.Null, 0n, 'StoreValue')
      case 'Bytes': return this.newEnum(STORE_KIND.Bytes, BigInt(this.newBytes(v.value)), 'StoreValue')
      case 'BigInt': return this.newEnum(STORE_KIND.BigInt, BigInt(this.newBigInt(v.value)), 'StoreValue')
      case 'Int8': return this.newEnum(STORE_KIND.Int8, v.value, 'StoreValue')
      case 'Timestamp': return this.newEnum(STORE_KIND.Timestamp, v.value, 'StoreValue')
    }
  }

  /** `TypedMap<string, Value>` (graph-ts `Entity`, `DataSourceContext`) → Entity. */
  readEntity(ptr: number): Entity {
    return new Map(this.readTypedMap(ptr, (k) => this.readString(k), (v) => this.readValue(v)))
  }

  newEntity(e: Entity): number {
    const pairs: [number, number][] = []
    for (const [k, v] of e) pairs.push([this.newString(k), this.newValue(v)])
    return this.newTypedMap(pairs, 'TypedMapEntryStringStoreValue', 'ArrayTypedMapEntryStringStoreValue', 'TypedMapStringStoreValue')
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
    const k = ETH_KIND[v.kind]
    let payload: bigint
    switch (v.kind) {
      case 'address': case 'fixedBytes': case 'bytes': payload = BigInt(this.newBytes(v.value)); break
      case 'int': case 'uint': payload = BigInt(this.newBigInt(v.value)); break
      case 'bool': payload = v.value ? 1n : 0n; break
      case 'string': payload = BigInt(this.newString(v.value)); break
      default: payload = BigInt(this.newArray(v.value.map((x) => this.newEthValue(x)), 'ArrayEthereumValue'))
    }
    return this.newEnum(k, payload, 'EthereumValue')
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
    if (v === null) return this.newEnum(JSON_KIND.null, 0n, 'JsonValue')
    if (typeof v === 'boolean') return this.newEnum(JSON_KIND.bool, v ? 1n : 0n, 'JsonValue')
    if (typeof v === 'string') return this.newEnum(JSON_KIND.string, BigInt(this.newString(v)), 'JsonValue')
    if (Array.isArray(v)) return this.newEnum(JSON_KIND.array, BigInt(this.newArray(v.map((x) => this.newJsonValue(x)), 'ArrayJsonValue')), 'JsonValue')
    if (v instanceof Map) {
      const pairs: [number, number][] = []
      for (const [k, x] of v) pairs.push([this.newString(k), this.newJsonValue(x)])
      const map = this.newTypedMap(pairs, 'TypedMapEntryStringJsonValue', 'ArrayTypedMapEntryStringJsonValue', 'TypedMapStringJsonValue')
      return this.newEnum(JSON_KIND.object, BigInt(map), 'JsonValue')
    }
    return this.newEnum(JSON_KIND.number, BigInt(this.newString(v.number)), 'JsonValue')
  }
}
