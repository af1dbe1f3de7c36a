/**
 * The host functions Matchstick 0.6.0 links in place of graph-node's (matchstick src/instance.rs,
 * semantics from src/context/mod.rs and template.rs): test registration, `_assert.*`, the mock
 * store, mocked contract calls, `dataSourceMock`, mocked IPFS files, logging. Everything else
 * (bigInt, typeConversion, json, crypto, ethereum.encode/decode, abort) is graph-node's and comes
 * from the runtime's table. Wrappers quote the AssemblyScript declaration (matchstick-as assembly/*.ts).
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { DeterministicError } from '../internal/errors.ts'
import type { AscMemory, JsonValue } from '../runtime/abi/memory.ts'
import { parseJson } from '../runtime/host/json.ts'
import type { HostFn } from '../runtime/imports.ts'
import type { EthValue } from '../runtime/hostContext.ts'
import type { Entity, Value } from '../subgraph/values.ts'
import { paramType, paramTypeName, signatureArgTypes, tokenDisplay, tokenValue, typeCheck } from './ethToken.ts'
import { formatValue } from './format.ts'
import { MatchstickCritical } from './matchstickCritical.ts'
import { LEVELS, type MatchstickLog } from './matchstickLog.ts'
import { entityJson, pretty } from './storeJson.ts'
import { mockedAddress, type SuiteState } from './suiteState.ts'

export interface HostHooks {
  log: MatchstickLog
  /** `ipfs.map`: calls the exported `callback` of a fresh instance that shares this one's global store, mocks and dataSourceMock values. */
  ipfsMap(callback: string, values: JsonValue[], userData: Value): void
}

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')
/**
 * H160's `Display`: `0x`, the first and last two bytes (`0x8920…43e7` in matchstick src/unit_tests.rs).
 * Matchstick keys mocks with it, so only those bytes of the contract address tell mocks apart.
 */
const shortAddress = (b: Uint8Array) => `0x${Buffer.from(b.subarray(0, 2)).toString('hex')}…${Buffer.from(b.subarray(b.length - 2)).toString('hex')}`

/** `fn_id`: address + name + signature + each argument's Token `Display`, concatenated. */
export const mockKey = (address: Uint8Array, name: string, signature: string, args: EthValue[]) =>
  shortAddress(address) + name + signature + args.map(tokenDisplay).join('')

/** Store Value equality (graph-node `Value: PartialEq`), for `assert.equals` on converted tokens. */
export function valueEquals(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'Array') return a.value.length === (b as typeof a).value.length && a.value.every((x, i) => valueEquals(x, (b as typeof a).value[i]))
  return formatValue(a) === formatValue(b)
}

/** ethabi Token `Debug`, as the "Could not find a mocked function" message prints the params. */
function tokenDebug(v: EthValue): string {
  const name = { address: 'Address', fixedBytes: 'FixedBytes', bytes: 'Bytes', int: 'Int', uint: 'Uint', bool: 'Bool', string: 'String', fixedArray: 'FixedArray', array: 'Array', tuple: 'Tuple' }[v.kind]
  switch (v.kind) {
    case 'address': return `${name}(${hex(v.value)})`
    case 'fixedBytes': case 'bytes': return `${name}([${[...v.value].join(', ')}])`
    case 'int': case 'uint': case 'bool': return `${name}(${v.value})`
    case 'string': return `${name}(${JSON.stringify(v.value)})`
    default: return `${name}([${v.value.map(tokenDebug).join(', ')}])`
  }
}

export function matchstickImports(mem: AscMemory, st: SuiteState, hooks: HostHooks): Record<string, HostFn> {
  const s = (p: number) => mem.readString(p)
  const { log } = hooks
  const store = st.store
  const fail = (msg: string) => (log.line('error', msg), 0)
  const readText = (path: string) => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(resolve(st.env.root, path)))
    } catch (e) {
      throw new MatchstickCritical(`Failed to read file \`${path}\` with error: ${(e as Error).message}`)
    }
  }
  const mockedFile = (hash: string) => {
    const path = st.ipfs.get(hash)
    if (path === undefined) throw new MatchstickCritical(`IPFS file \`${hash}\` not found`)
    return readText(path)
  }

  const fieldEquals = (t: number, i: number, f: number, e: number, message?: string) => {
    const type = s(t), id = s(i), field = s(f), expected = s(e)
    const entities = store.data.get(type)
    if (!entities) return fail(`(assert.fieldEquals) No entities with type '${type}' found.`)
    const entity = entities.get(id)
    if (!entity) return fail(`(assert.fieldEquals) No entity with type '${type}' and id '${id}' found.`)
    const v = entity.get(field)
    if (!v) return fail(`(assert.fieldEquals) No field named '${field}' on entity with type '${type}' and id '${id}' found.`)
    const actual = formatValue(v)
    if (actual === expected) return 1
    return fail(`(assert.fieldEquals) ${message ?? `Expected field '${field}' to equal '${expected}', but was '${actual}' instead.`}`)
  }
  const equals = (a: number, b: number, message?: string) => {
    const x = tokenValue(mem.readEthValue(a)), y = tokenValue(mem.readEthValue(b))
    if (valueEquals(x, y)) return 1
    return fail(`(assert.equals) ${message ?? `Expected value was '${formatValue(x)}' but actual value was '${formatValue(y)}'`}`)
  }
  const notInStore = (t: number, i: number, message?: string) => {
    if (!store.data.get(s(t))?.has(s(i))) return 1
    return fail(`(assert.notInStore) ${message ?? `Value for entity type: '${s(t)}' and id: '${s(i)}' was found in store.`}`)
  }
  const dsCount = (t: number, n: number, message?: string) => {
    const created = st.templates.get(s(t))
    // "Coutn" is Matchstick's spelling.
    if (!created) return fail(`(assert.dataSourceCoutn) No template with name '${s(t)}' found.`)
    if (created.size === n >>> 0) return 1
    return fail(`(assert.dataSourceCount) ${message ?? `Expected dataSource count for template \`${s(t)}\` to be '${n >>> 0}' but was '${created.size}'`}`)
  }
  const dsExists = (t: number, a: number, message?: string) => {
    const created = st.templates.get(s(t))
    if (!created) return fail(`(assert.dataSourceExists) No template with name '${s(t)}' found.`)
    // The key is `params[0]` exactly as created: graph-ts passes lower-case hex for contract templates.
    if (created.has(s(a))) return 1
    return fail(`(assert.dataSourceExists) ${message ?? `No dataSource with address '${s(a)}' found for template '${s(t)}'`}`)
  }
  const createDataSource = (name: string, params: string[], context: Entity | null) => {
    const created = st.templates.get(name)
    if (!created) {
      throw new DeterministicError(`Failed to create data source from name \`${name}\`: No template with this name available. Available names: ${[...st.templates.keys()].join(', ')}.`)
    }
    if (params.length === 0) throw new MatchstickCritical(`dataSource.create(\`${name}\`) needs at least one parameter (Matchstick indexes data sources by params[0])`)
    created.set(params[0], { kind: st.env.templates.get(name)!, name, address: params[0], context })
  }
  const notLinked = (name: string) => () => {
    throw new DeterministicError(`${name} is not available in unit tests: Matchstick 0.6.0 does not link it (a suite calling it fails to instantiate there)`, { details: 'move the call behind a function the suite does not exercise, or test that code against a local graph node (graphkit index)' })
  }

  return {
    // --- registration (matchstick-as assembly/index.ts) ------------------------------------
    /** _registerTest(name: string, shouldFail: bool, funcIdx: u32): void */
    _registerTest: (n: number, shouldFail: number, idx: number) => void st.registered.push({ name: s(n), shouldFail: (shouldFail & 0xff) !== 0, idx: idx >>> 0, role: 'test' }),
    /** _registerDescribe(name: string, funcIdx: u32): void */
    _registerDescribe: (n: number, idx: number) => void st.registered.push({ name: s(n), shouldFail: false, idx: idx >>> 0, role: 'describe' }),
    /** _registerHook(funcIdx: u32, type: string): void */
    _registerHook: (idx: number, role: number) => void st.registered.push({ name: '', shouldFail: false, idx: idx >>> 0, role: s(role) }),

    // --- _assert (assembly/assert.ts): false makes the AS wrapper throw ----------------------
    /** _assert.fieldEquals(entityType: string, id: string, fieldName: string, expectedVal: string): bool */
    '_assert.fieldEquals': fieldEquals,
    /** _assert.fieldEqualsWithMessage(entityType, id, fieldName, expectedVal, message: string): bool — the message replaces only the value-mismatch text */
    '_assert.fieldEqualsWithMessage': (t: number, i: number, f: number, e: number, m: number) => fieldEquals(t, i, f, e, s(m)),
    /** _assert.equals(expected: ethereum.Value, actual: ethereum.Value): bool */
    '_assert.equals': equals,
    /** _assert.equalsWithMessage(expected, actual, message: string): bool */
    '_assert.equalsWithMessage': (a: number, b: number, m: number) => equals(a, b, s(m)),
    /** _assert.notInStore(entityType: string, id: string): bool */
    '_assert.notInStore': notInStore,
    /** _assert.notInStoreWithMessage(entityType, id, message: string): bool */
    '_assert.notInStoreWithMessage': (t: number, i: number, m: number) => notInStore(t, i, s(m)),
    /** _assert.dataSourceCount(template: string, expectedCount: i32): bool */
    '_assert.dataSourceCount': dsCount,
    /** _assert.dataSourceCountWithMessage(template, expectedCount, message: string): bool */
    '_assert.dataSourceCountWithMessage': (t: number, n: number, m: number) => dsCount(t, n, s(m)),
    /** _assert.dataSourceExists(template: string, address: string): bool */
    '_assert.dataSourceExists': dsExists,
    /** _assert.dataSourceExistsWithMessage(template, address, message: string): bool */
    '_assert.dataSourceExistsWithMessage': (t: number, a: number, m: number) => dsExists(t, a, s(m)),

    // --- store (assembly/store.ts) and graph-ts store.* ------------------------------------
    /** clearStore(): void — the global store only */
    clearStore: () => store.clear(),
    /** clearInBlockStore(): void */
    clearInBlockStore: () => store.inBlock.clear(),
    /** countEntities(entityType: string): i32 */
    countEntities: (t: number) => store.count(s(t)),
    /** mockInBlockStore(entity: string, id: string, data: Entity): void */
    mockInBlockStore: (t: number, i: number, e: number) => store.mockInBlock(s(t), s(i), mem.readEntity(e)),
    /** logStore(): void */
    logStore: () => {
      const o: Record<string, Record<string, unknown>> = {}
      for (const [t, es] of store.data) o[t] = Object.fromEntries([...es].map(([id, e]) => [id, entityJson(e)]))
      log.line('debug', pretty(o))
    },
    /** logEntity(entity: string, id: string, showRelated: bool): void */
    logEntity: (t: number, i: number, related: number) => {
      const type = s(t), id = s(i)
      if (st.env.schema && !st.env.schema.required?.has(type)) throw new MatchstickCritical(`(logEntity) Entity "${type}" does not match any of the schema definitions`)
      const e = store.get(type, id)
      const o: Record<string, unknown> = e ? entityJson(e) : {}
      if (e && (related & 0xff)) for (const f of st.env.schema?.types.get(type)?.keys() ?? []) o[f] = store.loadRelated(type, id, f).map(entityJson)
      log.line('debug', pretty(o))
    },
    /** logDataSources(template: string): void */
    logDataSources: (t: number) => {
      const created = st.templates.get(s(t))
      if (!created) throw new MatchstickCritical(`(logDataSources) No template with name '${s(t)}' found.`)
      const o = Object.fromEntries([...created].map(([k, d]) => [k, { kind: d.kind, name: d.name, address: d.address, context: d.context && entityJson(d.context) }]))
      log.line('debug', pretty(o))
    },
    /** store.get(entity: string, id: string): Entity | null */
    'store.get': (t: number, i: number) => {
      const e = store.get(s(t), s(i))
      return e ? mem.newEntity(e) : 0
    },
    /** store.get_in_block(entity: string, id: string): Entity | null — only what mockInBlockStore wrote */
    'store.get_in_block': (t: number, i: number) => {
      const e = store.getInBlock(s(t), s(i))
      return e ? mem.newEntity(e) : 0
    },
    /** store.loadRelated(entity: string, id: string, field: string): Array<Entity> */
    'store.loadRelated': (t: number, i: number, f: number) => mem.newArray(store.loadRelated(s(t), s(i), s(f)).map((e) => mem.newEntity(e)), 'ArrayTypedMapStringStoreValue'),
    /** store.set(entity: string, id: string, data: Entity): void */
    'store.set': (t: number, i: number, e: number) => store.set(s(t), s(i), mem.readEntity(e)),
    /** store.remove(entity: string, id: string): void */
    'store.remove': (t: number, i: number) => store.remove(s(t), s(i)),

    // --- contract calls (assembly/index.ts) ------------------------------------------------
    /** mockFunction(contractAddress: Address, fnName: string, fnSignature: string, fnArgs: ethereum.Value[], returnValue: ethereum.Value[], reverts: bool): void */
    mockFunction: (a: number, n: number, sg: number, args: number, ret: number, reverts: number) => {
      const address = mem.readBytes(a), name = s(n), signature = s(sg)
      const fnArgs = mem.readArray(args, (p) => mem.readEthValue(p))
      const returns = mem.readArray(ret, (p) => mem.readEthValue(p))
      const types = signatureArgTypes(name, signature)
      if (name !== signature.split('(')[0]) throw new DeterministicError(`createMockedFunction: function name \`${name}\` should match the name in the function signature \`${signature}\``)
      if (types.length !== fnArgs.length) throw new DeterministicError(`${name} expected ${types.length} arguments, but received ${fnArgs.length}`)
      types.forEach((raw, i) => {
        const t = paramType(raw)
        if (!t) throw new MatchstickCritical(`Unrecognized argument type \`${raw.trim()}\``)
        if (!typeCheck(fnArgs[i], t)) throw new DeterministicError(`createMockedFunction \`${name}\` parameters mismatch at position ${i + 1}:\nExpected: ${paramTypeName(t)}\nRecieved: ${tokenDebug(fnArgs[i])}\n`)
      })
      st.mocks.set(mockKey(address, name, signature, fnArgs), reverts & 0xff ? null : returns)
    },
    /** ethereum.call(call: SmartContractCall): Array<ethereum.Value> | null */
    'ethereum.call': (c: number) => {
      const address = mem.readBytes(mem.u32(c + 4)), name = s(mem.u32(c + 8)), signature = s(mem.u32(c + 12))
      const args = mem.readArray(mem.u32(c + 16), (p) => mem.readEthValue(p))
      const key = mockKey(address, name, signature, args)
      if (!st.mocks.has(key)) {
        throw new DeterministicError(`Could not find a mocked function with the following parameters, address: ${shortAddress(address)}, name: ${name}, signature ${signature}, params: [${args.map(tokenDebug).join(', ')}].`, { details: `mock it with createMockedFunction(Address.fromString("${hex(address)}"), "${name}", "${signature}")` })
      }
      const out = st.mocks.get(key)!
      return out === null ? 0 : mem.newArray(out.map((v) => mem.newEthValue(v)), 'ArrayEthereumValue')
    },
    'ethereum.getBalance': notLinked('ethereum.getBalance'),
    'ethereum.hasCode': notLinked('ethereum.hasCode'),

    // --- data sources (assembly/data_source_mock.ts, graph-ts dataSource.*) ------------------
    /** dataSourceMock.setReturnValues(address: String, network: String, context: DataSourceContext): void */
    'dataSourceMock.setReturnValues': (a: number, n: number, c: number) => {
      st.dsReturn = { address: s(a), network: s(n), context: mem.readEntity(c) }
    },
    /** dataSource.address(): Address */
    'dataSource.address': () => {
      if (!st.dsReturn) {
        log.line('error', 'No mocked Eth address or Ipfs CID found, so fallback to Eth Zero address')
        return mem.newBytes(new Uint8Array(20))
      }
      return mem.newBytes(mockedAddress(st.dsReturn.address))
    },
    /** dataSource.network(): string */
    'dataSource.network': () => mem.newString(st.dsReturn?.network ?? 'mainnet'),
    /** dataSource.context(): DataSourceContext */
    'dataSource.context': () => mem.newEntity(st.dsReturn?.context ?? new Map()),
    /** dataSource.create(name: string, params: Array<string>): void */
    'dataSource.create': (n: number, p: number) => createDataSource(s(n), mem.readStringArray(p), null),
    /** dataSource.createWithContext(name: string, params: Array<string>, context: DataSourceContext): void */
    'dataSource.createWithContext': (n: number, p: number, c: number) => createDataSource(s(n), mem.readStringArray(p), mem.readEntity(c)),

    // --- files (assembly/index.ts, graph-ts ipfs.*) ------------------------------------------
    /** mockIpfsFile(hash: string, file_path: string): void */
    mockIpfsFile: (h: number, p: number) => void st.ipfs.set(s(h), s(p)),
    /** readFile(path: string): Bytes */
    readFile: (p: number) => mem.newBytes(new TextEncoder().encode(readText(s(p)))),
    /** ipfs.cat(hash: string): Bytes | null */
    'ipfs.cat': (h: number) => mem.newBytes(new TextEncoder().encode(mockedFile(s(h)))),
    /**
     * ipfs.getBlock(hash: string): Bytes — not linked by Matchstick 0.6.0; graphkit serves the
     * mocked file's bytes, as an IPFS node returns a raw block's content.
     */
    'ipfs.getBlock': (h: number) => mem.newBytes(new TextEncoder().encode(mockedFile(s(h)))),
    /** ipfs.map(link: string, callback: string, userData: Value, flags: string[]): void — the file is one JSON array */
    'ipfs.map': (l: number, cb: number, ud: number) => {
      const text = mockedFile(s(l))
      let values: JsonValue
      try {
        values = parseJson(new TextEncoder().encode(text))
      } catch (e) {
        throw new MatchstickCritical(`ipfs.map: mocked file for \`${s(l)}\` is not JSON: ${(e as Error).message}`)
      }
      if (!Array.isArray(values)) throw new MatchstickCritical(`ipfs.map: mocked file for \`${s(l)}\` must hold a JSON array (Matchstick parses it as one)`)
      hooks.ipfsMap(s(cb), values, mem.readValue(ud))
    },

    // --- log (graph-ts log.log and matchstick-as assembly/log.ts share the import) ------------
    /** log.log(level: u32, msg: string): void — 0 is critical; matchstick-as adds 5 (success) */
    'log.log': (level: number, m: number) => {
      const l = LEVELS[level >>> 0]
      if (!l) throw new MatchstickCritical(`log level ${level >>> 0} is not supported (Matchstick: "Level is not supported!")`)
      if (l === 'critical') throw new MatchstickCritical(s(m))
      log.line(l, s(m))
    },
  }
}
