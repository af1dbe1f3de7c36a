/** graph-ts `typeConversion.*` host functions (graph-node runtime/wasm/src/host_exports.rs). */
import { DeterministicError } from '../../internal/errors.ts'

const utf8 = new TextDecoder('utf-8') // lossy, like Rust `String::from_utf8_lossy`

/** UTF-8 (lossy) with trailing NUL characters trimmed, as graph-node does. */
export function bytesToString(b: Uint8Array): string {
  return utf8.decode(b).replace(/\u0000+$/, '')
}

export function bytesToHex(b: Uint8Array): string {
  return '0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')
}

export const bigIntToString = (v: bigint): string => v.toString()

/** `0x` + minimal hex digits of the magnitude; zero is `0x0`. */
export const bigIntToHex = (v: bigint): string => '0x' + (v < 0n ? -v : v).toString(16)

export function stringToH160(s: string): Uint8Array {
  const hex = s.startsWith('0x') ? s.slice(2) : s
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) throw new DeterministicError(`Failed to convert string to Address: '${s}'`)
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Bitcoin-alphabet base58 (graph-node uses the `bs58` crate). */
export function bytesToBase58(b: Uint8Array): string {
  let zeros = 0
  while (zeros < b.length && b[zeros] === 0) zeros++
  let n = 0n
  for (const x of b) n = (n << 8n) | BigInt(x)
  let out = ''
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out
    n /= 58n
  }
  return '1'.repeat(zeros) + out
}
