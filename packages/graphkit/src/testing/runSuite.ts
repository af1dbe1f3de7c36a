/**
 * Runs one compiled matchstick-as suite: `_start` registers tests, describes and hooks through
 * the `_register*` host functions; they are then called through the exported function table
 * (matchstick src/instance.rs). One instance and one store per suite, as in Matchstick 0.6.0:
 * the store survives between tests until `clearStore()`.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { compileMapping, instantiate, type HostInstance } from '../runtime/index.ts'
import type { EthCall, EthValue, HostContext, LogLevel } from '../runtime/hostContext.ts'
import { DeterministicError, GraphkitError, InputError } from '../internal/errors.ts'
import type { Entity } from '../subgraph/values.ts'
import { formatValue } from './format.ts'
import { MemoryStore, type SchemaInfo } from './memoryStore.ts'

export interface TestResult {
  name: string
  path: string[]
  passed: boolean
  shouldFail: boolean
  ms: number
  logs: string[]
  error?: string
}

interface Item { kind: 'test' | 'describe'; name: string; idx: number; shouldFail?: boolean }
interface Scope { items: Item[]; hooks: Record<string, number[]> }

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

function ethKey(v: EthValue): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? hex(x) : x))
}

/** ethereum.Value as Matchstick prints it in assertion messages. */
function ethString(v: EthValue): string {
  switch (v.kind) {
    case 'address': case 'fixedBytes': case 'bytes': return hex(v.value)
    case 'int': case 'uint': return v.value.toString()
    case 'bool': return String(v.value)
    case 'string': return v.value
    default: return `[${v.value.map(ethString).join(', ')}]`
  }
}

export interface SuiteEnv {
  schema: SchemaInfo | null
  templates: Set<string>
  root: string
}

export async function runSuite(wasm: Uint8Array, file: string, env: SuiteEnv): Promise<{ results: TestResult[]; fatal?: string }> {
  const store = new MemoryStore(env.schema, file)
  const mocks = new Map<string, EthValue[] | null>()
  const ipfs = new Map<string, string>()
  const dataSources = new Map<string, { params: string[] }[]>()
  let logs: string[] = []
  let failMsg: string | null = null
  const ctx: HostContext = {
    store,
    dataSource: { name: 'test', network: 'mainnet', address: new Uint8Array(20), context: new Map() },
    block: null,
    ethCall(c: EthCall) {
      const key = `${hex(c.address)}|${c.functionName}|${c.functionSignature}|${c.args.map(ethKey).join(',')}`
      if (!mocks.has(key)) {
        throw new DeterministicError(`Could not find a mocked function for the following call: ${c.functionName} (${c.functionSignature}) with args [${c.args.map(ethString).join(', ')}] at ${hex(c.address)}`)
      }
      return mocks.get(key)!
    },
    getBalance: () => 0n,
    hasCode: () => false,
    createDataSource(template, params) {
      if (env.templates.size && !env.templates.has(template)) throw new InputError(`unknown template \`${template}\``, { where: file, details: `templates: ${[...env.templates].join(', ')}` })
      const l = dataSources.get(template) ?? []
      l.push({ params })
      dataSources.set(template, l)
    },
    log(level: LogLevel, message: string) {
      logs.push(`${level.toUpperCase()} ${message}`)
    },
    ipfsCat(hash) {
      const p = ipfs.get(hash)
      return p ? readFileSync(p) : null
    },
    ensNameByHash: () => null,
  }

  let scope: Scope = { items: [], hooks: {} }
  const fail = (msg: string) => {
    failMsg = msg
    logs.push(`ERROR ${msg}`)
    return 0
  }
  const ok = (cond: boolean, msg: string, custom?: string) => (cond ? 1 : fail(custom ?? msg))

  const m = await compileMapping(wasm, { file })
  let inst: HostInstance
  inst = instantiate(m, ctx, {
    extraImports: (mem) => {
      const s = (p: number) => mem.readString(p)
      const fieldEquals = (t: number, i: number, f: number, e: number, msg?: string) => {
        const type = s(t), id = s(i), field = s(f), exp = s(e)
        const ent = store.get(type, id)
        if (!ent) return fail(msg ?? `Assertion Error: ${type} with id ${id} not found`)
        const v = ent.get(field)
        const actual = v ? formatValue(v) : 'null'
        return ok(actual === exp, `Assertion Error: field '${field}' on entity '${type}' with id '${id}' (expected '${exp}', got '${actual}')`.replace('Assertion Error: field', `Expected field '${field}'`).replace(`Expected field '${field}' '${field}'`, `Expected field '${field}'`), msg)
      }
      const equals = (a: number, b: number, msg?: string) => {
        const x = mem.readEthValue(a), y = mem.readEthValue(b)
        return ok(ethKey(x) === ethKey(y), `Expected value was '${ethString(x)}' but actual value was '${ethString(y)}'`, msg)
      }
      const notInStore = (t: number, i: number, msg?: string) => ok(!store.get(s(t), s(i)), `Value for entity type: '${s(t)}' and id: '${s(i)}' was found in store`, msg)
      const dsCount = (t: number, n: number, msg?: string) => {
        const c = dataSources.get(s(t))?.length ?? 0
        return ok(c === n, `Expected dataSource count for template \`${s(t)}\` to be '${n}' but was '${c}'`, msg)
      }
      const dsExists = (t: number, a: number, msg?: string) => {
        const addr = s(a).toLowerCase()
        return ok(!!dataSources.get(s(t))?.some((d) => d.params[0]?.toLowerCase() === addr), `No dataSource with address '${s(a)}' found for template '${s(t)}'`, msg)
      }
      return {
        _registerTest: (n: number, shouldFail: number, idx: number) => void scope.items.push({ kind: 'test', name: s(n), shouldFail: !!shouldFail, idx }),
        _registerDescribe: (n: number, idx: number) => void scope.items.push({ kind: 'describe', name: s(n), idx }),
        _registerHook: (idx: number, t: number) => void (scope.hooks[s(t)] ??= []).push(idx),
        '_assert.fieldEquals': fieldEquals,
        '_assert.fieldEqualsWithMessage': (t: number, i: number, f: number, e: number, msg: number) => fieldEquals(t, i, f, e, s(msg)),
        '_assert.equals': equals,
        '_assert.equalsWithMessage': (a: number, b: number, msg: number) => equals(a, b, s(msg)),
        '_assert.notInStore': notInStore,
        '_assert.notInStoreWithMessage': (t: number, i: number, msg: number) => notInStore(t, i, s(msg)),
        '_assert.dataSourceCount': dsCount,
        '_assert.dataSourceCountWithMessage': (t: number, n: number, msg: number) => dsCount(t, n, s(msg)),
        '_assert.dataSourceExists': dsExists,
        '_assert.dataSourceExistsWithMessage': (t: number, a: number, msg: number) => dsExists(t, a, s(msg)),
        clearStore: () => store.clear(),
        clearInBlockStore: () => store.inBlock.clear(),
        countEntities: (t: number) => store.count(s(t)),
        mockInBlockStore: (t: number, i: number, e: number) => store.mockInBlock(s(t), s(i), mem.readEntity(e) as Entity),
        logStore: () => {
          const o: Record<string, Record<string, Record<string, string>>> = {}
          for (const [t, es] of store.data) for (const [id, e] of es) ((o[t] ??= {})[id] = Object.fromEntries([...e].map(([k, v]) => [k, formatValue(v)])))
          console.log(JSON.stringify(o, null, 2))
        },
        logEntity: (t: number, i: number) => {
          const e = store.get(s(t), s(i))
          console.log(JSON.stringify(e ? Object.fromEntries([...e].map(([k, v]) => [k, formatValue(v)])) : null, null, 2))
        },
        logDataSources: (t: number) => console.log(JSON.stringify(dataSources.get(s(t)) ?? [], null, 2)),
        mockFunction: (addr: number, name: number, sig: number, args: number, ret: number, reverts: number) => {
          const a = mem.readArray(args, (p) => mem.readEthValue(p))
          const key = `${hex(mem.readBytes(addr))}|${s(name)}|${s(sig)}|${a.map(ethKey).join(',')}`
          mocks.set(key, reverts ? null : mem.readArray(ret, (p) => mem.readEthValue(p)))
        },
        mockIpfsFile: (h: number, p: number) => void ipfs.set(s(h), resolve(env.root, s(p))),
        readFile: (p: number) => mem.newBytes(readFileSync(resolve(env.root, s(p)))),
        'dataSourceMock.setReturnValues': (a: number, n: number, c: number) => {
          ctx.dataSource = { name: 'test', address: Buffer.from(s(a).replace(/^0x/, ''), 'hex'), network: s(n), context: mem.readEntity(c) as Entity }
        },
      } as any
    },
  })

  const results: TestResult[] = []
  const call = (idx: number): string | null => {
    failMsg = null
    try {
      inst.callTable(idx)
      return null
    } catch (e) {
      return failMsg ?? (e instanceof GraphkitError ? e.message : String((e as Error)?.message ?? e))
    }
  }
  const runScope = (sc: Scope, path: string[], before: number[], after: number[]) => {
    for (const h of sc.hooks.beforeAll ?? []) {
      const err = call(h)
      if (err) results.push({ name: 'beforeAll', path, passed: false, shouldFail: false, ms: 0, logs: [...logs], error: err })
    }
    const be = [...before, ...(sc.hooks.beforeEach ?? [])]
    const ae = [...(sc.hooks.afterEach ?? []), ...after]
    for (const it of sc.items) {
      if (it.kind === 'describe') {
        const saved = scope
        scope = { items: [], hooks: {} }
        const err = call(it.idx)
        const inner = scope
        scope = saved
        if (err) results.push({ name: it.name, path, passed: false, shouldFail: false, ms: 0, logs: [...logs], error: err })
        runScope(inner, [...path, it.name], be, ae)
        continue
      }
      logs = []
      const t0 = performance.now()
      // A failing hook fails the test whatever `shouldFail` says; only the test body may be expected to fail.
      let hookErr: string | null = null
      for (const h of be) hookErr ??= call(h)
      const testErr = hookErr ? null : call(it.idx)
      for (const h of ae) hookErr ??= call(h)
      const passed = hookErr === null && (it.shouldFail ? testErr !== null : testErr === null)
      const err = hookErr ?? testErr ?? (it.shouldFail ? 'test was expected to fail but passed' : undefined)
      results.push({ name: it.name, path, passed, shouldFail: !!it.shouldFail, ms: performance.now() - t0, logs, error: passed ? undefined : err })
    }
    for (const h of sc.hooks.afterAll ?? []) {
      const err = call(h)
      if (err) results.push({ name: 'afterAll', path, passed: false, shouldFail: false, ms: 0, logs: [...logs], error: err })
    }
  }
  const top = scope
  runScope(top, [], [], [])
  return { results }
}
