/**
 * graph-ts `bigDecimal.*` host functions on {digits, exp} values (value = digits × 10^exp).
 * graph-node graph/src/data/store/scalar/bigdecimal.rs wraps the bigdecimal crate 0.1.2 (`old_bigdecimal`)
 * and normalizes every value it reads or computes to 34 significant digits with trailing zeros stripped;
 * the rounding rules below are that crate's (src/lib.rs at tag v0.1.2), quirks included.
 */
import { DeterministicError } from '../../internal/errors.ts'
import type { BigDecimalValue } from '../../subgraph/values.ts'

export const MAX_SIGNIFICANT_DIGITS = 34
/** Exponent range graph-node accepts when reading a BigDecimal. */
export const MIN_EXP = -6143
export const MAX_EXP = 6144

const abs = (v: bigint) => (v < 0n ? -v : v)
const bits = (v: bigint) => (v === 0n ? 0 : abs(v).toString(2).length)
/** The bigdecimal crate's estimate `bits / log2(10)`, in f64 as it computes it. */
const LOG2_10 = 3.3219280949

/**
 * bigdecimal 0.1.2 `count_decimal_digits`: estimates from the bit length and corrects upwards with
 * `int >= 10^d`, which is never true for a negative number, so negatives may count one digit short.
 */
export function countDigits(v: bigint): number {
  if (v === 0n) return 1
  let d = Math.floor(bits(v) / LOG2_10)
  for (let n = 10n ** BigInt(d); v >= n; n *= 10n) d++
  return d
}

/** bigdecimal 0.1.2 `get_rounding_term`: 1 when the leading digit of `r` (> 0) is 5 or more. */
export function roundingTerm(r: bigint): bigint {
  if (r === 0n) return 0n
  let n = 10n ** BigInt(Math.floor(bits(r) / LOG2_10))
  for (;;) {
    if (r < n) return 1n
    n *= 5n
    if (r < n) return 0n
    n *= 2n
  }
}

/**
 * bigdecimal 0.1.2 `with_prec`: drops digits beyond `prec` by truncating division (`div_rem`) and
 * rounds up only when the remainder is positive and its leading digit is >= 5 (`p < 10 * r`), so
 * positive values round half up and negative values are truncated towards zero.
 */
function withPrec(digits: bigint, exp: number, prec: number): BigDecimalValue {
  const d = countDigits(digits)
  if (d <= prec) return { digits, exp } // the `digits < prec` branch only appends zeros, stripped again by `normalize`
  const diff = d - prec
  const p = 10n ** BigInt(diff)
  let q = digits / p
  const r = digits % p
  if (p < 10n * r) q += roundingTerm(r)
  return { digits: q, exp: exp + diff }
}

/** graph-node `BigDecimal::normalized`: zero is `0`, else `with_prec(34)` and trailing zeros stripped. */
export function normalize(v: BigDecimalValue): BigDecimalValue {
  if (v.digits === 0n) return { digits: 0n, exp: 0 }
  let { digits, exp } = withPrec(v.digits, v.exp, MAX_SIGNIFICANT_DIGITS)
  while (digits % 10n === 0n) {
    digits /= 10n
    exp++
  }
  return { digits, exp }
}

/**
 * A BigDecimal read from mapping memory (graph-node to_from/external.rs `FromAscObj<AscBigDecimal>`):
 * normalized first, then its exponent must lie in [MIN_EXP, MAX_EXP].
 */
export function fromAsc(digits: bigint, exp: bigint): BigDecimalValue {
  const n = normalize({ digits, exp: Number(exp) })
  if (n.exp < MIN_EXP || n.exp > MAX_EXP) throw new DeterministicError(`big decimal exponent \`${n.exp}\` is outside the \`${MIN_EXP}\` to \`${MAX_EXP}\` range`)
  return n
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

/** bigdecimal 0.1.2 division precision (`impl Div`: `max_precision = 100`). */
const DIV_PRECISION = 100

/**
 * bigdecimal 0.1.2 `impl Div` + `impl_division` on magnitudes: long division digit by digit to
 * 100 significant digits, the last one rounded half up by the next digit; the sign is applied
 * afterwards and graph-node normalizes the result (so a negative quotient is then truncated to 34 digits).
 */
export function dividedBy(x: BigDecimalValue, y: BigDecimalValue): BigDecimalValue {
  if (y.digits === 0n) throw new DeterministicError(`attempted to divide BigDecimal \`${toString(x)}\` by zero`)
  if (x.digits === 0n || (y.digits === 1n && y.exp === 0)) return normalize(x)
  // `scale` is the crate's (negated exponent) throughout, as in the crate.
  let scale = -x.exp - -y.exp
  if (x.digits === y.digits) return normalize({ digits: 1n, exp: -scale })
  const neg = (x.digits < 0n) !== (y.digits < 0n)
  let num = abs(x.digits)
  const den = abs(y.digits)
  while (num < den) {
    scale++
    num *= 10n
  }
  let q = num / den
  let r = num % den
  if (r !== 0n) {
    let precision = countDigits(q)
    r *= 10n
    while (r !== 0n && precision < DIV_PRECISION) {
      q = q * 10n + r / den
      r = (r % den) * 10n
      precision++
      scale++
    }
    if (r !== 0n) q += roundingTerm(r / den)
  }
  return normalize({ digits: neg ? -q : q, exp: -scale })
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

/**
 * bigdecimal 0.1.2 `from_str_radix(s, 10)`, normalized: `[+-]digits[.digits][(e|E)[+]exponent]`, where
 * the digits go to num-bigint 0.2 (`_` separators allowed after the first digit, one leading `+` or `-`).
 */
export function fromString(s: string): BigDecimalValue {
  const bad = () => new DeterministicError(`string  is not a BigDecimal: '${s}'`)
  const e = s.search(/[eE]/)
  const base = e < 0 ? s : s.slice(0, e)
  let expPart = e < 0 ? '0' : s.slice(e + 1)
  if (expPart.startsWith('+')) expPart = expPart.slice(1)
  if (!/^[+-]?\d+$/.test(expPart) || base === '') throw bad()
  const dot = base.indexOf('.')
  const digits = dot < 0 ? base : base.slice(0, dot) + base.slice(dot + 1)
  const m = /^([+-]?)(\d[\d_]*)$/.exec(digits)
  if (!m) throw bad()
  const offset = dot < 0 ? 0 : base.length - dot - 1
  return normalize({ digits: BigInt((m[1] === '-' ? '-' : '') + m[2].replaceAll('_', '')), exp: Number(expPart) - offset })
}

export const fromBigInt = (v: bigint): BigDecimalValue => normalize({ digits: v, exp: 0 })
