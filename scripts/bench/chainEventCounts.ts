// What the chain holds, independently of either indexer: the logs of each vault event, counted with
// eth_getLogs over the vaults' addresses in block ranges small enough for anvil's answer size.
import { createPublicClient, http, toEventSelector, type Abi, type AbiEvent, type Address } from 'viem'

export async function chainEventCounts(o: { rpcUrl: string; vaultAbi: Abi; vaults: Address[]; toBlock: number; events: string[] }): Promise<Record<string, number>> {
  const client = createPublicClient({ transport: http(o.rpcUrl) })
  const byTopic = new Map<string, string>()
  for (const name of o.events) {
    const ev = o.vaultAbi.find((x): x is AbiEvent => x.type === 'event' && x.name === name)
    if (!ev) throw new Error(`chainEventCounts: event ${name} is not in the vault ABI`)
    byTopic.set(toEventSelector(ev), name)
  }
  const counts = Object.fromEntries(o.events.map((e) => [e, 0]))
  const step = 10
  for (let from = 0; from <= o.toBlock; from += step) {
    const logs = await client.request({
      method: 'eth_getLogs',
      params: [{ address: o.vaults, fromBlock: `0x${from.toString(16)}`, toBlock: `0x${Math.min(o.toBlock, from + step - 1).toString(16)}`, topics: [[...byTopic.keys()] as `0x${string}`[]] }],
    })
    for (const l of logs) counts[byTopic.get(l.topics[0]!)!]++
  }
  return counts
}
