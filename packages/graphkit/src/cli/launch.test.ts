// bin/graphkit.mjs on a copy of the package: dist/ built by scripts/build.mjs runs while it matches the
// sources; an edited source, a missing dist/ or GRAPHKIT_FROM_SOURCE=1 runs src/ through tsx instead,
// and both answer the same. The copy sits inside the package so that it resolves the same node_modules.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const pkgDir = fileURLToPath(new URL('../../', import.meta.url))

function launch(copy: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(copy, 'bin/graphkit.mjs'), '--help'], { encoding: 'utf8', env: { ...process.env, GRAPHKIT_FROM_SOURCE: '', ...env, GRAPHKIT_DEBUG: '1' } })
  assert.equal(r.status, 0, r.stderr)
  // Every command is listed whichever way it ran.
  for (const cmd of ['index', 'serve', 'status', 'test']) assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'))
  return r.stderr
}

test('the CLI runs dist/ while it matches the sources, src/ through tsx otherwise', () => {
  const copy = mkdtempSync(join(pkgDir, '.launch-test-'))
  try {
    for (const p of ['bin', 'scripts', 'src', 'package.json', 'tsconfig.json']) cpSync(join(pkgDir, p), join(copy, p), { recursive: true })
    assert.match(launch(copy), /running src\/ through tsx: dist\/ is not built/)

    const build = spawnSync(process.execPath, [join(copy, 'scripts/build.mjs')], { encoding: 'utf8' })
    assert.equal(build.status, 0, build.stderr)
    assert.match(launch(copy), /^graphkit: running dist\/$/m)
    assert.match(launch(copy, { GRAPHKIT_FROM_SOURCE: '1' }), /running src\/ through tsx: GRAPHKIT_FROM_SOURCE=1/)

    // Tests are not part of the build: editing one leaves dist/ current.
    appendFileSync(join(copy, 'src/cli/commands/serve.test.ts'), '\n// edited\n')
    assert.match(launch(copy), /^graphkit: running dist\/$/m)

    appendFileSync(join(copy, 'src/cli/commands/status.ts'), '\n// edited\n')
    assert.match(launch(copy), /running src\/ through tsx: dist\/ was built from other sources/)
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
})
