/**
 * How a subgraph schema maps to SQL tables, graph-node style (graph-node
 * store/postgres/src/relational.rs): one Postgres schema per deployment (`sgd<N>`),
 * one table per entity type named in snake_case, one column per stored field,
 * `vid` as the version key, and `block_range int4range` on mutable entities
 * (`[created, superseded)`, upper bound open while current) or `block$ int4` on
 * immutable ones. The store writes these tables and the GraphQL layer reads them.
 */
import type { SubgraphSchema, EntityDef, FieldDef } from '../subgraph/schema.ts'

/** The SQL type holding one value of a scalar. Timestamps are microseconds since the epoch. */
export const SQL_TYPES: Record<string, string> = {
  ID: 'text',
  String: 'text',
  Bytes: 'bytea',
  BigInt: 'numeric',
  BigDecimal: 'numeric',
  Int: 'int4',
  Int8: 'int8',
  Boolean: 'boolean',
  Timestamp: 'int8',
}

export interface ColumnDef {
  field: FieldDef
  /** snake_case, quoted when used. */
  name: string
  /** Full SQL type, `[]` for lists. */
  sqlType: string
  /** Scalar (or enum) name of a value, or the id type of a referenced entity. */
  valueType: string
  list: boolean
  nullable: boolean
  /** Name of the referenced entity or interface type when the field is a relation. */
  references?: string
}

export interface TableDef {
  entity: EntityDef
  /** Unqualified table name. */
  name: string
  /** `"sgd1"."pool"` */
  qualified: string
  immutable: boolean
  /** Stored columns, `id` first; derived fields are not stored. */
  columns: ColumnDef[]
  column: Map<string, ColumnDef>
}

export interface Layout {
  schema: SubgraphSchema
  /** The Postgres schema of the deployment. */
  namespace: string
  tables: Map<string, TableDef>
}

/** graph-node's snake_case (Inflector::to_snake_case): `RewardClaim` → `reward_claim`, `tokenID` → `token_id`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
}

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`

function idTypeOf(schema: SubgraphSchema, typeName: string): string {
  const e = schema.entities.get(typeName)
  if (e) return e.idType === 'Bytes' ? 'Bytes' : e.idType === 'Int8' ? 'Int8' : 'String'
  // An interface: graph-node requires its implementors to share one id type.
  const i = schema.interfaces.get(typeName)
  const first = i?.implementedBy[0]
  return first ? idTypeOf(schema, first) : 'String'
}

export function buildLayout(schema: SubgraphSchema, namespace: string): Layout {
  const tables = new Map<string, TableDef>()
  for (const entity of schema.entities.values()) {
    const name = snakeCase(entity.name)
    const columns: ColumnDef[] = []
    const fields = [...entity.fields].sort((a, b) => (a.name === 'id' ? -1 : b.name === 'id' ? 1 : 0))
    for (const field of fields) {
      if (field.derivedFrom) continue
      const t = field.type
      const relation = t.category === 'entity' || t.category === 'interface'
      const valueType = relation ? idTypeOf(schema, t.base) : t.category === 'enum' ? 'String' : t.base
      const base = SQL_TYPES[valueType] ?? 'text'
      columns.push({
        field,
        name: snakeCase(field.name),
        sqlType: t.list ? `${base}[]` : base,
        valueType,
        list: t.list,
        nullable: !t.nonNull,
        references: relation ? t.base : undefined,
      })
    }
    tables.set(entity.name, {
      entity,
      name,
      qualified: `${quoteIdent(namespace)}.${quoteIdent(name)}`,
      immutable: entity.immutable,
      columns,
      column: new Map(columns.map((c) => [c.field.name, c])),
    })
  }
  return { schema, namespace, tables }
}

/**
 * DDL creating the deployment's tables with the indexes indexing itself needs (ids, current
 * versions, block ranges). Attribute indexes (`attributeIndexesSql`) come later: like
 * graph-node with GRAPH_POSTPONE_ATTRIBUTE_INDEX_CREATION, they are built once the
 * deployment reaches the chain head, because maintaining one index per column on every
 * insert made backfill several times slower than building them in one pass afterwards.
 */
export function createTablesSql(layout: Layout): string[] {
  const out = [`create schema if not exists ${quoteIdent(layout.namespace)}`]
  for (const t of layout.tables.values()) {
    const cols = ['vid bigserial primary key']
    for (const c of t.columns) cols.push(`${quoteIdent(c.name)} ${c.sqlType}${c.nullable ? '' : ' not null'}`)
    cols.push(t.immutable ? 'block$ int4 not null' : 'block_range int4range not null')
    out.push(`create table if not exists ${t.qualified} (${cols.join(', ')})`)
    const ix = (suffix: string, expr: string) =>
      out.push(`create index if not exists ${quoteIdent(`${t.name}_${suffix}`)} on ${t.qualified} ${expr}`)
    if (t.immutable) {
      out.push(
        `create unique index if not exists ${quoteIdent(`${t.name}_id_key`)} on ${t.qualified} (id)`,
      )
      ix('block', '(block$)')
    } else {
      // One current version per id; (id, lower) serves "version valid at block B" lookups.
      out.push(
        `create unique index if not exists ${quoteIdent(`${t.name}_id_current`)} on ${t.qualified} (id) where upper_inf(block_range)`,
      )
      ix('id_lower', '(id, lower(block_range) desc)')
      ix('lower', '(lower(block_range))')
    }
  }
  return out
}

/** One index per scalar attribute, for GraphQL filters and ordering (graph-node's attribute indexes; text by its first 256 characters). */
export function attributeIndexesSql(layout: Layout): string[] {
  const out: string[] = []
  for (const t of layout.tables.values()) {
    for (const c of t.columns) {
      if (c.name === 'id' || c.list) continue
      const expr = c.sqlType === 'text' ? `(left(${quoteIdent(c.name)}, 256))` : `(${quoteIdent(c.name)})`
      out.push(`create index if not exists ${quoteIdent(`${t.name}_${c.name}`)} on ${t.qualified} ${expr}`)
    }
  }
  return out
}
