/**
 * The store's interfaces. The indexer writes through DeploymentStore; the GraphQL layer
 * reads entity tables with SQL built from the Layout (store/layout.ts) over the same Sql
 * connection, and deployment metadata through DeploymentStore.
 */
import type { Entity } from '../subgraph/values.ts'
import type { SubgraphSchema } from '../subgraph/schema.ts'
import type { Layout } from './layout.ts'

/** A SQL connection: PGlite or node-postgres behind one shape. Parameters are `$1…`. */
export interface Sql {
  readonly kind: 'pglite' | 'postgres'
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>
  /**
   * Runs the statements in order, stopping at the first failure, whose error carries the
   * statement's index as `statement`. One round trip to an embedded database's thread
   * instead of one per statement (a commit is dozens of statements).
   */
  queryMany<R = Record<string, unknown>>(statements: Statement[]): Promise<{ rows: R[] }[]>
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface Statement {
  text: string
  params?: unknown[]
}

/** The failing statement's index in a `queryMany` batch. */
export const statementIndex = (e: unknown): number | undefined => (e as { statement?: number })?.statement

export interface BlockPtr {
  number: number
  /** 0x-prefixed lowercase hex. */
  hash: string
  parentHash?: string
  /** Seconds. */
  timestamp?: number
}

/** One entity write in a block; `entity: null` removes it. */
export interface EntityOp {
  type: string
  id: string
  entity: Entity | null
}

/** A data source created by a template, persisted so a restart recreates it. */
export interface DynamicDataSource {
  template: string
  /** Params as given to `create` (an address for Ethereum). */
  params: string[]
  context: Entity | null
  createdAtBlock: number
}

export interface BlockWrites {
  block: BlockPtr
  ops: EntityOp[]
  dataSources: DynamicDataSource[]
}

export type Health = 'healthy' | 'unhealthy' | 'failed'

export interface FatalError {
  message: string
  block: BlockPtr | null
  handler: string | null
  deterministic: boolean
}

export interface DeploymentInfo {
  /** Deployment id: the IPFS hash of the manifest when known, else a content hash. */
  id: string
  name: string
  namespace: string
  network: string
  startBlock: number
  /** Last block whose writes are committed (null before the first commit). */
  latest: BlockPtr | null
  chainHead: BlockPtr | null
  earliestBlock: number
  synced: boolean
  health: Health
  fatalError: FatalError | null
  nonFatalErrors: FatalError[]
  entityCount: number
}

export interface DeploymentStore {
  readonly info: () => Promise<DeploymentInfo>
  readonly layout: Layout
  readonly sql: Sql
  /** Every current entity of a type (the indexer's in-memory state at start). */
  loadCurrent(entityType: string): Promise<Entity[]>
  /** An entity as of a block (latest when omitted). */
  get(entityType: string, id: string, block?: number): Promise<Entity | null>
  /**
   * Applies the writes of consecutive blocks and moves the cursor to the last one, in one
   * transaction: after a crash either all of it is there or none.
   */
  commit(blocks: BlockWrites[], cursor: BlockPtr): Promise<void>
  /** Undo every write of blocks above `ptr.number` (reorg); the cursor becomes `ptr`. */
  revertTo(ptr: BlockPtr): Promise<void>
  /** Recent committed block pointers, newest first, for reorg detection. */
  recentBlocks(limit: number): Promise<BlockPtr[]>
  dynamicDataSources(): Promise<DynamicDataSource[]>
  /**
   * The first call with `synced` also builds the attribute indexes postponed during backfill and
   * runs ANALYZE, as far as `headWorkStep` has not done that already.
   */
  setChainHead(head: BlockPtr, synced: boolean): Promise<void>
  /**
   * Does one statement of that head work ahead of the head: the next attribute index, or with
   * `upTo: 'analyze'`, once every index is built, ANALYZE of the next table that needs it.
   * Resolves false when nothing of that kind is left. Steps run one after another.
   */
  headWorkStep(upTo: 'index' | 'analyze'): Promise<boolean>
  /** Marks the deployment failed (deterministic) or unhealthy (transient, cleared by the next commit). */
  setError(error: FatalError): Promise<void>
}

export interface Store {
  readonly sql: Sql
  /** Creates the deployment's tables on first use; reopens it afterwards. */
  deploy(opts: { id: string; name: string; network: string; startBlock: number; schema: SubgraphSchema }): Promise<DeploymentStore>
  /** By name or deployment id; null when unknown. */
  find(nameOrId: string): Promise<DeploymentStore | null>
  list(): Promise<DeploymentInfo[]>
  close(): Promise<void>
}
