/**
 * The deployment's current entities in memory, so the synchronous WASM host can read and
 * write without SQL. Three layers: `current` (committed state plus finished blocks),
 * `block` (ops of the block being processed, for `store.get_in_block` and the commit) and
 * `trigger` (writes of the running handler, dropped when it fails or must be re-run after
 * an `eth_call` cache miss). Pure: no store, no RPC.
 *
 * Saves may arrive as `LazyEntity`s (runtime/lazyEntity.ts), decoded when read: what leaves
 * the block layers (`finishBlock`) is materialized, and `materialize` decodes what is still in
 * them before the indexer releases a mapping instance.
 */
import type { Entity, Value } from '../subgraph/values.ts'
import type { SubgraphSchema } from '../subgraph/schema.ts'
import type { HostStore } from '../runtime/hostContext.ts'
import type { EntityOp } from '../store/types.ts'
import { LazyEntity, materialize } from '../runtime/lazyEntity.ts'

/** Entity ops by type, then id: no per-call `type + id` key string to build and hash. */
type Layer = Map<string, Map<string, EntityOp>>

function opOf(layer: Layer, type: string, id: string): EntityOp | undefined {
  return layer.get(type)?.get(id)
}

function put(layer: Layer, op: EntityOp): void {
  let m = layer.get(op.type)
  if (!m) layer.set(op.type, (m = new Map()))
  m.set(op.id, op)
}

export class EntityCache implements HostStore {
  private readonly current = new Map<string, Map<string, Entity>>()
  private block: Layer = new Map()
  private trigger: Layer = new Map()

  constructor(private readonly schema: SubgraphSchema) {}

  load(type: string, entities: Entity[]): void {
    const m = new Map<string, Entity>()
    for (const e of entities) m.set(idOf(e), e)
    this.current.set(type, m)
  }

  clear(): void {
    this.current.clear()
    this.block.clear()
    this.trigger.clear()
  }

  get(type: string, id: string): Entity | null {
    const op = opOf(this.trigger, type, id) ?? opOf(this.block, type, id)
    if (op) return op.entity
    return this.current.get(type)?.get(id) ?? null
  }

  getInBlock(type: string, id: string): Entity | null {
    return (opOf(this.trigger, type, id) ?? opOf(this.block, type, id))?.entity ?? null
  }

  set(type: string, id: string, data: Entity): void {
    put(this.trigger, { type, id, entity: data })
  }

  remove(type: string, id: string): void {
    put(this.trigger, { type, id, entity: null })
  }

  /** Entities of the type `field` derives from whose reverse field points at `id` (a scan of that type). */
  loadRelated(type: string, id: string, field: string): Entity[] {
    const def = this.schema.entities.get(type)?.field.get(field)
    if (!def?.derivedFrom) return []
    const reverse = def.derivedFrom
    const targets = [...this.schema.entities.values()].filter((e) => e.name === def.type.base || e.interfaces.includes(def.type.base))
    const out: Entity[] = []
    for (const t of targets) {
      const ids = new Set([...(this.current.get(t.name)?.keys() ?? [])])
      for (const layer of [this.block, this.trigger]) for (const eid of layer.get(t.name)?.keys() ?? []) ids.add(eid)
      for (const eid of ids) {
        const e = this.get(t.name, eid)
        if (e && pointsAt(e.get(reverse), id)) out.push(e)
      }
    }
    return out
  }

  /** The running trigger succeeded: its writes join the block. */
  commitTrigger(): void {
    for (const ops of this.trigger.values()) for (const op of ops.values()) put(this.block, op)
    this.trigger.clear()
  }

  /** The running trigger failed or will be re-run: forget its writes. */
  discardTrigger(): void {
    this.trigger.clear()
  }

  /** Decodes the lazy entities of the block being processed (a mapping instance is about to be released). */
  materialize(): void {
    for (const layer of [this.block, this.trigger]) {
      for (const byId of layer.values()) for (const op of byId.values()) if (op.entity instanceof LazyEntity) op.entity = materialize(op.entity)
    }
  }

  /** The block is done: its ops (for the store) move into `current`, decoded. */
  finishBlock(): EntityOp[] {
    this.materialize()
    const ops: EntityOp[] = []
    for (const byId of this.block.values()) for (const op of byId.values()) ops.push(op)
    for (const op of ops) {
      let m = this.current.get(op.type)
      if (!m) this.current.set(op.type, (m = new Map()))
      if (op.entity) m.set(op.id, op.entity)
      else m.delete(op.id)
    }
    this.block = new Map()
    return ops
  }

  /** Abandon the block being processed (a deterministic failure). */
  discardBlock(): void {
    this.block.clear()
    this.trigger.clear()
  }
}

function idOf(e: Entity): string {
  const v = e.get('id')
  if (!v || v.kind === 'Null') throw new Error('entity without id')
  return valueKey(v)
}

/** Ids as the host passes them: strings, lowercase 0x hex for Bytes, decimal for Int8. */
function valueKey(v: Value): string {
  if (v.kind === 'Bytes') return `0x${Buffer.from(v.value).toString('hex')}`
  if (v.kind === 'String') return v.value
  if (v.kind === 'Int8' || v.kind === 'Int' || v.kind === 'BigInt') return String(v.value)
  return JSON.stringify(v)
}

function pointsAt(v: Value | undefined, id: string): boolean {
  if (!v || v.kind === 'Null') return false
  if (v.kind === 'Array') return v.value.some((x) => valueKey(x) === id)
  return valueKey(v) === id
}
