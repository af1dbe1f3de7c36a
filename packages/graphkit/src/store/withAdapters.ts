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

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Creates a fresh database; returns its URL and a drop function, or null when the server is unreachable. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: DATABASE_URL })
  try {
    await admin.connect()
  } catch (e) {
    if (process.env.CI) throw e
    console.warn(`skipping PostgreSQL tests: ${DATABASE_URL} unreachable (${(e as Error).message})`)
    return null
  }
  const name = `graphkit_store_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  await admin.query(`create database ${name}`)
  await admin.end()
  const u = new URL(DATABASE_URL)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: DATABASE_URL })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
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
