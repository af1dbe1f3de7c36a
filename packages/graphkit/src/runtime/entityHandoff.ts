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
 * A save is not decoded when it is made: it is a `LazyEntity` (lazyEntity.ts) over its snapshot,
 * decoded when first read; most saves are superseded before anything reads them. Snapshots
 * the arena cannot decode on its own (a BigDecimal, an unreadable string) are decoded at the
 * save, as before.
 *
 * Per instance (pointers are into its memory); the indexer enables it, the test runner does
 * not (Matchstick tests keep entities in module globals across tests).
 */
import type { Entity, Value } from '../subgraph/values.ts'
import type { AscMemory } from './abi/memory.ts'
import { SnapshotArena } from './abi/entitySnapshot.ts'
import { decodeSnapshot } from './abi/snapshotDecoder.ts'
import { LazyEntity, SAVED, type SavedSource } from './lazyEntity.ts'

/** A save: the graph at `ptr`, the call that made it, whether it may still be handed back, and its snapshot (words `[off, off + len)`). */
interface Saved { owner: number; ptr: number; call: number; live: boolean; off: number; len: number }

/**
 * The save an Entity was decoded from, on the Entity itself: a side table would keep every
 * saved version alive (and moved by every GC) until the instance goes; this lives and dies
 * with the Entity. `owner` is a number so an old Entity does not keep an instance's snapshots.
 */
type WithSaved = Entity & { [SAVED]?: Saved }
let handoffs = 0
/** Arenas of retired instances: a fresh instance starts with one grown already (growing one anew copies and faults in megabytes). */
const spareArenas: SnapshotArena[] = []
const SPARE_ARENAS = 2

export class EntityHandoff implements SavedSource {
  private readonly id = ++handoffs
  /** The latest save of each graph address: a graph saved twice (or under two ids) is handed out once, as its last save. */
  private readonly byPtr = new Map<number, Saved>()
  private readonly arena = spareArenas.pop() ?? new SnapshotArena()
  private retired = false
  /** The snapshot `decode` recorded (offset, or -1), for the `onSet` after it. */
  private decoded = -1
  private decodedPtr = 0
  private call = 0

  constructor(private readonly mem: AscMemory) {}

  /** The instance is retired: its arena goes to the next one; nothing is handed back after this. */
  dispose(): void {
    if (this.retired) return
    this.retired = true
    this.byPtr.clear()
    this.arena.reset()
    if (spareArenas.length < SPARE_ARENAS) spareArenas.push(this.arena)
  }

  /** An export call begins (a handler, a test): graphs saved before it may be handed back. */
  nextCall(): void {
    this.call++
  }

  /**
   * The Entity of the graph at `ptr` that `store.set` is given (as `AscMemory.readEntity`),
   * recording its snapshot: a `LazyEntity` when the snapshot can be decoded later, else decoded now.
   */
  decode(ptr: number): Entity {
    this.decoded = -1
    if (this.retired) return this.mem.readEntity(ptr)
    const off = this.arena.record(this.mem.words(), ptr)
    this.decoded = off
    this.decodedPtr = ptr
    if (off < 0 || this.arena.eager) return this.mem.readEntity(ptr)
    return new LazyEntity(this, off)
  }

  /** A `LazyEntity` of this instance is read: its snapshot decoded into `into`. */
  decodeSaved(off: number, into: Map<string, Value>): void {
    if (this.retired) throw new Error('graphkit bug: an entity saved by a released mapping instance was read after the release (it should have been materialized first)')
    decodeSnapshot(this.arena.data(), off, this.mem, into)
  }

  /** `store.set` stored `entity`, from `decode` of the graph at `ptr`. */
  onSet(ptr: number, entity: Entity): void {
    const old = this.byPtr.get(ptr)
    if (old) old.live = false
    const off = this.decodedPtr === ptr ? this.decoded : -1
    this.decoded = -1
    if (off < 0) {
      this.byPtr.delete(ptr)
      return
    }
    const a = this.arena
    const s: Saved = { owner: this.id, ptr, call: this.call, off, len: a.lastLength, live: true }
    this.byPtr.set(ptr, s)
    if (entity instanceof LazyEntity) entity.saved = s
    // Not enumerable: invisible to deep comparisons and copies of the entity.
    else Object.defineProperty(entity, SAVED, { value: s, writable: true, configurable: true })
  }

  /** The address of `entity`'s own saved graph when it can be handed back (once), else 0. */
  take(entity: Entity): number {
    const s = entity instanceof LazyEntity ? (entity.saved as Saved | undefined) : (entity as WithSaved)[SAVED]
    if (!s || this.retired || s.owner !== this.id || !s.live || s.call >= this.call) return 0
    s.live = false
    this.byPtr.delete(s.ptr)
    if (!this.arena.matches(this.mem.words(), s.ptr, s.off, s.len)) return 0
    return s.ptr
  }
}
