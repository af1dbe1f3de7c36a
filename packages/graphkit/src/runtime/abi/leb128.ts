/** LEB128 integers of the WebAssembly binary format (core spec 5.2.2), for the few places that read module bytes. */

function read(b: Uint8Array, pos: number, signed: boolean): [number, number] {
  let result = 0, shift = 0, byte: number
  do {
    byte = b[pos++]
    result |= (byte & 0x7f) << shift
    shift += 7
  } while (byte & 0x80)
  if (signed) return [shift < 32 && byte & 0x40 ? result | (~0 << shift) : result, pos]
  return [result >>> 0, pos]
}

/** Unsigned: [value, position after it]. */
export const readU32 = (b: Uint8Array, pos: number) => read(b, pos, false)
/** Signed (i32.const immediates): [value, position after it]. */
export const readI32 = (b: Uint8Array, pos: number) => read(b, pos, true)

export function u32Bytes(v: number): number[] {
  const out: number[] = []
  do {
    let byte = v & 0x7f
    v >>>= 7
    if (v !== 0) byte |= 0x80
    out.push(byte)
  } while (v !== 0)
  return out
}
