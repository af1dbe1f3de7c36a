/** `graphkit serve`: graph-node's query and status endpoints over every deployment in a store. */
import { parseArgs } from 'node:util'
import { DEFAULT_PORT, DEFAULT_STATUS_PORT, DEFAULT_HOST } from '../../server/defaults.ts'
import { InputError } from '../../internal/errors.ts'

export const summary = 'Serve the GraphQL API (port 8000) and indexing status (port 8030) of a store'
export const usage = `Usage: graphkit serve [--port ${DEFAULT_PORT}] [--status-port ${DEFAULT_STATUS_PORT}] [--host ${DEFAULT_HOST}] [--database-url URL | --data-dir DIR]

Queries: POST /subgraphs/name/<name> or /subgraphs/id/<deployment> (GraphiQL page on GET).
Status:  POST /graphql on the status port (indexingStatuses, indexingStatusForCurrentVersion).
Without --database-url the embedded PGlite store in --data-dir (default .graphkit/db) is used.`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'status-port': { type: 'string', default: String(DEFAULT_STATUS_PORT) },
      host: { type: 'string', default: DEFAULT_HOST },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string', default: '.graphkit/db' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(usage)
    return 0
  }
  const port = Number(values.port)
  const statusPort = Number(values['status-port'])
  for (const [k, v] of [['--port', port], ['--status-port', statusPort]] as const)
    if (!Number.isInteger(v) || v < 0 || v > 65535) throw new InputError(`${k} must be a port number`, { where: k, details: String(v) })
  const [{ openSql }, { createStore }, { startServer }] = await Promise.all([
    import('../../store/sql/openSql.ts'), import('../../store/createStore.ts'), import('../../server/httpServer.ts'),
  ])
  const store = await createStore(await openSql({ databaseUrl: values['database-url'], dataDir: values['data-dir'] }))
  const srv = await startServer({ store, host: values.host, port, statusPort })
  for (const i of await store.list()) console.log(`${i.name} (${i.id}): ${srv.url}/subgraphs/name/${i.name}`)
  console.log(`queries on ${srv.url}, status on ${srv.statusUrl}`)
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await srv.close()
  await store.close()
  return 0
}
