/** `graphkit test`: a drop-in for `graph test` (Matchstick 0.6.0). */

export const summary = 'Run matchstick-as unit tests of the mappings (like `graph test`)'
export const usage = `Usage: graphkit test [suite…] [options]

Runs every *.test.ts under the tests folder (matchstick.yaml: testsFolder, libsFolder,
manifestPath) with the project's own asc and graph-ts. Positional arguments pick suites
as Matchstick does: each is a pattern matched against the start of the suite's path under
the tests folder (case-insensitive), so \`gravity\` picks gravity.test.ts and gravity/.

Options:
  -r, --recompile   ignore the compile cache (tests/.bin) and recompile
  -c, --coverage    compile, then report which manifest handlers the suites call (tests are not run)
  -h, --help        show this help
graph-cli's -v/--version <tag>, -d/--docker, -f/--force and -l/--logs are accepted and ignored.`

export async function run(argv: string[]): Promise<number> {
  const filters: string[] = []
  let recompile = false
  let coverage = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    // `graph test -- -c` (demo-subgraph's scripts) and graph-cli's own flags keep working unchanged.
    if (a === '--' || a === '-d' || a === '--docker' || a === '-f' || a === '--force' || a === '-l' || a === '--logs') continue
    if (a === '-v' || a === '--version') {
      i++
      continue
    }
    if (a === '-h' || a === '--help') {
      console.log(usage)
      return 0
    } else if (a === '-r' || a === '--recompile') recompile = true
    else if (a === '-c' || a === '--coverage') coverage = true
    else if (a.startsWith('-')) {
      console.error(`graphkit test: unknown option \`${a}\`\n\n${usage}`)
      return 1
    } else filters.push(a)
  }
  const { runTests } = await import('../../testing/runTests.ts')
  const s = await runTests({ root: process.cwd(), filters, recompile, coverage })
  return s.failed || s.compileErrors.length ? 1 : 0
}
