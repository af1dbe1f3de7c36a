/**
 * graph-node's filter operators per field type (graph-node graph/src/schema/api.rs,
 * `field_scalar_filter_input_values`, `field_list_filter_input_values`).
 */
import type { FieldType } from '../subgraph/schema.ts'

const EQ = ['', '_not']
const ORD = ['_gt', '_lt', '_gte', '_lte']
const IN = ['_in', '_not_in']
const STR = [
  '_contains', '_contains_nocase', '_not_contains', '_not_contains_nocase',
  '_starts_with', '_starts_with_nocase', '_not_starts_with', '_not_starts_with_nocase',
  '_ends_with', '_ends_with_nocase', '_not_ends_with', '_not_ends_with_nocase',
]
const LIST = ['', '_not', '_contains', '_not_contains']
const STRING_LIST = [...LIST, '_contains_nocase', '_not_contains_nocase']

/** Operator suffixes graph-node offers for a field of this type. */
export function operatorsFor(t: FieldType): string[] {
  // _nocase list operators exist for String lists and String-id entity lists only.
  if (t.list) return t.base === 'String' || t.category === 'entity' || t.category === 'interface' ? STRING_LIST : LIST
  if (t.category === 'enum') return [...EQ, ...IN]
  if (t.category === 'entity' || t.category === 'interface') return [...EQ, ...ORD, ...IN, ...STR]
  switch (t.base) {
    case 'Boolean': return [...EQ, ...IN]
    case 'Bytes': return [...EQ, ...ORD, ...IN, '_contains', '_not_contains']
    case 'String': case 'ID': return t.base === 'ID' ? [...EQ, ...ORD, ...IN] : [...EQ, ...ORD, ...IN, ...STR]
    default: return [...EQ, ...ORD, ...IN]
  }
}

/** All suffixes, longest first, to split `name_op` keys. */
export const ALL_SUFFIXES = [...new Set([...EQ, ...ORD, ...IN, ...STR, ...STRING_LIST])]
  .filter((s) => s)
  .sort((a, b) => b.length - a.length)
