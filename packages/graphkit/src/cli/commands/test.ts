/** `graphkit test`: a drop-in for `graph test` (Matchstick 0.6.0). */

export const summary = 'Run matchstick-as unit tests of the mappings (like `graph test`)'
export const usage = `Usage: graphkit test [suite…] [options]

Runs every *.test.ts under the tests folder (matchstick.yaml: testsFolder, libsFolder,
manifestPath) with the project's own asc and graph-ts. Positional arguments pick suites
by name (file name without .test.ts) or by folder under the tests folder.

Options:
  -r, --recompile   ignore the compile cache (tests/.bin) and recompile
  -c, --coverage    report handlers exercised by the tests
  -h, --help        show this help`

export async function run(argv: string[]): Promise<number> {
  const filters: string[] = []
  let recompile = false
  let coverage = false
  for (const a of argv) {
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
