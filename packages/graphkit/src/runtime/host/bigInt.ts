/** graph-ts `bigInt.*` host functions on JS bigints (graph-node runtime/wasm/src/host_exports.rs). */
import { DeterministicError } from '../../internal/errors.ts'

/** graph-node graph/src/data/store/scalar/bigint.rs `BigInt::MAX_BITS`. */
export const MAX_BITS = 435_412

/** graph-node refuses BigInts wider than MAX_BITS (two's-complement bits, as `BigInt::bits`). */
export function checkSize(v: bigint): bigint {
  if (v > 1n << 64n || v < -(1n << 64n)) {
    const bits = (v < 0n ? -v : v).toString(2).length
    if (bits > MAX_BITS) throw new DeterministicError(`BigInt is too big, total bits ${bits} (max ${MAX_BITS})`)
  }
  return v
}

export const plus = (x: bigint, y: bigint): bigint => checkSize(x + y)
export const minus = (x: bigint, y: bigint): bigint => checkSize(x - y)
export const times = (x: bigint, y: bigint): bigint => checkSize(x * y)

/** Truncating division, as Rust `BigInt /`. */
export function dividedBy(x: bigint, y: bigint): bigint {
  if (y === 0n) throw new DeterministicError(`attempted to divide BigInt \`${x}\` by zero`)
  return x / y
}

/** Remainder with the dividend's sign, as Rust `BigInt %`. */
export function mod(x: bigint, y: bigint): bigint {
  if (y === 0n) throw new DeterministicError(`attempted to calculate the remainder of \`${x}\` with a divisor of zero`)
  return x % y
}

/** `exp` is a u8 passed by value. */
export const pow = (x: bigint, exp: number): bigint => checkSize(x ** BigInt(exp & 0xff))

export function fromString(s: string): bigint {
  // graph-node parses with num-bigint `BigInt::from_str`: optional sign, decimal digits only.
  if (!/^[+-]?[0-9]+$/.test(s)) throw new DeterministicError(`string is not a BigInt: \`${s}\``)
  return BigInt(s)
}

export const bitOr = (x: bigint, y: bigint): bigint => x | y
export const bitAnd = (x: bigint, y: bigint): bigint => x & y
export const leftShift = (x: bigint, bits: number): bigint => checkSize(x << BigInt(bits & 0xff))
/** Arithmetic shift (rounds toward -infinity), as num-bigint's `>>` on negative values. */
export const rightShift = (x: bigint, bits: number): bigint => x >> BigInt(bits & 0xff)
