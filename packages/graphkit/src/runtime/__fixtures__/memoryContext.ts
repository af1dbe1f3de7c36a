/** Test helper: a HostContext over in-memory maps, recording logs and created data sources. */
import type { Entity } from '../../subgraph/values.ts'
import type { HostContext, LogLevel } from '../hostContext.ts'

export function memoryContext(): HostContext & { entities: Map<string, Entity>; logs: [LogLevel, string][] } {
  const entities = new Map<string, Entity>()
  const logs: [LogLevel, string][] = []
  const key = (t: string, id: string) => `${t}\0${id}`
  return {
    entities,
    logs,
    store: {
      get: (t, id) => entities.get(key(t, id)) ?? null,
      getInBlock: (t, id) => entities.get(key(t, id)) ?? null,
      set: (t, id, data) => void entities.set(key(t, id), data),
      remove: (t, id) => void entities.delete(key(t, id)),
      loadRelated: () => [],
    },
    dataSource: { name: 'Test', network: 'mainnet', address: null, context: new Map() },
    block: null,
    ethCall: () => null,
    getBalance: () => 0n,
    hasCode: () => false,
    createDataSource: () => {},
    log: (level, message) => void logs.push([level, message]),
    ipfsCat: () => null,
    ensNameByHash: () => null,
  }
}
