/**
 * The embedded adapter: PGlite (Postgres in WASM), run in a worker thread so that its SQL
 * executes on another core while the indexer's handlers run (the indexer keeps one commit in
 * flight). It has one connection, so every top-level call is queued; a transaction holds the
 * queue from BEGIN to COMMIT/ROLLBACK and its statements go straight to the worker.
 */
import { Worker } from 'node:worker_threads'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { statementIndex, type Sql, type Statement } from '../types.ts'
import { mapSqlError } from './errors.ts'
import { lockDataDir } from './dirLock.ts'
import { PGLITE_THREAD_SOURCE, type Created, type ThreadError, type ThreadReply, type ThreadRequest } from './pgliteThread.ts'

/** A driver error rebuilt from the worker's copy of it, for mapSqlError. */
function driverError(e: ThreadError): Error {
  return Object.assign(new Error(e.message), e)
}

/**
 * Where the empty cluster new databases are copied from (pgliteThread.ts) is kept: per PGlite
 * version, in GRAPHKIT_CACHE_DIR, else $XDG_CACHE_HOME/graphkit, else ~/.cache/graphkit.
 * Made on this machine by the first new database; nothing is downloaded. Its one database is
 * `postgres` (initdb's template0 and template1 are dropped), hence "-1db": the caches of
 * earlier graphkits, with all three, are left alone.
 */
export function templatePath(pgliteMain: string): string | null {
  const version = pgliteVersion(pgliteMain)
  if (!version) return null
  const cache = process.env.GRAPHKIT_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'graphkit')
  return join(cache, `pglite-${version}-empty-cluster-1db.tar.gz`)
}

/** The version in PGlite's package.json, looked up once (its exports map hides the file from `resolve`). */
let version: string | null | undefined
function pgliteVersion(pgliteMain: string): string | null {
  if (version !== undefined) return version
  version = null
  let dir = dirname(pgliteMain)
  for (let up = 0; up < 5 && version === null; up++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string }
      if (pkg.name === '@electric-sql/pglite' && pkg.version) version = pkg.version
    } catch {
      // no package.json at this level
    }
  }
  return version
}

/** Whether PGlite makes a new cluster in `dataDir`: it does not exist, or is empty. */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, 'PG_VERSION')) && (!existsSync(dataDir) || readdirSync(dataDir).length === 0)
}

/** A PGlite database in `dataDir` (in memory without one), and how it was opened. */
export async function openPglite(dataDir?: string): Promise<Sql & { readonly created: Created }> {
  const where = dataDir ? `pglite:${dataDir}` : 'pglite:memory'
  let release = () => {}
  if (dataDir) {
    mkdirSync(dirname(resolve(dataDir)), { recursive: true })
    release = lockDataDir(resolve(dataDir))
  }
  const pgliteMain = createRequire(import.meta.url).resolve('@electric-sql/pglite')
  // Whether the directory is new is read under the lock: no other process is making it now.
  const workerData = { pgliteUrl: pathToFileURL(pgliteMain).href, dataDir: dataDir ? resolve(dataDir) : null, isNew: dataDir ? isNewDataDir(resolve(dataDir)) : true, template: templatePath(pgliteMain) }
  const worker = new Worker(PGLITE_THREAD_SOURCE, { eval: true, workerData })
  const waiting = new Map<number, { resolve: (out: unknown) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let exited: Error | null = null
  // Referenced only while a request is out: an idle database does not keep the process alive.
  const track = () => (waiting.size ? worker.ref() : worker.unref())
  worker.on('message', (m: ThreadReply) => {
    const w = waiting.get(m.id)
    if (!w) return
    waiting.delete(m.id)
    track()
    if ('error' in m) w.reject(Object.assign(driverError(m.error), { statement: m.statement }))
    else w.resolve('results' in m ? m.results : m.id === 0 ? m.created : m.rows) // id 0: opened
  })
  const fail = (e: Error) => {
    exited = e
    for (const w of waiting.values()) w.reject(e)
    waiting.clear()
  }
  worker.on('error', (e) => fail(e))
  worker.on('exit', (code) => fail(new Error(`the PGlite worker exited (code ${code})`)))
  const send = <T = unknown[]>(req: Omit<ThreadRequest, 'id'>, id = nextId++): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(exited)
      waiting.set(id, { resolve: resolve as (out: unknown) => void, reject })
      track()
      worker.postMessage({ ...req, id })
    })
  const opened = new Promise<unknown>((resolve, reject) => {
    waiting.set(0, { resolve, reject })
    track()
  })
  let created: Created
  try {
    created = ((await opened) as Created | undefined) ?? 'existing'
  } catch (e) {
    await worker.terminate()
    release()
    throw mapSqlError(e, 'open', where)
  }

  const run = async <R>(text: string, params?: unknown[]) => {
    try {
      return { rows: (await send({ text, params })) as R[] }
    } catch (e) {
      throw mapSqlError(e, text, where, true)
    }
  }
  const runMany = async <R>(statements: Statement[]) => {
    try {
      return (await send<unknown[][]>({ many: statements })).map((rows) => ({ rows: rows as R[] }))
    } catch (e) {
      const i = statementIndex(e)
      throw Object.assign(mapSqlError(e, statements[i ?? 0]?.text ?? '', where, true), { statement: i })
    }
  }
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }
  const inner: Sql = { kind: 'pglite', query: run, queryMany: runMany, transaction: (f) => f(inner), close: async () => {} }
  const sql: Sql & { readonly created: Created } = {
    kind: 'pglite',
    created,
    query: (text, params) => serial(() => run(text, params)),
    queryMany: (statements) => serial(() => runMany(statements)),
    transaction: (fn) =>
      serial(async () => {
        await run('begin')
        try {
          const out = await fn(inner)
          await run('commit')
          return out
        } catch (e) {
          await run('rollback').catch(() => {})
          throw e
        }
      }),
    close: () =>
      serial(async () => {
        try {
          if (!exited) await send({ close: true })
          await worker.terminate() // PGlite closed its files above
        } finally {
          release()
        }
      }),
  }
  return sql
}
