/**
 * Executes a validated query against a deployment's tables: one SQL query per root field
 * and one per nesting level (children of all parents fetched together), at one block.
 */
import { parse, validate, Kind, type FieldNode, type SelectionSetNode, type FragmentDefinitionNode, type ValueNode, valueFromASTUntyped } from 'graphql'
import type { DeploymentStore } from '../store/types.ts'
import { quoteIdent, snakeCase, type TableDef } from '../store/layout.ts'
import { concreteTypes } from '../subgraph/schema.ts'
import type { ApiSchema } from './apiSchema.ts'
import { Params, blockCond, whereSql, orderSql, LATEST } from './sqlQuery.ts'
import { serializeValue } from './serialize.ts'
import { QueryError, msg } from './errors.ts'
import { MAX_DEPTH, DEFAULT_FIRST, MAX_FIRST, MAX_SKIP, MAX_RESULT_BYTES, QUERY_TIMEOUT_MS } from './validation.ts'

export interface QueryResult {
  data?: Record<string, unknown> | null
  errors?: { message: string }[]
}

type Row = Record<string, unknown>
type Ctx = { store: DeploymentStore; api: ApiSchema; vars: Record<string, unknown>; frags: Map<string, FragmentDefinitionNode>; block: number }

function collect(ss: SelectionSetNode | undefined, ctx: Ctx, out: FieldNode[] = []): FieldNode[] {
  for (const s of ss?.selections ?? []) {
    if (s.kind === Kind.FIELD) out.push(s)
    else if (s.kind === Kind.INLINE_FRAGMENT) collect(s.selectionSet, ctx, out)
    else { const f = ctx.frags.get(s.name.value); if (f) collect(f.selectionSet, ctx, out) }
  }
  return out
}

function args(f: FieldNode, ctx: Ctx): Record<string, any> {
  const a: Record<string, any> = {}
  for (const arg of f.arguments ?? []) a[arg.name.value] = valueFromASTUntyped(arg.value as ValueNode, ctx.vars)
  return a
}

function depth(ss: SelectionSetNode | undefined, ctx: Ctx): number {
  return 1 + Math.max(0, ...collect(ss, ctx).map((f) => (f.selectionSet ? depth(f.selectionSet, ctx) : 0)))
}

function limits(a: Record<string, any>) {
  const first = a.first ?? DEFAULT_FIRST
  const skip = a.skip ?? 0
  if (first < 0 || first > MAX_FIRST) throw new QueryError(msg.firstTooLarge(first))
  if (skip < 0 || skip > MAX_SKIP) throw new QueryError(msg.skipInvalid(skip))
  return { first, skip }
}

type Extra = (t: TableDef, p: Params) => string[]
type Row2 = { t: TableDef; row: Row }

/**
 * Rows of one entity type, or of every implementor of an interface (graph-node queries each
 * implementor's table and merges by the sort key: store/postgres/src/relational_queries.rs).
 */
async function select(ctx: Ctx, type: string, extra: Extra, a: Record<string, any>, paged: boolean): Promise<Row2[]> {
  const tables = concreteTypes(ctx.store.layout.schema, type).map((e) => ctx.store.layout.tables.get(e.name)!)
  const { first, skip } = paged ? limits(a) : { first: 0, skip: 0 }
  const out: Row2[] = []
  for (const t of tables) {
    const p = new Params()
    const conds = [blockCond(t, ctx.block, p), ...extra(t, p), ...whereSql(ctx.store.layout, t, a.where, ctx.block, p)]
    let text = `select c.* from ${t.qualified} c where ${conds.join(' and ')} order by ${orderSql(ctx.store.layout, t, a.orderBy, a.orderDirection, ctx.block, p)}`
    // With several tables each one supplies up to skip+first rows; the merge then skips.
    if (paged) text += tables.length > 1 ? ` limit ${p.add(first + skip)}` : ` limit ${p.add(first)} offset ${p.add(skip)}`
    for (const row of (await ctx.store.sql.query<Row>(text, p.values)).rows) out.push({ t, row })
  }
  if (tables.length <= 1) return out
  const key = a.orderBy && !String(a.orderBy).includes('__') ? snakeCase(a.orderBy) : 'id'
  const dir = a.orderDirection === 'desc' ? -1 : 1
  out.sort((x, y) => dir * (compare(x.row[key], y.row[key]) || compare(x.row.id, y.row.id)))
  return paged ? out.slice(skip, skip + first) : out
}

function compare(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(Buffer.from(a), Buffer.from(b))
  if (typeof a === 'string' && typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return Number(a) - Number(b)
  return a < b ? -1 : a > b ? 1 : 0
}

/** Fills each row's selection; relations are resolved for all rows of the level at once. */
async function resolve(ctx: Ctx, rows: Row2[], ss: SelectionSetNode | undefined): Promise<Row[]> {
  const out: Row[] = rows.map(() => ({}))
  for (const f of collect(ss, ctx)) {
    const key = f.alias?.value ?? f.name.value
    const name = f.name.value
    if (name === '__typename') { rows.forEach((r, i) => (out[i][key] = r.t.entity.name)); continue }
    // Rows of one level may come from several tables (interfaces): group by table.
    for (const t of new Set(rows.map((r) => r.t))) {
      const idx = rows.flatMap((r, i) => (r.t === t ? [i] : []))
      const mine = idx.map((i) => rows[i].row)
      const vals = await resolveField(ctx, t, mine, f)
      idx.forEach((i, k) => (out[i][key] = vals[k]))
    }
  }
  return out
}

async function resolveField(ctx: Ctx, t: TableDef, rows: Row[], f: FieldNode): Promise<unknown[]> {
  const name = f.name.value
  const def = t.entity.field.get(name)!
  const rel = def.type.category === 'entity' || def.type.category === 'interface'
  if (!rel) {
    const c = t.column.get(name)!
    return rows.map((r) => serializeValue(c, r[c.name]))
  }
  const a = args(f, ctx)
  const { first, skip } = def.type.list ? limits(a) : { first: 1, skip: 0 }
  if (def.derivedFrom) {
    const ids = rows.map((r) => r.id)
    const kids = await select(ctx, def.type.base, (kt, p) => {
      const back = kt.column.get(def.derivedFrom!)!
      const col = `c.${quoteIdent(back.name)}`
      return [back.list ? `${col} && ${p.add(ids, back.sqlType)}` : `${col} = any(${p.add(ids, `${back.sqlType}[]`)})`]
    }, a, false)
    const filled = await resolve(ctx, kids, f.selectionSet)
    // Group children by the parent id(s) they point back to: one pass, no per-parent scan.
    const byParent = new Map<string, Row[]>()
    kids.forEach((k, i) => {
      const v = k.row[k.t.column.get(def.derivedFrom!)!.name]
      for (const p of Array.isArray(v) ? v : [v]) {
        const g = byParent.get(idKey(p))
        if (g) g.push(filled[i])
        else byParent.set(idKey(p), [filled[i]])
      }
    })
    return rows.map((r) => {
      const mine = byParent.get(idKey(r.id)) ?? []
      return def.type.list ? mine.slice(skip, skip + first) : (mine[0] ?? null)
    })
  }
  const c = t.column.get(name)!
  const ids = rows.flatMap((r) => (c.list ? ((r[c.name] as unknown[]) ?? []) : r[c.name] == null ? [] : [r[c.name]]))
  const kids = await select(ctx, def.type.base, (kt, p) => [`c.id = any(${p.add(ids, kt.column.get('id')!.sqlType + '[]')})`], def.type.list ? a : {}, false)
  const filled = await resolve(ctx, kids, f.selectionSet)
  const byId = new Map(kids.map((k, i) => [idKey(k.row.id), filled[i]]))
  return rows.map((r) => {
    if (c.list) {
      // Keep the stored list's order, as graph-node does for list relations without orderBy.
      const want = (r[c.name] as unknown[]) ?? []
      if (!a.orderBy) return want.flatMap((x) => byId.get(idKey(x)) ?? []).slice(skip, skip + first)
      const set = new Set(want.map(idKey))
      return filled.filter((_, i) => set.has(idKey(kids[i].row.id))).slice(skip, skip + first)
    }
    return r[c.name] == null ? null : (byId.get(idKey(r[c.name])) ?? null)
  })
}

const idKey = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') : String(v))

/** Runs a query under graph-node's time and size limits. */
export async function executeQuery(store: DeploymentStore, api: ApiSchema, query: string, variables: Record<string, unknown> = {}, caps = { timeoutMs: QUERY_TIMEOUT_MS, maxBytes: MAX_RESULT_BYTES }): Promise<QueryResult> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<QueryResult>((resolve) => {
    timer = setTimeout(() => resolve({ data: null, errors: [{ message: msg.timeout(caps.timeoutMs) }] }), caps.timeoutMs)
  })
  try {
    const r = await Promise.race([run(store, api, query, variables), timeout])
    if (r.data) {
      const bytes = Buffer.byteLength(JSON.stringify(r.data))
      if (bytes > caps.maxBytes) return { data: null, errors: [{ message: msg.resultTooBig(bytes, caps.maxBytes) }] }
    }
    return r
  } finally {
    clearTimeout(timer)
  }
}

async function run(store: DeploymentStore, api: ApiSchema, query: string, variables: Record<string, unknown> = {}): Promise<QueryResult> {
  let doc
  try { doc = parse(query) } catch (e) { return { errors: [{ message: (e as Error).message }] } }
  const verr = validate(api.schema, doc)
  if (verr.length) return { errors: verr.map((e) => ({ message: e.message })) }
  const frags = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]))
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return { errors: [{ message: 'no operation' }] }
  const info = await store.info()
  const latest = info.latest?.number ?? -1
  const data: Record<string, unknown> = {}
  let partialErrors = false
  try {
    const base: Ctx = { store, api, vars: variables, frags, block: latest }
    if (depth(op.selectionSet, base) > MAX_DEPTH) throw new QueryError(msg.tooDeep(MAX_DEPTH))
    for (const f of collect(op.selectionSet, base)) {
      const key = f.alias?.value ?? f.name.value
      const a = args(f, base)
      let block = latest
      if (a.block?.hash != null) {
        // graph-node resolves a block hash through the chain store; we know the blocks the store kept for reorgs.
        const found = (await store.recentBlocks(1 << 20)).find((b) => b.hash.toLowerCase() === String(a.block.hash).toLowerCase())
        if (!found) throw new QueryError(msg.blockHashUnknown(String(a.block.hash)))
        block = found.number
      } else if (a.block?.number != null) {
        if (a.block.number > latest) throw new QueryError(msg.blockNotIndexed(info.id, a.block.number, latest))
        block = a.block.number
      } else if (a.block?.number_gte != null && a.block.number_gte > latest) {
        throw new QueryError(msg.blockNotIndexed(info.id, a.block.number_gte, latest))
      }
      // The latest state is read through open block ranges rather than `@> latest` (same rows, indexed).
      const ctx = { ...base, block: block === latest ? LATEST : block }
      if (f.name.value === '__typename') { data[key] = 'Query'; continue }
      // graph-node: with subgraphError: deny (the default) a subgraph with indexing errors answers no data.
      const hasErrors = info.nonFatalErrors.length > 0
      if (hasErrors && f.name.value !== '_meta' && a.subgraphError !== 'allow') throw new QueryError(msg.indexingError)
      if (hasErrors && f.name.value !== '_meta') partialErrors = true
      if (f.name.value === '_meta') {
        const m: Record<string, unknown> = {}
        for (const g of collect(f.selectionSet, ctx)) {
          const k = g.alias?.value ?? g.name.value
          if (g.name.value === 'deployment') m[k] = info.id
          else if (g.name.value === 'hasIndexingErrors') m[k] = info.fatalError != null || info.nonFatalErrors.length > 0
          else if (g.name.value === 'block') {
            const b: Record<string, unknown> = {}
            const ptr = a.block ? null : info.latest
            for (const h of collect(g.selectionSet, ctx)) {
              const hk = h.alias?.value ?? h.name.value
              b[hk] = h.name.value === 'number' ? block : h.name.value === 'hash' ? (ptr?.hash ?? null) : h.name.value === 'timestamp' ? (ptr?.timestamp ?? null) : h.name.value === 'parentHash' ? (ptr?.parentHash ?? null) : null
            }
            m[k] = b
          } else if (g.name.value === '__typename') m[k] = '_Meta_'
        }
        data[key] = m
        continue
      }
      const root = api.roots.get(f.name.value)!
      if (root.many) {
        data[key] = await resolve(ctx, await select(ctx, root.type, () => [], a, true), f.selectionSet)
      } else {
        const rows = await select(ctx, root.type, (t, p) => {
          const idc = t.column.get('id')!
          const id = idc.valueType === 'Bytes' ? Buffer.from(String(a.id).replace(/^0x/, ''), 'hex') : a.id
          return [`c.id = ${p.add(id, idc.sqlType)}`]
        }, {}, false)
        data[key] = rows.length ? (await resolve(ctx, rows.slice(0, 1), f.selectionSet))[0] : null
      }
    }
  } catch (e) {
    if (e instanceof QueryError) return { data: null, errors: [{ message: e.message }] }
    throw e
  }
  return partialErrors ? { data, errors: [{ message: msg.indexingError }] } : { data }
}
