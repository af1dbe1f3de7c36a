/**
 * Compiling and instantiating a mapping (graph-node runtime/wasm/src/module/instance.rs).
 * After a trap or a host error the instance's memory may be inconsistent: callers must not
 * reuse it and instead `instantiate` a fresh one (cheap: the compiled Module is cached).
 * Mappings use AssemblyScript's stub runtime, which never frees: memory only grows (about 6.7 KB per
 * simple event handler measured here). graph-node instantiates per trigger; callers that reuse an
 * instance across triggers should replace it periodically (e.g. per block, ~0.3 ms to instantiate).
 */
import { DeterministicError, GraphkitError, InputError, TransientError } from '../internal/errors.ts'
import { AscMemory } from './abi/memory.ts'
import type { BlockData, EventData, HostContext } from './hostContext.ts'
import { apiAtLeast, ethereumLayout, newBlock, newEvent } from './abi/ethereumObjects.ts'
import { staticDataEnd } from './abi/staticDataEnd.ts'
import { StaticStrings } from './abi/staticStrings.ts'
import { importMemory, MEMORY_IMPORT, type MemoryLimits } from './abi/importMemory.ts'
import { hostFunctions, type HostFn } from './imports.ts'
import { EntityHandoff } from './entityHandoff.ts'

export interface MappingModule {
  module: WebAssembly.Module
  /** graph-node takes it from the manifest; a module may carry it as a custom section `apiVersion`. */
  apiVersion: string
  imports: { module: string; name: string }[]
  file?: string
  /** Strings decoded from the module's static data, shared by its instances (literals never change). */
  statics: StaticStrings
  /** Set when the module was rewritten to import its memory: retired instances' zeroed memories, for the next ones. */
  memory?: { limits: MemoryLimits; pool: WebAssembly.Memory[] }
}

/** Zeroed memories a module keeps for its next instances. */
const POOLED_MEMORIES = 4

export interface InstantiateOptions {
  /** Extra host functions by import name; they override built-ins of the same name. */
  extraImports?: (mem: AscMemory) => Record<string, HostFn>
  /** Import names the caller resolves lazily: unknown imports in this list do not fail instantiation. */
  lazyImports?: string[]
  /**
   * `store.get` hands back the graph a mapping saved in an earlier call when it is unchanged,
   * instead of a copy (entityHandoff.ts). For the indexer, where each call is a trigger.
   */
  handOffSavedEntities?: boolean
}

/** Default when the module does not say: graph-node's `GRAPH_MAX_API_VERSION` default. */
export const DEFAULT_API_VERSION = '0.0.9'

const cache = new Map<string, Promise<MappingModule>>()

async function digest(wasm: Uint8Array): Promise<string> {
  const h = await crypto.subtle.digest('SHA-256', wasm as BufferSource)
  return Buffer.from(h).toString('hex')
}

/** `apiVersion` is the manifest's `mapping.apiVersion` (graph-node reads it there); else the module's custom section, else 0.0.9. */
export async function compileMapping(wasm: Uint8Array, opts: { file?: string; apiVersion?: string } = {}): Promise<MappingModule> {
  const key = (await digest(wasm)) + '\0' + (opts.file ?? '') + '\0' + (opts.apiVersion ?? '')
  let p = cache.get(key)
  if (!p) {
    p = (async () => {
      let module: WebAssembly.Module
      let memory: MappingModule['memory']
      try {
        module = await WebAssembly.compile(wasm as BufferSource)
      } catch (e) {
        throw new InputError(`invalid WebAssembly module: ${(e as Error).message}`, { where: opts.file, cause: e })
      }
      const imported = importMemory(wasm)
      if (imported) {
        // The same code with an imported memory, so retired instances' memories can be reused.
        module = await WebAssembly.compile(imported.wasm as BufferSource)
        memory = { limits: imported.limits, pool: [] }
      }
      const sec = WebAssembly.Module.customSections(module, 'apiVersion')
      const apiVersion = opts.apiVersion ?? (sec.length ? new TextDecoder().decode(sec[0]).trim() : DEFAULT_API_VERSION)
      // graph-node supports the AssemblyScript 0.19 memory layout from apiVersion 0.0.5 on (api_version.rs).
      if (!apiAtLeast(apiVersion, '0.0.5')) throw new InputError(`apiVersion ${apiVersion} is not supported: graphkit runs mappings with apiVersion 0.0.5 to 0.0.9`, { where: opts.file })
      const imports = WebAssembly.Module.imports(module).filter((i) => i.kind === 'function').map(({ module, name }) => ({ module, name }))
      return { module, apiVersion, imports, file: opts.file, statics: new StaticStrings(staticDataEnd(wasm)), memory }
    })()
    cache.set(key, p)
    p.catch(() => cache.delete(key))
  }
  return p
}

export interface HostInstance {
  memory: AscMemory
  exports: WebAssembly.Exports
  ctx: HostContext
  /** Raw call of an exported function; host errors and traps become DeterministicErrors naming it. */
  call(exportName: string, ...args: number[]): number
  /** Builds the `ethereum.Event` (with receipt when given, apiVersion >= 0.0.7) and calls the handler. */
  handleEvent(handler: string, event: EventData): void
  /** Builds the `ethereum.Block` and calls the handler. */
  handleBlock(handler: string, block: BlockData): void
  /** Calls a function of the exported `table` by index (Matchstick registers tests this way). */
  callTable(index: number): void
  /** The instance will not be used again: its memory, zeroed, may serve a later instance of the module. */
  release(): void
}

/** Turns a trap or host error into the toolkit's error classes; TransientErrors pass unchanged. */
export function wrapError(e: unknown, where: string): Error {
  if (e instanceof TransientError) return e // the caller retries; keep the original object
  if (e instanceof GraphkitError) {
    if (e.where) return e
    const Cls = e.constructor as new (m: string, o: object) => GraphkitError
    return new Cls(e.message, { where, details: e.details, cause: e.cause ?? e })
  }
  if (e instanceof WebAssembly.RuntimeError) return new DeterministicError(`Mapping terminated: wasm trap: ${e.message}`, { where, cause: e })
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new DeterministicError(`Mapping terminated: stack overflow`, { where, cause: e })
  return e as Error
}

export function instantiate(m: MappingModule, ctx: HostContext, opts: InstantiateOptions = {}): HostInstance {
  // The memory helper exists before the instance (bound to it below), so the host functions
  // closing over it are imported as they are: no trampoline on each of the ~40 host calls per event.
  const memory = new AscMemory(m.statics)
  const handoff = opts.handOffSavedEntities ? new EntityHandoff(memory) : undefined
  const layout = ethereumLayout(m.apiVersion)
  const host: HostInstance = {
    get memory() {
      if (!memory.bound) throw new DeterministicError('mapping memory used before instantiation finished')
      return memory
    },
    exports: {},
    ctx,
    call(name, ...args) {
      handoff?.nextCall()
      const f = host.exports[name]
      if (typeof f !== 'function') throw new InputError(`mapping has no exported function \`${name}\``, { where: m.file })
      try {
        return (f as (...a: number[]) => number)(...args)
      } catch (e) {
        throw wrapError(e, `${name}${m.file ? ` in ${m.file}` : ''}`)
      }
    },
    handleEvent(handler, event) {
      host.call(handler, newEvent(host.memory, event, layout))
    },
    handleBlock(handler, block) {
      host.call(handler, newBlock(host.memory, block, layout))
    },
    callTable(index) {
      const table = host.exports.table as WebAssembly.Table | undefined
      if (!table) throw new InputError('mapping does not export `table` (compile with --exportTable)', { where: m.file })
      const f = table.get(index)
      if (!f) throw new InputError(`no function at table index ${index}`, { where: m.file })
      handoff?.nextCall()
      try {
        f()
      } catch (e) {
        throw wrapError(e, `table[${index}]${m.file ? ` in ${m.file}` : ''}`)
      }
    },
    release() {},
  }

  const table: Record<string, HostFn> = { ...hostFunctions({ mem: memory, ctx: () => host.ctx, apiVersion: m.apiVersion, handoff, callExport: (n, ...a) => (host.exports[n] as (...x: number[]) => number)(...a) }), ...(opts.extraImports?.(memory) ?? {}) }
  const lazy = new Set(opts.lazyImports ?? [])
  const wasmImports = WebAssembly.Module.imports(m.module)
  const missing = wasmImports.filter((i) => i.kind === 'function' && !(i.name in table) && !lazy.has(i.name))
  if (missing.length) {
    throw new InputError(`unknown import: ${missing.map((i) => `\`${i.module}::${i.name}\``).join(', ')} has not been defined`, { where: m.file, details: 'the mapping uses a host function graphkit does not provide' })
  }
  // Imports resolve by name whatever the module; a lazy one nobody provides fails when called.
  const importObject: Record<string, Record<string, HostFn>> = {}
  for (const imp of wasmImports) {
    if (imp.kind !== 'function') continue
    ;(importObject[imp.module] ??= {})[imp.name] = table[imp.name] ?? (() => {
      throw new DeterministicError(`unknown import: \`${imp.module}::${imp.name}\` has not been defined`, { where: m.file })
    })
  }
  const pooled = m.memory ? (m.memory.pool.pop() ?? new WebAssembly.Memory(m.memory.limits)) : undefined
  if (pooled) (importObject[MEMORY_IMPORT.module] ??= {})[MEMORY_IMPORT.name] = pooled as never
  let released = false
  host.release = () => {
    if (released) return
    released = true
    handoff?.dispose()
    if (!pooled) return
    // A fresh instance's memory is zero but for the data segments, which instantiation writes.
    // Above the stub allocator's high-water mark this instance wrote nothing, and earlier
    // users of this memory were zeroed the same way.
    let used = pooled.buffer.byteLength
    try {
      if (typeof inst.exports.allocate === 'function') used = Math.min(used, ((inst.exports.allocate as (n: number) => number)(0) >>> 0) + 16)
    } catch {
      // a trapped instance may not allocate: zero everything
    }
    new Uint8Array(pooled.buffer).fill(0, 0, used)
    if (m.memory!.pool.length < POOLED_MEMORIES) m.memory!.pool.push(pooled)
  }
  const inst = new WebAssembly.Instance(m.module, importObject as WebAssembly.Imports)
  host.exports = inst.exports
  const mem = inst.exports.memory
  if (!(mem instanceof WebAssembly.Memory)) throw new InputError('mapping does not export `memory`', { where: m.file })
  memory.bind(mem, inst.exports)
  // graph-node calls `_start` after setting up the heap (mappings are compiled with --explicitStart).
  if (typeof inst.exports._start === 'function') host.call('_start')
  return host
}
