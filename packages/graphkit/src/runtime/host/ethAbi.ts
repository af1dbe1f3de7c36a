/**
 * ethereum.Value ↔ Solidity ABI via viem (graph-node uses ethabi: chain/ethereum/src/runtime/runtime_adapter.rs,
 * host_exports.rs `ethereum_encode/decode`). Also the call encoding for whoever serves `ethereum.call`.
 */
import { decodeAbiParameters, encodeAbiParameters, encodeFunctionData, parseAbiParameters, type AbiParameter, toHex, hexToBytes } from 'viem'
import type { EthCall, EthValue } from '../hostContext.ts'

/** The ABI type of a value (arrays take their element type from the first element). */
export function abiTypeOf(v: EthValue): AbiParameter {
  switch (v.kind) {
    case 'address': return { type: 'address' }
    case 'fixedBytes': return { type: `bytes${v.value.length}` }
    case 'bytes': return { type: 'bytes' }
    case 'int': return { type: 'int256' }
    case 'uint': return { type: 'uint256' }
    case 'bool': return { type: 'bool' }
    case 'string': return { type: 'string' }
    case 'tuple': return { type: 'tuple', components: v.value.map(abiTypeOf) } as AbiParameter
    case 'fixedArray':
    case 'array': {
      const inner = v.value.length ? abiTypeOf(v.value[0]) : { type: 'uint256' }
      const suffix = v.kind === 'array' ? '[]' : `[${v.value.length}]`
      return { ...inner, type: inner.type + suffix } as AbiParameter
    }
  }
}

function toViem(v: EthValue): unknown {
  switch (v.kind) {
    case 'address': case 'fixedBytes': case 'bytes': return toHex(v.value)
    case 'fixedArray': case 'array': case 'tuple': return v.value.map(toViem)
    default: return v.value
  }
}

/** Decoded viem value of ABI type `p` → EthValue. */
export function fromViem(p: AbiParameter, x: unknown): EthValue {
  const t = p.type
  const arr = /^(.*)\[(\d*)\]$/.exec(t)
  if (arr) {
    const inner = { ...p, type: arr[1] } as AbiParameter
    const value = (x as unknown[]).map((y) => fromViem(inner, y))
    return arr[2] === '' ? { kind: 'array', value } : { kind: 'fixedArray', value }
  }
  if (t === 'tuple') {
    const comps = (p as { components: readonly AbiParameter[] }).components
    const vals = Array.isArray(x) ? x : comps.map((c, i) => (x as Record<string, unknown>)[c.name ?? i])
    return { kind: 'tuple', value: comps.map((c, i) => fromViem(c, vals[i])) }
  }
  if (t === 'address') return { kind: 'address', value: hexToBytes(x as `0x${string}`) }
  if (t === 'bytes') return { kind: 'bytes', value: hexToBytes(x as `0x${string}`) }
  if (t.startsWith('bytes')) return { kind: 'fixedBytes', value: hexToBytes(x as `0x${string}`) }
  if (t.startsWith('uint')) return { kind: 'uint', value: BigInt(x as bigint) }
  if (t.startsWith('int')) return { kind: 'int', value: BigInt(x as bigint) }
  if (t === 'bool') return { kind: 'bool', value: x as boolean }
  if (t === 'string') return { kind: 'string', value: x as string }
  throw new Error(`unsupported ABI type ${t}`)
}

/** `ethereum.encode`: the ABI encoding of one value (a tuple encodes as its fields); null when not encodable. */
export function ethEncode(v: EthValue): Uint8Array | null {
  try {
    const params = v.kind === 'tuple' ? v.value.map(abiTypeOf) : [abiTypeOf(v)]
    const values = v.kind === 'tuple' ? v.value.map(toViem) : [toViem(v)]
    return hexToBytes(encodeAbiParameters(params, values))
  } catch {
    return null
  }
}

/** `ethereum.decode(types, data)`: e.g. `(address,uint256)` or `uint256`; null on failure. */
export function ethDecode(types: string, data: Uint8Array): EthValue | null {
  try {
    const params = parseAbiParameters(types) as readonly AbiParameter[]
    if (params.length !== 1) return null
    const [x] = decodeAbiParameters(params, toHex(data))
    return fromViem(params[0], x)
  } catch {
    return null
  }
}

/** Splits `name(in,...):(out,...)` (graph-ts functionSignature) into its parts. */
export function parseSignature(sig: string): { name: string; inputs: string; outputs: string } {
  const m = /^([^(]+)\((.*?)\)(?::\((.*)\))?$/.exec(sig.trim())
  if (!m) throw new Error(`malformed function signature \`${sig}\``)
  return { name: m[1], inputs: m[2], outputs: m[3] ?? '' }
}

const params = (list: string) => (list ? (parseAbiParameters(list) as readonly AbiParameter[]) : [])

/** Calldata for an `ethereum.call`, for contexts that serve calls over RPC. */
export function encodeEthCall(call: EthCall): Uint8Array {
  const { name, inputs } = parseSignature(call.functionSignature)
  const abi = [{ type: 'function', name, inputs: params(inputs), outputs: [], stateMutability: 'view' }] as const
  return hexToBytes(encodeFunctionData({ abi, functionName: name, args: call.args.map(toViem) } as never))
}

/** Return data of an `ethereum.call` decoded per the signature's outputs. */
export function decodeEthCallResult(functionSignature: string, data: Uint8Array): EthValue[] {
  const outs = params(parseSignature(functionSignature).outputs)
  const vals = decodeAbiParameters(outs, toHex(data)) as unknown[]
  return outs.map((p, i) => fromViem(p, vals[i]))
}
