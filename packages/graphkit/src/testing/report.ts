/** The end of a Matchstick 0.6.0 run (matchstick src/main.rs `run_test_suites`, `main`). */
import type { RunSummary } from './runTests.ts'
import { style } from './matchstickLog.ts'

/** chrono's `to_rfc2822()` of local time, e.g. `Tue, 1 Dec 2026 21:05:09 +0000`. */
export function rfc2822(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  const off = -d.getTimezoneOffset()
  const tz = `${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}${p(Math.abs(off) % 60)}`
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()]
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getMonth()]
  return `${day}, ${d.getDate()} ${mon} ${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${tz}`
}

/** Rust's `{:.3?}` of a Duration. */
export const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`)

export function formatSummary(sum: RunSummary, ms: number, now = new Date()): string[] {
  const lines: string[] = []
  const failed = sum.results.filter((x) => !x.r.passed)
  if (failed.length) {
    lines.push(style('31', '\nFailed tests:\n'))
    const suites = [...new Set(failed.map((x) => x.suite))]
    for (const suite of suites) {
      lines.push(style('1;94', suite))
      for (const { r } of failed.filter((x) => x.suite === suite)) {
        lines.push('  ' + style('1;31', [...r.path, r.name].join(' > ')))
        for (const l of r.logs) lines.push(l)
        if (r.error && !r.logs.some((l) => l.includes(r.error!))) lines.push(`    ${r.error}`)
      }
    }
  }
  if (sum.compileErrors.length) lines.push(style('31', `\nSuites that did not compile: ${sum.compileErrors.join(', ')}`))
  const nFailed = sum.failed + sum.compileErrors.length
  if (nFailed) lines.push(`${style('31', `${nFailed} failed`)}, ${style('32', `${sum.passed} passed`)}, ${nFailed + sum.passed} total`)
  else lines.push(style('32', `\nAll ${sum.passed} tests passed! 😎`))
  lines.push(`\n[${rfc2822(now)}] Program executed in: ${duration(ms)}.`)
  return lines
}
