/**
 * The ONE table from import name to memory wrapper. Imports resolve by NAME whatever the module
 * (graph-ts declares them in files `index`, `numbers`, `conversion`; AssemblyScript's `abort` is `env`).
 * Each wrapper's comment quotes the AssemblyScript signature (graph-node runtime/wasm/src/module/context.rs).
 */
import type { AscMemory } from './abi/memory.ts'
import type { HostContext } from './hostContext.ts'
import * as big from './host/bigInt.ts'
import * as conv from './host/typeConversion.ts'
import { log } from './host/log.ts'
import { abort } from './host/abort.ts'
import * as dec from './host/bigDecimal.ts'
import { keccak256 } from './host/crypto.ts'
import * as json from './host/json.ts'
import { ethDecode, ethEncode } from './host/ethAbi.ts'
import { DeterministicError } from '../internal/errors.ts'
import { apiAtLeast } from './abi/ethereumObjects.ts'
import type { EntityHandoff } from './entityHandoff.ts'

export type HostFn = (...args: any[]) => any
export interface HostEnv {
  mem: AscMemory
  /** Read at call time: the indexer swaps the context between triggers. */
  ctx(): HostContext
  apiVersion: string
  /** Calls an export by name (for `ipfs.map` callbacks). */
  callExport?: (name: string, ...args: number[]) => number
  /** When set, `store.get` hands back graphs saved in earlier calls (entityHandoff.ts). */
  handoff?: EntityHandoff
}

export function hostFunctions(env: HostEnv): Record<string, HostFn> {
  const { mem, handoff } = env
  const bi = (p: number) => mem.readBigInt(p)
  const nb = (v: bigint) => mem.newBigInt(v)
  const str = (p: number) => mem.readString(p)
  const bd = (p: number) => dec.normalize(mem.readBigDecimal(p))
  const nd = (v: Parameters<typeof mem.newBigDecimal>[0]) => mem.newBigDecimal(v)
  const binDec = (f: typeof dec.plus) => (x: number, y: number) => nd(f(bd(x), bd(y)))
  const needs09 = (name: string) => {
    if (!apiAtLeast(env.apiVersion, '0.0.9')) throw new DeterministicError(`${name} is not supported before API version 0.0.9 (this mapping is ${env.apiVersion})`)
  }
  const binBig = (f: (x: bigint, y: bigint) => bigint) => (x: number, y: number) => nb(f(bi(x), bi(y)))
  return {
    /** abort(message: string | null, fileName: string | null, lineNumber: u32, columnNumber: u32): void */
    abort: (m: number, f: number, line: number, col: number) => abort(mem.readNullableString(m), mem.readNullableString(f), line >>> 0, col >>> 0),

    // --- store -----------------------------------------------------------------------------
    /** store.get(entity: string, id: string): Entity | null */
    'store.get': (t: number, id: number) => {
      const e = env.ctx().store.get(str(t), str(id))
      return e ? (handoff?.take(e) || mem.newEntity(e)) : 0
    },
    /** store.get_in_block(entity: string, id: string): Entity | null */
    'store.get_in_block': (t: number, id: number) => {
      const e = env.ctx().store.getInBlock(str(t), str(id))
      return e ? (handoff?.take(e) || mem.newEntity(e)) : 0
    },
    /** store.loadRelated(entity: string, id: string, field: string): Array<Entity> */
    'store.loadRelated': (t: number, id: number, field: number) =>
      mem.newEntityArray(env.ctx().store.loadRelated(str(t), str(id), str(field))),
    /** store.set(entity: string, id: string, data: Entity): void */
    'store.set': (t: number, id: number, data: number) => {
      const e = handoff ? handoff.decode(data) : mem.readEntity(data)
      env.ctx().store.set(str(t), str(id), e)
      handoff?.onSet(data, e)
    },
    /** store.remove(entity: string, id: string): void */
    'store.remove': (t: number, id: number) => env.ctx().store.remove(str(t), str(id)),

    // --- typeConversion --------------------------------------------------------------------
    /** typeConversion.bytesToString(bytes: Uint8Array): string */
    'typeConversion.bytesToString': (b: number) => mem.newString(conv.bytesToString(mem.readBytes(b))),
    /** typeConversion.bytesToHex(bytes: Uint8Array): string */
    'typeConversion.bytesToHex': (b: number) => mem.newHexString(b),
    /** typeConversion.bigIntToString(bigInt: BigInt): string */
    'typeConversion.bigIntToString': (b: number) => mem.newString(conv.bigIntToString(bi(b))),
    /** typeConversion.bigIntToHex(bigInt: BigInt): string */
    'typeConversion.bigIntToHex': (b: number) => mem.newString(conv.bigIntToHex(bi(b))),
    /** typeConversion.stringToH160(s: string): Address */
    'typeConversion.stringToH160': (s: number) => mem.newBytes(conv.stringToH160(str(s))),
    /** typeConversion.bytesToBase58(n: Uint8Array): string */
    'typeConversion.bytesToBase58': (b: number) => mem.newString(conv.bytesToBase58(mem.readBytes(b))),

    // --- bigInt ----------------------------------------------------------------------------
    /** bigInt.plus(x: BigInt, y: BigInt): BigInt */
    'bigInt.plus': binBig(big.plus),
    /** bigInt.minus(x: BigInt, y: BigInt): BigInt */
    'bigInt.minus': binBig(big.minus),
    /** bigInt.times(x: BigInt, y: BigInt): BigInt */
    'bigInt.times': binBig(big.times),
    /** bigInt.dividedBy(x: BigInt, y: BigInt): BigInt */
    'bigInt.dividedBy': binBig(big.dividedBy),
    /** bigInt.mod(x: BigInt, y: BigInt): BigInt */
    'bigInt.mod': binBig(big.mod),
    /** bigInt.pow(x: BigInt, exp: u8): BigInt */
    'bigInt.pow': (x: number, exp: number) => nb(big.pow(bi(x), exp)),
    /** bigInt.fromString(s: string): BigInt */
    'bigInt.fromString': (s: number) => nb(big.fromString(str(s))),
    /** bigInt.bitOr(x: BigInt, y: BigInt): BigInt */
    'bigInt.bitOr': binBig(big.bitOr),
    /** bigInt.bitAnd(x: BigInt, y: BigInt): BigInt */
    'bigInt.bitAnd': binBig(big.bitAnd),
    /** bigInt.leftShift(x: BigInt, bits: u8): BigInt */
    'bigInt.leftShift': (x: number, bits: number) => nb(big.leftShift(bi(x), bits)),
    /** bigInt.rightShift(x: BigInt, bits: u8): BigInt */
    'bigInt.rightShift': (x: number, bits: number) => nb(big.rightShift(bi(x), bits)),

    /** bigInt.dividedByDecimal(x: BigInt, y: BigDecimal): BigDecimal */
    'bigInt.dividedByDecimal': (x: number, y: number) => nd(dec.dividedBy(dec.fromBigInt(bi(x)), bd(y))),

    // --- bigDecimal ------------------------------------------------------------------------
    /** bigDecimal.toString(bigDecimal: BigDecimal): string */
    'bigDecimal.toString': (x: number) => mem.newString(dec.toString(bd(x))),
    /** bigDecimal.fromString(s: string): BigDecimal */
    'bigDecimal.fromString': (s: number) => nd(dec.fromString(str(s))),
    /** bigDecimal.plus(x: BigDecimal, y: BigDecimal): BigDecimal */
    'bigDecimal.plus': binDec(dec.plus),
    /** bigDecimal.minus(x: BigDecimal, y: BigDecimal): BigDecimal */
    'bigDecimal.minus': binDec(dec.minus),
    /** bigDecimal.times(x: BigDecimal, y: BigDecimal): BigDecimal */
    'bigDecimal.times': binDec(dec.times),
    /** bigDecimal.dividedBy(x: BigDecimal, y: BigDecimal): BigDecimal */
    'bigDecimal.dividedBy': binDec(dec.dividedBy),
    /** bigDecimal.equals(x: BigDecimal, y: BigDecimal): bool */
    'bigDecimal.equals': (x: number, y: number) => (dec.equals(bd(x), bd(y)) ? 1 : 0),

    // --- crypto ----------------------------------------------------------------------------
    /** crypto.keccak256(input: ByteArray): ByteArray */
    'crypto.keccak256': (b: number) => mem.newBytes(keccak256(mem.readBytes(b))),

    // --- json ------------------------------------------------------------------------------
    /** json.fromBytes(data: Bytes): JSONValue */
    'json.fromBytes': (b: number) => mem.newJsonValue(json.parseJson(mem.readBytes(b))),
    /** json.try_fromBytes(data: Bytes): Result<JSONValue, boolean> */
    'json.try_fromBytes': (b: number) => {
      let ok: number | null = null
      try {
        ok = mem.newJsonValue(json.parseJson(mem.readBytes(b)))
      } catch (e) {
        if (!(e instanceof DeterministicError)) throw e
      }
      const wrapped = mem.newObject(4, mem.typeId(ok === null ? 'WrappedBool' : 'WrappedJsonValue'))
      mem.setU32(wrapped, ok === null ? 1 : ok)
      const r = mem.newObject(8, mem.typeId('ResultJsonValueBool'))
      mem.setU32(r, ok === null ? 0 : wrapped)
      mem.setU32(r + 4, ok === null ? wrapped : 0)
      return r
    },
    /** json.toI64(decimal: string): i64 */
    'json.toI64': (s: number) => json.toI64(str(s)),
    /** json.toU64(decimal: string): u64 */
    'json.toU64': (s: number) => BigInt.asIntN(64, json.toU64(str(s))),
    /** json.toF64(decimal: string): f64 */
    'json.toF64': (s: number) => json.toF64(str(s)),
    /** json.toBigInt(decimal: string): BigInt */
    'json.toBigInt': (s: number) => nb(json.toBigInt(str(s))),

    // --- ethereum --------------------------------------------------------------------------
    /** ethereum.call(call: SmartContractCall): Array<Value> | null */
    'ethereum.call': (c: number) => {
      const call = {
        contractName: str(mem.u32(c)),
        address: mem.readBytes(mem.u32(c + 4)),
        functionName: str(mem.u32(c + 8)),
        functionSignature: str(mem.u32(c + 12)),
        args: mem.readArray(mem.u32(c + 16), (p) => mem.readEthValue(p)),
      }
      const out = env.ctx().ethCall(call)
      return out === null ? 0 : mem.newEthValueArray(out)
    },
    /** ethereum.getBalance(address: Address): BigInt (apiVersion >= 0.0.9) */
    'ethereum.getBalance': (a: number) => (needs09('ethereum.getBalance'), nb(env.ctx().getBalance(mem.readBytes(a)))),
    /** ethereum.hasCode(address: Address): Wrapped<bool> (apiVersion >= 0.0.9) */
    'ethereum.hasCode': (a: number) => {
      needs09('ethereum.hasCode')
      const w = mem.newObject(4, mem.typeId('WrappedBool'))
      mem.setU32(w, env.ctx().hasCode(mem.readBytes(a)) ? 1 : 0)
      return w
    },
    /** ethereum.encode(token: ethereum.Value): Bytes | null */
    'ethereum.encode': (v: number) => {
      const out = ethEncode(mem.readEthValue(v))
      return out === null ? 0 : mem.newBytes(out)
    },
    /** ethereum.decode(types: String, data: Bytes): ethereum.Value | null */
    'ethereum.decode': (t: number, d: number) => {
      const out = ethDecode(str(t), mem.readBytes(d))
      return out === null ? 0 : mem.newEthValue(out)
    },

    // --- dataSource ------------------------------------------------------------------------
    /** dataSource.address(): Address */
    'dataSource.address': () => mem.newBytes(env.ctx().dataSource.address ?? new Uint8Array()),
    /** dataSource.network(): string */
    'dataSource.network': () => mem.newString(env.ctx().dataSource.network),
    /** dataSource.context(): DataSourceContext */
    'dataSource.context': () => mem.newEntity(env.ctx().dataSource.context),
    /** dataSource.create(name: string, params: Array<string>): void */
    'dataSource.create': (n: number, p: number) => env.ctx().createDataSource(str(n), mem.readStringArray(p), null),
    /** dataSource.createWithContext(name: string, params: Array<string>, context: DataSourceContext): void */
    'dataSource.createWithContext': (n: number, p: number, c: number) => env.ctx().createDataSource(str(n), mem.readStringArray(p), mem.readEntity(c)),

    // --- ipfs, ens -------------------------------------------------------------------------
    /** ipfs.cat(hash: string): Bytes | null */
    'ipfs.cat': (h: number) => {
      const out = env.ctx().ipfsCat(str(h))
      return out === null ? 0 : mem.newBytes(out)
    },
    /**
     * ipfs.map(link: string, callback: string, userData: Value, flags: string[]): void
     * Calls the exported `callback(value: JSONValue, userData: Value)` for each JSON value of the
     * newline-delimited file (graph-node host_exports.rs `ipfs_map`). graph-node runs each call in a
     * fresh instance; here they run in this one (the stub runtime never frees, so this is equivalent
     * for mappings that keep no globals).
     */
    'ipfs.map': (l: number, cb: number, ud: number, fl: number) => {
      const link = str(l)
      const callback = str(cb)
      if (!mem.readStringArray(fl).includes('json')) throw new DeterministicError(`Flags must contain 'json'`)
      const data = env.ctx().ipfsCat(link)
      const errmsg = `ipfs_map: callback '${callback}' failed when processing file '${link}'`
      if (data === null) throw new DeterministicError(`${errmsg}: file not found`)
      const f = env.callExport
      if (!f) throw new DeterministicError(`${errmsg}: no export caller`)
      const userData = mem.readValue(ud)
      for (const line of new TextDecoder().decode(data).split('\n')) {
        if (line.trim() === '') continue
        const value = json.parseJson(new TextEncoder().encode(line))
        f(callback, mem.newJsonValue(value), mem.newValue(userData))
      }
    },
    /**
     * ipfs.getBlock(hash: string): Bytes — the raw block (graph-node host_exports.rs `ipfs_get_block`).
     * Not nullable: a block that cannot be had is an error.
     */
    'ipfs.getBlock': (h: number) => {
      const hash = str(h)
      const out = env.ctx().ipfsGetBlock?.(hash) ?? null
      if (out === null) throw new DeterministicError(`ipfs.getBlock: block \`${hash}\` is not available`, { details: 'this host has no IPFS node configured for mappings' })
      return mem.newBytes(out)
    },
    /** ens.nameByHash(hash: string): string | null */
    'ens.nameByHash': (h: number) => {
      const out = env.ctx().ensNameByHash(str(h))
      return out === null ? 0 : mem.newString(out)
    },

    // --- log -------------------------------------------------------------------------------
    /** log.log(level: log.Level, msg: string): void */
    'log.log': (level: number, msg: number) => log(env.ctx(), level, str(msg)),
  }
}
