/**
 * Hands a mapping the entity graph it saved in an earlier call instead of writing a copy.
 *
 * `store.get` must give the mapping the entity as stored; graph-node writes a fresh copy
 * into memory every time (runtime/wasm/src/host_exports.rs `store_get`). Writing a ~25-field
 * entity is ~100 objects, the largest cost of a typical handler. When the store returns the
 * very Entity this instance decoded at `store.set`, and that set happened in an earlier
 * export call (the saving handler has returned, so nothing of it still holds the graph), and
 * the graph's mutable words are what they were at the set (entitySnapshot.ts), the graph in
 * memory IS that entity: it is handed back, once, instead of a copy. A second load of the
 * same entity before the next save gets a copy, as does anything changed since the save.
 *
 * Per instance (pointers are into its memory); the indexer enables it, the test runner does
 * not (Matchstick tests keep entities in module globals across tests).
 */
import type { Entity } from '../subgraph/values.ts'
import type { AscMemory } from './abi/memory.ts'
import { SnapshotArena } from './abi/entitySnapshot.ts'

interface Saved { owner: number; ptr: number; call: number; off: number; len: number; live: boolean }

/**
 * The save an Entity was decoded from, on the Entity itself: a side table would keep every
 * saved version alive (and moved by every GC) until the instance goes; this lives and dies
 * with the Entity. `owner` is a number so an old Entity does not keep an instance's snapshots.
 */
const SAVED = Symbol('graphkit.saved')
type WithSaved = Entity & { [SAVED]?: Saved }
let handoffs = 0

export class EntityHandoff {
  private readonly id = ++handoffs
  /** The latest save of each graph address: a graph saved twice (or under two ids) is handed out once, as its last save. */
  private readonly byPtr = new Map<number, Saved>()
  private readonly arena = new SnapshotArena()
  private call = 0
  /** Graphs handed back, and loads that got a copy instead. */
  readonly stats = { handedBack: 0, copied: 0 }

  constructor(private readonly mem: AscMemory) {}

  /** An export call begins (a handler, a test): graphs saved before it may be handed back. */
  nextCall(): void {
    this.call++
  }

  /** `store.set` stored `entity`, decoded from the graph at `ptr`. */
  onSet(ptr: number, entity: Entity): void {
    const old = this.byPtr.get(ptr)
    if (old) old.live = false
    const off = this.arena.record(this.mem.words(), ptr)
    if (off < 0) {
      this.byPtr.delete(ptr)
      return
    }
    const s: Saved = { owner: this.id, ptr, call: this.call, off, len: this.arena.lastLength, live: true }
    this.byPtr.set(ptr, s)
    ;(entity as WithSaved)[SAVED] = s
  }

  /** The address of `entity`'s own saved graph when it can be handed back (once), else 0. */
  take(entity: Entity): number {
    const s = (entity as WithSaved)[SAVED]
    if (!s || s.owner !== this.id || !s.live || s.call >= this.call) {
      this.stats.copied++
      return 0
    }
    s.live = false
    this.byPtr.delete(s.ptr)
    if (!this.arena.matches(this.mem.words(), s.ptr, s.off, s.len)) {
      this.stats.copied++
      return 0
    }
    this.stats.handedBack++
    return s.ptr
  }
}
