// Every current entity of a deployment, per type, sorted by id: what two runs are compared by.
import type { LoadedSubgraph } from '../../packages/graphkit/src/subgraph/manifest.ts'
import type { Store } from '../../packages/graphkit/src/store/types.ts'
import type { Entity } from '../../packages/graphkit/src/subgraph/values.ts'
import { openPglite } from '../../packages/graphkit/src/store/sql/pglite.ts'
import { createStore } from '../../packages/graphkit/src/store/createStore.ts'

const key = (e: Entity) => JSON.stringify(e.get('id'), (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))

export async function entitySnapshot(store: Store, subgraph: LoadedSubgraph): Promise<Map<string, Entity[]>> {
  const dep = await store.find(subgraph.id)
  if (!dep) throw new Error(`the store has no deployment ${subgraph.id}`)
  const out = new Map<string, Entity[]>()
  for (const e of subgraph.schema.entities.values()) {
    if (e.timeseries) continue
    out.set(e.name, (await dep.loadCurrent(e.name)).sort((a, b) => (key(a) < key(b) ? -1 : 1)))
  }
  return out
}

/** The snapshot of the deployment in a PGlite data directory (opened and closed here). */
export async function pgliteSnapshot(dataDir: string, subgraph: LoadedSubgraph): Promise<Map<string, Entity[]>> {
  const store = await createStore(await openPglite(dataDir))
  try {
    return await entitySnapshot(store, subgraph)
  } finally {
    await store.close()
  }
}
