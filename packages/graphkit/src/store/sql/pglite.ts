/**
 * The embedded adapter: PGlite (Postgres in WASM). It has one connection, so every
 * top-level call is queued; a transaction holds the queue until it ends and its
 * statements run on the transaction handle directly (queuing them would deadlock).
 */
import { PGlite } from '@electric-sql/pglite'
import type { Sql } from '../types.ts'
import { mapSqlError } from './errors.ts'
import { lockDataDir } from './dirLock.ts'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

type Runner = { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }

function wrap(kind: 'pglite', runner: Runner, where: string): Pick<Sql, 'query'> {
  return {
    async query<R>(text: string, params?: unknown[]) {
      try {
        return (await runner.query(text, params)) as { rows: R[] }
      } catch (e) {
        throw mapSqlError(e, text, where, true)
      }
    },
  }
}

export async function openPglite(dataDir?: string): Promise<Sql> {
  const where = dataDir ? `pglite:${dataDir}` : 'pglite:memory'
  let release = () => {}
  if (dataDir) {
    mkdirSync(dirname(resolve(dataDir)), { recursive: true })
    release = lockDataDir(resolve(dataDir))
  }
  let db: PGlite
  try {
    db = await PGlite.create(dataDir)
  } catch (e) {
    release()
    throw mapSqlError(e, 'open', where)
  }
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }
  const direct = wrap('pglite', db, where)
  const sql: Sql = {
    kind: 'pglite',
    query: (text, params) => serial(() => direct.query(text, params)),
    transaction: (fn) =>
      serial(async () => {
        // PGlite's own transaction(): BEGIN … COMMIT, ROLLBACK when fn throws.
        return db.transaction(async (tx) => {
          const inner: Sql = {
            kind: 'pglite',
            ...wrap('pglite', tx, where),
            transaction: (f) => f(inner),
            close: async () => {},
          }
          return fn(inner)
        })
      }),
    close: () => serial(async () => {
      try {
        await db.close()
      } finally {
        release()
      }
    }),
  }
  return sql
}
