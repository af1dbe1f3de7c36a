/**
 * Declared eth_calls of an event handler (manifest `calls: { label: expr }`, specVersion >= 1.2.0):
 * `Contract[address].function(arg, …)` where the address and each argument is `event.address`,
 * `event.params.<name>`, `event.params.<name>.<field>…` (struct fields by name or index,
 * specVersion >= 1.4.0) or a literal 0x address. The syntax and its limits are graph-node's
 * (graph/src/data_source/common.rs `CallExpr::parse`, `CallArg::parse_with_abi`); the function is
 * the ABI's first of that name, as graph-node's `CallDecl::get_function` picks it.
 *
 * Everything is resolved against the ABIs at load time, so a typo (an unknown contract, function,
 * parameter or field, a wrong argument count or type) is refused before indexing starts. Pure:
 * no RPC; the indexer evaluates the parsed calls against each log (indexer/declaredCalls.ts).
 */
import { toEventSelector, type AbiEvent, type AbiFunction, type AbiParameter } from 'viem'

/** Where a declared call takes a value from. `path` indexes into nested struct (tuple) fields. */
export type CallArg =
  | { kind: 'eventAddress' }
  | { kind: 'param'; index: number; path: number[] }
  | { kind: 'literal'; address: `0x${string}` }

export interface DeclaredCall {
  label: string
  /** The expression as written, for messages. */
  expr: string
  /** ABI name the call is made with (`Contract` in `Contract[…]`). */
  contract: string
  fn: AbiFunction
  address: CallArg
  args: CallArg[]
  /** The handler's event, whose decoded parameters the arguments read. */
  event: AbiEvent
}

/** A declared call that graph-node would not accept (or that cannot be made); the caller adds where. */
export class DeclaredCallError extends Error {}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** `a.b.c` as [major, minor, patch] compared numerically. */
export function specAtLeast(specVersion: string, min: string): boolean {
  const a = specVersion.split('.').map(Number)
  const b = min.split('.').map(Number)
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0)
  return true
}

/** The event of `abi` whose signature (with `indexed` and spaces removed) is `signature`. */
export function eventOf(abi: readonly unknown[], signature: string): AbiEvent | undefined {
  const want = toEventSelector(signature.replace(/\bindexed\s+/g, '').replace(/\s+/g, ''))
  return (abi as AbiEvent[]).find((i) => i.type === 'event' && toEventSelector(i) === want)
}

/**
 * Parses and resolves `expr` for a handler of `event`. `abis` are the ABIs the mapping lists,
 * by name. Throws DeclaredCallError saying what is wrong.
 */
export function parseDeclaredCall(label: string, expr: string, event: AbiEvent, abis: Record<string, readonly unknown[]>, specVersion: string): DeclaredCall {
  const m = /^\s*([^[\s]+)\s*\[([^\]]*)\]\s*\.\s*([^(\s]+)\s*\((.*)\)\s*$/s.exec(expr)
  if (!m) throw new DeclaredCallError(`"${expr}" is not of the form Contract[address].function(arg, …)`)
  const [, contract, addressText, fnName, argsText] = m as unknown as [string, string, string, string, string]
  if (!IDENT.test(contract)) throw new DeclaredCallError(`"${contract}" is not a contract (ABI) name`)
  const abi = abis[contract]
  if (!abi) throw new DeclaredCallError(`contract "${contract}" is not among the mapping's ABIs (${Object.keys(abis).join(', ')})`)
  const fn = (abi as AbiFunction[]).find((i) => i.type === 'function' && i.name === fnName)
  if (!fn) throw new DeclaredCallError(`ABI "${contract}" has no function "${fnName}"`)
  const argTexts = argsText.trim() === '' ? [] : argsText.split(',').map((a) => a.trim())
  if (argTexts.length !== fn.inputs.length) {
    throw new DeclaredCallError(`${contract}.${fnName} takes ${fn.inputs.length} argument(s) (${fn.inputs.map((p) => p.type).join(', ')}), the declaration gives ${argTexts.length}`)
  }
  const address = parseArg(addressText.trim(), event, specVersion)
  if (argType(address, event) !== 'address') throw new DeclaredCallError(`the contract address "${addressText.trim()}" is not an address (it is ${argType(address, event)})`)
  const args = argTexts.map((text, i) => {
    const arg = parseArg(text, event, specVersion)
    const have = argType(arg, event)
    const want = canonicalType(fn.inputs[i]!)
    if (have !== want) throw new DeclaredCallError(`argument ${i + 1} "${text}" is ${have}, ${contract}.${fnName} expects ${want}`)
    return arg
  })
  return { label, expr, contract, fn, address, args, event }
}

function parseArg(text: string, event: AbiEvent, specVersion: string): CallArg {
  if (ADDRESS.test(text)) return { kind: 'literal', address: text.toLowerCase() as `0x${string}` }
  if (text === 'event.address') return { kind: 'eventAddress' }
  if (text.startsWith('entity.')) throw new DeclaredCallError(`"${text}": entity.* arguments are for subgraph (composition) data sources, not event handlers`)
  const parts = text.split('.')
  if (parts[0] !== 'event' || parts[1] !== 'params' || parts.length < 3) {
    throw new DeclaredCallError(`"${text}" is not a supported argument: use event.address, event.params.<name>, event.params.<name>.<field> or a 0x address`)
  }
  const name = parts[2]!
  const index = event.inputs.findIndex((p) => p.name === name)
  if (index < 0) throw new DeclaredCallError(`event ${event.name} has no parameter "${name}" (it has ${event.inputs.map((p) => p.name || '(unnamed)').join(', ')})`)
  const fields = parts.slice(3)
  if (fields.length && !specAtLeast(specVersion, '1.4.0')) {
    throw new DeclaredCallError(`"${text}": struct field access in declared calls needs specVersion >= 1.4.0 (the manifest has ${specVersion})`)
  }
  const path: number[] = []
  let param: AbiParameter = event.inputs[index]!
  if (fields.length && (param as { indexed?: boolean }).indexed) throw new DeclaredCallError(`"${text}": ${name} is an indexed struct: the log holds only its hash`)
  for (const f of fields) {
    const components = (param as { components?: readonly AbiParameter[] }).components
    if (param.type !== 'tuple' || !components) throw new DeclaredCallError(`"${text}": ${param.name || 'the value'} is ${param.type}, not a struct`)
    const i = /^\d+$/.test(f) ? Number(f) : components.findIndex((c) => c.name === f)
    if (i < 0 || i >= components.length) throw new DeclaredCallError(`"${text}": struct ${param.name} has no field "${f}" (it has ${components.map((c, j) => c.name || String(j)).join(', ')})`)
    path.push(i)
    param = components[i]!
  }
  return { kind: 'param', index, path }
}

/** The Solidity type an argument has: tuples as (t1,t2,…). */
function argType(arg: CallArg, event: AbiEvent): string {
  if (arg.kind !== 'param') return 'address'
  let p: AbiParameter = event.inputs[arg.index]!
  // An indexed dynamic value (string, bytes, array, struct) is logged as its keccak hash.
  if ((p as { indexed?: boolean }).indexed && /^(string|bytes|tuple)$|\]$/.test(p.type)) return 'bytes32'
  for (const i of arg.path) p = (p as { components: readonly AbiParameter[] }).components[i]!
  return canonicalType(p)
}

function canonicalType(p: AbiParameter): string {
  if (!p.type.startsWith('tuple')) return p.type
  return `(${(p as { components: readonly AbiParameter[] }).components.map(canonicalType).join(',')})${p.type.slice(5)}`
}
