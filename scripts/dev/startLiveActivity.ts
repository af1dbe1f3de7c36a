// Keeps a little campaign activity going on the local chain while the dev stack runs (a staker
// claims from the main pool every few seconds), so that following new blocks is visible.
import { mnemonicToAccount } from 'viem/accounts'
import { clients, send } from '../../contracts/scripts/lib/deployAll.ts'
import type { Deployment } from '../../contracts/scripts/lib/scenario.ts'

// anvil's public dev mnemonic; the scenario's stakers are its accounts from index 10.
const DEV_MNEMONIC = 'test test test test test test test test test test test junk'

export function startLiveActivity(o: { rpcUrl: string; deployment: Deployment; everyMs?: number; log?: (msg: string) => void }): { stop(): Promise<void> } {
  const pool = o.deployment.pools[0]
  const stakers = o.deployment.stakers.map((_, i) => mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 10 + i }))
  let stopped = false
  let i = 0
  let current: Promise<unknown> = Promise.resolve()
  const tick = async () => {
    const s = stakers[i++ % stakers.length]
    try {
      const r = await send(clients(o.rpcUrl, s), pool.vault, 'NFTStakingVault', 'claim', [BigInt(pool.poolId)], s)
      o.log?.(`live: ${s.address.slice(0, 10)}… claimed from pool ${pool.poolId} in block ${r.block}`)
    } catch {
      // Nothing to claim or paused: skipped, the next staker tries.
    }
  }
  const timer = setInterval(() => {
    if (!stopped) current = tick()
  }, o.everyMs ?? 5000)
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await current
    },
  }
}
