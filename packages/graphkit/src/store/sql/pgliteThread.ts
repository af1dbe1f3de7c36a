/**
 * The code of the worker thread that runs PGlite, and the messages it understands. The
 * source is a string run with `new Worker(…, { eval: true })` so that it is the same under
 * tsx and in the esbuild bundle of the CLI (a worker file beside this module would not
 * survive bundling); PGlite is imported from the URL the main thread resolved.
 *
 * Protocol (one query at a time, answered in order):
 *   main → worker  { id, text, params } | { id, many: [{ text, params }…] } | { id, close: true }
 *   worker → main  { id, rows } | { id, results: rows[] } | { id, error: { message, code, detail, … }, statement? }   (id 0: opened)
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
export type ThreadReply = { id: number; rows: unknown[] } | { id: number; results: unknown[][] } | { id: number; error: ThreadError; statement?: number }

export const PGLITE_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const serialize = (e) => ({ message: String((e && e.message) || e), code: e && e.code, detail: e && e.detail, hint: e && e.hint, position: e && e.position, severity: e && e.severity })
;(async () => {
  let db
  try {
    const { PGlite } = await import(workerData.pgliteUrl)
    db = await PGlite.create(workerData.dataDir || undefined)
  } catch (e) {
    parentPort.postMessage({ id: 0, error: serialize(e) })
    return
  }
  parentPort.postMessage({ id: 0, rows: [] })
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
