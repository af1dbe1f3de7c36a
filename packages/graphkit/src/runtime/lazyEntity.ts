/**
 * An entity `store.set` was given, decoded only when something reads it.
 *
 * Most saves of an indexing run are superseded before their block ends (a pool saved by each
 * of a block's 250 events is written once, as it stands at the block's end): decoding every
 * save into Values, as graph-node copies every save, is the largest cost of `store.set`.
 * A save is recorded as a snapshot of its object graph (entitySnapshot.ts, which copies every
 * word the mapping could change later; strings are immutable) and becomes a Map the first time
 * anything reads it, from that snapshot: the values as saved, whatever the mapping did since.
 *
 * A snapshot holds addresses of strings in the saving instance's memory: whoever holds lazy
 * entities must `materialize` them before that instance is released (the indexer's entity
 * cache does, at the end of every block and before it retires an instance). Reading one after
 * that is a graphkit bug and throws.
 */
import type { Entity, Value } from '../subgraph/values.ts'

/** Decodes the snapshot at `off` into `into` (EntityHandoff). */
export interface SavedSource {
  decodeSaved(off: number, into: Map<string, Value>): void
}

/** Where a save's handoff bookkeeping lives on a plain Map entity (entityHandoff.ts): on a decoded save (`materialize`), on one decoded at the save. */
export const SAVED = Symbol('graphkit.saved')

export class LazyEntity extends Map<string, Value> {
  private src: SavedSource | null
  private readonly off: number
  /** The handoff's bookkeeping of this save (entityHandoff.ts): a field, cheaper to set than the `SAVED` property a plain Map gets. */
  saved: unknown = undefined

  constructor(src: SavedSource, off: number) {
    super()
    this.src = src
    this.off = off
  }

  /** Whether the snapshot has not been decoded yet. */
  get pending(): boolean {
    return this.src !== null
  }

  /** Decodes into a plain Map (not into this one). */
  decodeInto(into: Map<string, Value>): void {
    if (this.src) this.src.decodeSaved(this.off, into)
    else for (const [k, v] of super.entries()) into.set(k, v)
  }

  private fill(): void {
    const src = this.src!
    this.src = null
    src.decodeSaved(this.off, this)
  }

  override get(key: string): Value | undefined {
    if (this.src) this.fill()
    return super.get(key)
  }
  override has(key: string): boolean {
    if (this.src) this.fill()
    return super.has(key)
  }
  override get size(): number {
    if (this.src) this.fill()
    return super.size
  }
  override set(key: string, value: Value): this {
    if (this.src) this.fill()
    return super.set(key, value)
  }
  override delete(key: string): boolean {
    if (this.src) this.fill()
    return super.delete(key)
  }
  override clear(): void {
    this.src = null
    super.clear()
  }
  override forEach(f: (value: Value, key: string, map: Map<string, Value>) => void, thisArg?: unknown): void {
    if (this.src) this.fill()
    super.forEach(f, thisArg)
  }
  override entries(): MapIterator<[string, Value]> {
    if (this.src) this.fill()
    return super.entries()
  }
  override keys(): MapIterator<string> {
    if (this.src) this.fill()
    return super.keys()
  }
  override values(): MapIterator<Value> {
    if (this.src) this.fill()
    return super.values()
  }
  override [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries()
  }
}

/** `e` as a plain Map: a lazy entity decoded (its handoff bookkeeping carried over), anything else as it is. */
export function materialize(e: Entity): Entity {
  if (!(e instanceof LazyEntity)) return e
  const out: Entity = new Map()
  e.decodeInto(out)
  const saved = e.saved
  if (saved !== undefined) Object.defineProperty(out, SAVED, { value: saved, writable: true, configurable: true })
  return out
}
