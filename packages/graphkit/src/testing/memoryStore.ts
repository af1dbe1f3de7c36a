/**
 * The in-memory store of a test run, with Matchstick 0.6.0's semantics (matchstick
 * src/context/mod.rs): a global store, kept between tests until `clearStore()`, and a separate
 * in-block ("cache") store that only `mockInBlockStore` writes and only `store.get_in_block`
 * reads. `store.remove` of a missing entity is an error; `store.set` checks required fields.
 */
import { DeterministicError } from '../internal/errors.ts'
import type { HostStore } from '../runtime/hostContext.ts'
import type { Entity, Value } from '../subgraph/values.ts'
import { formatValue } from './format.ts'
import { MatchstickCritical } from './matchstickCritical.ts'

export interface SchemaInfo {
  /** Entity type → derived field → the [entity type, field] pairs it reads (an interface expands to every implementation). */
  types: Map<string, Map<string, [string, string][]>>
  /** Entity type → its non-null, non-derived fields (`id` included), as `get_entity_required_fields`. */
  required?: Map<string, string[]>
}

type Table = Map<string, Map<string, Entity>>

export class MemoryStore implements HostStore {
  data: Table = new Map()
  inBlock: Table = new Map()
  constructor(private schema: SchemaInfo | null) {}

  private static put(m: Table, type: string, id: string, e: Entity): void {
    let t = m.get(type)
    if (!t) m.set(type, (t = new Map()))
    t.set(id, e)
  }
  private validate(type: string, e: Entity): void {
    if (!this.schema) return
    const req = this.schema.required?.get(type)
    if (!req) throw new MatchstickCritical('Something went wrong! Could not find the entity defined in the GraphQL schema.', { details: `entity type \`${type}\` is not in the schema` })
    for (const f of req) {
      const v = e.get(f)
      if (!v) throw new DeterministicError(`Missing value for non-nullable field '${f}' for an entity of type '${type}'.`)
      if (v.kind === 'Null') throw new DeterministicError(`The required field '${f}' for an entity of type '${type}' is null.`)
    }
  }
  get(type: string, id: string): Entity | null {
    return this.data.get(type)?.get(id) ?? null
  }
  getInBlock(type: string, id: string): Entity | null {
    return this.inBlock.get(type)?.get(id) ?? null
  }
  /** Replaces the whole entity; the in-block store is not written (`update_store` with `StoreScope::Global`). */
  set(type: string, id: string, e: Entity): void {
    this.validate(type, e)
    MemoryStore.put(this.data, type, id, e)
  }
  mockInBlock(type: string, id: string, e: Entity): void {
    this.validate(type, e)
    MemoryStore.put(this.inBlock, type, id, e)
  }
  remove(type: string, id: string): void {
    const t = this.data.get(type)
    if (!t?.has(id)) throw new DeterministicError(`(store.remove) Entity with type '${type}' and id '${id}' does not exist.`)
    t.delete(id)
  }
  /** `load_related_entities`: entities whose reverse field (an id, or a list of ids) prints as `id`; [] for a field that is not derived. */
  loadRelated(type: string, id: string, field: string): Entity[] {
    const out: Entity[] = []
    for (const [src, back] of this.schema?.types.get(type)?.get(field) ?? []) {
      for (const e of this.data.get(src)?.values() ?? []) {
        const v = e.get(back)
        const ids: Value[] = !v ? [] : v.kind === 'String' || v.kind === 'Bytes' ? [v] : v.kind === 'Array' ? v.value : []
        if (ids.some((x) => formatValue(x) === id)) out.push(e)
      }
    }
    return out
  }
  count(type: string): number {
    return this.data.get(type)?.size ?? 0
  }
  /** `clearStore()` empties the global store only; `clearInBlockStore()` the other. */
  clear(): void {
    this.data.clear()
  }
}
