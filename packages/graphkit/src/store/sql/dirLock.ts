/**
 * An exclusive lock on an embedded database directory. PGlite is a single-process database: two
 * processes writing one data directory corrupt it, so the second opener is refused with the pid
 * of the first. A lock left by a process that no longer runs (kill -9) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { InputError } from '../../internal/errors.ts'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes `<dataDir>.lock`; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir.replace(/[/\\]+$/, '')}.lock`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return () => rmSync(path, { force: true })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const pid = Number(readFileSync(path, 'utf8').trim())
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new InputError(`the PGlite data directory ${dataDir} is in use by process ${pid}`, {
          where: path,
          details: 'PGlite serves one process at a time: stop that process, use another --data-dir, or use PostgreSQL (--database-url / DATABASE_URL) to index and serve from several processes.',
        })
      }
      rmSync(path, { force: true }) // stale: its process is gone
    }
  }
  throw new InputError(`could not lock ${dataDir}`, { where: path })
}
