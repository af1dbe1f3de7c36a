/** The server adapter: node-postgres over a pool; a transaction keeps one client. */
import pg from 'pg'
import type { Sql, Statement } from '../types.ts'
import { mapSqlError, redactUrl } from './errors.ts'

type Runner = { query: (text: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }

function runOn(runner: Runner, where: string) {
  return async <R>(text: string, params?: unknown[]) => {
    try {
      return (await runner.query(text, params)) as { rows: R[] }
    } catch (e) {
      throw mapSqlError(e, text, where)
    }
  }
}

/** In order on one connection (a pool would spread them over several). */
function manyOn(connect: () => Promise<{ runner: Runner; done: () => void }>, where: string) {
  return async <R>(statements: Statement[]) => {
    const { runner, done } = await connect()
    try {
      const out: { rows: R[] }[] = []
      for (let i = 0; i < statements.length; i++) {
        try {
          out.push((await runner.query(statements[i]!.text, statements[i]!.params)) as { rows: R[] })
        } catch (e) {
          throw Object.assign(mapSqlError(e, statements[i]!.text, where), { statement: i })
        }
      }
      return out
    } finally {
      done()
    }
  }
}

const ignore = () => {}

export async function openPostgres(url: string): Promise<Sql> {
  const where = redactUrl(url)
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  // An idle client losing its connection must not crash the process.
  pool.on('error', ignore)
  try {
    const c = await pool.connect()
    c.release()
  } catch (e) {
    await pool.end().catch(() => {})
    throw mapSqlError(e, 'connect', where)
  }
  /**
   * A client of the pool for a sequence of statements. A connection lost while it is checked
   * out (between two statements of a transaction) is an 'error' event, which would crash the
   * process without a listener: its statements fail instead. A client that failed is closed
   * rather than handed back to the pool.
   */
  const checkout = async () => {
    let c: pg.PoolClient
    try {
      c = await pool.connect()
    } catch (e) {
      throw mapSqlError(e, 'connect', where)
    }
    c.on('error', ignore)
    return {
      client: c,
      release(failed: unknown) {
        c.off('error', ignore)
        c.release(failed ? (failed as Error) : undefined)
      },
    }
  }
  const poolClient = async () => {
    const { client, release } = await checkout()
    let failed: unknown = null
    const runner: Runner = { query: (text, params) => client.query(text, params).catch((e) => { failed = e; throw e }) }
    return { runner, done: () => release(failed) }
  }
  return {
    kind: 'postgres',
    query: runOn(pool, where),
    queryMany: manyOn(poolClient, where),
    async transaction(fn) {
      const { client, release } = await checkout()
      let failed: unknown = null
      const q = runOn(client, where)
      const inner: Sql = { kind: 'postgres', query: q, queryMany: manyOn(async () => ({ runner: client, done: () => {} }), where), transaction: (f) => f(inner), close: async () => {} }
      try {
        await q('begin')
        const out = await fn(inner)
        await q('commit')
        return out
      } catch (e) {
        failed = e
        await client.query('rollback').catch(() => {})
        throw e
      } finally {
        release(failed)
      }
    },
    close: () => pool.end(),
  }
}
