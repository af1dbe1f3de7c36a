/** `graphkit test`: config → discovery → parallel cached compile → run each suite → report. */
import { GraphkitError } from '../internal/errors.ts'
import { compileAll } from './compile.ts'
import { coverageReport } from './coverage.ts'
import { loadConfig } from './config.ts'
import { discoverSuites } from './discover.ts'
import { loadProject } from './project.ts'
import { formatFailures, formatSuite, formatSummary } from './report.ts'
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
}

export async function runTests(o: RunOptions): Promise<RunSummary> {
  const out = o.out ?? ((s: string) => console.log(s))
  const t0 = performance.now()
  const cfg = loadConfig(o.root)
  const project = loadProject(cfg.manifestPath)
  const suites = discoverSuites(cfg.testsFolder, o.filters)
  const compiled = await compileAll(suites, { root: o.root, libsFolder: cfg.libsFolder, testsFolder: cfg.testsFolder, force: o.recompile })
  const sum: RunSummary = { passed: 0, failed: 0, compileErrors: [], results: [] }
  for (const c of compiled) {
    if (c.error) {
      sum.compileErrors.push(c.suite.name)
      out(`${c.suite.name}\n  ✗ ${c.error.describe()}`)
      continue
    }
    let results: TestResult[]
    try {
      ;({ results } = await runSuite(c.wasm!, c.suite.file, { schema: project.schema, templates: project.templates, root: o.root }))
    } catch (e) {
      const msg = e instanceof GraphkitError ? e.describe() : String((e as Error)?.message ?? e)
      results = [{ name: '(suite setup)', path: [], passed: false, shouldFail: false, ms: 0, logs: [], error: msg }]
    }
    out(formatSuite(c.suite.name, results))
    for (const r of results) {
      sum.results.push({ suite: c.suite.name, r })
      if (r.passed) sum.passed++
      else sum.failed++
    }
  }
  out(formatFailures(sum.results.filter((x) => !x.r.passed)))
  if (sum.compileErrors.length) out(`Suites that did not compile: ${sum.compileErrors.join(', ')}`)
  out(formatSummary(sum.passed, sum.failed + sum.compileErrors.length, performance.now() - t0))
  if (o.coverage) out(coverageReport(cfg.manifestPath, suites))
  return sum
}
