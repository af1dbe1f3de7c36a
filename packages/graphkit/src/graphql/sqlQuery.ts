/**
 * SQL for one entity table: block visibility, `where` filters, ordering. Every value is a
 * bound parameter. Operator semantics follow graph-node store/postgres/src/relational_queries.rs:
 * `_not` is `!=` (rows whose value is null do not match), string patterns are `like`/`ilike`
 * with the value used as given, list `_contains` is `@>` and list `_not_contains` is "no overlap".
 */
import { quoteIdent, type Layout, type TableDef, type ColumnDef } from '../store/layout.ts'
import { concreteTypes, type FulltextDef } from '../subgraph/schema.ts'
import { ALL_SUFFIXES } from './filters.ts'
import { QueryError, msg } from './errors.ts'

export class Params {
  values: unknown[] = []
  add(v: unknown, sqlType?: string): string {
    this.values.push(v)
    return `$${this.values.length}${sqlType ? `::${sqlType}` : ''}`
  }
}

/**
 * Rows of `t` valid at `block` (graph-node: `block_range @> B` / `block$ <= B`). A negative
 * block means "the latest block": current versions are those with an open range, which the
 * store's partial unique index on `id where upper_inf(block_range)` serves.
 */
export const LATEST = -1
export function blockCond(t: TableDef, block: number, p: Params, alias = 'c'): string {
  if (block === LATEST) return t.immutable ? 'true' : `upper_inf(${alias}.block_range)`
  return t.immutable ? `${alias}.block$ <= ${p.add(block)}` : `${alias}.block_range @> ${p.add(block)}::int4`
}

const INTEGER = /^-?\d+$/
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const HEX = /^(0x)?([0-9a-fA-F]{2})*$/

/** A filter value as the SQL parameter of column `c`; values that do not parse are refused by name. */
function toSql(c: ColumnDef, v: unknown, key: string): unknown {
  if (Array.isArray(v)) return v.map((x) => toSql({ ...c, list: false }, x, key))
  if (v === null || v === undefined) return null
  const bad = () => new QueryError(msg.badScalar(v, key, c.valueType))
  switch (c.valueType) {
    case 'Bytes':
      if (typeof v !== 'string' || !HEX.test(v)) throw bad()
      return Buffer.from(v.replace(/^0x/, ''), 'hex')
    case 'Boolean': return v
    case 'Int': return Number(v)
    case 'BigInt': case 'Int8': case 'Timestamp':
      if (!INTEGER.test(String(v))) throw bad()
      return String(v)
    case 'BigDecimal':
      if (!DECIMAL.test(String(v))) throw bad()
      return String(v)
    default: return String(v)
  }
}

/** Tables holding rows of an entity or interface type. */
export const tablesOf = (layout: Layout, type: string): TableDef[] =>
  concreteTypes(layout.schema, type).map((e) => layout.tables.get(e.name)!).filter(Boolean)

export function whereSql(layout: Layout, t: TableDef, where: Record<string, unknown> | undefined, block: number, p: Params, alias = 'c', nested = false): string[] {
  const out: string[] = []
  if (!where) return out
  // graph-node graphql/src/store/query.rs: `or` next to column filters is ambiguous and refused.
  if ('or' in where) {
    const cols = Object.keys(where).filter((k) => k !== 'or' && k !== 'and' && k !== '_change_block')
    if (cols.length) throw new QueryError(msg.orFilterMix(cols))
  }
  for (const [key, v] of Object.entries(where)) {
    if (key === 'and' || key === 'or') {
      if (v == null) continue
      const parts = (v as Record<string, unknown>[]).map((w) => {
        const c = whereSql(layout, t, w, block, p, alias, nested)
        return c.length ? `(${c.join(' and ')})` : 'true'
      })
      if (parts.length) out.push(`(${parts.join(key === 'and' ? ' and ' : ' or ')})`)
      continue
    }
    if (key === '_change_block') {
      const n = (v as { number_gte: number }).number_gte
      out.push(t.immutable ? `${alias}.block$ >= ${p.add(n)}` : `lower(${alias}.block_range) >= ${p.add(n)}`)
      continue
    }
    if (key.endsWith('_') && t.entity.field.has(key.slice(0, -1))) {
      // graph-node refuses a child filter inside a child filter (ChildFilterNestingNotSupportedError).
      if (nested) throw new QueryError(`Child filter nesting not supported by value \`${key.slice(0, -1)}\`: \`${key}\``)
      out.push(nestedSql(layout, t, key.slice(0, -1), v as Record<string, unknown>, block, p, alias))
      continue
    }
    const suffix = t.entity.field.has(key) ? '' : (ALL_SUFFIXES.find((s) => key.endsWith(s) && t.column.has(key.slice(0, -s.length))) ?? '')
    const c = t.column.get(suffix ? key.slice(0, -suffix.length) : key)
    if (!c) throw new QueryError(msg.noAttribute(t.entity.name, key))
    out.push(columnCond(c, `${alias}.${quoteIdent(c.name)}`, suffix, v, key, p))
  }
  return out
}

function columnCond(c: ColumnDef, col: string, suffix: string, v: unknown, key: string, p: Params): string {
  const type = c.sqlType
  const base = type.replace('[]', '')
  if (v === null) {
    if (suffix === '') return `${col} is null`
    if (suffix === '_not') return `${col} is not null`
    throw new QueryError(`Store error: unsupported filter \`${key}\` for value \`null\``)
  }
  const val = toSql(c, v, key)
  const nocase = suffix.includes('nocase')
  const neg = suffix.startsWith('_not') && suffix !== '_not'
  if (c.list) {
    if (suffix === '') return `${col} = ${p.add(val, type)}`
    if (suffix === '_not') return `${col} != ${p.add(val, type)}`
    if (nocase) return `${neg ? 'not ' : ''}exists (select 1 from unnest(${col}) as elem where elem ilike any(${p.add(val, 'text[]')}))`
    return neg ? `not ${col} && ${p.add(val, type)}` : `${col} @> ${p.add(val, type)}`
  }
  switch (suffix) {
    case '': return `${col} = ${p.add(val, base)}`
    case '_not': return `${col} != ${p.add(val, base)}`
    case '_gt': return `${col} > ${p.add(val, base)}`
    case '_lt': return `${col} < ${p.add(val, base)}`
    case '_gte': return `${col} >= ${p.add(val, base)}`
    case '_lte': return `${col} <= ${p.add(val, base)}`
    case '_in': return `${col} = any(${p.add(val, base + '[]')})`
    case '_not_in': return `not (${col} = any(${p.add(val, base + '[]')}))`
  }
  if (base === 'bytea') {
    if (suffix !== '_contains' && suffix !== '_not_contains') throw new QueryError(`Store error: unsupported filter \`${suffix.slice(1)}\` for value \`${v}\``)
    return `position(${p.add(val, 'bytea')} in ${col}) ${neg ? '=' : '>'} 0`
  }
  if (base !== 'text') throw new QueryError(`Store error: unsupported filter \`${suffix.slice(1)}\` for value \`${v}\``)
  const s = String(v)
  const pat = suffix.includes('contains') ? (s.startsWith('%') || s.endsWith('%') ? s : `%${s}%`) : suffix.includes('starts_with') ? `${s}%` : `%${s}`
  return `${col} ${neg ? 'not ' : ''}${nocase ? 'ilike' : 'like'} ${p.add(pat, 'text')}`
}

/** How rows of child table `ct` (alias `a`) attach to parent row `alias` through field `field` of `t`. */
function linkSql(t: TableDef, field: string, ct: TableDef, a: string, alias: string): string {
  const f = t.entity.field.get(field)!
  if (f.derivedFrom) {
    const back = ct.column.get(f.derivedFrom)
    if (!back) throw new QueryError(msg.noAttribute(ct.entity.name, f.derivedFrom))
    return back.list ? `${alias}.id = any(${a}.${quoteIdent(back.name)})` : `${a}.${quoteIdent(back.name)} = ${alias}.id`
  }
  const c = t.column.get(field)!
  return c.list ? `${a}.id = any(${alias}.${quoteIdent(c.name)})` : `${a}.id = ${alias}.${quoteIdent(c.name)}`
}

function nestedSql(layout: Layout, t: TableDef, field: string, where: Record<string, unknown>, block: number, p: Params, alias: string): string {
  const f = t.entity.field.get(field)!
  const a = alias + 'n'
  const parts = tablesOf(layout, f.type.base).map((ct) => {
    const conds = [linkSql(t, field, ct, a, alias), blockCond(ct, block, p, a), ...whereSql(layout, ct, where, block, p, a, true)].join(' and ')
    return `exists (select 1 from ${ct.qualified} ${a} where ${conds})`
  })
  return parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`
}

/**
 * The sort key of `orderBy` as an SQL expression on row `alias`. `parent__field` reads the
 * referenced (or, for a derived single field, the referring) row's column at the same block.
 */
export function orderExpr(layout: Layout, t: TableDef, orderBy: string | undefined, block: number, p: Params, alias = 'c'): string {
  if (!orderBy) return `${alias}.id`
  const [head, sub] = orderBy.split('__')
  const f = t.entity.field.get(head)
  if (sub !== undefined && f && !f.type.list) {
    const subs = tablesOf(layout, f.type.base).map((ct) => {
      const cc = ct.column.get(sub)
      if (!cc || cc.list || cc.references) throw new QueryError(msg.orderNotSupported(orderBy, t.entity.name))
      return `(select o.${quoteIdent(cc.name)} from ${ct.qualified} o where ${linkSql(t, head, ct, 'o', alias)} and ${blockCond(ct, block, p, 'o')} limit 1)`
    })
    if (subs.length) return subs.length === 1 ? subs[0] : `coalesce(${subs.join(', ')})`
  }
  const c = t.column.get(orderBy)
  if (!c || c.list || c.references) throw new QueryError(msg.orderNotSupported(orderBy, t.entity.name))
  return `${alias}.${quoteIdent(c.name)}`
}

/**
 * ORDER BY. No NULLS clause: Postgres' default (nulls sort high), which graph-node's plain
 * `asc`/`desc` inherits, and which lets a btree index on the column serve both directions.
 */
export function orderSql(layout: Layout, t: TableDef, orderBy: string | undefined, dir: string | undefined, block: number, p: Params, alias = 'c'): string {
  const d = dir === 'desc' ? 'desc' : 'asc'
  const e = orderExpr(layout, t, orderBy, block, p, alias)
  return e === `${alias}.id` ? `${e} ${d}` : `${e} ${d}, ${alias}.id ${d}`
}

/** graph-node's fulltext languages → Postgres text search configurations. */
const LANGUAGES: Record<string, string> = {
  simple: 'simple', da: 'danish', nl: 'dutch', en: 'english', fi: 'finnish', fr: 'french', de: 'german', hu: 'hungarian',
  it: 'italian', no: 'norwegian', pt: 'portuguese', ro: 'romanian', ru: 'russian', es: 'spanish', sv: 'swedish', tr: 'turkish',
}

/** The document of a `@fulltext` field: its included columns joined, as a tsvector. */
export function fulltextDoc(t: TableDef, ft: FulltextDef, alias = 'c'): { vector: string; config: string } {
  // Checked when the API schema is built (apiSchema.ts `checkFulltext`).
  const config = LANGUAGES[ft.language]
  const cols = ft.fields.map((f) => {
    const c = t.column.get(f)
    if (!c) throw new QueryError(msg.noAttribute(t.entity.name, f))
    return `coalesce(${alias}.${quoteIdent(c.name)}::text, '')`
  })
  return { vector: `to_tsvector('${config}', ${cols.join(` || ' ' || `)})`, config }
}
