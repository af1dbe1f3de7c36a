/**
 * The code of the worker thread that runs PGlite, and the messages it understands. The
 * source is a string run with `new Worker(…, { eval: true })` so that it is the same under
 * tsx and in the esbuild bundle of the CLI (a worker file beside this module would not
 * survive bundling); PGlite is imported from the URL the main thread resolved.
 *
 * A new database (in memory, or a data directory without PG_VERSION) is a copy of an empty
 * cluster kept at `workerData.template` (PGlite's `dumpDataDir`, gzip), which the first new
 * database of this PGlite version writes there: PGlite's initdb takes 2 s in memory and 5 s
 * in a directory, loading the copy 0.4 s and 0.9 s. The first new data directory also keeps
 * the cluster unpacked beside the tarball; later ones are a native copy of that directory
 * (0.13 s, then one open, 0.5 s: 0.66 s against 1.3 s from the tarball). A directory is
 * built beside its final path and renamed into place, so a process killed meanwhile leaves
 * no half-made cluster (what it left beside the path is removed at the next open).
 * A template that does not load is ignored and written anew.
 *
 * Protocol (one query at a time, answered in order):
 *   main → worker  { id, text, params } | { id, many: [{ text, params }…] } | { id, close: true }
 *   worker → main  { id, rows } | { id, results: rows[] } | { id, error: { message, code, detail, … }, statement? }   (id 0: opened, with `created`)
 */
export interface ThreadRequest {
  id: number
  text?: string
  params?: unknown[]
  many?: { text: string; params?: unknown[] }[]
  close?: true
}
export interface ThreadError {
  message: string
  code?: string
  detail?: string
  hint?: string
  position?: string
  severity?: string
}
/** How the database was opened (the reply to id 0). */
export type Created = 'existing' | 'template' | 'initdb'
export type ThreadReply = { id: number; rows: unknown[]; created?: Created } | { id: number; results: unknown[][] } | { id: number; error: ThreadError; statement?: number }

export const PGLITE_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const serialize = (e) => ({ message: String((e && e.message) || e), code: e && e.code, detail: e && e.detail, hint: e && e.hint, position: e && e.position, severity: e && e.severity })
;(async () => {
  let db
  let created = 'existing'
  const fs = require('node:fs')
  const zlib = require('node:zlib')
  const path = require('node:path')
  const template = workerData.template
  const readTemplate = () => {
    try {
      return template ? new Blob([zlib.gunzipSync(fs.readFileSync(template))]) : null
    } catch {
      return null
    }
  }
  const saveTemplate = async (fresh) => {
    if (!template) return
    try {
      const dump = Buffer.from(await (await fresh.dumpDataDir('gzip')).arrayBuffer())
      fs.mkdirSync(path.dirname(template), { recursive: true })
      const part = template + '.' + process.pid + '.part'
      fs.writeFileSync(part, dump)
      fs.renameSync(part, template)
    } catch {}
  }
  // A new cluster: from the template when it loads, else by initdb (then saved as the template).
  const createNew = async (PGlite, dir) => {
    const copy = readTemplate()
    if (copy) {
      try {
        const fresh = await PGlite.create(dir, { loadDataDir: copy, ...startOptions(PGlite) })
        created = 'template'
        return fresh
      } catch {
        if (dir) fs.rmSync(dir, { recursive: true, force: true })
      }
    }
    const fresh = await PGlite.create(dir, startOptions(PGlite))
    created = 'initdb'
    await dropTemplateDatabases(fresh)
    await saveTemplate(fresh)
    return fresh
  }
  // PGlite works in the database \`postgres\`; initdb's template0 and template1 are two more
  // copies of the catalog (600 of the cluster's 970 files) that only CREATE DATABASE would use,
  // which graphkit never runs. Without them a new data directory is a copy of ~370 files: file
  // creation is what copying costs on these VMs (0.2–1 s for 970 files, slowest after many
  // deletions), and the tarball that in-memory databases load is smaller. DROP DATABASE cannot
  // run in a transaction block: one statement a call.
  const dropTemplateDatabases = async (db) => {
    for (const name of ['template0', 'template1']) {
      await db.exec('alter database ' + name + ' is_template false')
      await db.exec('drop database ' + name)
    }
  }
  // PGlite's own start parameters, and 32 MB of shared buffers instead of initdb's 128 MB:
  // PGlite zeroes them at every start, and faulting in 128 MB took 0.35–0.45 s of a 1–1.5 s
  // open on these VMs. Measured no slower: the 100k-event backfill, and bench:queries' p50/p95
  // over 100k positions (19.1 / 9.6 / 18.8 / 15.7 ms against 19.4 / 9.8 / 19.3 / 15.3 ms).
  // WAL buffers stay at the 4 MB they had with 128 MB: by default they are 1/32 of the shared
  // buffers, and at 1 MB the 100k-event backfill filled them 3,735 times (pg_stat_wal's
  // wal_buffers_full), each a WAL write in the middle of a commit.
  const startOptions = (PGlite) => ({ startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB', '-c', 'wal_buffers=4MB'] })
  // The empty cluster as a directory beside the tarball: a new data directory is a native copy
  // of it (0.13 s), opened once, rather than the tarball unpacked through PGlite's file system
  // and opened twice (1.3 s).
  const clusterDir = template ? template.replace(/\.tar\.gz$/, '') : null
  const alive = (pid) => {
    try {
      process.kill(pid, 0)
      return true
    } catch (e) {
      return e.code === 'EPERM'
    }
  }
  const saveClusterDir = (from) => {
    if (!clusterDir || fs.existsSync(clusterDir)) return
    // Copies left by processes killed while saving one.
    const prefix = path.basename(clusterDir) + '.part-'
    for (const f of fs.readdirSync(path.dirname(clusterDir))) {
      if (f.startsWith(prefix) && !alive(Number(f.slice(prefix.length)))) fs.rmSync(path.join(path.dirname(clusterDir), f), { recursive: true, force: true })
    }
    const part = clusterDir + '.part-' + process.pid
    try {
      fs.cpSync(from, part, { recursive: true })
      fs.renameSync(part, clusterDir)
    } catch {
      fs.rmSync(part, { recursive: true, force: true })
    }
  }
  // A new data directory, built beside its path and renamed into place; from the cluster directory when it has one.
  const buildNew = async (PGlite, dir, copy) => {
    const building = dir + '.new-' + process.pid
    let copied = false
    if (copy && clusterDir && fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      try {
        fs.cpSync(clusterDir, building, { recursive: true })
        copied = true
        created = 'template'
      } catch {
        fs.rmSync(building, { recursive: true, force: true })
      }
    }
    if (!copied) {
      const fresh = await createNew(PGlite, building)
      await fresh.close()
      saveClusterDir(building)
    }
    fs.rmSync(dir, { recursive: true, force: true }) // an empty directory
    fs.renameSync(building, dir)
    if (!copied) return PGlite.create(dir, startOptions(PGlite))
    try {
      return await PGlite.create(dir, startOptions(PGlite))
    } catch {
      // A copy that does not start: the cluster directory is dropped and the database built from the tarball or by initdb.
      fs.rmSync(clusterDir, { recursive: true, force: true })
      return buildNew(PGlite, dir, false)
    }
  }
  try {
    const { PGlite } = await import(workerData.pgliteUrl)
    const dir = workerData.dataDir
    if (!dir) db = await createNew(PGlite, undefined)
    else if (!workerData.isNew) db = await PGlite.create(dir, startOptions(PGlite))
    else {
      // Left by a process killed while building (the data directory is locked: none is building now).
      const parent = path.dirname(dir)
      const prefix = path.basename(dir) + '.new-'
      for (const f of fs.readdirSync(parent)) if (f.startsWith(prefix)) fs.rmSync(path.join(parent, f), { recursive: true, force: true })
      db = await buildNew(PGlite, dir, true)
    }
  } catch (e) {
    parentPort.postMessage({ id: 0, error: serialize(e) })
    return
  }
  parentPort.postMessage({ id: 0, rows: [], created })
  let chain = Promise.resolve()
  parentPort.on('message', (m) => {
    chain = chain.then(async () => {
      if (m.close) {
        try { await db.close() } catch {}
        parentPort.postMessage({ id: m.id, rows: [] })
        parentPort.close()
        return
      }
      if (m.many) {
        const results = []
        for (let i = 0; i < m.many.length; i++) {
          try {
            results.push((await db.query(m.many[i].text, m.many[i].params)).rows)
          } catch (e) {
            parentPort.postMessage({ id: m.id, error: serialize(e), statement: i })
            return
          }
        }
        parentPort.postMessage({ id: m.id, results })
        return
      }
      try {
        const r = await db.query(m.text, m.params)
        parentPort.postMessage({ id: m.id, rows: r.rows })
      } catch (e) {
        parentPort.postMessage({ id: m.id, error: serialize(e) })
      }
    })
  })
})()
`
