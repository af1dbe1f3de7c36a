/** SQL row values → graph-node's JSON: BigInt, BigDecimal, Int8, Timestamp and Bytes as strings. */
import type { ColumnDef } from '../store/layout.ts'

export function serializeValue(c: ColumnDef, v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (Array.isArray(v)) return v.map((x) => serializeValue({ ...c, list: false }, x))
  if (v instanceof Uint8Array) return '0x' + Buffer.from(v).toString('hex')
  if (c.valueType === 'Int') return Number(v)
  if (c.valueType === 'Boolean') return Boolean(v)
  return String(v)
}
