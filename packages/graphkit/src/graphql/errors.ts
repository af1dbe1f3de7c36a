/**
 * graph-node's query error messages (graph-node graph/src/data/query/error.rs,
 * graph/src/data/subgraph/mod.rs `block_queryable`, graphql/src/store/resolver.rs).
 * All of them are deterministic: the same query against the same data fails the same way.
 */
import { InputError } from '../internal/errors.ts'
import { MAX_FIRST, MAX_SKIP } from './validation.ts'

/** A query the server refuses or cannot answer; the message is graph-node's for the same case. */
export class QueryError extends InputError {
  override name = 'QueryError'
}

export const msg = {
  /** graph-node: `first` must be > 0 and ≤ max (0 is refused too), `skip` ≥ 0 and ≤ max. */
  firstTooLarge: (n: number) => `The \`first\` argument must be between 0 and ${MAX_FIRST}, but is ${n}`,
  skipInvalid: (n: number) => `The \`skip\` argument must be between 0 and ${MAX_SKIP}, but is ${n}`,
  blockNotIndexed: (arg: 'block.number' | 'block.number_gte' | 'block.hash', id: string, req: number, latest: number) =>
    `Failed to decode \`${arg}\` value: \`subgraph ${id} has only indexed up to block number ${latest} and data for block number ${req} is therefore not yet available\``,
  blockPruned: (arg: 'block.number' | 'block.hash', id: string, req: number, earliest: number) =>
    `Failed to decode \`${arg}\` value: \`subgraph ${id} only has data starting at block number ${earliest} and data for block number ${req} is therefore not available\``,
  blockHashUnknown: () => 'Failed to decode `block.hash` value: `no block with that hash found`',
  tooDeep: (max: number) => `query has a depth that exceeds the limit of \`${max}\``,
  resultTooBig: (bytes: number, max: number) => `the result size of ${bytes} is larger than the allowed limit of ${max}`,
  timeout: () => 'Query timed out',
  orFilterMix: (cols: string[]) => {
    const l = cols.map((c) => `'${c}'`).join(', ')
    return `Cannot mix column filters with 'or' operator at the same level. Found column filter(s) ${l} alongside 'or' operator.\n\nInstead of:\nwhere: { ${l}, or: [...] }\n\nUse:\nwhere: { or: [{ ${l}, ... }, { ${l}, ... }] }`
  },
  noAttribute: (entity: string, attr: string) => `Entity \`${entity}\` has no attribute \`${attr}\``,
  orderNotSupported: (field: string, type: string) => `Ordering by \`${field}\` is not supported for type \`${type}\``,
  badScalar: (value: unknown, field: string, type: string) => `Failed to coerce value \`${typeof value === 'string' ? value : JSON.stringify(value)}\` of field \`${field}\` to scalar type \`${type}\``,
  fulltextSyntax: (e: string) => `Invalid fulltext search query syntax. Error: ${e}. Hint: Search terms with spaces need to be enclosed in single quotes`,
  /** graph-node graph/src/data/query/error.rs (QueryError::IndexingError). */
  indexingError: 'indexing_error',
  noDeployment: (name: string) => `deployment \`${name}\` does not exist`,
}
