/**
 * Operation variables and argument literals as graph-node reads them
 * (graph-node graphql/src/execution/query.rs `coerce_variables`): a missing non-null variable
 * and a value of the wrong type are refused with graph-node's messages; defaults apply.
 * Integer and decimal literals too large for a JS number keep their digits (BigInt, Int8 and
 * BigDecimal filters need them exactly).
 */
import { Kind, coerceInputValue, typeFromAST, type GraphQLSchema, type GraphQLInputType, type OperationDefinitionNode, type ValueNode } from 'graphql'
import { QueryError } from './errors.ts'

/** graph-node prints the rejected value with Rust's `Debug` of its `r::Value`. */
function debugValue(v: unknown): string {
  if (v === null || v === undefined) return 'Null'
  if (typeof v === 'string') return `String(${JSON.stringify(v)})`
  if (typeof v === 'boolean') return `Boolean(${v})`
  if (typeof v === 'number') return Number.isInteger(v) ? `Int(${v})` : `Float(${v})`
  if (Array.isArray(v)) return `List([${v.map(debugValue).join(', ')}])`
  return `Object({${Object.entries(v as object).map(([k, x]) => `${JSON.stringify(k)}: ${debugValue(x)}`).join(', ')}})`
}

export function coerceVariables(schema: GraphQLSchema, op: OperationDefinitionNode, inputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const missing: string[] = []
  for (const def of op.variableDefinitions ?? []) {
    const name = def.variable.name.value
    const type = typeFromAST(schema, def.type as any) as GraphQLInputType
    let value = Object.hasOwn(inputs, name) ? inputs[name] : undefined
    if (value === undefined && def.defaultValue) value = literal(def.defaultValue, {})
    if (value === undefined) {
      if (def.type.kind === Kind.NON_NULL_TYPE) missing.push(name)
      continue
    }
    try {
      out[name] = coerceInputValue(value, type)
    } catch {
      throw new QueryError(`Invalid value provided for argument \`${name}\`: ${debugValue(value)}`)
    }
  }
  if (missing.length) throw new QueryError(`No value provided for required variable \`${missing[0]}\``)
  return out
}

/** A literal's value; variables resolved from `vars`. Ints beyond 2^53 and all floats stay as their text. */
export function literal(node: ValueNode, vars: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.NULL: return null
    case Kind.INT: { const n = Number(node.value); return Number.isSafeInteger(n) ? n : node.value }
    case Kind.FLOAT: return node.value
    case Kind.STRING: case Kind.ENUM: return node.value
    case Kind.BOOLEAN: return node.value
    case Kind.LIST: return node.values.map((v) => literal(v, vars))
    case Kind.OBJECT: return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value, vars)]))
    case Kind.VARIABLE: return vars[node.name.value]
  }
}
