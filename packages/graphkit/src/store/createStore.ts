/**
 * The versioned store (graph-node store/postgres: relational.rs, deployment.rs).
 * Metadata lives in schema `graphkit`; each deployment's entities in `sgd<N>`.
 * Mutable entities keep one row per version with `block_range = [created, superseded)`;
 * immutable ones one row with `block$`. A commit writes many blocks and the cursor in
 * one transaction, with one bulk statement per table and step.
 */
import type { Entity } from '../subgraph/values.ts'
import { parseSchema, type SubgraphSchema } from '../subgraph/schema.ts'
import { statementIndex, type Sql, type Statement, type Store, type DeploymentStore, type DeploymentInfo, type BlockWrites, type FatalError, type DynamicDataSource } from './types.ts'
import { attributeIndexesSql, buildLayout, createTablesSql, quoteIdent, type Layout, type TableDef } from './layout.ts'
import { arrayLiteral, columnLiteral, idText, rowToEntity, entityToJson, jsonToEntity } from './convert.ts'
import { DeterministicError } from '../internal/errors.ts'

/** Recent block pointers kept for reorg detection. */
export const KEEP_BLOCKS = 256

const META_SQL = [
  'create schema if not exists graphkit',
  `create table if not exists graphkit.deployments (
    seq serial primary key, id text not null unique, name text not null unique, namespace text not null,
    network text not null, start_block int4 not null, schema_sdl text not null,
    latest_number int4, latest_hash text, head_number int4, head_hash text,
    synced boolean not null default false, health text not null default 'healthy',
    fatal_error jsonb, non_fatal_errors jsonb not null default '[]', earliest_block int4 not null,
    entity_count int8 not null default 0)`,
  `create table if not exists graphkit.blocks (
    deployment int4 not null, number int4 not null, hash text not null, parent_hash text, timestamp int8,
    primary key (deployment, number))`,
  `create table if not exists graphkit.dynamic_data_sources (
    deployment int4 not null, seq serial, template text not null, params jsonb not null, context jsonb,
    created_at_block int4 not null, primary key (deployment, seq))`,
]

interface MetaRow {
  seq: number
  id: string
  name: string
  namespace: string
  network: string
  start_block: number
  schema_sdl: string
  latest_number: number | null
  latest_hash: string | null
  head_number: number | null
  head_hash: string | null
  synced: boolean
  health: string
  fatal_error: FatalError | null
  non_fatal_errors: FatalError[]
  earliest_block: number
  entity_count: string | number | bigint
}

const asJson = (x: unknown) => (typeof x === 'string' ? JSON.parse(x) : x)

function toInfo(r: MetaRow): DeploymentInfo {
  return {
    id: r.id,
    name: r.name,
    namespace: r.namespace,
    network: r.network,
    startBlock: r.start_block,
    latest: r.latest_number === null ? null : { number: r.latest_number, hash: r.latest_hash! },
    chainHead: r.head_number === null ? null : { number: r.head_number, hash: r.head_hash! },
    earliestBlock: r.earliest_block,
    synced: r.synced,
    health: r.health as DeploymentInfo['health'],
    fatalError: asJson(r.fatal_error),
    nonFatalErrors: asJson(r.non_fatal_errors) ?? [],
    entityCount: Number(r.entity_count),
  }
}

export async function createStore(sql: Sql): Promise<Store> {
  await sql.transaction(async (tx) => {
    for (const s of META_SQL) await tx.query(s)
  })
  const open = new Map<number, DeploymentStore>()
  const byRow = (r: MetaRow, schema: SubgraphSchema): DeploymentStore => {
    let d = open.get(r.seq)
    if (!d) open.set(r.seq, (d = deploymentStore(sql, r.seq, buildLayout(schema, r.namespace))))
    return d
  }
  const store: Store = {
    sql,
    async deploy({ id, name, network, startBlock, schema }) {
      const sdl = schema.sdl
      const row = await sql.transaction(async (tx) => {
        const found = (await tx.query<MetaRow>('select * from graphkit.deployments where id = $1 or name = $2 order by (id = $1) desc limit 1', [id, name])).rows[0]
        if (found) {
          if (found.id !== id) {
            // A new version under the same name replaces the name's mapping, as graph-node's redeploy does.
            await tx.query('update graphkit.deployments set name = $1 where seq = $2', [`${found.name}@${found.seq}`, found.seq])
          } else return found
        }
        const seq = (await tx.query<{ seq: number }>("select nextval(pg_get_serial_sequence('graphkit.deployments', 'seq'))::int4 as seq")).rows[0]!.seq
        const namespace = `sgd${seq}`
        for (const s of createTablesSql(buildLayout(schema, namespace))) await tx.query(s)
        return (
          await tx.query<MetaRow>(
            `insert into graphkit.deployments (seq, id, name, namespace, network, start_block, schema_sdl, earliest_block)
             values ($1, $2, $3, $4, $5, $6, $7, $6) returning *`,
            [seq, id, name, namespace, network, startBlock, sdl],
          )
        ).rows[0]!
      })
      return byRow(row, schema)
    },
    async find(nameOrId) {
      const r = (await sql.query<MetaRow>('select * from graphkit.deployments where id = $1 or name = $1 limit 1', [nameOrId])).rows[0]
      if (!r) return null
      if (open.has(r.seq)) return open.get(r.seq)!
      return byRow(r, parseSchema(r.schema_sdl))
    },
    async list() {
      return (await sql.query<MetaRow>('select * from graphkit.deployments order by seq')).rows.map(toInfo)
    },
    close: () => sql.close(),
  }
  return store
}

/** Connections a PostgreSQL server builds the attribute indexes on (on 2 cores, 64k events: 0.58 s with 2, 0.88 s with 1). */
const INDEX_BUILD_CONNECTIONS = 2

/** Runs the statements spread over `lanes` sequences, each on one connection. */
async function inLanes(sql: Sql, texts: string[], lanes: number): Promise<void> {
  const lane = (k: number) => texts.filter((_, i) => i % lanes === k).map((text) => ({ text }))
  await Promise.all(Array.from({ length: lanes }, (_, k) => sql.queryMany(lane(k))))
}

/** Ops of consecutive blocks → per entity, its versions in block order (same-block writes collapsed to the last). */
function versionsByEntity(blocks: BlockWrites[]) {
  const out = new Map<string, Map<string, { block: number; entity: Entity | null }[]>>()
  for (const b of blocks) {
    for (const op of b.ops) {
      let t = out.get(op.type)
      if (!t) out.set(op.type, (t = new Map()))
      let vs = t.get(op.id)
      if (!vs) t.set(op.id, (vs = []))
      const last = vs[vs.length - 1]
      if (last && last.block === b.block.number) last.entity = op.entity
      else vs.push({ block: b.block.number, entity: op.entity })
    }
  }
  return out
}

function deploymentStore(sql: Sql, seq: number, layout: Layout): DeploymentStore {
  const table = (type: string): TableDef => {
    const t = layout.tables.get(type)
    if (!t) throw new DeterministicError(`unknown entity type ${type}`, { where: layout.namespace })
    return t
  }
  const idCast = (t: TableDef) => t.columns[0]!.sqlType
  const cols = (t: TableDef) => t.columns.map((c) => quoteIdent(c.name)).join(', ')
  // numeric and int8 read as text: node-postgres parses numeric[] items as floats.
  const selectCols = (t: TableDef) =>
    t.columns
      .map((c) => (/^(numeric|int8)/.test(c.sqlType) ? `${quoteIdent(c.name)}::${c.list ? 'text[]' : 'text'} as ${quoteIdent(c.name)}` : quoteIdent(c.name)))
      .join(', ')

  /** Bulk insert of rows given as text per column, plus block info; null when there are none. */
  function insertRows(t: TableDef, rows: { entity: Entity; lower: number; upper: number | null }[], where: string): Statement | null {
    if (rows.length === 0) return null
    const at = `${where} ${t.entity.name}`
    const entities = rows.map((r) => r.entity)
    const lowers = rows.map((r) => r.lower)
    const uppers = rows.map((r) => r.upper)
    const n = t.columns.length
    const aliases = t.columns.map((_, i) => `c${i}`)
    const select = t.columns.map((c, i) => `c${i}::${c.sqlType}`).join(', ')
    const unnest = `unnest(${[...t.columns.map((_, i) => `$${i + 1}::text[]`), `$${n + 1}::int4[]`, `$${n + 2}::int4[]`].join(', ')}) as u(${[...aliases, 'lo', 'hi'].join(', ')})`
    const text = t.immutable
      ? `insert into ${t.qualified} (${cols(t)}, block$) select ${select}, lo from ${unnest}`
      : `insert into ${t.qualified} (${cols(t)}, block_range) select ${select}, int4range(lo, hi) from ${unnest}`
    return { text, params: [...t.columns.map((c) => columnLiteral(c, entities, at)), arrayLiteral(lowers), arrayLiteral(uppers)] }
  }

  const meta = async (q: Sql = sql) =>
    (await q.query<MetaRow>('select * from graphkit.deployments where seq = $1', [seq])).rows[0]!

  async function countCurrent(q: Sql): Promise<number> {
    let n = 0
    for (const t of layout.tables.values()) {
      const r = await q.query<{ n: string }>(`select count(*)::text as n from ${t.qualified}${t.immutable ? '' : ' where upper_inf(block_range)'}`)
      n += Number(r.rows[0]!.n)
    }
    return n
  }

  // Work postponed to the chain head (setChainHead), which `headWorkStep` may do earlier:
  // the attribute indexes this process has not built yet, then ANALYZE of every table.
  // A table analyzed before the head is analyzed again there when it has changed since by
  // more than 50 rows plus 10% of what it had (PostgreSQL's autovacuum_analyze_threshold and
  // autovacuum_analyze_scale_factor defaults; PGlite runs no autovacuum).
  let attributeIndexes = false
  const pendingIndexes = attributeIndexesSql(layout)
  const analyzedRows = new Map<string, number>()
  const changedRows = new Map<string, number>()
  const needsAnalyze = (t: TableDef) => {
    const rows = analyzedRows.get(t.qualified)
    return rows === undefined || (changedRows.get(t.qualified) ?? 0) > 50 + 0.1 * rows
  }
  let headStep: Promise<unknown> = Promise.resolve()
  const analyzeStatements = (t: TableDef): Statement[] => [
    { text: `analyze ${t.qualified}` },
    { text: 'select reltuples::float8 as n from pg_class where oid = $1::regclass', params: [t.qualified] },
  ]
  const ds: DeploymentStore = {
    layout,
    sql,
    info: async () => toInfo(await meta()),
    async loadCurrent(type) {
      const t = table(type)
      const r = await sql.query<Record<string, unknown>>(`select ${selectCols(t)} from ${t.qualified}${t.immutable ? '' : ' where upper_inf(block_range)'}`)
      return r.rows.map((row) => rowToEntity(t, row))
    },
    async get(type, id, block) {
      const t = table(type)
      const params: unknown[] = [idText(t, id)]
      let cond: string
      if (t.immutable) cond = block === undefined ? 'true' : (params.push(block), 'block$ <= $2')
      else cond = block === undefined ? 'upper_inf(block_range)' : (params.push(block), 'block_range @> $2::int4')
      const r = await sql.query<Record<string, unknown>>(`select ${selectCols(t)} from ${t.qualified} where id = $1::text::${idCast(t)} and ${cond}`, params)
      return r.rows[0] ? rowToEntity(t, r.rows[0]) : null
    },
    async commit(blocks, cursor) {
      const byType = versionsByEntity(blocks)
      const where = `${layout.namespace} commit up to block ${cursor.number}`
      // Every data statement of the commit goes in one batch; `counted` are statements whose
      // row count (versions replaced or closed) lowers the entity count.
      const statements: Statement[] = []
      const counted: number[] = []
      const immutableInserts = new Map<number, string>()
      /** Rows each table gets or has replaced (for the ANALYZE rule). */
      const changes = new Map<string, number>()
      let delta = 0
      for (const [type, ents] of byType) {
        const t = table(type)
        const rows: { entity: Entity; lower: number; upper: number | null }[] = []
        if (t.immutable) {
          for (const [id, vs] of ents) {
            if (vs.length > 1) throw new DeterministicError(`immutable entity ${type} ${id} written in two blocks (${vs[0]!.block}, ${vs[1]!.block})`, { where })
            const v = vs[0]!
            if (!v.entity) throw new DeterministicError(`immutable entity ${type} ${id} cannot be removed`, { where: `${where}, block ${v.block}` })
            rows.push({ entity: v.entity, lower: v.block, upper: null })
          }
          const ins = insertRows(t, rows, where)
          if (ins) {
            immutableInserts.set(statements.length, type)
            statements.push(ins)
          }
          changes.set(t.qualified, rows.length)
          delta += rows.length
          continue
        }
        const ids: string[] = []
        const firsts: number[] = []
        for (const [id, vs] of ents) {
          ids.push(idText(t, id))
          firsts.push(vs[0]!.block)
          vs.forEach((v, i) => {
            if (v.entity) rows.push({ entity: v.entity, lower: v.block, upper: vs[i + 1]?.block ?? null })
          })
          if (vs[vs.length - 1]!.entity) delta++
        }
        const u = `unnest($1::text[], $2::int4[]) as u(id, b)`
        const idsAndFirsts = [arrayLiteral(ids), arrayLiteral(firsts)]
        // The current version started at the first block written here: replaced, not closed.
        counted.push(statements.length)
        statements.push({ text: `with d as (delete from ${t.qualified} t using ${u} where t.id = u.id::${idCast(t)} and upper_inf(t.block_range) and lower(t.block_range) >= u.b returning 1) select count(*)::int4 as n from d`, params: idsAndFirsts })
        counted.push(statements.length)
        statements.push({ text: `with c as (update ${t.qualified} t set block_range = int4range(lower(t.block_range), u.b) from ${u} where t.id = u.id::${idCast(t)} and upper_inf(t.block_range) returning 1) select count(*)::int4 as n from c`, params: idsAndFirsts })
        const ins = insertRows(t, rows, where)
        if (ins) statements.push(ins)
        changes.set(t.qualified, rows.length + ids.length)
      }
      const dss = blocks.flatMap((b) => b.dataSources)
      if (dss.length) {
        statements.push({
          text: `insert into graphkit.dynamic_data_sources (deployment, template, params, context, created_at_block)
             select $1, t, p::jsonb, c::jsonb, b from unnest($2::text[], $3::text[], $4::text[], $5::int4[]) as u(t, p, c, b)`,
          params: [seq, dss.map((d) => d.template), dss.map((d) => JSON.stringify(d.params)), dss.map((d) => (d.context ? JSON.stringify(entityToJson(d.context)) : null)), dss.map((d) => d.createdAtBlock)],
        })
      }
      const ptrs = blocks.map((b) => b.block)
      if (!ptrs.some((p) => p.number === cursor.number)) ptrs.push(cursor)
      statements.push({
        text: `insert into graphkit.blocks (deployment, number, hash, parent_hash, timestamp)
           select $1, n, h, p, ts from unnest($2::int4[], $3::text[], $4::text[], $5::int8[]) as u(n, h, p, ts)
           on conflict (deployment, number) do update set hash = excluded.hash, parent_hash = excluded.parent_hash, timestamp = excluded.timestamp`,
        params: [seq, ptrs.map((p) => p.number), ptrs.map((p) => p.hash), ptrs.map((p) => p.parentHash ?? null), ptrs.map((p) => (p.timestamp === undefined ? null : String(p.timestamp)))],
      })
      statements.push({ text: 'delete from graphkit.blocks where deployment = $1 and number <= $2', params: [seq, cursor.number - KEEP_BLOCKS] })
      await sql.transaction(async (tx) => {
        let results: { rows: { n?: number }[] }[]
        try {
          results = await tx.queryMany<{ n?: number }>(statements)
        } catch (e) {
          const type = immutableInserts.get(statementIndex(e) ?? -1)
          // graph-node: "duplicate key value violates unique constraint" on an immutable entity.
          if (type && e instanceof DeterministicError && /23505/.test(e.message)) {
            throw new DeterministicError(`immutable entity ${type} written again with an existing id`, { where, details: e.message, cause: e })
          }
          throw e
        }
        for (const i of counted) delta -= Number(results[i]!.rows[0]?.n ?? 0)
        await tx.query(
          `update graphkit.deployments set latest_number = $2, latest_hash = $3, entity_count = entity_count + $4,
             health = case when health = 'unhealthy' then 'healthy' else health end where seq = $1`,
          [seq, cursor.number, cursor.hash, delta],
        )
      })
      for (const [t, n] of changes) changedRows.set(t, (changedRows.get(t) ?? 0) + n)
    },
    async revertTo(ptr) {
      const n = ptr.number
      await sql.transaction(async (tx) => {
        for (const t of layout.tables.values()) {
          if (t.immutable) {
            await tx.query(`delete from ${t.qualified} where block$ > $1`, [n])
          } else {
            await tx.query(`delete from ${t.qualified} where lower(block_range) > $1`, [n])
            await tx.query(`update ${t.qualified} set block_range = int4range(lower(block_range), null) where not upper_inf(block_range) and upper(block_range) > $1`, [n])
          }
        }
        await tx.query('delete from graphkit.dynamic_data_sources where deployment = $1 and created_at_block > $2', [seq, n])
        await tx.query('delete from graphkit.blocks where deployment = $1 and number > $2', [seq, n])
        const count = await countCurrent(tx)
        await tx.query('update graphkit.deployments set latest_number = $2, latest_hash = $3, entity_count = $4 where seq = $1', [seq, n, ptr.hash, count])
      })
      analyzedRows.clear() // what a revert removed is not counted: analyze everything at the head
    },
    async recentBlocks(limit) {
      const r = await sql.query<{ number: number; hash: string; parent_hash: string | null; timestamp: string | null }>(
        'select number, hash, parent_hash, timestamp::text as timestamp from graphkit.blocks where deployment = $1 order by number desc limit $2',
        [seq, limit],
      )
      return r.rows.map((b) => ({
        number: b.number,
        hash: b.hash,
        ...(b.parent_hash === null ? {} : { parentHash: b.parent_hash }),
        ...(b.timestamp === null ? {} : { timestamp: Number(b.timestamp) }),
      }))
    },
    async dynamicDataSources() {
      const r = await sql.query<{ template: string; params: unknown; context: unknown; created_at_block: number }>(
        'select template, params, context, created_at_block from graphkit.dynamic_data_sources where deployment = $1 order by seq',
        [seq],
      )
      return r.rows.map(
        (d): DynamicDataSource => ({ template: d.template, params: asJson(d.params), context: jsonToEntity(asJson(d.context)), createdAtBlock: d.created_at_block }),
      )
    },
    headWorkStep(upTo) {
      const step = headStep.catch(() => {}).then(async () => {
        if (attributeIndexes) return false
        const index = pendingIndexes[0]
        if (index !== undefined) {
          await sql.query(index)
          pendingIndexes.shift()
          return true
        }
        if (upTo !== 'analyze') return false
        // Each table once: before the head, hot tables would otherwise be analyzed over and over.
        const t = [...layout.tables.values()].find((x) => !analyzedRows.has(x.qualified))
        if (!t) return false
        const before = changedRows.get(t.qualified) ?? 0
        const [, r] = await sql.queryMany<{ n: number }>(analyzeStatements(t))
        analyzedRows.set(t.qualified, Math.max(0, Number(r!.rows[0]?.n ?? 0)))
        changedRows.set(t.qualified, (changedRows.get(t.qualified) ?? 0) - before)
        return true
      })
      headStep = step
      return step
    },
    async setChainHead(head, synced) {
      if (synced && !attributeIndexes) {
        // First time at the head: build the attribute indexes postponed during backfill, then
        // gather the planner's statistics (PGlite has no autovacuum; expression indexes get
        // theirs only once they exist), as far as `headWorkStep` has not done either already.
        // Each statement is idempotent, so a crash part-way through is finished at the next
        // start. A server builds on two connections at once.
        await headStep.catch(() => {})
        const lanes = sql.kind === 'postgres' ? INDEX_BUILD_CONNECTIONS : 1
        await inLanes(sql, [...pendingIndexes], lanes)
        pendingIndexes.length = 0
        const due = [...layout.tables.values()].filter(needsAnalyze)
        await inLanes(sql, due.map((t) => `analyze ${t.qualified}`), lanes)
        attributeIndexes = true
      }
      await sql.query('update graphkit.deployments set head_number = $2, head_hash = $3, synced = $4 where seq = $1', [seq, head.number, head.hash, synced])
    },
    async setError(error) {
      if (error.deterministic) {
        await sql.query("update graphkit.deployments set health = 'failed', fatal_error = $2::jsonb where seq = $1", [seq, JSON.stringify(error)])
      } else {
        // Transient trouble (RPC, database) only marks the deployment unhealthy; the next commit clears it.
        await sql.query("update graphkit.deployments set health = case when health = 'failed' then health else 'unhealthy' end where seq = $1", [seq])
      }
    },
  }
  return ds
}
