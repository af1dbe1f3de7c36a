/**
 * Values ↔ SQL. Writes pass every column as text (a `text[]` parameter per column,
 * cast in SQL) so both adapters see identical parameters; list columns pass one
 * Postgres array literal per row. Reads accept what either driver returns.
 */
import type { Value, Entity, BigDecimalValue } from '../subgraph/values.ts'
import type { ColumnDef, TableDef } from './layout.ts'
import { DeterministicError } from '../internal/errors.ts'

/** Lowercase hex of the bytes, read in place (no copy). */
const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')

/** digits × 10^exp as an exact decimal string, no floating point. */
export function bigDecimalToString(v: BigDecimalValue): string {
  const neg = v.digits < 0n
  let s = (neg ? -v.digits : v.digits).toString()
  if (v.exp >= 0) s = s === '0' ? '0' : s + '0'.repeat(v.exp)
  else {
    const k = -v.exp
    if (s.length <= k) s = '0'.repeat(k - s.length + 1) + s
    s = s.slice(0, s.length - k) + '.' + s.slice(s.length - k)
  }
  return (neg && s !== '0' ? '-' : '') + s
}

/** Parses a decimal string (optionally with an exponent) into normalized digits/exp. */
export function parseBigDecimal(text: string): BigDecimalValue {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim())
  if (!m) throw new DeterministicError(`not a decimal: ${text}`)
  const frac = m[3] ?? ''
  let digits = BigInt((m[2] || '0') + frac)
  let exp = Number(m[4] ?? 0) - frac.length
  if (digits === 0n) return { digits: 0n, exp: 0 }
  while (digits % 10n === 0n) {
    digits /= 10n
    exp++
  }
  return { digits: m[1] === '-' ? -digits : digits, exp }
}

/** Text form of one scalar for a column of SQL type `base` (null for Null). */
function scalarText(v: Value, where: string): string | null {
  switch (v.kind) {
    case 'Null':
      return null
    case 'String':
      return v.value
    case 'Int':
      return String(v.value)
    case 'Int8':
    case 'BigInt':
    case 'Timestamp':
      return v.value.toString()
    case 'BigDecimal':
      return bigDecimalToString(v.value)
    case 'Bool':
      return v.value ? 't' : 'f'
    case 'Bytes':
      return '\\x' + hex(v.value)
    case 'Array':
      throw new DeterministicError(`a list value where a single value is expected`, { where })
  }
}

/**
 * `{a,"b c",NULL}`: every element double-quoted with `\` and `"` escaped; numbers bare. Also
 * how batch parameters are sent (one text literal per column rather than an array the driver
 * escapes element by element); bytea text `\x…` takes a fast path.
 */
export function arrayLiteral(items: readonly (string | number | null)[]): string {
  let out = '{'
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ','
    const x = items[i]
    if (x === null) out += 'NULL'
    else if (typeof x === 'number') out += String(x)
    else out += '"' + escapeElement(x) + '"'
  }
  return out + '}'
}

function escapeElement(s: string): string {
  const q = s.indexOf('"')
  const b = s.indexOf('\\')
  if (q < 0 && b < 0) return s
  if (q < 0 && b === 0 && s.indexOf('\\', 1) < 0) return '\\' + s
  return s.replace(/[\\"]/g, (c) => '\\' + c)
}

/**
 * One column of a batch of rows as the `text[]` literal the insert unnests: the text of
 * each row, written straight into the literal with the quoting each kind needs (numbers and
 * booleans bare, bytea `\\x…` quoted without a scan, strings and lists escaped).
 */
export function columnLiteral(col: ColumnDef, entities: readonly Entity[], where: string): string {
  const name = col.field.name
  let out = '{'
  for (let r = 0; r < entities.length; r++) {
    if (r > 0) out += ','
    const v = entities[r]!.get(name)
    if (!v || v.kind === 'Null') {
      if (!col.nullable) throw new DeterministicError(`missing value for non-null field ${name}`, { where })
      out += 'NULL'
      continue
    }
    if (col.list) {
      if (v.kind !== 'Array') throw new DeterministicError(`field ${name} expects a list, got ${v.kind}`, { where })
      out += '"' + escapeElement(arrayLiteral(v.value.map((x) => scalarText(x, where)))) + '"'
      continue
    }
    const text = scalarText(v, where)!
    if (v.kind === 'String') out += '"' + escapeElement(text) + '"'
    else if (v.kind === 'Bytes') out += '"\\' + text + '"'
    else out += text
  }
  return out + '}'
}

/** An id as the interface shows it (Bytes ids as lowercase 0x hex) → its SQL text. */
export function idText(table: TableDef, id: string): string {
  const t = table.columns[0]!.valueType
  if (t === 'Bytes') return '\\x' + id.replace(/^0x/i, '').toLowerCase()
  return id
}

const asBytes = (x: unknown): Uint8Array => {
  if (x instanceof Uint8Array) return x
  if (typeof x === 'string' && x.startsWith('\\x')) return Buffer.from(x.slice(2), 'hex')
  throw new DeterministicError(`unexpected bytea value from the database: ${String(x)}`)
}

function scalarValue(valueType: string, x: unknown): Value {
  if (x === null || x === undefined) return { kind: 'Null' }
  switch (valueType) {
    case 'ID':
    case 'String':
      return { kind: 'String', value: String(x) }
    case 'Bytes':
      return { kind: 'Bytes', value: new Uint8Array(asBytes(x)) }
    case 'BigInt':
      return { kind: 'BigInt', value: BigInt(String(x)) }
    case 'BigDecimal':
      return { kind: 'BigDecimal', value: parseBigDecimal(String(x)) }
    case 'Int':
      return { kind: 'Int', value: Number(x) }
    case 'Int8':
      return { kind: 'Int8', value: BigInt(x as string) }
    case 'Timestamp':
      return { kind: 'Timestamp', value: BigInt(x as string) }
    case 'Boolean':
      return { kind: 'Bool', value: x === true || x === 't' }
    default:
      return { kind: 'String', value: String(x) }
  }
}

/** One column of a row → Value. */
export function columnValue(col: ColumnDef, x: unknown): Value {
  if (x === null || x === undefined) return { kind: 'Null' }
  if (col.list) return { kind: 'Array', value: (x as unknown[]).map((e) => scalarValue(col.valueType, e)) }
  return scalarValue(col.valueType, x)
}

/** The id of a row as the interface shows it. */
export function rowId(table: TableDef, x: unknown): string {
  return table.columns[0]!.valueType === 'Bytes' ? '0x' + hex(asBytes(x)) : String(x)
}

/** A table row → Entity (null columns are left out, as graph-node's loaded entities do). */
export function rowToEntity(table: TableDef, row: Record<string, unknown>): Entity {
  const e: Entity = new Map()
  for (const c of table.columns) {
    const v = columnValue(c, row[c.name])
    if (v.kind !== 'Null') e.set(c.field.name, v)
  }
  return e
}

/** JSON for metadata (data source contexts): tagged values, bigints as strings. */
export function valueToJson(v: Value): unknown {
  switch (v.kind) {
    case 'Null':
      return { k: 'Null' }
    case 'Array':
      return { k: 'Array', v: v.value.map(valueToJson) }
    case 'Bytes':
      return { k: 'Bytes', v: hex(v.value) }
    case 'BigDecimal':
      return { k: 'BigDecimal', v: bigDecimalToString(v.value) }
    case 'Int8':
    case 'BigInt':
    case 'Timestamp':
      return { k: v.kind, v: v.value.toString() }
    default:
      return { k: v.kind, v: v.value }
  }
}

export function jsonToValue(j: unknown): Value {
  const { k, v } = j as { k: string; v: unknown }
  switch (k) {
    case 'Null':
      return { kind: 'Null' }
    case 'Array':
      return { kind: 'Array', value: (v as unknown[]).map(jsonToValue) }
    case 'Bytes':
      return { kind: 'Bytes', value: new Uint8Array(Buffer.from(v as string, 'hex')) }
    case 'BigDecimal':
      return { kind: 'BigDecimal', value: parseBigDecimal(v as string) }
    case 'Int8':
    case 'BigInt':
    case 'Timestamp':
      return { kind: k, value: BigInt(v as string) }
    default:
      return { kind: k, value: v } as Value
  }
}

export const entityToJson = (e: Entity | null) => (e ? [...e].map(([f, v]) => [f, valueToJson(v)]) : null)
export const jsonToEntity = (j: unknown): Entity | null =>
  j ? new Map((j as [string, unknown][]).map(([f, v]) => [f, jsonToValue(v)])) : null
