/** Matchstick-style output: a line per test with ✓/✗ and its time, failures with their logs, a summary. */
import type { TestResult } from './runSuite.ts'

const green = (s: string) => (process.stdout.isTTY ? `\x1b[32m${s}\x1b[0m` : s)
const red = (s: string) => (process.stdout.isTTY ? `\x1b[31m${s}\x1b[0m` : s)

export function formatSuite(name: string, results: TestResult[]): string {
  const lines = [`${name}`]
  let last: string[] = []
  for (const r of results) {
    const p = r.path.join(' > ')
    if (p !== last.join(' > ') && r.path.length) lines.push(`  ${p}`)
    last = r.path
    const ind = '  '.repeat(r.path.length + 1)
    lines.push(`${ind}${r.passed ? green('√') : red('𝖷')} ${r.name} - ${r.ms.toFixed(3)}ms`)
  }
  return lines.join('\n')
}

export function formatFailures(failed: { suite: string; r: TestResult }[]): string {
  if (!failed.length) return ''
  const lines = ['', red('Failed tests:'), '']
  for (const { suite, r } of failed) {
    lines.push(`${suite} > ${[...r.path, r.name].join(' > ')}`)
    for (const l of r.logs) lines.push(`  ${l}`)
    if (r.error && !r.logs.some((l) => l.includes(r.error!))) lines.push(`  ${r.error}`)
    lines.push('')
  }
  return lines.join('\n')
}

export function formatSummary(passed: number, failed: number, ms: number): string {
  const total = passed + failed
  const head = failed ? red(`${failed} tests failed, ${passed} passed`) : green(`All ${total} tests passed!`)
  return `\n${'-'.repeat(40)}\n${head} (${total} total) in ${(ms / 1000).toFixed(2)}s`
}
