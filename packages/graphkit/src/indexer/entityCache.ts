/**
 * The deployment's current entities in memory, so the synchronous WASM host can read and
 * write without SQL. Three layers: `current` (committed state plus finished blocks),
 * `block` (ops of the block being processed, for `store.get_in_block` and the commit) and
 * `trigger` (writes of the running handler, dropped when it fails or must be re-run after
 * an `eth_call` cache miss). Pure: no store, no RPC.
 */
import type { Entity, Value } from '../subgraph/values.ts'
import type { SubgraphSchema } from '../subgraph/schema.ts'
import type { HostStore } from '../runtime/hostContext.ts'
import type { EntityOp } from '../store/types.ts'

const key = (type: string, id: string) => `${type}\u0000${id}`

export class EntityCache implements HostStore {
  private readonly current = new Map<string, Map<string, Entity>>()
  private block = new Map<string, EntityOp>()
  private trigger = new Map<string, EntityOp>()

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
    const k = key(type, id)
    const op = this.trigger.get(k) ?? this.block.get(k)
    if (op) return op.entity
    return this.current.get(type)?.get(id) ?? null
  }

  getInBlock(type: string, id: string): Entity | null {
    const k = key(type, id)
    return (this.trigger.get(k) ?? this.block.get(k))?.entity ?? null
  }

  set(type: string, id: string, data: Entity): void {
    this.trigger.set(key(type, id), { type, id, entity: data })
  }

  remove(type: string, id: string): void {
    this.trigger.set(key(type, id), { type, id, entity: null })
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
      for (const layer of [this.block, this.trigger]) for (const op of layer.values()) if (op.type === t.name) ids.add(op.id)
      for (const eid of ids) {
        const e = this.get(t.name, eid)
        if (e && pointsAt(e.get(reverse), id)) out.push(e)
      }
    }
    return out
  }

  /** The running trigger succeeded: its writes join the block. */
  commitTrigger(): void {
    for (const [k, op] of this.trigger) this.block.set(k, op)
    this.trigger.clear()
  }

  /** The running trigger failed or will be re-run: forget its writes. */
  discardTrigger(): void {
    this.trigger.clear()
  }

  /** The block is done: its ops (for the store) move into `current`. */
  finishBlock(): EntityOp[] {
    const ops = [...this.block.values()]
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
