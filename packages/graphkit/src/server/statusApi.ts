/**
 * The subset of graph-node's index-node status API that dashboards and tools query
 * (graph-node server/index-node/src/schema.graphql): indexingStatusForCurrentVersion,
 * indexingStatusesForSubgraphName, indexingStatuses, with synced, health, fatalError, chains { latestBlock chainHeadBlock },
 * entityCount. graph-node serializes block numbers as BigInt strings.
 */
import { buildSchema, graphql } from 'graphql'
import type { Store, DeploymentInfo, BlockPtr, FatalError } from '../store/types.ts'

const SDL = `
scalar BigInt
scalar Bytes
enum Health { healthy unhealthy failed }
type Block { hash: Bytes! number: BigInt! }
type EarliestBlock { hash: Bytes! @deprecated(reason: "hash will always be reported as 0x0.") number: BigInt! }
type SubgraphError { message: String! block: Block handler: String deterministic: Boolean! }
interface ChainIndexingStatus { network: String! chainHeadBlock: Block earliestBlock: EarliestBlock latestBlock: Block lastHealthyBlock: Block }
type EthereumIndexingStatus implements ChainIndexingStatus { network: String! chainHeadBlock: Block earliestBlock: EarliestBlock latestBlock: Block lastHealthyBlock: Block }
type Version { version: String! commit: String! }
type SubgraphIndexingStatus {
  subgraph: String!
  synced: Boolean!
  health: Health!
  fatalError: SubgraphError
  nonFatalErrors: [SubgraphError!]!
  chains: [ChainIndexingStatus!]!
  entityCount: BigInt!
  node: String
  paused: Boolean
  historyBlocks: Int!
}
type Query {
  indexingStatusForCurrentVersion(subgraphName: String!): SubgraphIndexingStatus
  indexingStatusForPendingVersion(subgraphName: String!): SubgraphIndexingStatus
  indexingStatusesForSubgraphName(subgraphName: String!): [SubgraphIndexingStatus!]!
  indexingStatuses(subgraphs: [String!]): [SubgraphIndexingStatus!]!
  version: Version!
}`

const schema = buildSchema(SDL)
const block = (b: BlockPtr | null) => (b ? { hash: b.hash, number: String(b.number) } : null)
const error = (e: FatalError) => ({ ...e, block: block(e.block) })

export function toStatus(i: DeploymentInfo) {
  return {
    subgraph: i.id,
    synced: i.synced,
    // graph-node: failed with a fatal error, unhealthy with non-fatal ones (or the store's transient trouble).
    health: i.fatalError ? 'failed' : i.nonFatalErrors.length ? 'unhealthy' : i.health,
    fatalError: i.fatalError ? error(i.fatalError) : null,
    nonFatalErrors: i.nonFatalErrors.map(error),
    chains: [{ __typename: 'EthereumIndexingStatus', network: i.network, chainHeadBlock: block(i.chainHead), latestBlock: block(i.latest), earliestBlock: { hash: '0x0', number: String(i.earliestBlock) }, lastHealthyBlock: i.fatalError ? null : block(i.latest) }],
    entityCount: String(i.entityCount),
    node: 'graphkit',
    paused: false,
    historyBlocks: 2147483647,
  }
}

export async function executeStatus(store: Store, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const root = {
    indexingStatusForCurrentVersion: async ({ subgraphName }: { subgraphName: string }) => {
      const d = await store.find(subgraphName)
      return d ? toStatus(await d.info()) : null
    },
    indexingStatusForPendingVersion: async () => null,
    indexingStatusesForSubgraphName: async ({ subgraphName }: { subgraphName: string }) => {
      const d = await store.find(subgraphName)
      return d ? [toStatus(await d.info())] : []
    },
    version: () => ({ version: 'graphkit', commit: 'unknown' }),
    indexingStatuses: async ({ subgraphs }: { subgraphs?: string[] }) =>
      (await store.list()).filter((i) => !subgraphs || subgraphs.includes(i.id)).map(toStatus),
  }
  return graphql({ schema, source: query, rootValue: root, variableValues: variables, operationName })
}
