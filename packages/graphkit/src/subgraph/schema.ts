/**
 * The subgraph's `schema.graphql` as a model every stage shares: the test runner's
 * store checks, the SQL store's tables, the GraphQL API generator.
 * Rules: graph-node docs `ql-schema.mdx`; graph-node graph/src/schema/input/mod.rs.
 */
import {
  parse,
  Kind,
  type DocumentNode,
  type TypeNode,
  type FieldDefinitionNode,
  type ConstDirectiveNode,
  type ObjectTypeDefinitionNode,
  GraphQLError,
} from 'graphql'
import { InputError } from '../internal/errors.ts'

export const SCALARS = ['ID', 'String', 'Bytes', 'BigInt', 'BigDecimal', 'Int', 'Int8', 'Boolean', 'Timestamp'] as const
export type ScalarName = (typeof SCALARS)[number]

export interface FieldType {
  /** Named type at the bottom of the list/non-null wrappers. */
  base: string
  /** What `base` names. */
  category: 'scalar' | 'enum' | 'entity' | 'interface'
  list: boolean
  /** The field itself is non-null (`T!` or `[T]!`). */
  nonNull: boolean
  /** List items are non-null (`[T!]`). */
  itemNonNull: boolean
}

export interface FieldDef {
  name: string
  description?: string
  type: FieldType
  /** `@derivedFrom(field: "...")`: a virtual reverse lookup, never stored. */
  derivedFrom?: string
  /** `@aggregate(fn, arg, cumulative)` on aggregation types. */
  aggregate?: { fn: string; arg?: string; cumulative: boolean }
}

export interface EntityDef {
  name: string
  description?: string
  immutable: boolean
  timeseries: boolean
  /** Type of `id`: ID and String are both 'String'. */
  idType: 'String' | 'Bytes' | 'Int8'
  fields: FieldDef[]
  field: Map<string, FieldDef>
  interfaces: string[]
}

export interface InterfaceDef {
  name: string
  description?: string
  fields: FieldDef[]
  field: Map<string, FieldDef>
  implementedBy: string[]
}

export interface EnumDef {
  name: string
  description?: string
  values: { name: string; description?: string }[]
}

export interface AggregationDef {
  name: string
  description?: string
  source: string
  intervals: string[]
  fields: FieldDef[]
  field: Map<string, FieldDef>
}

export interface FulltextDef {
  name: string
  language: string
  algorithm: string
  entity: string
  fields: string[]
}

export interface SubgraphSchema {
  sdl: string
  entities: Map<string, EntityDef>
  interfaces: Map<string, InterfaceDef>
  enums: Map<string, EnumDef>
  aggregations: Map<string, AggregationDef>
  fulltext: FulltextDef[]
}

const directive = (dirs: readonly ConstDirectiveNode[] | undefined, name: string) =>
  dirs?.find((d) => d.name.value === name)

function argValue(d: ConstDirectiveNode | undefined, name: string): unknown {
  const arg = d?.arguments?.find((a) => a.name.value === name)
  if (!arg) return undefined
  const v = arg.value
  const conv = (n: any): unknown => {
    switch (n.kind) {
      case Kind.STRING:
      case Kind.ENUM:
        return n.value
      case Kind.BOOLEAN:
        return n.value
      case Kind.INT:
        return Number(n.value)
      case Kind.LIST:
        return n.values.map(conv)
      case Kind.OBJECT:
        return Object.fromEntries(n.fields.map((f: any) => [f.name.value, conv(f.value)]))
      default:
        return undefined
    }
  }
  return conv(v)
}

function unwrap(t: TypeNode): Omit<FieldType, 'category'> {
  let nonNull = false
  let list = false
  let itemNonNull = false
  let cur: TypeNode = t
  if (cur.kind === Kind.NON_NULL_TYPE) {
    nonNull = true
    cur = cur.type
  }
  if (cur.kind === Kind.LIST_TYPE) {
    list = true
    cur = cur.type
    if (cur.kind === Kind.NON_NULL_TYPE) {
      itemNonNull = true
      cur = cur.type
    }
    if (cur.kind === Kind.LIST_TYPE) throw new Error('nested lists are not supported')
  }
  if (cur.kind !== Kind.NAMED_TYPE) throw new Error('unexpected type')
  return { base: cur.name.value, list, nonNull, itemNonNull }
}

const loc = (file: string, node: { loc?: { startToken: { line: number; column: number } } }) =>
  node.loc ? `${file}:${node.loc.startToken.line}:${node.loc.startToken.column}` : file

/** Parses and checks a subgraph schema. Errors are InputErrors naming file, line and type. */
export function parseSchema(sdl: string, file = 'schema.graphql'): SubgraphSchema {
  let doc: DocumentNode
  try {
    doc = parse(sdl)
  } catch (e) {
    const g = e as GraphQLError
    const at = g.locations?.[0]
    throw new InputError(`Invalid GraphQL schema: ${g.message}`, {
      where: at ? `${file}:${at.line}:${at.column}` : file,
      cause: e,
    })
  }
  const schema: SubgraphSchema = {
    sdl,
    entities: new Map(),
    interfaces: new Map(),
    enums: new Map(),
    aggregations: new Map(),
    fulltext: [],
  }
  const objects: ObjectTypeDefinitionNode[] = []
  const pending: { owner: string; node: FieldDefinitionNode; push: (f: FieldDef) => void }[] = []

  const collectFields = (owner: string, nodes: readonly FieldDefinitionNode[] | undefined) => {
    const fields: FieldDef[] = []
    for (const node of nodes ?? []) pending.push({ owner, node, push: (f) => fields.push(f) })
    return fields
  }

  for (const def of doc.definitions) {
    if (def.kind === Kind.ENUM_TYPE_DEFINITION) {
      schema.enums.set(def.name.value, {
        name: def.name.value,
        description: def.description?.value,
        values: (def.values ?? []).map((v) => ({ name: v.name.value, description: v.description?.value })),
      })
    } else if (def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
      const fields = collectFields(def.name.value, def.fields)
      schema.interfaces.set(def.name.value, {
        name: def.name.value,
        description: def.description?.value,
        fields,
        field: new Map(),
        implementedBy: [],
      })
    } else if (def.kind === Kind.OBJECT_TYPE_DEFINITION) {
      objects.push(def)
    } else if (def.kind === Kind.SCALAR_TYPE_DEFINITION || def.kind === Kind.DIRECTIVE_DEFINITION) {
      // graph-node ignores (and older schemas declare) built-in scalars and directives.
    } else {
      throw new InputError(`Unsupported definition kind ${def.kind} in schema`, { where: loc(file, def) })
    }
  }

  for (const def of objects) {
    const name = def.name.value
    if (name === '_Schema_') {
      for (const d of def.directives ?? []) {
        if (d.name.value !== 'fulltext') continue
        const include = (argValue(d, 'include') as any[]) ?? []
        for (const inc of include) {
          schema.fulltext.push({
            name: String(argValue(d, 'name')),
            language: String(argValue(d, 'language') ?? 'simple'),
            algorithm: String(argValue(d, 'algorithm') ?? 'rank'),
            entity: inc.entity,
            fields: (inc.fields ?? []).map((f: any) => f.name),
          })
        }
      }
      continue
    }
    const entityDir = directive(def.directives, 'entity')
    const aggDir = directive(def.directives, 'aggregation')
    if (aggDir) {
      const fields = collectFields(name, def.fields)
      schema.aggregations.set(name, {
        name,
        description: def.description?.value,
        source: String(argValue(aggDir, 'source') ?? ''),
        intervals: (argValue(aggDir, 'intervals') as string[]) ?? [],
        fields,
        field: new Map(),
      })
      continue
    }
    if (!entityDir) {
      throw new InputError(`Type \`${name}\` is missing the @entity directive`, {
        where: loc(file, def),
        details: 'Every object type in a subgraph schema must be an @entity (or an @aggregation).',
      })
    }
    const fields = collectFields(name, def.fields)
    schema.entities.set(name, {
      name,
      description: def.description?.value,
      immutable: argValue(entityDir, 'immutable') === true || argValue(entityDir, 'timeseries') === true,
      timeseries: argValue(entityDir, 'timeseries') === true,
      idType: 'String',
      fields,
      field: new Map(),
      interfaces: (def.interfaces ?? []).map((i) => i.name.value),
    })
  }

  const categoryOf = (base: string): FieldType['category'] | undefined => {
    if ((SCALARS as readonly string[]).includes(base)) return 'scalar'
    if (schema.enums.has(base)) return 'enum'
    if (schema.entities.has(base)) return 'entity'
    if (schema.interfaces.has(base)) return 'interface'
    return undefined
  }

  for (const { owner, node, push } of pending) {
    let t: Omit<FieldType, 'category'>
    try {
      t = unwrap(node.type)
    } catch (e) {
      throw new InputError(`Field \`${owner}.${node.name.value}\`: ${(e as Error).message}`, { where: loc(file, node) })
    }
    const category = categoryOf(t.base)
    if (!category) {
      throw new InputError(`Field \`${owner}.${node.name.value}\` has unknown type \`${t.base}\``, {
        where: loc(file, node),
      })
    }
    const derived = directive(node.directives, 'derivedFrom')
    const agg = directive(node.directives, 'aggregate')
    push({
      name: node.name.value,
      description: node.description?.value,
      type: { ...t, category },
      derivedFrom: derived ? String(argValue(derived, 'field')) : undefined,
      aggregate: agg
        ? {
            fn: String(argValue(agg, 'fn')),
            arg: argValue(agg, 'arg') as string | undefined,
            cumulative: argValue(agg, 'cumulative') === true,
          }
        : undefined,
    })
  }

  for (const holder of [...schema.entities.values(), ...schema.interfaces.values(), ...schema.aggregations.values()]) {
    for (const f of holder.fields) holder.field.set(f.name, f)
  }

  for (const e of schema.entities.values()) {
    const id = e.field.get('id')
    if (!id || id.type.list || !id.type.nonNull || !['ID', 'String', 'Bytes', 'Int8'].includes(id.type.base)) {
      throw new InputError(`Entity \`${e.name}\` must have an \`id\` field of type ID!, String!, Bytes! or Int8!`, {
        where: file,
      })
    }
    e.idType = id.type.base === 'Bytes' ? 'Bytes' : id.type.base === 'Int8' ? 'Int8' : 'String'
    for (const i of e.interfaces) {
      const iface = schema.interfaces.get(i)
      if (!iface) throw new InputError(`Entity \`${e.name}\` implements unknown interface \`${i}\``, { where: file })
      iface.implementedBy.push(e.name)
    }
    for (const f of e.fields) {
      if (!f.derivedFrom) continue
      const target = schema.entities.get(f.type.base) ?? schema.interfaces.get(f.type.base)
      if (!target) {
        throw new InputError(`Derived field \`${e.name}.${f.name}\` must point to an entity or interface type`, {
          where: file,
        })
      }
      if (!target.field.has(f.derivedFrom)) {
        throw new InputError(
          `Field \`${e.name}.${f.name}\` is derived from \`${f.type.base}.${f.derivedFrom}\`, which does not exist`,
          { where: file },
        )
      }
    }
  }
  return schema
}

/** The entity types an entity-or-interface name stands for. */
export function concreteTypes(schema: SubgraphSchema, name: string): EntityDef[] {
  const e = schema.entities.get(name)
  if (e) return [e]
  const i = schema.interfaces.get(name)
  return i ? i.implementedBy.map((n) => schema.entities.get(n)!) : []
}
