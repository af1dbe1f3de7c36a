// Whether dist/ (scripts/build.mjs) was built from the sources as they are now. Plain JavaScript: the
// CLI's entry point runs it on every start, before it knows whether it needs tsx.
// The stamp holds a hash over every non-test source file (path and content) and the version of every
// package the build bundled, so an edited source or an updated dependency makes dist/ stale. It also
// holds each of those files' size and modification time: when none changed, the files are not read
// (reading and hashing them all costs ~50 ms of a start on a busy 2-core machine); when some did (a
// checkout touches files), the hash decides.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

export const STAMP_FILE = 'stamp.json'

/** Source files the build reads: src/**\/*.ts without tests and test fixtures, sorted, relative to pkgDir. */
export function sourceFiles(pkgDir) {
  return readdirSync(join(pkgDir, 'src'), { recursive: true })
    .map((f) => `src/${String(f).split('\\').join('/')}`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.includes('/__fixtures__/'))
    .sort()
}

/** `packageJsons`: paths (relative to pkgDir) of the package.json of each bundled package. */
export function sourceHash(pkgDir, files, packageJsons) {
  const h = createHash('sha256')
  for (const f of files) h.update(f).update('\0').update(readFileSync(join(pkgDir, f))).update('\0')
  for (const p of packageJsons) {
    let version = 'missing'
    try {
      version = JSON.parse(readFileSync(join(pkgDir, p), 'utf8')).version
    } catch {
      // A bundled package that is gone makes the hash differ: dist/ is stale.
    }
    h.update(`${p}@${version}\n`)
  }
  return h.digest('hex')
}

/** [size, mtimeMs] of each file (null when missing). */
export function fileStats(pkgDir, files) {
  return Object.fromEntries(files.map((f) => {
    const s = statSync(join(pkgDir, f), { throwIfNoEntry: false })
    return [f, s ? [s.size, s.mtimeMs] : null]
  }))
}

/** The stamp scripts/build.mjs writes next to its output. */
export function makeStamp(pkgDir, packageJsons) {
  const files = sourceFiles(pkgDir)
  return { hash: sourceHash(pkgDir, files, packageJsons), packages: packageJsons, stats: fileStats(pkgDir, [...files, ...packageJsons]) }
}

/** { fresh: true } or { fresh: false, reason }. */
export function distState(pkgDir) {
  const stampPath = join(pkgDir, 'dist', STAMP_FILE)
  if (!existsSync(stampPath)) return { fresh: false, reason: 'dist/ is not built (npm install builds it; or npm run build -w graphkit)' }
  let stamp
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'))
  } catch {
    return { fresh: false, reason: `dist/${STAMP_FILE} is unreadable` }
  }
  if (!Array.isArray(stamp.packages) || typeof stamp.hash !== 'string' || typeof stamp.stats !== 'object') return { fresh: false, reason: `dist/${STAMP_FILE} is malformed` }
  const files = sourceFiles(pkgDir)
  const now = fileStats(pkgDir, [...files, ...stamp.packages])
  if (JSON.stringify(now) === JSON.stringify(stamp.stats)) return { fresh: true }
  if (sourceHash(pkgDir, files, stamp.packages) === stamp.hash) return { fresh: true }
  return { fresh: false, reason: 'dist/ was built from other sources or dependencies (npm run build -w graphkit rebuilds it)' }
}
