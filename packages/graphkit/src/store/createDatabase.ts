/** Fresh PostgreSQL databases for tests and benchmarks, on the server of `DATABASE_URL`. */
import pg from 'pg'

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface FreshDatabase { url: string; drop: () => Promise<void> }

/** A fresh database named `<prefix>_<pid>_<random>` on DATABASE_URL's server, and a drop function; throws when the server is unreachable. */
export async function createDatabase(prefix: string): Promise<FreshDatabase> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = async (text: string) => {
    const c = new pg.Client({ connectionString: DATABASE_URL })
    await c.connect()
    try {
      await c.query(text)
    } finally {
      await c.end()
    }
  }
  await admin(`create database ${name}`)
  const u = new URL(DATABASE_URL)
  u.pathname = `/${name}`
  return { url: u.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) }
}
