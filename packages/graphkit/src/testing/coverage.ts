/**
 * `-c`: which manifest handlers the suites exercise. Matchstick 0.6.0 decides this statically
 * too (matchstick src/coverage.rs greps the suites' compiled .wat for calls to each handler);
 * we look for a call of the handler's name in the suite sources, which gives the same answer
 * for suites that call handlers directly, as matchstick-as suites do.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { Suite } from './discover.ts'

export function manifestHandlers(manifestPath: string): { source: string; handler: string }[] {
  const doc: any = parse(readFileSync(manifestPath, 'utf8'))
  const out: { source: string; handler: string }[] = []
  for (const ds of [...(doc?.dataSources ?? []), ...(doc?.templates ?? [])]) {
    const m = ds?.mapping ?? {}
    for (const h of [...(m.eventHandlers ?? []), ...(m.callHandlers ?? []), ...(m.blockHandlers ?? [])]) {
      if (h?.handler && !out.some((o) => o.source === ds.name && o.handler === h.handler)) out.push({ source: String(ds.name), handler: String(h.handler) })
    }
  }
  return out
}

export function coverageReport(manifestPath: string, suites: Suite[]): string {
  const text = suites.map((s) => readFileSync(s.file, 'utf8')).join('\n')
  const hs = manifestHandlers(manifestPath)
  const lines = ['', 'Test coverage (handlers called by the suites):']
  let n = 0
  for (const h of hs) {
    const hit = new RegExp(`\\b${h.handler}\\s*\\(`).test(text)
    if (hit) n++
    lines.push(`  ${hit ? '√' : '-'} ${h.source}.${h.handler}`)
  }
  lines.push(`  ${n}/${hs.length} handlers (${hs.length ? ((100 * n) / hs.length).toFixed(1) : '100.0'}%)`)
  return lines.join('\n')
}
