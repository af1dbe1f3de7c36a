/**
 * Store values as Matchstick's `logStore`, `logEntity` and `logDataSources` print them: serde's
 * JSON of graph-node's `Value` (`#[serde(tag = "type", content = "data")]`, graph/src/data/store/mod.rs),
 * numbers that do not fit JSON (BigInt, BigDecimal) and Bytes as strings, pretty-printed with 2 spaces.
 */
import type { Entity, Value } from '../subgraph/values.ts'
import { formatValue } from './format.ts'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

export function valueJson(v: Value): Json {
  switch (v.kind) {
    case 'Null': return { type: 'Null' }
    case 'String': return { type: 'String', data: v.value }
    case 'Int': return { type: 'Int', data: v.value }
    case 'Int8': return { type: 'Int8', data: Number(v.value) }
    case 'Bool': return { type: 'Bool', data: v.value }
    case 'Array': return { type: 'List', data: v.value.map(valueJson) }
    default: return { type: v.kind, data: formatValue(v) }
  }
}

export function entityJson(e: Entity): { [k: string]: Json } {
  return Object.fromEntries([...e].map(([k, v]) => [k, valueJson(v)]))
}

export const pretty = (j: unknown) => JSON.stringify(j, null, 2)
