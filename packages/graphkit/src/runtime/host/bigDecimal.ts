/**
 * graph-ts `bigDecimal.*` host functions on {digits, exp} values (value = digits × 10^exp).
 * graph-node graph/src/data/store/scalar/bigdecimal.rs: every result is normalized to at most
 * 34 significant digits (rounding half away from zero on the dropped digits) with trailing zeros stripped.
 */
import { DeterministicError } from '../../internal/errors.ts'
import type { BigDecimalValue } from '../../subgraph/values.ts'

export const MAX_SIGNIFICANT_DIGITS = 34
/** Exponent range graph-node accepts when reading a BigDecimal. */
export const MIN_EXP = -6143
export const MAX_EXP = 6144

const abs = (v: bigint) => (v < 0n ? -v : v)
const numDigits = (v: bigint) => (v === 0n ? 1 : abs(v).toString().length)

/** Rounds `digits` to `keep` significant digits, half away from zero. */
function round(digits: bigint, exp: number, keep: number): BigDecimalValue {
  const drop = numDigits(digits) - keep
  if (drop <= 0) return { digits, exp }
  const p = 10n ** BigInt(drop)
  let q = abs(digits) / p
  if ((abs(digits) % p) * 2n >= p) q += 1n
  return { digits: digits < 0n ? -q : q, exp: exp + drop }
}

export function normalize(v: BigDecimalValue): BigDecimalValue {
  if (v.digits === 0n) return { digits: 0n, exp: 0 }
  let { digits, exp } = round(v.digits, v.exp, MAX_SIGNIFICANT_DIGITS)
  while (digits % 10n === 0n) {
    digits /= 10n
    exp++
  }
  return { digits, exp }
}

function align(x: BigDecimalValue, y: BigDecimalValue): [bigint, bigint, number] {
  const e = Math.min(x.exp, y.exp)
  return [x.digits * 10n ** BigInt(x.exp - e), y.digits * 10n ** BigInt(y.exp - e), e]
}

export function plus(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
  const [a, b, e] = align(x, y)
  return normalize({ digits: a + b, exp: e })
}
export function minus(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
  const [a, b, e] = align(x, y)
  return normalize({ digits: a - b, exp: e })
}
export function times(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
  return normalize({ digits: x.digits * y.digits, exp: x.exp + y.exp })
}

/** Quotient to 100 significant digits (the bigdecimal crate's division precision), then normalized. */
export function dividedBy(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
  if (y.digits === 0n) throw new DeterministicError(`attempted to divide BigDecimal \`${toString(x)}\` by zero`)
  if (x.digits === 0n) return { digits: 0n, exp: 0 }
  const shift = Math.max(0, 100 + numDigits(y.digits) - numDigits(x.digits))
  const q = (x.digits * 10n ** BigInt(shift)) / y.digits
  return normalize({ digits: q, exp: x.exp - y.exp - shift })
}

export function equals(x: BigDecimalValue, y: BigDecimalValue): boolean {
  const [a, b] = align(x, y)
  return a === b
}

/** Plain decimal notation, no exponent (bigdecimal's Display as graph-node prints it). */
export function toString(v: BigDecimalValue): string {
  const neg = v.digits < 0n
  const s = abs(v.digits).toString()
  let out: string
  if (v.exp >= 0) out = v.digits === 0n ? '0' : s + '0'.repeat(v.exp)
  else {
    const k = -v.exp
    out = k >= s.length ? '0.' + '0'.repeat(k - s.length) + s : s.slice(0, s.length - k) + '.' + s.slice(s.length - k)
  }
  return (neg ? '-' : '') + out
}

export function fromString(s: string): BigDecimalValue {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s)
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new DeterministicError(`string  is not a BigDecimal: '${s}'`)
  const frac = m[3] ?? ''
  const digits = BigInt((m[1] === '-' ? '-' : '') + (m[2] + frac || '0'))
  return normalize({ digits, exp: Number(m[4] ?? 0) - frac.length })
}

export const fromBigInt = (v: bigint): BigDecimalValue => normalize({ digits: v, exp: 0 })
