// A fresh, uniquely named PostgreSQL database on the DATABASE_URL server for one benchmark run, dropped
// afterwards (the same pattern as packages/graphkit/src/store/withAdapters.ts).
import pg from 'pg'

export interface FreshDatabase { url: string; drop(): Promise<void> }

async function admin(base: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: base })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

export async function freshDatabase(label: string): Promise<FreshDatabase> {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const name = `bench_${label}_${process.pid}_${Date.now().toString(36)}`
  await admin(base, `CREATE DATABASE ${name}`)
  const url = new URL(base)
  url.pathname = `/${name}`
  return { url: url.href, drop: () => admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
