/** graph-node's query error messages (graph-node graphql/src/execution/query.rs, store/postgres). */
import { MAX_FIRST, MAX_SKIP } from './validation.ts'

export class QueryError extends Error {}

export const msg = {
  firstTooLarge: (n: number) => `The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${n}`,
  skipInvalid: (n: number) => `The \`skip\` argument must be between 0 and ${MAX_SKIP}, but is ${n}`,
  blockNotIndexed: (id: string, req: number, latest: number) =>
    `Failed to decode \`block.number\` value: \`subgraph ${id} has only indexed up to block number ${latest} and data for block number ${req} is therefore not yet available\``,
  tooDeep: (max: number) => `query has a depth that exceeds the limit of ${max}`,
  resultTooBig: (bytes: number, max: number) => `query result is too big: ${bytes} bytes, the limit is ${max}`,
  timeout: (ms: number) => `Query timed out after ${ms} ms`,
  blockHashUnknown: (hash: string) => `no block with that hash found: ${hash}`,
  /** graph-node graph/src/data/query/error.rs (QueryExecutionError::DeploymentFailed / indexing_error). */
  indexingError: 'indexing_error',
  noDeployment: (name: string) => `subgraph \`${name}\` not found`,
}
