/**
 * Test support: runs a suite on both adapters. PostgreSQL tests get a fresh database
 * named uniquely and dropped afterwards; when the server is unreachable they fail in
 * CI (`CI` set) and skip locally with a message.
 */
import { describe, before, after } from 'node:test'
import pg from 'pg'
import type { Sql } from './types.ts'
import { openPglite } from './sql/pglite.ts'
import { openPostgres } from './sql/postgres.ts'
import { createDatabase, DATABASE_URL, type FreshDatabase } from './createDatabase.ts'

/** A fresh database for a test, or null when the server is unreachable outside CI (in CI that fails). */
export async function freshPostgres(): Promise<FreshDatabase | null> {
  const probe = new pg.Client({ connectionString: DATABASE_URL })
  try {
    await probe.connect()
  } catch (e) {
    if (process.env.CI) throw e
    console.warn(`skipping PostgreSQL tests: ${DATABASE_URL} unreachable (${(e as Error).message})`)
    return null
  }
  await probe.end()
  return createDatabase('graphkit_store')
}

/** `suite(getSql)` is called once per adapter inside a describe block; the Sql is opened in `before`. */
export function withAdapters(title: string, suite: (sql: () => Sql) => void) {
  describe(`${title} (pglite)`, () => {
    let sql: Sql
    before(async () => {
      sql = await openPglite()
    })
    after(() => sql.close())
    suite(() => sql)
  })
  describe(`${title} (postgres)`, async () => {
    const db = await freshPostgres()
    if (!db) return
    let sql: Sql
    before(async () => {
      sql = await openPostgres(db.url)
    })
    after(async () => {
      await sql.close()
      await db.drop()
    })
    suite(() => sql)
  })
}
