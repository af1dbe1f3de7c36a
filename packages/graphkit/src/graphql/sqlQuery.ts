/**
 * SQL for one entity table: block visibility, `where` filters, ordering. Every value is a
 * bound parameter (graph-node store/postgres/src/relational_queries.rs does the same).
 */
import { quoteIdent, type Layout, type TableDef, type ColumnDef } from '../store/layout.ts'
import { ALL_SUFFIXES } from './filters.ts'
import { QueryError } from './errors.ts'

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

function toSql(c: ColumnDef, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => toSql({ ...c, list: false }, x))
  if (v === null || v === undefined) return null
  if (c.valueType === 'Bytes') return Buffer.from(String(v).replace(/^0x/, ''), 'hex')
  if (c.valueType === 'Boolean') return v
  if (c.valueType === 'Int') return Number(v)
  return String(v)
}

const like = (col: string, pat: string, nocase: boolean, neg: boolean) => `${col} ${neg ? 'not ' : ''}${nocase ? 'ilike' : 'like'} ${pat}`
const esc = (s: string) => s.replace(/[\\%_]/g, (m) => '\\' + m)

export function whereSql(layout: Layout, t: TableDef, where: Record<string, unknown> | undefined, block: number, p: Params, alias = 'c'): string[] {
  const out: string[] = []
  if (!where) return out
  // graph-node graph/src/data/query/error.rs: `or` next to column filters is ambiguous and refused.
  if ('or' in where && Object.keys(where).some((k) => k !== 'or' && k !== '_change_block'))
    throw new QueryError("Cannot mix column filters with 'or' operator at the same level")
  for (const [key, v] of Object.entries(where)) {
    if (key === 'and' || key === 'or') {
      const parts = (v as Record<string, unknown>[]).map((w) => {
        const c = whereSql(layout, t, w, block, p, alias)
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
      out.push(nestedSql(layout, t, key.slice(0, -1), v as Record<string, unknown>, block, p, alias))
      continue
    }
    const suffix = t.entity.field.has(key) ? '' : (ALL_SUFFIXES.find((s) => key.endsWith(s) && t.column.has(key.slice(0, -s.length))) ?? '')
    const c = t.column.get(suffix ? key.slice(0, -suffix.length) : key)
    if (!c) throw new QueryError(`Entity \`${t.entity.name}\` has no attribute \`${key}\``)
    const col = `${alias}.${quoteIdent(c.name)}`
    const type = c.sqlType
    const base = type.replace('[]', '')
    if (v === null) {
      if (suffix === '') out.push(`${col} is null`)
      else if (suffix === '_not') out.push(`${col} is not null`)
      continue
    }
    const val = toSql(c, v)
    const nocase = suffix.includes('nocase')
    const neg = suffix.startsWith('_not') && suffix !== '_not'
    if (c.list) {
      if (suffix === '') out.push(`${col} = ${p.add(val, type)}`)
      else if (suffix === '_not') out.push(`${col} <> ${p.add(val, type)}`)
      else if (nocase) out.push(`${neg ? 'not ' : ''}exists (select 1 from unnest(${col}) x where lower(x::text) = any(${p.add((val as string[]).map((s) => s.toLowerCase()), 'text[]')}))`)
      else out.push(`${neg ? 'not ' : ''}${col} @> ${p.add(val, type)}`)
      continue
    }
    switch (suffix) {
      case '': out.push(`${col} = ${p.add(val, base)}`); break
      case '_not': out.push(`${col} is distinct from ${p.add(val, base)}`); break
      case '_gt': out.push(`${col} > ${p.add(val, base)}`); break
      case '_lt': out.push(`${col} < ${p.add(val, base)}`); break
      case '_gte': out.push(`${col} >= ${p.add(val, base)}`); break
      case '_lte': out.push(`${col} <= ${p.add(val, base)}`); break
      case '_in': out.push(`${col} = any(${p.add(val, base + '[]')})`); break
      case '_not_in': out.push(`not (${col} = any(${p.add(val, base + '[]')}))`); break
      default: {
        if (base === 'bytea') {
          out.push(`${neg ? '' : ''}position(${p.add(val, 'bytea')} in ${col}) ${neg ? '=' : '>'} 0`)
          break
        }
        const s = esc(String(v))
        const pat = suffix.includes('contains') ? `%${s}%` : suffix.includes('starts_with') ? `${s}%` : `%${s}`
        out.push(like(col, p.add(pat, 'text'), nocase, neg))
      }
    }
  }
  return out
}

function nestedSql(layout: Layout, t: TableDef, field: string, where: Record<string, unknown>, block: number, p: Params, alias: string): string {
  const f = t.entity.field.get(field)!
  const child = layout.tables.get(f.type.base)
  if (!child) throw new QueryError(`Type \`${f.type.base}\` cannot be filtered on through \`${field}_\``)
  const a = alias + 'n'
  const conds = [blockCond(child, block, p, a), ...whereSql(layout, child, where, block, p, a)].join(' and ')
  if (f.derivedFrom) {
    const back = child.column.get(f.derivedFrom)!
    const link = back.list ? `${alias}.id = any(${a}.${quoteIdent(back.name)})` : `${a}.${quoteIdent(back.name)} = ${alias}.id`
    return `exists (select 1 from ${child.qualified} ${a} where ${link} and ${conds})`
  }
  const c = t.column.get(field)!
  const link = c.list ? `${a}.id = any(${alias}.${quoteIdent(c.name)})` : `${a}.id = ${alias}.${quoteIdent(c.name)}`
  return `exists (select 1 from ${child.qualified} ${a} where ${link} and ${conds})`
}

/** ORDER BY; `parent__field` orders by a column of the referenced row at the same block. */
export function orderSql(layout: Layout, t: TableDef, orderBy: string | undefined, dir: string | undefined, block: number, p: Params, alias = 'c'): string {
  const d = dir === 'desc' ? 'desc' : 'asc'
  if (!orderBy) return `${alias}.id ${d}`
  const [head, sub] = orderBy.split('__')
  if (sub) {
    const f = t.entity.field.get(head)!
    const child = layout.tables.get(f.type.base)
    const cc = child?.column.get(sub)
    const pc = t.column.get(head)
    if (!child || !cc || !pc) throw new QueryError(`Ordering by \`${orderBy}\` is not supported for type \`${t.entity.name}\``)
    return `(select o.${quoteIdent(cc.name)} from ${child.qualified} o where o.id = ${alias}.${quoteIdent(pc.name)} and ${blockCond(child, block, p, 'o')}) ${d}, ${alias}.id ${d}`
  }
  const c = t.column.get(orderBy)
  if (!c) throw new QueryError(`Ordering by \`${orderBy}\` is not supported for type \`${t.entity.name}\``)
  // No NULLS clause: Postgres' default (nulls sort high), which graph-node's plain `asc`/`desc`
  // inherits, and which lets a btree index on the column serve both directions.
  return `${alias}.${quoteIdent(c.name)} ${d}, ${alias}.id ${d}`
}
