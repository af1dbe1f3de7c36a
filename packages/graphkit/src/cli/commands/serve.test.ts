// `graphkit serve` as a user runs it: a child process on free ports over a fresh PGlite data dir.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../../bin/graphkit.mjs', import.meta.url))

test('graphkit serve answers on the query and status ports and stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'graphkit-serve-'))
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--status-port', '0', '--data-dir', join(dir, 'db')], { stdio: ['ignore', 'pipe', 'pipe'] })
  try {
    let out = ''
    const urls = await new Promise<RegExpExecArray>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d
        const m = /queries on (http:\S+), status on (http:\S+)/.exec(out)
        if (m) resolve(m)
      })
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
    })
    assert.match(urls[1], /^http:\/\/127\.0\.0\.1:\d+$/)
    const r = await fetch(urls[2], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ indexingStatuses { subgraph } }' }) })
    assert.deepEqual(await r.json(), { data: { indexingStatuses: [] } })
    const missing = await fetch(`${urls[1]}/subgraphs/name/none`, { method: 'POST', body: '{"query":"{ x }"}' })
    assert.equal(missing.status, 404)
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    assert.equal(await exited, 0)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
})

test('graphkit serve rejects a bad port', async () => {
  const child = spawn(process.execPath, [bin, 'serve', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d) => (err += d))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  assert.equal(code, 1)
  assert.match(err, /--port must be a port number/)
})
