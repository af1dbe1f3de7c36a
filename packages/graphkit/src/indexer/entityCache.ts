/**
 * The deployment's current entities in memory, so the synchronous WASM host can read and
 * write without SQL. Two layers: `current` (committed state plus finished blocks) and
 * `block` (ops of the block being processed, for `store.get_in_block` and the commit). The
 * running handler writes into `block` directly, with an undo log, so its writes can be
 * dropped when it fails or must be re-run after an `eth_call` cache miss (rare) while a
 * write or read that succeeds (every save) costs one lookup. Pure: no store, no RPC.
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

export class EntityCache implements HostStore {
  private readonly current = new Map<string, Map<string, Entity>>()
  private block: Layer = new Map()
  /** The running trigger's undo log: each op it wrote, and its entity before (`ADDED`: the trigger added the op). */
  private undoOps: EntityOp[] = []
  private undoPrev: (Entity | null | typeof ADDED)[] = []

  constructor(private readonly schema: SubgraphSchema) {}

  load(type: string, entities: Entity[]): void {
    const m = new Map<string, Entity>()
    for (const e of entities) m.set(idOf(e), e)
    this.current.set(type, m)
  }

  clear(): void {
    this.current.clear()
    this.block.clear()
    this.forgetUndo()
  }

  get(type: string, id: string): Entity | null {
    const op = opOf(this.block, type, id)
    if (op) return op.entity
    return this.current.get(type)?.get(id) ?? null
  }

  getInBlock(type: string, id: string): Entity | null {
    return opOf(this.block, type, id)?.entity ?? null
  }

  set(type: string, id: string, data: Entity): void {
    this.write(type, id, data)
  }

  remove(type: string, id: string): void {
    this.write(type, id, null)
  }

  private write(type: string, id: string, entity: Entity | null): void {
    let m = this.block.get(type)
    if (!m) this.block.set(type, (m = new Map()))
    let op = m.get(id)
    if (op) {
      this.undoOps.push(op)
      this.undoPrev.push(op.entity)
      op.entity = entity
    } else {
      m.set(id, (op = { type, id, entity }))
      this.undoOps.push(op)
      this.undoPrev.push(ADDED)
    }
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
      for (const eid of this.block.get(t.name)?.keys() ?? []) ids.add(eid)
      for (const eid of ids) {
        const e = this.get(t.name, eid)
        if (e && pointsAt(e.get(reverse), id)) out.push(e)
      }
    }
    return out
  }

  /** The running trigger succeeded: its writes stay in the block. */
  commitTrigger(): void {
    this.forgetUndo()
  }

  /** The running trigger failed or will be re-run: undo its writes, latest first. */
  discardTrigger(): void {
    const ops = this.undoOps
    const prev = this.undoPrev
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!
      const p = prev[i]!
      if (p === ADDED) this.block.get(op.type)!.delete(op.id)
      else op.entity = p
    }
    this.forgetUndo()
  }

  private forgetUndo(): void {
    if (this.undoOps.length === 0) return
    this.undoOps.length = 0
    this.undoPrev.length = 0
  }

  /** Decodes the lazy entities of the block being processed (a mapping instance is about to be released). */
  materialize(): void {
    for (const byId of this.block.values()) for (const op of byId.values()) if (op.entity instanceof LazyEntity) op.entity = materialize(op.entity)
    // The undo log may hold lazy entities of that instance too.
    const prev = this.undoPrev
    for (let i = 0; i < prev.length; i++) {
      const p = prev[i]
      if (p instanceof LazyEntity) prev[i] = materialize(p)
    }
  }

  /** The block is done: its ops (for the store) move into `current`, decoded. */
  finishBlock(): EntityOp[] {
    this.forgetUndo()
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
    this.forgetUndo()
  }
}

/** In the undo log: the op did not exist before the trigger. */
const ADDED = Symbol('added')

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
