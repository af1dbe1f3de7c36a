/**
 * One base error for the toolkit. Subclasses say how a failure must be handled,
 * decided by class and never by matching message text:
 *  - DeterministicError: the same input fails the same way every time (a handler bug,
 *    a bad manifest). Indexing stops at that block; a test fails.
 *  - TransientError: the environment failed (RPC, database). Retry with backoff; never
 *    mark a deployment failed for it.
 *  - InputError: bad input from the user (manifest, schema, config, query): a clear
 *    message that says what and where.
 */
export interface ErrorDetails {
  /** Longer explanation shown under the message. */
  details?: string
  /** Where: file, block, handler, entity… */
  where?: string
  cause?: unknown
}

export class GraphkitError extends Error {
  override name = 'GraphkitError'
  readonly details?: string
  readonly where?: string

  constructor(message: string, opts: ErrorDetails = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.details = opts.details
    this.where = opts.where
  }

  /** Message, location and details, for people. */
  describe(): string {
    const parts = [this.message]
    if (this.where) parts.push(`  at ${this.where}`)
    if (this.details) parts.push(this.details)
    return parts.join('\n')
  }
}

export class DeterministicError extends GraphkitError {
  override name = 'DeterministicError'
}

export class TransientError extends GraphkitError {
  override name = 'TransientError'
}

export class InputError extends GraphkitError {
  override name = 'InputError'
}

export const isTransient = (e: unknown): e is TransientError => e instanceof TransientError
export const isDeterministic = (e: unknown): e is DeterministicError => e instanceof DeterministicError
