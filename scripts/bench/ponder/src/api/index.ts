// GET /bench/counts: rows per table, read by scripts/bench-indexing.ts after /ready to check that Ponder
// indexed every event (compared with eth_getLogs counts and graphkit's entity counts).
import { Hono } from 'hono'
import { count } from 'ponder'
import { db } from 'ponder:api'
import schema from 'ponder:schema'

const app = new Hono()

app.get('/bench/counts', async (c) => {
  const counts: Record<string, number> = {}
  for (const [name, table] of Object.entries(schema)) {
    const rows = (await db.select({ n: count() }).from(table as never)) as { n: number }[]
    counts[name] = rows[0].n
  }
  return c.json(counts)
})

export default app
