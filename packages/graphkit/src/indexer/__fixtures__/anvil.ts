/**
 * Test support: a throwaway anvil on 127.0.0.1 from the npm package @foundry-rs/anvil (a
 * devDependency of graphkit), so the toolkit's tests need nothing outside packages/graphkit.
 * The platform binary (@foundry-rs/anvil-<os>-<arch>) is spawned directly: killing an npx
 * wrapper's pid leaves anvil running (shared/reference/toolchain.md).
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'

const require = createRequire(import.meta.url)

export interface TestAnvil {
  rpcUrl: string
  stop(): Promise<void>
}

function binary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const exe = process.platform === 'win32' ? '.exe' : ''
  return require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil${exe}`)
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

/** Starts anvil on a free port and resolves once it answers `eth_chainId`. */
export async function startTestAnvil(extraArgs: string[] = []): Promise<TestAnvil> {
  const port = await freePort()
  const child = spawn(binary(), ['--host', '127.0.0.1', '--port', String(port), ...extraArgs], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const rpcUrl = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited (${child.exitCode}) on port ${port}: ${stderr}`)
    try {
      const r = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' })
      if (r.ok) return { rpcUrl, stop }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  await stop()
  throw new Error(`anvil did not answer on ${rpcUrl} within 10 s: ${stderr}`)
}
