/** `graphkit index`: index a built subgraph from a JSON-RPC endpoint into PGlite or PostgreSQL. */
import { parseArgs } from 'node:util'
import { InputError } from '../../internal/errors.ts'

export const summary = 'Index a built subgraph from an RPC URL into PGlite or PostgreSQL'
export const usage = `Usage: graphkit index <build dir | subgraph.yaml> --rpc URL [--name NAME] [--network N]
                     [--database-url URL | --data-dir DIR] [--confirmations N] [--until BLOCK | --once]
                     [--from-scratch] [--log-json]

Without --database-url the embedded PGlite store in --data-dir (default .graphkit/db, shared
with \`graphkit serve\`) is used. --once stops when caught up with the head; --until at BLOCK.
--from-scratch drops what an earlier run of this deployment indexed.`

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rpc: { type: 'string' },
      name: { type: 'string' },
      network: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string', default: '.graphkit/db' },
      confirmations: { type: 'string', default: '0' },
      until: { type: 'string' },
      once: { type: 'boolean' },
      'from-scratch': { type: 'boolean' },
      'log-json': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(usage)
    return 0
  }
  if (positionals.length !== 1) throw new InputError('expected one subgraph (build directory or subgraph.yaml)', { details: usage })
  if (!values.rpc) throw new InputError('--rpc URL is required', { where: '--rpc' })
  const int = (k: string, v: string | undefined) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`${k} must be a non-negative integer`, { where: k, details: v })
    return n
  }
  const [{ openSql }, { isNewDataDir }, { createStore }, { loadSubgraph }, { startIndexer }, { progressReporter }] = await Promise.all([
    import('../../store/sql/openSql.ts'), import('../../store/sql/pglite.ts'), import('../../store/createStore.ts'), import('../../subgraph/manifest.ts'),
    import('../../indexer/indexer.ts'), import('../../indexer/progress.ts'),
  ])
  const subgraph = loadSubgraph(positionals[0])
  const name = values.name ?? subgraph.dataSources[0].name
  const databaseUrl = values['database-url']
  const dataDir = values['data-dir']!
  // A PGlite directory that does not exist yet holds no index: the indexer starts while it is
  // made and opened (about a second), and checks it before its first write.
  const expectNew = !databaseUrl && !values['from-scratch'] && isNewDataDir(dataDir)
  const opening = openSql({ databaseUrl, dataDir }).then(createStore)
  opening.catch(() => {}) // surfaces through the indexer (or the --from-scratch check)
  try {
    if (values['from-scratch']) {
      // The store keys deployments by id; a fresh id would be needed to start over. Refuse clearly
      // rather than silently resuming.
      const existing = await (await opening).find(subgraph.id)
      if (existing) throw new InputError('--from-scratch: this deployment already has data; use another --data-dir or database', { where: subgraph.id })
    }
    const log = (level: string, message: string, fields: Record<string, unknown> = {}) => {
      if (values['log-json']) process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`)
      else process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`)
    }
    const indexer = startIndexer({
      subgraph, rpcUrl: values.rpc, store: opening, expectNew, name, network: values.network,
      confirmations: int('--confirmations', values.confirmations), until: int('--until', values.until), once: values.once,
      onProgress: progressReporter(process.stderr), log,
    })
    const stop = () => indexer.stop()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    await indexer.done
    const info = await indexer.status()
    console.log(`${info.name} (${info.id}): ${info.health}, latest block ${info.latest?.number ?? 'none'}, ${info.entityCount} entities`)
    if (info.fatalError) {
      console.error(`failed at block ${info.fatalError.block?.number} in ${info.fatalError.handler}: ${info.fatalError.message}`)
      return 1
    }
    return 0
  } finally {
    await (await opening.catch(() => null))?.close()
  }
}
