/** Entity values as Matchstick prints and compares them (matchstick src/context/mod.rs `fieldEquals`). */
import type { Value } from '../subgraph/values.ts'

const hex = (b: Uint8Array) => '0x' + Buffer.from(b).toString('hex')

export function formatValue(v: Value): string {
  switch (v.kind) {
    case 'String': return v.value
    case 'Int': return String(v.value)
    case 'Int8': case 'BigInt': case 'Timestamp': return v.value.toString()
    case 'Bool': return v.value ? 'true' : 'false'
    case 'Bytes': return hex(v.value)
    case 'Null': return 'null'
    case 'Array': return `[${v.value.map(formatValue).join(', ')}]`
    case 'BigDecimal': {
      const { digits, exp } = v.value
      if (exp >= 0) return (digits * 10n ** BigInt(exp)).toString()
      const neg = digits < 0n
      const s = (neg ? -digits : digits).toString().padStart(-exp + 1, '0')
      const int = s.slice(0, s.length + exp)
      const frac = s.slice(s.length + exp).replace(/0+$/, '')
      return (neg ? '-' : '') + int + (frac ? '.' + frac : '')
    }
  }
}
