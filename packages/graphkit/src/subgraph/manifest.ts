/**
 * Loads a subgraph: the output of `graph build` (build/subgraph.yaml, with paths relative
 * to it for the schema, ABIs and compiled WASM) or a source subgraph.yaml whose WASM has
 * been built next to it. Everything the manifest asks for that graphkit does not support
 * is refused here, at load time, with the file and the YAML path of the offending key
 * (manifest format: graph-node docs/subgraph-manifest.md; graph-cli's manifest schema
 * packages/cli/src/protocols/ethereum/manifest.graphql).
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { InputError } from '../internal/errors.ts'
import { parseSchema, type SubgraphSchema } from './schema.ts'
import { DeclaredCallError, eventOf, parseDeclaredCall, specAtLeast, type DeclaredCall } from './declaredCalls.ts'

/** Mapping API versions graph-node accepts (graph-node graph/src/data/subgraph/mod.rs). */
export const API_VERSIONS = ['0.0.4', '0.0.5', '0.0.6', '0.0.7', '0.0.8', '0.0.9'] as const

export interface EventHandler {
  /** Solidity signature as written, e.g. `Transfer(indexed address,indexed address,uint256)`. */
  event: string
  handler: string
  /** Topic filters on indexed arguments (lists of 32-byte hex values); absent = any. */
  topic1?: string[]
  topic2?: string[]
  topic3?: string[]
  receipt: boolean
  /** Declared `calls:` label → expression, e.g. `ERC20[event.address].balanceOf(event.params.to)`. */
  calls: Record<string, string>
  /** The same calls resolved against the ABIs (declaredCalls.ts), in declaration order. */
  declaredCalls: DeclaredCall[]
}

export type BlockHandlerFilter = { kind: 'call' } | { kind: 'polling'; every: number } | { kind: 'once' }

export interface BlockHandler {
  handler: string
  filter?: BlockHandlerFilter
}

export interface Mapping {
  kind: string
  apiVersion: string
  language: string
  entities: string[]
  abis: { name: string; file: string }[]
  eventHandlers: EventHandler[]
  blockHandlers: BlockHandler[]
  /** Absolute path of the compiled WASM. */
  file: string
  wasm: Uint8Array
}

export interface DataSourceSource {
  address?: string
  abi: string
  startBlock: number
  endBlock?: number
}

export interface DataSource {
  kind: 'ethereum'
  name: string
  network?: string
  source: DataSourceSource
  mapping: Mapping
  context?: Record<string, unknown>
}

/** A template is a data source without an address or start block. */
export type Template = DataSource

export interface LoadedSubgraph {
  /** IPFS-style hash when the build recorded one, else `sha256:<hex>` of the manifest text. */
  id: string
  manifestPath: string
  specVersion: string
  schema: SubgraphSchema
  schemaSource: string
  /** ABI JSON by name, across all data sources and templates. */
  abis: Record<string, unknown[]>
  dataSources: DataSource[]
  templates: Template[]
}

type Obj = Record<string, unknown>

class Reader {
  constructor(readonly file: string) {}
  fail(path: string, message: string, details?: string): never {
    throw new InputError(message, { where: `${this.file}: ${path}`, details })
  }
  obj(v: unknown, path: string): Obj {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `${path} must be a mapping`)
    return v as Obj
  }
  list(v: unknown, path: string, optional = false): unknown[] {
    if (v === undefined && optional) return []
    if (!Array.isArray(v)) this.fail(path, `${path} must be a list`)
    return v
  }
  str(v: unknown, path: string): string {
    if (typeof v !== 'string' || v === '') this.fail(path, `${path} must be a non-empty string`)
    return v
  }
  optStr(v: unknown, path: string): string | undefined {
    return v === undefined ? undefined : this.str(v, path)
  }
  int(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) this.fail(path, `${path} must be a non-negative integer`)
    return v
  }
}

/** `loadSubgraph(dir | manifestPath)`: a directory may hold `build/subgraph.yaml` or `subgraph.yaml`. */
export function loadSubgraph(target: string): LoadedSubgraph {
  const manifestPath = findManifest(resolve(target))
  const text = readFileSync(manifestPath, 'utf8')
  const r = new Reader(manifestPath)
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (e) {
    r.fail('(document)', `invalid YAML: ${(e as Error).message}`)
  }
  const root = r.obj(doc, '(document)')
  const base = dirname(manifestPath)
  const specVersion = r.str(root.specVersion, 'specVersion')

  const schemaFile = resolveFile(r, base, r.obj(root.schema, 'schema').file, 'schema.file')
  const schemaSource = readFileSync(schemaFile, 'utf8')
  const schema = parseSchema(schemaSource, schemaFile)

  const abis: Record<string, unknown[]> = {}
  const dataSources = r.list(root.dataSources, 'dataSources').map((d, i) =>
    readDataSource(r, base, d, `dataSources[${i}]`, false, abis, specVersion),
  )
  const templates = r.list(root.templates, 'templates', true).map((d, i) =>
    readDataSource(r, base, d, `templates[${i}]`, true, abis, specVersion),
  )
  if (dataSources.length === 0) r.fail('dataSources', 'the manifest has no data sources')
  for (const [i, ds] of [...dataSources, ...templates].entries()) {
    const all = [...dataSources, ...templates]
    if (all.findIndex((o) => o.name === ds.name) !== i) r.fail(`name "${ds.name}"`, `duplicate data source or template name "${ds.name}"`)
  }

  // graph build does not write the IPFS hash into the build dir; `graph build --ipfs` would.
  // Without one, a content hash of the manifest identifies the deployment deterministically.
  const id = `sha256:${createHash('sha256').update(text).digest('hex')}`
  return { id, manifestPath, specVersion, schema, schemaSource, abis, dataSources, templates }
}

function findManifest(target: string): string {
  if (!existsSync(target)) throw new InputError(`no such file or directory: ${target}`, { where: target })
  if (statSync(target).isFile()) return target
  for (const candidate of [join(target, 'build', 'subgraph.yaml'), join(target, 'subgraph.yaml')]) {
    if (existsSync(candidate)) return candidate
  }
  throw new InputError(`no subgraph.yaml in ${target} (looked for build/subgraph.yaml and subgraph.yaml)`, {
    where: target,
    details: 'Run `graph build` in the subgraph project, then pass its build directory.',
  })
}

function resolveFile(r: Reader, base: string, v: unknown, path: string): string {
  const file = resolve(base, r.str(v, path))
  if (!existsSync(file)) r.fail(path, `${path} refers to a missing file: ${file}`)
  return file
}

function readDataSource(r: Reader, base: string, raw: unknown, path: string, template: boolean, abis: Record<string, unknown[]>, specVersion: string): DataSource {
  const d = r.obj(raw, path)
  const kind = r.str(d.kind, `${path}.kind`)
  if (kind !== 'ethereum' && kind !== 'ethereum/contract') {
    r.fail(`${path}.kind`, `unsupported data source kind "${kind}"`, 'graphkit supports `ethereum` (alias `ethereum/contract`) data sources only; file data sources and other chains are not supported.')
  }
  const name = r.str(d.name, `${path}.name`)
  const network = r.optStr(d.network, `${path}.network`)
  const s = r.obj(d.source, `${path}.source`)
  let address: string | undefined
  if (s.address !== undefined) {
    address = r.str(s.address, `${path}.source.address`)
    if (!/^0x[0-9a-fA-F]{40}$/.test(address)) r.fail(`${path}.source.address`, `${path}.source.address is not a 20-byte hex address: ${address}`)
    address = address.toLowerCase()
  } else if (!template) {
    // graph-node allows address-less data sources (match every contract) — not supported here.
    r.fail(`${path}.source.address`, `${path}.source.address is required`, 'graphkit indexes data sources with a fixed address only.')
  }
  const source: DataSourceSource = {
    address,
    abi: r.str(s.abi, `${path}.source.abi`),
    startBlock: s.startBlock === undefined ? 0 : r.int(s.startBlock, `${path}.source.startBlock`),
    endBlock: s.endBlock === undefined ? undefined : r.int(s.endBlock, `${path}.source.endBlock`),
  }
  if (source.endBlock !== undefined && source.endBlock < source.startBlock) {
    r.fail(`${path}.source.endBlock`, `${path}.source.endBlock (${source.endBlock}) is before startBlock (${source.startBlock})`)
  }
  const mapping = readMapping(r, base, d.mapping, `${path}.mapping`, abis, { sourceAbi: source.abi, specVersion })
  if (!mapping.abis.some((a) => a.name === source.abi)) {
    r.fail(`${path}.source.abi`, `${path}.source.abi "${source.abi}" is not listed in ${path}.mapping.abis`)
  }
  const context = d.context === undefined ? undefined : r.obj(d.context, `${path}.context`)
  return { kind: 'ethereum', name, network, source, mapping, context }
}

/** What event handlers need to resolve their declared calls. */
interface CallContext {
  sourceAbi: string
  specVersion: string
  /** ABIs the mapping lists, by name. */
  abis?: Record<string, unknown[]>
}

function readMapping(r: Reader, base: string, raw: unknown, path: string, abis: Record<string, unknown[]>, calls: CallContext): Mapping {
  const m = r.obj(raw, path)
  const kind = r.str(m.kind, `${path}.kind`)
  if (kind !== 'ethereum/events') r.fail(`${path}.kind`, `unsupported mapping kind "${kind}" (expected ethereum/events)`)
  const apiVersion = r.str(m.apiVersion, `${path}.apiVersion`)
  if (!(API_VERSIONS as readonly string[]).includes(apiVersion)) {
    r.fail(`${path}.apiVersion`, `unsupported apiVersion "${apiVersion}"`, `Supported: ${API_VERSIONS.join(', ')}.`)
  }
  const language = r.str(m.language, `${path}.language`)
  if (language !== 'wasm/assemblyscript') r.fail(`${path}.language`, `unsupported mapping language "${language}"`)
  const entities = r.list(m.entities, `${path}.entities`, true).map((e, i) => r.str(e, `${path}.entities[${i}]`))

  const abiList = r.list(m.abis, `${path}.abis`).map((a, i) => {
    const p = `${path}.abis[${i}]`
    const o = r.obj(a, p)
    const name = r.str(o.name, `${p}.name`)
    const file = resolveFile(r, base, o.file, `${p}.file`)
    if (!abis[name]) {
      let json: unknown
      try {
        json = JSON.parse(readFileSync(file, 'utf8'))
      } catch (e) {
        r.fail(`${p}.file`, `ABI ${file} is not valid JSON: ${(e as Error).message}`)
      }
      // Truffle/Hardhat artifacts wrap the ABI in { abi: [...] }; graph-cli accepts both.
      const abi = Array.isArray(json) ? json : (json as Obj | null)?.abi
      if (!Array.isArray(abi)) r.fail(`${p}.file`, `ABI ${file} is not a JSON ABI array`)
      abis[name] = abi
    }
    return { name, file }
  })

  if (m.callHandlers !== undefined && r.list(m.callHandlers, `${path}.callHandlers`).length > 0) {
    r.fail(`${path}.callHandlers`, 'call handlers are not supported', 'They need a tracing RPC (trace_filter); use event handlers instead.')
  }
  const mappingAbis = Object.fromEntries(abiList.map((a) => [a.name, abis[a.name]!]))
  const eventHandlers = r.list(m.eventHandlers, `${path}.eventHandlers`, true).map((h, i) => readEventHandler(r, h, `${path}.eventHandlers[${i}]`, { ...calls, abis: mappingAbis }))
  const blockHandlers = r.list(m.blockHandlers, `${path}.blockHandlers`, true).map((h, i) => readBlockHandler(r, h, `${path}.blockHandlers[${i}]`))
  if (eventHandlers.length + blockHandlers.length === 0) r.fail(path, `${path} declares no event or block handlers`)

  const filePath = `${path}.file`
  const file = resolve(base, r.str(m.file, filePath))
  if (!file.endsWith('.wasm')) {
    r.fail(filePath, `${filePath} is ${file}, not compiled WASM`, 'This is a source manifest: run `graph build` first and pass its build directory (build/subgraph.yaml).')
  }
  if (!existsSync(file)) r.fail(filePath, `${filePath}: missing WASM file ${file}`, 'Run `graph build` first.')
  return { kind, apiVersion, language, entities, abis: abiList, eventHandlers, blockHandlers, file, wasm: new Uint8Array(readFileSync(file)) }
}

const SIGNATURE = /^[A-Za-z_$][A-Za-z0-9_$]*\(.*\)$/s

function readEventHandler(r: Reader, raw: unknown, path: string, ctx: CallContext): EventHandler {
  const h = r.obj(raw, path)
  const event = r.str(h.event, `${path}.event`)
  if (!SIGNATURE.test(event.replace(/\s+/g, ' ').trim())) r.fail(`${path}.event`, `${path}.event is not an event signature: ${event}`, 'Expected e.g. Transfer(indexed address,indexed address,uint256).')
  if (h.topic0 !== undefined) r.fail(`${path}.topic0`, `${path}.topic0 is not supported; topic0 is the event signature`)
  const topic = (k: 'topic1' | 'topic2' | 'topic3'): string[] | undefined => {
    if (h[k] === undefined) return undefined
    return r.list(h[k], `${path}.${k}`).map((t, i) => {
      const v = typeof t === 'number' ? `0x${t.toString(16)}` : r.str(t, `${path}.${k}[${i}]`)
      if (!/^0x[0-9a-fA-F]{1,64}$/.test(v)) r.fail(`${path}.${k}[${i}]`, `${path}.${k}[${i}] is not a hex topic: ${v}`)
      return `0x${v.slice(2).toLowerCase().padStart(64, '0')}`
    })
  }
  const calls: Record<string, string> = {}
  const declaredCalls: DeclaredCall[] = []
  if (h.calls !== undefined) {
    const entries = Object.entries(r.obj(h.calls, `${path}.calls`))
    // graph-node refuses them below 1.2.0 (chain/ethereum/src/data_source.rs `validate`).
    if (entries.length && !specAtLeast(ctx.specVersion, '1.2.0')) r.fail(`${path}.calls`, `declared calls need specVersion >= 1.2.0 (the manifest has ${ctx.specVersion})`)
    const abiEvent = entries.length ? eventOf(ctx.abis![ctx.sourceAbi] ?? [], event) : undefined
    if (entries.length && !abiEvent) r.fail(`${path}.event`, `${path}.event ${event} is not an event of ABI "${ctx.sourceAbi}", so its declared calls cannot be resolved`)
    for (const [label, expr] of entries) {
      const e = r.str(expr, `${path}.calls.${label}`)
      try {
        declaredCalls.push(parseDeclaredCall(label, e, abiEvent!, ctx.abis!, ctx.specVersion))
      } catch (err) {
        if (!(err instanceof DeclaredCallError)) throw err
        r.fail(`${path}.calls.${label}`, `declared call "${label}" is malformed or unsupported: ${err.message}`, 'Expected Contract[address].function(arg, …) with event.address, event.params.<name>[.<field>…] or a 0x address (graph-node declared calls).')
      }
      calls[label] = e
    }
  }
  if (h.receipt !== undefined && typeof h.receipt !== 'boolean') r.fail(`${path}.receipt`, `${path}.receipt must be true or false`)
  return { event, handler: r.str(h.handler, `${path}.handler`), topic1: topic('topic1'), topic2: topic('topic2'), topic3: topic('topic3'), receipt: h.receipt === true, calls, declaredCalls }
}

function readBlockHandler(r: Reader, raw: unknown, path: string): BlockHandler {
  const h = r.obj(raw, path)
  const handler = r.str(h.handler, `${path}.handler`)
  if (h.filter === undefined) return { handler }
  const f = r.obj(h.filter, `${path}.filter`)
  const kind = r.str(f.kind, `${path}.filter.kind`)
  if (kind === 'call') r.fail(`${path}.filter.kind`, 'block handlers with a `call` filter are not supported', 'They need call traces from a tracing RPC.')
  if (kind === 'once') return { handler, filter: { kind } }
  if (kind === 'polling') {
    const every = r.int(f.every, `${path}.filter.every`)
    if (every < 1) r.fail(`${path}.filter.every`, `${path}.filter.every must be at least 1`)
    return { handler, filter: { kind, every } }
  }
  return r.fail(`${path}.filter.kind`, `unknown block handler filter kind "${kind}"`, 'Expected call, polling or once.')
}
