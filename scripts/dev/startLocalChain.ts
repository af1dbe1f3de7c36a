// The dev stack's local chain: anvil on 127.0.0.1 whose state (blocks, logs, accounts) is kept in
// `<dir>/state.json` across restarts, with the seeded campaign scenario played once. A restart loads
// the same chain, so the index resumes instead of starting over.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../../contracts/scripts/lib/anvil.ts'
import { runScenario, type Deployment } from '../../contracts/scripts/lib/scenario.ts'
import { jsonRpc } from './jsonRpc.ts'

export interface LocalChain {
  anvil: Anvil
  deployment: Deployment
  /** True when the chain was created by this run (no saved state): an older index does not match it. */
  fresh: boolean
}

export interface LocalChainOptions {
  dir: string
  port?: number
  seed?: number
  stakers?: number
  days?: number
  log?: (msg: string) => void
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
  })
}

export async function startLocalChain(o: LocalChainOptions): Promise<LocalChain> {
  const log = o.log ?? (() => {})
  mkdirSync(o.dir, { recursive: true })
  const statePath = join(o.dir, 'state.json')
  const deploymentPath = join(o.dir, 'deployment.json')
  const wanted = o.port ?? 8545
  const port = (await portFree(wanted)) ? wanted : undefined
  if (port === undefined) log(`port ${wanted} is busy: anvil takes a free port`)
  const anvil = await startAnvil({ port, extraArgs: ['--state', statePath] })
  try {
    if (existsSync(deploymentPath)) {
      const saved = JSON.parse(readFileSync(deploymentPath, 'utf8')) as Deployment
      const head = Number(await jsonRpc<string>(anvil.rpcUrl, 'eth_blockNumber'))
      const code = await jsonRpc<string>(anvil.rpcUrl, 'eth_getCode', [saved.factory.address, 'latest'])
      if (head >= saved.endBlock && code !== '0x') {
        log(`local chain resumed from ${statePath} at block ${head}`)
        return { anvil, deployment: { ...saved, rpcUrl: anvil.rpcUrl }, fresh: false }
      }
      log(`saved chain state does not hold the deployment (head ${head}): playing the scenario again`)
    }
    const t0 = Date.now()
    const deployment = await runScenario({ rpcUrl: anvil.rpcUrl, seed: o.seed, stakers: o.stakers, days: o.days, log })
    writeFileSync(deploymentPath, JSON.stringify(deployment, null, 2) + '\n')
    log(`scenario: ${deployment.transactions} transactions up to block ${deployment.endBlock} in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    return { anvil, deployment, fresh: true }
  } catch (e) {
    await anvil.stop()
    throw e
  }
}
