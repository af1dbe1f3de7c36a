/**
 * End (exclusive) of a module's active data segments in memory 0: AssemblyScript places
 * string literals there (and its heap after them), so a string pointer below it is a
 * literal whose content never changes. Parses the binary's data section (WebAssembly core
 * spec 5.5.14); 0 when there is none or an offset is not a constant.
 */
import { readI32, readU32 } from './leb128.ts'

export function staticDataEnd(wasm: Uint8Array): number {
  let pos = 8 // magic + version
  const u32 = (): number => {
    const [v, next] = readU32(wasm, pos)
    pos = next
    return v
  }
  const i32 = (): number => {
    const [v, next] = readI32(wasm, pos)
    pos = next
    return v
  }
  while (pos < wasm.length) {
    const id = wasm[pos++]
    const size = u32()
    const next = pos + size
    if (id === 11) {
      let end = 0
      const count = u32()
      for (let i = 0; i < count; i++) {
        const flags = u32()
        if (flags === 1) {
          pos += u32() // passive: no address
          continue
        }
        if (flags === 2 && u32() !== 0) return 0 // another memory
        if (wasm[pos++] !== 0x41) return 0 // offset is not i32.const
        const offset = i32()
        if (wasm[pos++] !== 0x0b) return 0
        const len = u32()
        pos += len
        end = Math.max(end, (offset >>> 0) + len)
      }
      return end
    }
    pos = next
  }
  return 0
}
