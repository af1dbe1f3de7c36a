/**
 * The in-memory store of a test run (Matchstick keeps one per suite, cleared only by
 * `clearStore`). Checks entity types against the manifest's schema.
 */
import { InputError } from '../internal/errors.ts'
import type { HostStore } from '../runtime/hostContext.ts'
import type { Entity } from '../subgraph/values.ts'

export interface SchemaInfo {
  /** Entity type → derived fields: field → [source type, source field]. */
  types: Map<string, Map<string, [string, string]>>
  /** Entity type → non-null stored fields other than `id`. */
  required?: Map<string, string[]>
}

export class MemoryStore implements HostStore {
  data = new Map<string, Map<string, Entity>>()
  inBlock = new Map<string, Map<string, Entity>>()
  constructor(private schema: SchemaInfo | null, private where: string) {}

  private check(type: string): void {
    if (this.schema && !this.schema.types.has(type)) throw new InputError(`entity type \`${type}\` is not in the schema`, { where: this.where })
  }
  private table(m: Map<string, Map<string, Entity>>, type: string) {
    let t = m.get(type)
    if (!t) m.set(type, (t = new Map()))
    return t
  }
  get(type: string, id: string): Entity | null {
    this.check(type)
    return this.data.get(type)?.get(id) ?? null
  }
  getInBlock(type: string, id: string): Entity | null {
    this.check(type)
    return this.inBlock.get(type)?.get(id) ?? null
  }
  set(type: string, id: string, e: Entity): void {
    this.check(type)
    // graph-node store/postgres validates non-null fields on write; Matchstick 0.6.0 does too.
    for (const f of this.schema?.required?.get(type) ?? []) {
      const v = e.get(f)
      if (!v || v.kind === 'Null') throw new InputError(`Entity ${type}[${id}]: missing value for non-nullable field \`${f}\``, { where: this.where })
    }
    this.table(this.data, type).set(id, e)
    this.table(this.inBlock, type).set(id, e)
  }
  mockInBlock(type: string, id: string, e: Entity): void {
    this.check(type)
    this.table(this.inBlock, type).set(id, e)
  }
  remove(type: string, id: string): void {
    this.check(type)
    this.data.get(type)?.delete(id)
    this.inBlock.get(type)?.delete(id)
  }
  loadRelated(type: string, id: string, field: string): Entity[] {
    this.check(type)
    const d = this.schema?.types.get(type)?.get(field)
    if (!d) throw new InputError(`\`${type}.${field}\` is not a @derivedFrom field`, { where: this.where })
    const [src, back] = d
    const out: Entity[] = []
    for (const e of this.data.get(src)?.values() ?? []) {
      const v = e.get(back)
      const hit = (x: any) => x && ((x.kind === 'String' && x.value === id) || (x.kind === 'Bytes' && '0x' + Buffer.from(x.value).toString('hex') === id))
      if (hit(v) || (v?.kind === 'Array' && v.value.some(hit))) out.push(e)
    }
    return out
  }
  count(type: string): number {
    return this.data.get(type)?.size ?? 0
  }
  clear(): void {
    this.data.clear()
    this.inBlock.clear()
  }
}
