/**
 * graph-ts `json.*` host functions (graph-node host_exports.rs `json_from_bytes`, serde_json).
 * Numbers keep their source text, as graph-node hands the mapping the number's string form.
 */
import { DeterministicError } from '../../internal/errors.ts'
import type { JsonValue } from '../abi/memory.ts'

/** graph-node rejects JSON input above 10 MB (`json.fromBytes`). */
export const MAX_JSON_BYTES = 10_000_000
/** serde_json's default recursion limit. */
export const MAX_DEPTH = 128

export function parseJson(bytes: Uint8Array): JsonValue {
  if (bytes.length > MAX_JSON_BYTES) throw new DeterministicError(`JSON size exceeds max size of ${MAX_JSON_BYTES}`)
  const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  let i = 0
  const fail = (what: string): never => {
    throw new DeterministicError(`Failed to parse JSON: ${what} at position ${i}`)
  }
  const ws = () => {
    while (i < s.length && ' \t\n\r'.includes(s[i])) i++
  }
  const value = (depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail('recursion limit exceeded')
    ws()
    const c = s[i]
    if (c === '{') {
      i++
      const m = new Map<string, JsonValue>()
      ws()
      if (s[i] === '}') return i++, m
      for (;;) {
        ws()
        if (s[i] !== '"') fail('expected a key')
        const k = str()
        ws()
        if (s[i++] !== ':') fail('expected `:`')
        m.set(k, value(depth + 1))
        ws()
        if (s[i] === ',') i++
        else if (s[i] === '}') return i++, m
        else fail('expected `,` or `}`')
      }
    }
    if (c === '[') {
      i++
      const a: JsonValue[] = []
      ws()
      if (s[i] === ']') return i++, a
      for (;;) {
        a.push(value(depth + 1))
        ws()
        if (s[i] === ',') i++
        else if (s[i] === ']') return i++, a
        else fail('expected `,` or `]`')
      }
    }
    if (c === '"') return str()
    for (const [w, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (s.startsWith(w, i)) return (i += w.length), v
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(i, i + 1000))
    if (!m) fail('expected a value')
    i += m![0].length
    return { number: m![0] }
  }
  const str = (): string => {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(s.slice(i))
    if (!m) fail('invalid string')
    i += m![0].length
    return JSON.parse(m![0])
  }
  const v = value(0)
  ws()
  if (i !== s.length) fail('trailing characters')
  return v
}

const I64_MIN = -(1n << 63n), I64_MAX = (1n << 63n) - 1n, U64_MAX = (1n << 64n) - 1n

export function toI64(s: string): bigint {
  if (!/^-?\d+$/.test(s) || BigInt(s) < I64_MIN || BigInt(s) > I64_MAX) throw new DeterministicError(`JSON \`${s}\` cannot be parsed as i64`)
  return BigInt(s)
}
export function toU64(s: string): bigint {
  if (!/^\d+$/.test(s) || BigInt(s) > U64_MAX) throw new DeterministicError(`JSON \`${s}\` cannot be parsed as u64`)
  return BigInt(s)
}
export function toF64(s: string): number {
  const n = Number(s)
  if (s.trim() === '' || Number.isNaN(n)) throw new DeterministicError(`JSON \`${s}\` cannot be parsed as f64`)
  return n
}
export function toBigInt(s: string): bigint {
  if (!/^-?\d+$/.test(s)) throw new DeterministicError(`JSON \`${s}\` is not a decimal string`)
  return BigInt(s)
}
