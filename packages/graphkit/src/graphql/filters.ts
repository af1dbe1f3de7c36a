/**
 * graph-node's filter operators per field type (graph-node graph/src/schema/api.rs,
 * `field_filter_ops`, `field_list_filter_input_values`, `id_type_as_scalar`).
 */
import type { FieldType, SubgraphSchema } from '../subgraph/schema.ts'

const EQ = ['', '_not']
const ORD = ['_gt', '_lt', '_gte', '_lte']
const IN = ['_in', '_not_in']
const STR = [
  '_contains', '_contains_nocase', '_not_contains', '_not_contains_nocase',
  '_starts_with', '_starts_with_nocase', '_not_starts_with', '_not_starts_with_nocase',
  '_ends_with', '_ends_with_nocase', '_not_ends_with', '_not_ends_with_nocase',
]
const LIST = ['', '_not', '_contains', '_not_contains']
const LIST_NOCASE = ['', '_not', '_contains', '_contains_nocase', '_not_contains', '_not_contains_nocase']

/** Ops of a scalar named `scalar` (graph-node `field_filter_ops` for object types). */
function scalarOps(scalar: string): string[] {
  switch (scalar) {
    case 'Boolean': return [...EQ, ...IN]
    case 'Bytes': return [...EQ, ...ORD, ...IN, '_contains', '_not_contains']
    case 'ID': case 'BigInt': case 'BigDecimal': case 'Int': case 'Int8': case 'Timestamp': return [...EQ, ...ORD, ...IN]
    case 'String': return [...EQ, ...ORD, ...IN, ...STR]
    default: return EQ
  }
}

/** The id type of an entity or interface (an interface: its first implementor's; String when none). */
export function idTypeOf(s: SubgraphSchema, type: string): 'String' | 'Bytes' | 'Int8' {
  const e = s.entities.get(type) ?? s.entities.get(s.interfaces.get(type)?.implementedBy[0] ?? '')
  return e?.idType ?? 'String'
}

/**
 * The scalar a filter on a reference takes: graph-node lets ids be given as `String` (String and
 * Bytes ids) or `Int` (Int8 ids; graph-node notes that Int8 there would break coercion).
 */
export const refScalar = (s: SubgraphSchema, type: string) => (idTypeOf(s, type) === 'Int8' ? 'Int' : 'String')

export interface FilterField {
  suffix: string
  /** GraphQL input type of the value. */
  type: string
}

/** The `<field><suffix>` inputs graph-node generates for a stored (not derived) field. */
export function filterInputs(s: SubgraphSchema, t: FieldType): FilterField[] {
  const rel = t.category === 'entity' || t.category === 'interface'
  const scalar = rel ? refScalar(s, t.base) : t.base
  if (t.list) {
    const nocase = rel ? idTypeOf(s, t.base) === 'String' : t.base === 'String'
    return (nocase ? LIST_NOCASE : LIST).map((suffix) => ({ suffix, type: `[${scalar}!]` }))
  }
  const ops = t.category === 'enum' ? [...EQ, ...IN] : scalarOps(scalar)
  return ops.map((suffix) => ({ suffix, type: suffix === '_in' || suffix === '_not_in' ? `[${scalar}!]` : scalar }))
}

/** All suffixes, longest first, to split `name_op` keys. */
export const ALL_SUFFIXES = [...new Set([...EQ, ...ORD, ...IN, ...STR, ...LIST_NOCASE])]
  .filter((s) => s)
  .sort((a, b) => b.length - a.length)
