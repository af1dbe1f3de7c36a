/** graph-ts `log.log` (graph-node host_exports.rs `log_log`). */
import { DeterministicError } from '../../internal/errors.ts'
import type { HostContext, LogLevel } from '../hostContext.ts'

/** graph-ts `log.Level`: 0 Critical, 1 Error, 2 Warning, 3 Info, 4 Debug; others are Debug. */
const LEVELS: LogLevel[] = ['critical', 'error', 'warning', 'info', 'debug']

export function log(ctx: HostContext, level: number, message: string): void {
  const l = LEVELS[level] ?? 'debug'
  ctx.log(l, message)
  if (l === 'critical') throw new DeterministicError(`Critical error logged in mapping: ${message}`)
}
