/** BigInt ↔ little-endian two's-complement bytes, as graph-node's `to_signed_bytes_le`/`from_signed_bytes_le`. */

export function bigIntFromSignedLe(bytes: Uint8Array): bigint {
  const n = bytes.length
  if (n === 0) return 0n
  if (n <= 6) {
    // Fast path: fits a double exactly.
    let x = 0
    for (let i = n - 1; i >= 0; i--) x = x * 256 + bytes[i]
    return BigInt(bytes[n - 1] & 0x80 ? x - 2 ** (8 * n) : x)
  }
  let hex = ''
  for (let i = n - 1; i >= 0; i--) hex += bytes[i].toString(16).padStart(2, '0')
  const v = BigInt('0x' + hex)
  return bytes[n - 1] & 0x80 ? v - (1n << BigInt(8 * n)) : v
}

/** Minimal-length encoding; zero is `[0]` as num-bigint `to_signed_bytes_le` gives. */
export function bigIntToSignedLe(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array([0])
  if (v >= -(2n ** 47n) && v < 2n ** 47n) {
    // Fast path on doubles (exact below 2^53).
    let x = Number(v)
    let n = 1
    while (x >= 2 ** (8 * n - 1) || x < -(2 ** (8 * n - 1))) n++
    if (x < 0) x += 2 ** (8 * n)
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      out[i] = x % 256
      x = Math.floor(x / 256)
    }
    return out
  }
  // Smallest byte count whose two's-complement range holds v.
  let n = 1
  while (v >= 1n << BigInt(8 * n - 1) || v < -(1n << BigInt(8 * n - 1))) n++
  let u = v < 0n ? (1n << BigInt(8 * n)) + v : v
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    out[i] = Number(u & 0xffn)
    u >>= 8n
  }
  return out
}
