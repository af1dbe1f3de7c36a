/** AssemblyScript `abort` (graph-node runtime/wasm/src/host_exports.rs `abort`; 0 means "no line/column"). */
import { DeterministicError } from '../../internal/errors.ts'

export function abort(message: string | null, file: string | null, line: number, column: number): never {
  const msg = message === null ? 'no message' : `message: ${message}`
  let location: string
  if (file === null) location = 'an unknown location'
  else if (!line) location = file
  else if (!column) location = `${file}, line ${line}`
  else location = `${file}, line ${line}, column ${column}`
  throw new DeterministicError(`Mapping aborted at ${location}, with ${msg}`)
}
