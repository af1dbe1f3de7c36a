/**
 * graph-node's query limits (graph-node graph/src/env/graphql.rs and graphql/src/execution):
 * `first` at most 1000 (default 100), `skip` at most GRAPH_GRAPHQL_MAX_SKIP (u32::MAX), nesting depth 255, plus a result
 * size cap (GRAPH_GRAPHQL_MAX_RESULT_SIZE's role) and a per-query time limit
 * (GRAPH_GRAPHQL_QUERY_TIMEOUT's role).
 */
export const MAX_FIRST = 1000
export const DEFAULT_FIRST = 100
export const MAX_SKIP = 4294967295
export const MAX_DEPTH = 255
/** Serialized result bytes above which the query fails instead of answering. */
export const MAX_RESULT_BYTES = Number(process.env.GRAPHKIT_MAX_RESULT_BYTES ?? 100 * 1024 * 1024)
/** Milliseconds a query may run. */
export const QUERY_TIMEOUT_MS = Number(process.env.GRAPHKIT_QUERY_TIMEOUT_MS ?? 30_000)
