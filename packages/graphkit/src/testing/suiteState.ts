/**
 * What one Matchstick instance context holds (matchstick src/context/mod.rs
 * `MatchstickInstanceContext`): the stores, mocked calls, mocked IPFS files, data sources created
 * from templates, `dataSourceMock` values and the registered tests. A fresh one is made for each
 * instance, including the clones Matchstick makes for `describe` bodies and `ipfs.map` callbacks.
 */
import type { EthValue } from '../runtime/hostContext.ts'
import type { Entity } from '../subgraph/values.ts'
import { MemoryStore, type SchemaInfo } from './memoryStore.ts'

/** `meta_tests` entry: role is `test`, `describe` or a hook name. */
export interface Registration {
  name: string
  shouldFail: boolean
  idx: number
  role: string
}

export interface TemplateInfo {
  kind: string
  name: string
  address: string
  context: Entity | null
}

export interface SuiteEnv {
  schema: SchemaInfo | null
  /** Manifest templates Matchstick supports (kind `ethereum`, `ethereum/contract`, `file/ipfs`): name → kind. */
  templates: Map<string, string>
  /** Matchstick runs in the project root: relative paths (`readFile`, `mockIpfsFile`) resolve against it. */
  root: string
  file: string
}

export class SuiteState {
  store: MemoryStore
  /** `fn_ret_map`: mock key → return values, `null` for a mock that reverts. */
  mocks = new Map<string, EthValue[] | null>()
  ipfs = new Map<string, string>()
  /** Template name → data sources created from it, keyed by `params[0]` (a later create replaces an earlier one). */
  templates = new Map<string, Map<string, TemplateInfo>>()
  /** `dataSourceMock.setReturnValues`; `null` until first set. */
  dsReturn: { address: string; network: string; context: Entity } | null = null
  registered: Registration[] = []

  constructor(readonly env: SuiteEnv) {
    this.store = new MemoryStore(env.schema)
    for (const name of env.templates.keys()) this.templates.set(name, new Map())
  }
}

const ZERO = '0x0000000000000000000000000000000000000000'

/**
 * `dataSource.address()` under a mocked value (`mock_data_source_address`): a string that parses
 * as a 20-byte hex address (optional `0x`, H160 `from_str`) and is not zero gives those bytes, the
 * literal zero address gives zero bytes, anything else (an IPFS CID) its UTF-8 bytes.
 */
export function mockedAddress(value: string): Uint8Array {
  const h = value.startsWith('0x') ? value.slice(2) : value
  if (/^[0-9a-fA-F]{40}$/.test(h)) {
    const b = Buffer.from(h, 'hex')
    if (b.some((x) => x !== 0) || value === ZERO) return new Uint8Array(b)
  }
  return new TextEncoder().encode(value)
}
