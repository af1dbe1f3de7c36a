/**
 * Executes a validated query against a deployment's tables: one SQL query per root field
 * and one per nesting level (children of all parents fetched together), at one block.
 * The whole query runs in one transaction (one snapshot), on PostgreSQL read-only and under
 * `statement_timeout`; on both adapters the deadline is checked before every statement.
 */
import { parse, validate, executeSync, Kind, GraphQLError, type DocumentNode, type FieldNode, type SelectionSetNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql'
import type { DeploymentStore, Sql, DeploymentInfo, BlockPtr } from '../store/types.ts'
import { quoteIdent, type TableDef } from '../store/layout.ts'
import type { FulltextDef } from '../subgraph/schema.ts'
import type { ApiSchema } from './apiSchema.ts'
import { Params, blockCond, whereSql, orderSql, orderExpr, tablesOf, fulltextDoc, LATEST } from './sqlQuery.ts'
import { serializeValue } from './serialize.ts'
import { coerceVariables, literal } from './variables.ts'
import { QueryError, msg } from './errors.ts'
import { MAX_DEPTH, DEFAULT_FIRST, MAX_FIRST, MAX_SKIP, MAX_RESULT_BYTES, QUERY_TIMEOUT_MS } from './validation.ts'

export interface QueryResult {
  data?: Record<string, unknown> | null
  errors?: { message: string; locations?: { line: number; column: number }[] }[]
}

type Row = Record<string, unknown>
type Ctx = { sql: Sql; store: DeploymentStore; api: ApiSchema; vars: Record<string, unknown>; frags: Map<string, FragmentDefinitionNode>; block: number; deadline: number; timeoutMs: number }

/**
 * The fields a selection asks of an object of type `on` (an entity type; its name and the
 * interfaces it implements satisfy a fragment's type condition). Without `on`, every field.
 */
function collect(ss: SelectionSetNode | undefined, ctx: Pick<Ctx, 'frags' | 'vars'>, on?: TableDef, out: FieldNode[] = []): FieldNode[] {
  const applies = (cond: string | undefined) => !on || !cond || cond === on.entity.name || on.entity.interfaces.includes(cond)
  for (const s of ss?.selections ?? []) {
    if (skipped(s.directives, ctx.vars)) continue
    if (s.kind === Kind.FIELD) out.push(s)
    else if (s.kind === Kind.INLINE_FRAGMENT) { if (applies(s.typeCondition?.name.value)) collect(s.selectionSet, ctx, on, out) }
    else { const f = ctx.frags.get(s.name.value); if (f && applies(f.typeCondition.name.value)) collect(f.selectionSet, ctx, on, out) }
  }
  return out
}

/** `@skip(if:)` / `@include(if:)`. */
function skipped(dirs: FieldNode['directives'], vars: Record<string, unknown>): boolean {
  for (const d of dirs ?? []) {
    const arg = d.arguments?.find((a) => a.name.value === 'if')
    const v = arg ? literal(arg.value, vars) : undefined
    if (d.name.value === 'skip' && v === true) return true
    if (d.name.value === 'include' && v === false) return true
  }
  return false
}

function args(f: FieldNode, ctx: Pick<Ctx, 'vars'>): Record<string, any> {
  const a: Record<string, any> = {}
  for (const arg of f.arguments ?? []) a[arg.name.value] = literal(arg.value, ctx.vars)
  return a
}

function depth(ss: SelectionSetNode | undefined, ctx: Pick<Ctx, 'frags' | 'vars'>): number {
  return 1 + Math.max(0, ...collect(ss, ctx).map((f) => (f.selectionSet ? depth(f.selectionSet, ctx) : 0)))
}

/** graph-node graphql/src/store/query.rs `build_range`: 0 < first ≤ 1000, 0 ≤ skip ≤ max. */
function limits(a: Record<string, any>) {
  const first = a.first ?? DEFAULT_FIRST
  const skip = a.skip ?? 0
  if (first <= 0 || first > MAX_FIRST) throw new QueryError(msg.firstTooLarge(first))
  if (skip < 0 || skip > MAX_SKIP) throw new QueryError(msg.skipInvalid(skip))
  return { first, skip }
}

async function sqlQuery(ctx: Ctx, text: string, values: unknown[]): Promise<Row[]> {
  if (Date.now() > ctx.deadline) throw new QueryError(msg.timeout())
  try {
    return (await ctx.sql.query<Row>(text, values)).rows
  } catch (e) {
    const m = (e as Error).message ?? ''
    if (/statement timeout/.test(m)) throw new QueryError(msg.timeout())
    if (/syntax error in tsquery|no operand in tsquery/.test(m)) throw new QueryError(msg.fulltextSyntax(m.replace(/^SQL error \w+: /, '')))
    throw e
  }
}

type Extra = (t: TableDef, p: Params) => string[]
type Row2 = { t: TableDef; row: Row }
const SORT = '__sort'

/**
 * Rows of one entity type, or of every implementor of an interface (graph-node queries each
 * implementor's table and merges by the sort key: store/postgres/src/relational_queries.rs).
 */
/** Children of many parents: at most `limit` rows per value of the back-reference column (graph-node limits per parent too). */
type PerParent = { column: (t: TableDef) => string | null; limit: number }

async function select(ctx: Ctx, type: string, extra: Extra, a: Record<string, any>, paged: boolean, fulltext?: FulltextDef, perParent?: PerParent): Promise<Row2[]> {
  const tables = tablesOf(ctx.store.layout, type)
  const { first, skip } = paged ? limits(a) : { first: 0, skip: 0 }
  const out: Row2[] = []
  for (const t of tables) {
    const p = new Params()
    const conds = [blockCond(t, ctx.block, p), ...extra(t, p), ...whereSql(ctx.store.layout, t, a.where, ctx.block, p)]
    let order: string
    let sortCol = ''
    if (fulltext) {
      // graph-node orders search results by rank (ts_rank, or ts_rank_cd for proximityRank), best first.
      const { vector, config } = fulltextDoc(t, fulltext)
      const q = `to_tsquery('${config}', ${p.add(String(a.text), 'text')})`
      conds.push(`${vector} @@ ${q}`)
      order = `${fulltext.algorithm === 'proximityRank' ? 'ts_rank_cd' : 'ts_rank'}(${vector}, ${q}) desc, c.id asc`
    } else {
      order = orderSql(ctx.store.layout, t, a.orderBy, a.orderDirection, ctx.block, p)
      if (tables.length > 1) sortCol = `, ${orderExpr(ctx.store.layout, t, a.orderBy, ctx.block, p)} as ${SORT}`
    }
    let text = `select c.*${sortCol} from ${t.qualified} c where ${conds.join(' and ')} order by ${order}`
    const part = perParent?.column(t)
    if (part) text = `select * from (select c.*${sortCol}, row_number() over (partition by c.${quoteIdent(part)} order by ${order}) as __rn from ${t.qualified} c where ${conds.join(' and ')}) w where w.__rn <= ${p.add(perParent!.limit)} order by w.__rn`
    // With several tables each one supplies up to skip+first rows; the merge then skips.
    if (paged) text += tables.length > 1 ? ` limit ${p.add(first + skip)}` : ` limit ${p.add(first)} offset ${p.add(skip)}`
    for (const row of await sqlQuery(ctx, text, p.values)) out.push({ t, row })
  }
  if (tables.length <= 1) return out
  const dir = a.orderDirection === 'desc' ? -1 : 1
  const key = a.orderBy ? SORT : 'id'
  out.sort((x, y) => dir * (compare(x.row[key], y.row[key]) || compare(x.row.id, y.row.id)))
  return paged ? out.slice(skip, skip + first) : out
}

/** Compares decimal strings exactly (numeric, int8 arrive as text). */
function compareDecimal(a: string, b: string): number {
  const neg = (s: string) => s.startsWith('-')
  if (neg(a) !== neg(b)) return neg(a) ? -1 : 1
  const sign = neg(a) ? -1 : 1
  const [ai, af = ''] = a.replace('-', '').split('.')
  const [bi, bf = ''] = b.replace('-', '').split('.')
  const ia = ai.replace(/^0+(?=\d)/, ''), ib = bi.replace(/^0+(?=\d)/, '')
  if (ia.length !== ib.length) return sign * (ia.length - ib.length)
  const fa = ia + af.padEnd(Math.max(af.length, bf.length), '0'), fb = ib + bf.padEnd(Math.max(af.length, bf.length), '0')
  return sign * (fa < fb ? -1 : fa > fb ? 1 : 0)
}

/** Postgres' order: nulls sort after every value. */
function compare(a: unknown, b: unknown): number {
  if (a == null || b == null) return a == null ? (b == null ? 0 : 1) : -1
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(Buffer.from(a), Buffer.from(b))
  if (typeof a === 'string' && typeof b === 'string' && /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)) return compareDecimal(a, b)
  return a < b ? -1 : a > b ? 1 : 0
}

/** Fills each row's selection; relations are resolved for all rows of the level at once. */
async function resolve(ctx: Ctx, rows: Row2[], ss: SelectionSetNode | undefined): Promise<Row[]> {
  const out: Row[] = rows.map(() => ({}))
  // Rows of one level may come from several tables (interfaces): each table's rows get the
  // fields their type's fragments select, resolved for all of them at once.
  for (const t of new Set(rows.map((r) => r.t))) {
    const idx = rows.flatMap((r, i) => (r.t === t ? [i] : []))
    const mine = idx.map((i) => rows[i].row)
    for (const f of collect(ss, ctx, t)) {
      const key = f.alias?.value ?? f.name.value
      if (f.name.value === '__typename') { idx.forEach((i) => (out[i][key] = t.entity.name)); continue }
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
    }, a, false, undefined, def.type.list ? { column: (kt) => (kt.column.get(def.derivedFrom!)!.list ? null : kt.column.get(def.derivedFrom!)!.name), limit: skip + first } : undefined)
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
  const ids = [...new Set(rows.flatMap((r) => (c.list ? ((r[c.name] as unknown[]) ?? []) : r[c.name] == null ? [] : [r[c.name]])).map(idKey))]
    .map((k) => (c.valueType === 'Bytes' ? Buffer.from(k, 'hex') : k))
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

export interface QueryCaps {
  timeoutMs: number
  maxBytes: number
}

/** Runs a query under graph-node's time and size limits. */
export async function executeQuery(store: DeploymentStore, api: ApiSchema, query: string, variables: Record<string, unknown> = {}, caps: QueryCaps = { timeoutMs: QUERY_TIMEOUT_MS, maxBytes: MAX_RESULT_BYTES }): Promise<QueryResult> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<QueryResult>((resolve) => {
    timer = setTimeout(() => resolve({ data: null, errors: [{ message: msg.timeout() }] }), caps.timeoutMs)
  })
  try {
    const r = await Promise.race([run(store, api, query, variables, caps), timeout])
    if (r.data) {
      const bytes = Buffer.byteLength(JSON.stringify(r.data))
      if (bytes > caps.maxBytes) return { data: null, errors: [{ message: msg.resultTooBig(bytes, caps.maxBytes) }] }
    }
    return r
  } finally {
    clearTimeout(timer)
  }
}

/**
 * graph-node validates with graphql-tools-rs, whose messages are graphql-js's without "Did you
 * mean" hints, except for literals of the wrong type (its ValuesOfCorrectType rule words them
 * `Expected value of type "Int", found "x".`).
 */
export function validationMessage(message: string): string {
  const m = message.replace(/ Did you mean .*\?$/, '')
  const scalar = /^(Int|Float|String|Boolean|ID) cannot represent .*? value: (.+)$/.exec(m)
  if (scalar) return `Expected value of type "${scalar[1]}", found ${scalar[2]}.`
  if (/^Enum ".*" cannot represent non-enum value: /.test(m) || /^Expected value of type ".*", found null\.$/.test(m)) return m.replace(/\.$/, '')
  return m
}

function validationError(e: GraphQLError) {
  const out: { message: string; locations?: { line: number; column: number }[] } = { message: validationMessage(e.message) }
  if (e.locations?.length) out.locations = e.locations.map((l) => ({ line: l.line, column: l.column }))
  return out
}

async function run(store: DeploymentStore, api: ApiSchema, query: string, variables: Record<string, unknown>, caps: QueryCaps): Promise<QueryResult> {
  let doc
  try { doc = parse(query) } catch (e) { return { errors: [validationError(e as GraphQLError)] } }
  const verr = validate(api.schema, doc)
  if (verr.length) return { errors: verr.map(validationError) }
  const frags = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]))
  // graph-node takes the one operation of a document; with several it asks for an operation name
  // (and does not select by it).
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  if (ops.length !== 1) return { errors: [{ message: 'Operation name required' }] }
  const op = ops[0]
  if (op.operation !== 'query') return { errors: [{ message: 'Not supported: Only queries are supported' }] }
  let vars: Record<string, unknown>
  try {
    vars = coerceVariables(api.schema, op, variables ?? {})
  } catch (e) {
    if (e instanceof QueryError) return { errors: [{ message: e.message }] }
    throw e
  }
  const info = await store.info()
  const deadline = Date.now() + caps.timeoutMs
  // Block pointers (for `block: { hash }` and `_meta`) are read before the query's transaction:
  // on PGlite the store's own reads would wait behind it.
  const rootFields = collect(op.selectionSet, { frags, vars })
  const wantsHash = rootFields.some((f) => args(f, { vars }).block?.hash != null)
  const recent = wantsHash ? await store.recentBlocks(1 << 20) : rootFields.some((f) => f.name.value === '_meta') ? await store.recentBlocks(1) : []
  const go = (sql: Sql) => runOperation({ sql, store, api, vars, frags, block: LATEST, deadline, timeoutMs: caps.timeoutMs }, op, info, recent)
  try {
    // One snapshot for every level (a commit landing between two levels cannot mix blocks), and
    // Postgres cancels a statement that overruns the deadline. PGlite has no statement timer: the
    // deadline is checked between statements.
    if (store.sql.kind !== 'postgres') return await store.sql.transaction(go)
    return await store.sql.transaction(async (tx) => {
      await tx.query('set transaction read only')
      await tx.query(`set local statement_timeout = ${Math.max(1, Math.floor(caps.timeoutMs))}`)
      return go(tx)
    })
  } catch (e) {
    if (e instanceof QueryError) return { data: null, errors: [{ message: e.message }] }
    throw e
  }
}

async function runOperation(base: Ctx, op: OperationDefinitionNode, info: DeploymentInfo, recent: BlockPtr[]): Promise<QueryResult> {
  const ss = op.selectionSet
  const { store, api } = base
  const latest = info.latest?.number ?? -1
  const data: Record<string, unknown> = {}
  let partialErrors = false
  // The first block with a deterministic error, fatal or not (an error without a block counts from the start).
  const errs = [...(info.fatalError?.deterministic ? [info.fatalError] : []), ...info.nonFatalErrors.filter((e) => e.deterministic)]
  const errorBlock = errs.length ? Math.min(...errs.map((e) => e.block?.number ?? -Infinity)) : null
  if (depth(ss, base) > MAX_DEPTH) throw new QueryError(msg.tooDeep(MAX_DEPTH))
  const queryable = (arg: 'block.number' | 'block.hash', n: number) => {
    if (n > latest) throw new QueryError(msg.blockNotIndexed(arg, info.id, n, latest))
    if (n < info.earliestBlock) throw new QueryError(msg.blockPruned(arg, info.id, n, info.earliestBlock))
  }
  for (const f of collect(ss, base)) {
    const key = f.alias?.value ?? f.name.value
    if (f.name.value === '__typename') { data[key] = 'Query'; continue }
    if (f.name.value === '__schema' || f.name.value === '__type') { data[key] = introspect(base, f, op); continue }
    const a = args(f, base)
    let block = latest
    // The block `_meta` describes; graph-node has no hash (nor time) for a block-number constraint.
    let ptr: BlockPtr | null | undefined = info.latest
    if (a.block?.hash != null) {
      // graph-node resolves a block hash through the chain store; we know the blocks the store kept for reorgs.
      const found = recent.find((b) => b.hash.toLowerCase() === String(a.block.hash).toLowerCase())
      if (!found) throw new QueryError(msg.blockHashUnknown())
      queryable('block.hash', found.number)
      block = found.number
      ptr = found
    } else if (a.block?.number != null) {
      queryable('block.number', a.block.number)
      block = a.block.number
      ptr = null
    } else if (a.block?.number_gte != null && a.block.number_gte > latest) {
      throw new QueryError(msg.blockNotIndexed('block.number_gte', info.id, a.block.number_gte, latest))
    }
    // The latest state is read through open block ranges rather than `@> latest` (same rows, indexed).
    const ctx = { ...base, block: block === latest ? LATEST : block }
    // graph-node (graphql/src/store/resolver.rs): a deterministic error at or below the queried block
    // adds `indexing_error`; with subgraphError: deny (the default) the field's data is left out.
    const hasErrors = errorBlock !== null && errorBlock <= (block === LATEST ? latest : block)
    if (hasErrors && f.name.value !== '_meta') {
      partialErrors = true
      if (a.subgraphError !== 'allow') continue
    }
    if (f.name.value === '_meta') {
      if (ptr && ptr === info.latest) ptr = recent.find((b) => b.number === ptr!.number) ?? ptr
      data[key] = meta(ctx, f, info.id, block, ptr, hasErrors)
      continue
    }
    const root = api.roots.get(f.name.value)!
    if (root.fulltext) {
      data[key] = await resolve(ctx, await select(ctx, root.type, () => [], a, true, root.fulltext), f.selectionSet)
    } else if (root.many) {
      data[key] = await resolve(ctx, await select(ctx, root.type, () => [], a, true), f.selectionSet)
    } else {
      const rows = await select(ctx, root.type, (t, p) => {
        const idc = t.column.get('id')!
        if (idc.valueType === 'Bytes' && !/^(0x)?([0-9a-fA-F]{2})*$/.test(String(a.id))) throw new QueryError(msg.badScalar(a.id, 'id', 'Bytes'))
        const id = idc.valueType === 'Bytes' ? Buffer.from(String(a.id).replace(/^0x/, ''), 'hex') : a.id
        return [`c.id = ${p.add(id, idc.sqlType)}`]
      }, {}, false)
      data[key] = rows.length ? (await resolve(ctx, rows.slice(0, 1), f.selectionSet))[0] : null
    }
  }
  if (!partialErrors) return { data }
  return { data: Object.keys(data).length ? data : null, errors: [{ message: msg.indexingError }] }
}

/** `__schema` / `__type`: graphql-js answers introspection from the API schema (as graph-node answers it from its own). */
function introspect(ctx: Ctx, f: FieldNode, op: OperationDefinitionNode): unknown {
  const doc: DocumentNode = { kind: Kind.DOCUMENT, definitions: [{ ...op, selectionSet: { kind: Kind.SELECTION_SET, selections: [f] } }, ...ctx.frags.values()] }
  const r = executeSync({ schema: ctx.api.schema, document: doc, variableValues: ctx.vars })
  if (r.errors?.length) throw new QueryError(r.errors[0].message)
  return r.data?.[f.alias?.value ?? f.name.value] ?? null
}

function meta(ctx: Ctx, f: FieldNode, deployment: string, block: number, ptr: BlockPtr | null | undefined, hasErrors: boolean): Row {
  const m: Row = {}
  for (const g of collect(f.selectionSet, ctx)) {
    const k = g.alias?.value ?? g.name.value
    if (g.name.value === 'deployment') m[k] = deployment
    else if (g.name.value === 'hasIndexingErrors') m[k] = hasErrors
    else if (g.name.value === '__typename') m[k] = '_Meta_'
    else if (g.name.value === 'block') {
      const b: Row = {}
      for (const h of collect(g.selectionSet, ctx)) {
        const hk = h.alias?.value ?? h.name.value
        const n = h.name.value
        b[hk] = n === 'number' ? block : n === 'hash' ? (ptr?.hash ?? null) : n === 'timestamp' ? (ptr?.timestamp ?? null)
          : n === 'parentHash' ? (ptr?.parentHash ?? null) : n === '__typename' ? '_Block_' : null
      }
      m[k] = b
    }
  }
  return m
}
