/**
 * Declared eth_calls ahead of the handlers: before a block's triggers run, each event trigger's
 * declared calls (manifest `calls:`, parsed by subgraph/declaredCalls.ts) are evaluated against
 * its log — address and arguments from the decoded event — and made concurrently, so the
 * handlers' `ethereum.call`s of them hit the cache instead of re-running the handler after each
 * miss (graph-node chain/ethereum/src/data_source.rs `DecoderHook::after_decode`: collect,
 * deduplicate, then execute the block's declared calls before its handlers run).
 */
import { encodeFunctionData } from 'viem'
import type { EthValue } from '../runtime/hostContext.ts'
import type { CallArg, DeclaredCall } from '../subgraph/declaredCalls.ts'
import type { RpcLog } from './rpc.ts'
import type { Trigger } from './triggers.ts'
import { decodeParameters } from './ethData.ts'
import { fromEthValue, type BlockRef, type ChainReads, type PreparedCall } from './chainReads.ts'

/** The eth_calls the event triggers among `triggers` declare, ready for `ChainReads.prefetch`. */
export function declaredCallsOf(triggers: Trigger[], reads: ChainReads, block: BlockRef): PreparedCall[] {
  const out: PreparedCall[] = []
  for (const t of triggers) {
    if (t.kind !== 'event' || t.handler.declaredCalls.length === 0) continue
    let params: EthValue[]
    try {
      params = decodeParameters(t.handler.declaredCalls[0]!.event, t.log, '').map((p) => p.value)
    } catch {
      continue // a log its ABI cannot decode: the handler itself fails on it, with its name attached
    }
    for (const call of t.handler.declaredCalls) {
      const prepared = prepare(call, t.log, params, reads, block)
      if (prepared) out.push(prepared)
    }
  }
  return out
}

function prepare(call: DeclaredCall, log: RpcLog, params: EthValue[], reads: ChainReads, block: BlockRef): PreparedCall | null {
  const to = valueOf(call.address, log, params) as string
  let data: `0x${string}`
  try {
    data = encodeFunctionData({ abi: [call.fn], functionName: call.fn.name, args: call.args.map((a) => valueOf(a, log, params)) as never })
  } catch {
    // Types were checked at load time; a value that still does not encode (e.g. an int out of
    // the argument's range) is left to the handler, whose own call then decides.
    return null
  }
  return reads.prepare(call.fn, to, data, block)
}

function valueOf(arg: CallArg, log: RpcLog, params: EthValue[]): unknown {
  if (arg.kind === 'eventAddress') return log.address.toLowerCase()
  if (arg.kind === 'literal') return arg.address
  let v = params[arg.index]!
  for (const i of arg.path) v = (v as { value: EthValue[] }).value[i]!
  return fromEthValue(v)
}
