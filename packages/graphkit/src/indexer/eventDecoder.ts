/**
 * Decodes an event log's topics and data straight into `EthValue`s (graph-ts
 * `ethereum.Value` kinds), per the Solidity ABI specification
 * (https://docs.soliditylang.org/en/latest/abi-spec.html), reading 32-byte words from the
 * hex text without an intermediate JS representation.
 *
 * graph-node decodes with ethabi's `Event::parse_log`: an indexed parameter of a dynamic or
 * composite type (string, bytes, arrays, tuples) is only its topic, the keccak hash, and
 * reaches the mapping as `FixedBytes(32)`.
 */
import type { AbiEvent, AbiParameter } from 'viem'
import { DeterministicError } from '../internal/errors.ts'
import type { EthValue } from '../runtime/hostContext.ts'
import type { RpcLog } from './rpc.ts'

export type DecodedParams = { name: string; value: EthValue }[]

const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i
for (let i = 0; i < 6; i++) NIBBLE[97 + i] = NIBBLE[65 + i] = 10 + i

/** A byte range of a `0x` hex string as bytes. */
export function hexBytes(hex: string, byteStart: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let c = 2 + 2 * byteStart
  for (let i = 0; i < length; i++, c += 2) {
    const hi = NIBBLE[hex.charCodeAt(c)], lo = NIBBLE[hex.charCodeAt(c + 1)]
    if ((hi | lo) < 0) throw new RangeError(`not hex at character ${c}`)
    out[i] = (hi << 4) | lo
  }
  return out
}

class Words {
  readonly size: number
  constructor(readonly hex: string) {
    if (hex.length % 2 !== 0 || !hex.startsWith('0x')) throw new RangeError('data is not 0x-prefixed hex of whole bytes')
    this.size = (hex.length - 2) / 2
  }
  private need(at: number, n: number): void {
    if (at < 0 || at + n > this.size) throw new RangeError(`reading ${n} bytes at ${at} of ${this.size}`)
  }
  uint(at: number): bigint {
    const small = this.small(at)
    return small >= 0 ? BigInt(small) : this.big(at)
  }
  /** A word used as an offset or a length: must fit a JS number. */
  index(at: number): number {
    const small = this.small(at)
    if (small >= 0) return small
    const v = this.big(at)
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`offset or length ${v} too large`)
    return Number(v)
  }
  private big(at: number): bigint {
    return BigInt('0x' + this.hex.substring(2 + 2 * at, 66 + 2 * at))
  }
  /** The word at `at` as a number when it is below 2^52 (most are: amounts, ids, offsets), else -1. */
  private small(at: number): number {
    this.need(at, 32)
    const hex = this.hex
    const end = 66 + 2 * at
    let c = 2 + 2 * at
    while (c < end && hex.charCodeAt(c) === 48) c++
    if (end - c > 13) return -1
    let v = 0
    for (; c < end; c++) {
      const code = hex.charCodeAt(c)
      const d = code < 128 ? NIBBLE[code]! : -1
      if (d < 0) throw new RangeError(`not hex at character ${c}`)
      v = v * 16 + d
    }
    return v
  }
  bytes(at: number, n: number): Uint8Array {
    this.need(at, n)
    return hexBytes(this.hex, at, n)
  }
}

const ARRAY = /^(.*)\[(\d*)\]$/

type Codec = {
  dynamic: boolean
  /** Bytes in the head: 32 for dynamic types, the inline size for static ones. */
  headSize: number
  /** Decodes the value whose encoding starts at `at` (for dynamic types, the tail). */
  read(w: Words, at: number): EthValue
}

function tupleReader(codecs: Codec[]): (w: Words, base: number) => EthValue[] {
  return (w, base) => {
    const out = new Array<EthValue>(codecs.length)
    let pos = base
    for (let i = 0; i < codecs.length; i++) {
      const c = codecs[i]
      out[i] = c.dynamic ? c.read(w, base + w.index(pos)) : c.read(w, pos)
      pos += c.headSize
    }
    return out
  }
}

function codecOf(p: AbiParameter): Codec {
  const t = p.type
  const arr = ARRAY.exec(t)
  if (arr) {
    const item = codecOf({ ...p, type: arr[1] } as AbiParameter)
    if (arr[2] === '') {
      return {
        dynamic: true, headSize: 32,
        read: (w, at) => {
          const n = w.index(at)
          return { kind: 'array', value: tupleReader(Array(n).fill(item))(w, at + 32) }
        },
      }
    }
    const n = Number(arr[2])
    const items = tupleReader(Array(n).fill(item))
    return { dynamic: item.dynamic, headSize: item.dynamic ? 32 : n * item.headSize, read: (w, at) => ({ kind: 'fixedArray', value: items(w, at) }) }
  }
  if (t === 'tuple') {
    const codecs = (p as { components: readonly AbiParameter[] }).components.map(codecOf)
    const dynamic = codecs.some((c) => c.dynamic)
    const items = tupleReader(codecs)
    return { dynamic, headSize: dynamic ? 32 : codecs.reduce((n, c) => n + c.headSize, 0), read: (w, at) => ({ kind: 'tuple', value: items(w, at) }) }
  }
  if (t === 'address') return { dynamic: false, headSize: 32, read: (w, at) => ({ kind: 'address', value: w.bytes(at + 12, 20) }) }
  if (t === 'bool') return { dynamic: false, headSize: 32, read: (w, at) => ({ kind: 'bool', value: w.uint(at) !== 0n }) }
  if (t === 'string') return { dynamic: true, headSize: 32, read: (w, at) => ({ kind: 'string', value: utf8.decode(w.bytes(at + 32, w.index(at))) }) }
  if (t === 'bytes') return { dynamic: true, headSize: 32, read: (w, at) => ({ kind: 'bytes', value: w.bytes(at + 32, w.index(at)) }) }
  let m = /^bytes(\d+)$/.exec(t)
  if (m) {
    const n = Number(m[1])
    if (n < 1 || n > 32) throw new DeterministicError(`unsupported ABI type ${t}`)
    return { dynamic: false, headSize: 32, read: (w, at) => ({ kind: 'fixedBytes', value: w.bytes(at, n) }) }
  }
  m = /^(u?)int(\d*)$/.exec(t)
  if (m) {
    const bits = m[2] === '' ? 256 : Number(m[2])
    if (bits < 8 || bits > 256 || bits % 8 !== 0) throw new DeterministicError(`unsupported ABI type ${t}`)
    // Values arrive sign- or zero-extended to 256 bits; reading them at their own width is what ethabi does.
    if (m[1] === 'u') return { dynamic: false, headSize: 32, read: (w, at) => ({ kind: 'uint', value: BigInt.asUintN(bits, w.uint(at)) }) }
    return { dynamic: false, headSize: 32, read: (w, at) => ({ kind: 'int', value: BigInt.asIntN(bits, w.uint(at)) }) }
  }
  throw new DeterministicError(`unsupported ABI type ${t}`)
}

const utf8 = new TextDecoder('utf-8') // lossy, as Rust's String::from_utf8_lossy

/** A decoder for logs of `event`, built once per event type. Parameters come back in ABI order with their names. */
export function eventDecoder(event: AbiEvent): (log: RpcLog, where: string) => DecodedParams {
  const inputs = event.inputs
  const indexed: { i: number; codec: Codec | null }[] = []
  const data: { i: number; codec: Codec }[] = []
  inputs.forEach((p, i) => {
    if ((p as { indexed?: boolean }).indexed) {
      const c = codecOf(p)
      // Dynamic and composite types are hashed into their topic (ethabi: FixedBytes(32)).
      indexed.push({ i, codec: c.dynamic || ARRAY.test(p.type) || p.type === 'tuple' ? null : c })
    } else data.push({ i, codec: codecOf(p) })
  })
  const readData = tupleReader(data.map((d) => d.codec))
  const firstTopic = event.anonymous ? 0 : 1
  return (log, where) => {
    try {
      if (log.topics.length < firstTopic + indexed.length) throw new RangeError(`${log.topics.length} topics, ${firstTopic + indexed.length} expected`)
      const out: DecodedParams = new Array(inputs.length)
      for (let k = 0; k < indexed.length; k++) {
        const { i, codec } = indexed[k]
        const w = new Words(log.topics[firstTopic + k])
        out[i] = { name: inputs[i].name ?? '', value: codec ? codec.read(w, 0) : { kind: 'fixedBytes', value: w.bytes(0, 32) } }
      }
      if (data.length) {
        const values = readData(new Words(log.data), 0)
        for (let k = 0; k < data.length; k++) out[data[k].i] = { name: inputs[data[k].i].name ?? '', value: values[k] }
      }
      return out
    } catch (e) {
      if (e instanceof DeterministicError) throw e
      throw new DeterministicError(`cannot decode ${event.name} log ${Number(log.logIndex)} of transaction ${log.transactionHash}: ${(e as Error).message}`, { where })
    }
  }
}
