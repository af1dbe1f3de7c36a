/** `graphkit status`: per deployment, synced or not, health, latest block, chain head, entities, error. */
import { parseArgs } from 'node:util'
import { InputError } from '../../internal/errors.ts'

export const summary = 'Show the indexing status of the deployments in a store'
export const usage = `Usage: graphkit status [--name NAME] [--database-url URL | --data-dir DIR] [--json]`

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string', default: '.graphkit/db' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(usage)
    return 0
  }
  const [{ openSql }, { createStore }] = await Promise.all([import('../../store/sql/openSql.ts'), import('../../store/createStore.ts')])
  const store = await createStore(await openSql({ databaseUrl: values['database-url'], dataDir: values['data-dir'] }))
  try {
    const all = (await store.list()).filter((i) => !values.name || i.name === values.name || i.id === values.name)
    if (values.name && all.length === 0) throw new InputError(`no deployment named ${values.name}`, { where: '--name' })
    if (values.json) {
      console.log(JSON.stringify(all, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 2))
      return 0
    }
    for (const i of all) {
      console.log(`${i.name}  ${i.id}`)
      console.log(`  health ${i.health}, ${i.synced ? 'synced' : 'syncing'}; latest block ${i.latest?.number ?? 'none'}, chain head ${i.chainHead?.number ?? 'unknown'}; ${i.entityCount} entities`)
      if (i.fatalError) console.log(`  failed at block ${i.fatalError.block?.number ?? '?'} in ${i.fatalError.handler ?? '?'}: ${i.fatalError.message}`)
    }
    return all.some((i) => i.health === 'failed') ? 2 : 0
  } finally {
    await store.close()
  }
}
