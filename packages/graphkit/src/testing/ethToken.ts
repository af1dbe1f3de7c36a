/**
 * `ethereum.Value`s the way Matchstick 0.6.0 sees them: as ethabi `Token`s.
 * - Mock keys use ethabi's `Display` for Token (matchstick src/context/mod.rs `fn_id`), so a kind
 *   that prints the same (Int/Uint, Bytes/FixedBytes) matches the same mock.
 * - `assert.equals` compares tokens converted to store Values (matchstick src/context/conversion.rs
 *   `get_token_value`): Address/FixedBytes/Bytes are Bytes, Int/Uint are BigInt, arrays and tuples Lists.
 * - `createMockedFunction` checks arguments against the signature's parameter types
 *   (conversion.rs `get_kind`, `collect_types`; ethabi `Token::type_check`).
 */
import type { EthValue } from '../runtime/hostContext.ts'
import type { Value } from '../subgraph/values.ts'

const U256 = 1n << 256n
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

/** ethabi `impl Display for Token`: hex without `0x`, numbers as minimal lowercase hex of the 256-bit word. */
export function tokenDisplay(v: EthValue): string {
  switch (v.kind) {
    case 'bool': return String(v.value)
    case 'string': return v.value
    case 'address': case 'bytes': case 'fixedBytes': return hex(v.value)
    // Int tokens hold the two's-complement word (graph-node `BigInt::to_signed_u256`).
    case 'int': case 'uint': return (((v.value % U256) + U256) % U256).toString(16)
    case 'array': case 'fixedArray': return `[${v.value.map(tokenDisplay).join(',')}]`
    case 'tuple': return `(${v.value.map(tokenDisplay).join(',')})`
  }
}

/** `get_token_value`: the store Value a token is compared as. */
export function tokenValue(v: EthValue): Value {
  switch (v.kind) {
    case 'address': case 'bytes': case 'fixedBytes': return { kind: 'Bytes', value: v.value }
    case 'int': case 'uint': return { kind: 'BigInt', value: v.value }
    case 'bool': return { kind: 'Bool', value: v.value }
    case 'string': return { kind: 'String', value: v.value }
    default: return { kind: 'Array', value: v.value.map(tokenValue) }
  }
}

export type ParamType =
  | { kind: 'address' | 'bool' | 'bytes' | 'string' }
  | { kind: 'int' | 'uint' | 'fixedBytes'; size: number }
  | { kind: 'array'; of: ParamType }
  | { kind: 'fixedArray'; of: ParamType; size: number }
  | { kind: 'tuple'; of: ParamType[] }

/** Splits `a,(b,c),d` at top-level commas (`collect_types`). Whitespace is kept; `paramType` trims. */
export function collectTypes(s: string): string[] {
  const out: string[] = []
  if (s === '') return out
  let depth = 0, cur = ''
  for (const ch of s) {
    if (ch === '(') depth++
    else if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  if (cur !== '') out.push(cur)
  return out
}

/** `get_kind`, with its regexes tried in the same order; `null` where Matchstick says "Unrecognized argument type". */
export function paramType(raw: string): ParamType | null {
  const s = raw.trim()
  if (s === 'address' || s === 'bool' || s === 'bytes' || s === 'string') return { kind: s }
  if (/^int\d+$/.test(s)) return { kind: 'int', size: Number(s.slice(3)) }
  if (/^uint\d+$/.test(s)) return { kind: 'uint', size: Number(s.slice(4)) }
  if (/\w*\d*\[\]$/.test(s)) {
    const of = paramType(s.replaceAll('[]', ''))
    return of && { kind: 'array', of }
  }
  if (/bytes\d+$/.test(s)) return { kind: 'fixedBytes', size: Number(s.replace('bytes', '')) }
  if (/\w*\d*\[\d+\]$/.test(s)) {
    const [base, size] = s.replaceAll(']', '').split('[')
    const of = paramType(base)
    return of && { kind: 'fixedArray', of, size: Number(size) }
  }
  if (/\((.+?)(?:,|$)*\)$/.test(s)) {
    const of = collectTypes(s.slice(1, -1)).map(paramType)
    return of.every((x) => x) ? { kind: 'tuple', of: of as ParamType[] } : null
  }
  return null
}

/** ethabi `Token::type_check`. */
export function typeCheck(v: EthValue, t: ParamType): boolean {
  switch (v.kind) {
    case 'address': case 'bytes': case 'bool': case 'string': return t.kind === v.kind
    case 'int': case 'uint': return t.kind === v.kind
    case 'fixedBytes': return t.kind === 'fixedBytes' && t.size >= v.value.length
    case 'array': return t.kind === 'array' && v.value.every((x) => typeCheck(x, t.of))
    case 'fixedArray': return t.kind === 'fixedArray' && t.size === v.value.length && v.value.every((x) => typeCheck(x, t.of))
    case 'tuple': return t.kind === 'tuple' && v.value.every((x, i) => i < t.of.length && typeCheck(x, t.of[i]))
  }
}

/** The argument types of `name(a,b):(r)` the way `mock_function` extracts them. */
export function signatureArgTypes(name: string, signature: string): string[] {
  return collectTypes(signature.replace(`${name}(`, '').split('):')[0])
}

/** Debug form of a type, for the "parameters mismatch" message (close to ethabi's `{:?}`). */
export function paramTypeName(t: ParamType): string {
  switch (t.kind) {
    case 'int': case 'uint': return `${t.kind === 'int' ? 'Int' : 'Uint'}(${t.size})`
    case 'fixedBytes': return `FixedBytes(${t.size})`
    case 'array': return `Array(${paramTypeName(t.of)})`
    case 'fixedArray': return `FixedArray(${paramTypeName(t.of)}, ${t.size})`
    case 'tuple': return `Tuple([${t.of.map(paramTypeName).join(', ')}])`
    default: return t.kind[0].toUpperCase() + t.kind.slice(1)
  }
}
