import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPglite } from './pglite.ts'
import { InputError } from '../../internal/errors.ts'

test('a second opener of a PGlite data dir is refused with the pid of the first; close releases it', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gk-lock-')), 'db')
  const first = await openPglite(dir)
  // The lock holder is this process; a lock naming another live process is what a second process sees.
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
  try {
    await first.close()
    assert.equal(existsSync(`${dir}.lock`), false, 'close removes the lock')
    writeFileSync(`${dir}.lock`, String(sleeper.pid))
    await assert.rejects(openPglite(dir), (e: InputError) => e instanceof InputError && e.message.includes(`in use by process ${sleeper.pid}`))
  } finally {
    sleeper.kill('SIGKILL')
    await new Promise((r) => sleeper.once('exit', r))
  }
  // The holder is gone (as after kill -9): the stale lock is taken over.
  const again = await openPglite(dir)
  await again.close()
})
