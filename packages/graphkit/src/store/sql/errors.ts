/**
 * Maps driver errors to the toolkit's error classes: connection trouble is transient
 * (retry), anything the server rejects for the statement itself is deterministic.
 * SQLSTATE classes: PostgreSQL docs, Appendix A "PostgreSQL Error Codes".
 */
import { DeterministicError, TransientError } from '../../internal/errors.ts'

const TRANSIENT_CLASSES = ['08', '53', '57', '58', '40']

/** The URL without its password, for `where`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable database URL)'
  }
}

/** `embedded`: PGlite runs in-process, so an error without SQLSTATE there is a bad parameter, not a lost connection. */
export function mapSqlError(e: unknown, text: string, where: string, embedded = false): Error {
  if (e instanceof DeterministicError || e instanceof TransientError) return e
  const err = e as { code?: string; message?: string; detail?: string }
  const msg = err?.message ?? String(e)
  const code = typeof err?.code === 'string' ? err.code : undefined
  const firstLine = text.trim().split('\n')[0]!.slice(0, 200)
  if ((code && /^[0-9A-Z]{5}$/.test(code) && !TRANSIENT_CLASSES.includes(code.slice(0, 2))) || (embedded && !code)) {
    return new DeterministicError(`SQL error ${code}: ${msg}`, { where: `${where}: ${firstLine}`, details: err.detail, cause: e })
  }
  return new TransientError(`database unavailable: ${msg}`, { where, cause: e })
}
