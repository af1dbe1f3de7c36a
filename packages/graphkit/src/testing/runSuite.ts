/**
 * Runs one compiled matchstick-as suite the way Matchstick 0.6.0 does (matchstick src/main.rs,
 * src/test_suite.rs, src/instance.rs):
 * - one instance and one store per suite; `_start` registers the top-level tests, describes and hooks;
 * - the whole tree is built before anything runs: each `describe` body runs in a fresh clone
 *   instance (its own empty store), and the registrations it adds form the group;
 * - `beforeEach`/`afterEach` of a group wrap every test below it, outer before inner / inner before outer;
 * - tests and hooks then run in the original instance, by function-table index;
 * - the mapping apiVersion is 0.0.6 whatever the manifest says (`mock_data_source(path, 0.0.6)`).
 */
import { compileMapping, instantiate, type HostInstance } from '../runtime/index.ts'
import type { HostContext } from '../runtime/hostContext.ts'
import { GraphkitError } from '../internal/errors.ts'
import { MatchstickCritical } from './matchstickCritical.ts'
import { matchstickImports } from './matchstickHost.ts'
import { style, type MatchstickLog } from './matchstickLog.ts'
import { SuiteState, type Registration, type SuiteEnv } from './suiteState.ts'

export type { SuiteEnv } from './suiteState.ts'

/** The apiVersion Matchstick 0.6.0 gives every test instance. */
export const MATCHSTICK_API_VERSION = '0.0.6'

export interface TestResult {
  name: string
  path: string[]
  passed: boolean
  shouldFail: boolean
  ms: number
  /** Lines logged while the test body ran (shown after the result line when it passed). */
  logs: string[]
  error?: string
  /** A Matchstick critical error: the test fails whatever `shouldFail` says and the suite stops. */
  critical?: boolean
}

interface Test { kind: 'test'; name: string; shouldFail: boolean; idx: number; before: number[]; after: number[] }
interface Group { kind: 'group'; name: string; beforeAll: number[]; afterAll: number[]; items: (Test | Group)[] }

const same = (a: Registration, b: Registration) => a.name === b.name && a.shouldFail === b.shouldFail && a.idx === b.idx && a.role === b.role
const message = (e: unknown) => (e instanceof GraphkitError ? e.message : String((e as Error)?.message ?? e))

/** Stops the suite: what a Matchstick `critical!` panic does to the whole run. */
class SuiteAborted extends Error {}

export async function runSuite(wasm: Uint8Array, env: SuiteEnv, log: MatchstickLog): Promise<TestResult[]> {
  const m = await compileMapping(wasm, { file: env.file, apiVersion: MATCHSTICK_API_VERSION })
  const results: TestResult[] = []

  const newInstance = (st: SuiteState): HostInstance => {
    // Matchstick replaces every host function that would reach the chain, the store or IPFS; the
    // runtime's context is only a fallback that none of them uses.
    const ctx: HostContext = {
      store: st.store,
      dataSource: { name: 'test', network: 'mainnet', address: new Uint8Array(20), context: new Map() },
      block: null,
      ethCall: () => null,
      getBalance: () => 0n,
      hasCode: () => false,
      createDataSource: () => {},
      log: () => {},
      ipfsCat: () => null,
      ensNameByHash: () => null,
    }
    return instantiate(m, ctx, {
      extraImports: (mem) =>
        matchstickImports(mem, st, {
          log,
          ipfsMap: (callback, values, userData) => {
            // `mock_ipfs_map`: a fresh instance whose global store, mocks and dataSourceMock values are this one's.
            const clone = new SuiteState(st.env)
            clone.store.data = st.store.data
            clone.mocks = st.mocks
            clone.dsReturn = st.dsReturn
            const c = newInstance(clone)
            const ud = c.memory.newValue(userData)
            for (const v of values) {
              try {
                c.call(callback, c.memory.newJsonValue(v), ud)
              } finally {
                st.dsReturn = clone.dsReturn
              }
            }
          },
        }),
    })
  }

  const critical = (msg: string) => {
    log.clear()
    log.line('critical', msg)
  }

  let main: HostInstance
  const top = new SuiteState(env)
  try {
    main = newInstance(top)
  } catch (e) {
    critical(`Could not create WasmInstance from valid module with context: ${message(e)}`)
    return [{ name: '(suite setup)', path: [], passed: false, shouldFail: false, ms: 0, logs: [], error: message(e), critical: true }]
  }

  // `register_describe`: run the describe body in a clone and keep the registrations it added.
  const describeBody = (idx: number): Registration[] => {
    const st = new SuiteState(env)
    const clone = newInstance(st)
    const before = [...st.registered]
    clone.callTable(idx)
    return st.registered.filter((r) => !before.some((b) => same(b, r)))
  }

  const build = (name: string, regs: Registration[]): Group => {
    const g: Group = { kind: 'group', name, beforeAll: [], afterAll: [], items: [] }
    const beforeEach: number[] = [], afterEach: number[] = []
    for (const r of regs) {
      if (r.role === 'beforeAll') g.beforeAll.push(r.idx)
      else if (r.role === 'afterAll') g.afterAll.push(r.idx)
      else if (r.role === 'beforeEach') beforeEach.push(r.idx)
      else if (r.role === 'afterEach') afterEach.push(r.idx)
      else if (r.role === 'test') g.items.push({ kind: 'test', name: r.name, shouldFail: r.shouldFail, idx: r.idx, before: [], after: [] })
      else if (r.role === 'describe') g.items.push(build(r.name, describeBody(r.idx)))
      else throw new MatchstickCritical(`Unrecognized function type \`${r.role}\``)
    }
    // `update_test_hooks`: this group's hooks wrap the hooks its nested groups already gave their tests.
    const wrap = (items: (Test | Group)[]) => {
      for (const it of items) {
        if (it.kind === 'test') {
          it.before.unshift(...beforeEach)
          it.after.push(...afterEach)
        } else wrap(it.items)
      }
    }
    wrap(g.items)
    return g
  }

  let tree: Group
  try {
    tree = build('', top.registered)
  } catch (e) {
    critical(e instanceof MatchstickCritical ? e.message : `Failed to execute function: ${message(e)}`)
    return [{ name: '(describe blocks)', path: [], passed: false, shouldFail: false, ms: 0, logs: [], error: message(e), critical: true }]
  }

  const hooks = (idx: number[], path: string[], what: string) => {
    for (const h of idx) {
      try {
        main.callTable(h)
      } catch (e) {
        critical(`Unexpected error upon calling hook: ${message(e)}`)
        results.push({ name: what, path, passed: false, shouldFail: false, ms: 0, logs: [], error: message(e), critical: true })
        throw new SuiteAborted()
      }
    }
  }

  const runTest = (t: Test, path: string[]) => {
    hooks(t.before, path, `beforeEach of "${t.name}"`)
    log.accumulate()
    log.add()
    const t0 = performance.now()
    let error: string | undefined, isCritical = false
    try {
      main.callTable(t.idx)
    } catch (e) {
      error = message(e)
      isCritical = e instanceof MatchstickCritical
    }
    const ms = performance.now() - t0
    let passed: boolean
    if (isCritical) passed = false
    else if (error === undefined) {
      passed = !t.shouldFail
      if (!passed) log.line('error', (error = 'Expected test to fail but it passed successfully!'))
    } else {
      passed = t.shouldFail
      if (!passed) {
        log.add()
        log.line('debug', error)
        log.sub()
      }
    }
    log.sub()
    const logs = log.flush()
    const line = `${t.name} - ${style('94', `${ms.toFixed(3)}ms`)}`
    log.line(passed ? 'success' : 'error', line)
    if (passed) for (const l of logs) log.raw(l)
    results.push({ name: t.name, path, passed, shouldFail: t.shouldFail, ms, logs, error: passed ? undefined : error, critical: isCritical || undefined })
    if (isCritical) {
      critical(error!)
      throw new SuiteAborted()
    }
    hooks(t.after, path, `afterEach of "${t.name}"`)
  }

  const runGroup = (g: Group, path: string[]) => {
    hooks(g.beforeAll, path, 'beforeAll')
    for (const it of g.items) {
      if (it.kind === 'test') runTest(it, path)
      else {
        if (it.name) log.styled('1;3;36', `${it.name}:`)
        log.add()
        runGroup(it, [...path, it.name])
        log.sub()
      }
    }
    hooks(g.afterAll, path, 'afterAll')
  }

  try {
    runGroup(tree, [])
  } catch (e) {
    if (!(e instanceof SuiteAborted)) throw e
  }
  return results
}
