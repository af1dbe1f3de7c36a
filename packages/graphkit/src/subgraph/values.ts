/**
 * Entity values as the whole toolkit sees them: the WASM host produces them from
 * graph-ts `Value`s, the stores persist them, the GraphQL layer serializes them.
 * Kinds follow graph-ts `ValueKind` (graph-ts common/value.ts; graph-node
 * graph/src/data/store/mod.rs `Value`).
 */
export type Value =
  | { kind: 'String'; value: string }
  | { kind: 'Int'; value: number } // i32
  | { kind: 'Int8'; value: bigint } // i64
  | { kind: 'BigInt'; value: bigint }
  | { kind: 'BigDecimal'; value: BigDecimalValue }
  | { kind: 'Bool'; value: boolean }
  | { kind: 'Bytes'; value: Uint8Array }
  | { kind: 'Timestamp'; value: bigint } // microseconds since the epoch
  | { kind: 'Array'; value: Value[] }
  | { kind: 'Null' }

export type ValueKind = Value['kind']

/** value = digits × 10^exp, normalized (no trailing zeros in digits, at most 34 significant digits). */
export interface BigDecimalValue {
  digits: bigint
  exp: number
}

/** An entity: field name → value, in insertion order. */
export type Entity = Map<string, Value>

export const NULL: Value = { kind: 'Null' }
