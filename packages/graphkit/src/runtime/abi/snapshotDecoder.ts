/**
 * Decodes an entity from its snapshot (entitySnapshot.ts) as `AscMemory.readEntity` decodes
 * it from memory: the same Values, from the words the snapshot copied (kinds, payloads, the
 * bytes of BigInt and Bytes, list items) and the strings still in the instance's memory
 * (AssemblyScript strings are immutable). Walks the snapshot in the order it was recorded.
 *
 * Only snapshots the arena marked decodable (`SnapshotArena.eager` false after recording):
 * no BigDecimal (graph-node range-checks it at the save) and every string address readable.
 */
import { DeterministicError } from '../../internal/errors.ts'
import type { Value } from '../../subgraph/values.ts'
import { bigIntFromSignedLe } from './bigint.ts'
import type { AscMemory } from './memory.ts'
import { STORE_KIND } from './typeIds.ts'

export function decodeSnapshot(words: Int32Array, off: number, mem: AscMemory, into: Map<string, Value>): void {
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.length * 4)
  // The map's entries pointer, then the entries array: buffer, dataStart, byteLength, length.
  const n = words[off + 4]
  let p = off + 5

  const value = (): Value => {
    const kind = words[p]
    const lo = words[p + 1]
    const hi = words[p + 2]
    p += 3
    switch (kind) {
      case STORE_KIND.String: return { kind: 'String', value: mem.readString(lo >>> 0) }
      case STORE_KIND.Int: return { kind: 'Int', value: lo | 0 }
      case STORE_KIND.Bool: return { kind: 'Bool', value: lo !== 0 }
      case STORE_KIND.Null: return { kind: 'Null' }
      case STORE_KIND.Int8: return { kind: 'Int8', value: int64(lo, hi) }
      case STORE_KIND.Timestamp: return { kind: 'Timestamp', value: int64(lo, hi) }
      case STORE_KIND.Bytes:
      case STORE_KIND.BigInt: {
        // The view (buffer, dataStart, byteLength), then the words covering its bytes from dataStart's word.
        const start = words[p + 1] >>> 0
        const len = words[p + 2] >>> 0
        const at = (p + 3) * 4 + (start & 3)
        p += 3 + (((start + len + 3) >>> 2) - (start >>> 2))
        return kind === STORE_KIND.Bytes ? { kind: 'Bytes', value: bytes.slice(at, at + len) } : { kind: 'BigInt', value: bigIntFromSignedLe(bytes, at, len) }
      }
      case STORE_KIND.Array: {
        const length = words[p + 3]
        p += 4
        const out = new Array<Value>(length)
        for (let i = 0; i < length; i++) {
          p++ // the item's address
          out[i] = value()
        }
        return { kind: 'Array', value: out }
      }
      default: throw new DeterministicError(`graphkit: an entity snapshot holds store value kind ${kind}, which it cannot decode`)
    }
  }

  for (let i = 0; i < n; i++) {
    // The entry's address, its key's address, its value's address, then the value.
    const key = mem.readString(words[p + 1] >>> 0)
    p += 3
    into.set(key, value())
  }
}

function int64(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0))
}
