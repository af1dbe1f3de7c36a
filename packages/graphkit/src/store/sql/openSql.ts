/** Chooses the adapter: PostgreSQL when a URL is given, else embedded PGlite. */
import type { Sql } from '../types.ts'
import { openPglite } from './pglite.ts'
import { openPostgres } from './postgres.ts'

export function openSql(opts: { databaseUrl?: string; dataDir?: string }): Promise<Sql> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir)
}
