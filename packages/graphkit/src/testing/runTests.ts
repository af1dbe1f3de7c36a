/**
 * `graphkit test`: config → discovery → parallel cached compile → run each suite → summary, with
 * Matchstick 0.6.0's output (matchstick src/main.rs). With `-c` the suites are compiled and the
 * coverage report printed instead of running them, as Matchstick does.
 */
import { compileAll } from './compile.ts'
import { coverageReport } from './coverage.ts'
import { loadConfig } from './config.ts'
import { discoverSuites } from './discover.ts'
import { MatchstickLog, style } from './matchstickLog.ts'
import { loadProject } from './project.ts'
import { formatSummary } from './report.ts'
import { runSuite, type TestResult } from './runSuite.ts'

export interface RunOptions {
  root: string
  filters?: string[]
  recompile?: boolean
  coverage?: boolean
  out?: (s: string) => void
}

export interface RunSummary {
  passed: number
  failed: number
  compileErrors: string[]
  results: { suite: string; r: TestResult }[]
  /** Set in coverage mode. */
  coverage?: { tested: number; total: number }
}

export async function runTests(o: RunOptions): Promise<RunSummary> {
  const out = o.out ?? ((s: string) => console.log(s))
  const log = new MatchstickLog(out)
  const t0 = performance.now()
  const cfg = loadConfig(o.root)
  const project = loadProject(cfg.manifestPath)
  for (const w of [...cfg.warnings, ...project.warnings]) log.line('warning', w)
  const suites = discoverSuites(cfg.testsFolder, o.filters)
  log.styled('92', 'Compiling...\n')
  const compiled = await compileAll(suites, { root: o.root, libsFolder: cfg.libsFolder, testsFolder: cfg.testsFolder, force: o.recompile })
  const sum: RunSummary = { passed: 0, failed: 0, compileErrors: [], results: [] }
  for (const c of compiled) {
    if (c.error) {
      sum.compileErrors.push(c.suite.name)
      log.line('critical', c.error.describe())
    } else log.line('info', c.cached ? `${style('94', c.suite.name)} skipped!` : `Compiling ${style('94', c.suite.name)}...`)
  }
  if (o.coverage) {
    const r = await coverageReport(cfg, project.handlers, log)
    sum.coverage = r
    return sum
  }
  log.styled('91', '\nIgniting tests 🔥')
  for (const c of compiled) {
    if (c.error) continue
    log.clear()
    log.styled('94', `\n${c.suite.name}`)
    log.line('default', '-'.repeat(50))
    log.add()
    const results = await runSuite(c.wasm!, { schema: project.schema, templates: project.templates, root: o.root, file: c.suite.file }, log)
    for (const r of results) {
      sum.results.push({ suite: c.suite.name, r })
      if (r.passed) sum.passed++
      else sum.failed++
    }
  }
  log.clear()
  for (const l of formatSummary(sum, performance.now() - t0)) out(l)
  return sum
}
