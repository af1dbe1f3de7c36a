/**
 * `-c`, as Matchstick 0.6.0 does it (matchstick src/coverage.rs): every `.wasm` under
 * `<testsFolder>/.bin` is turned into text with wabt's wasm2wat (the `wabt` package matchstick-as
 * depends on, loaded from the project's libsFolder), and a manifest handler counts as tested when
 * some line of some .wat matches the regex `call.+<handler>`. The tests are not run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { InputError } from '../internal/errors.ts'
import type { TestConfig } from './config.ts'
import type { MatchstickLog } from './matchstickLog.ts'

/** Features wasm2wat 1.0.24 enables by default (`wasm2wat --help`: the ones it offers to `--disable-`). */
export const WASM2WAT_DEFAULT_FEATURES = { mutable_globals: true, sat_float_to_int: true, sign_extension: true, multi_value: true }

type Wabt = { readWasm(b: Uint8Array, o: object): { applyNames(): void; toText(o: object): string; destroy(): void } }

export async function loadWabt(libsFolder: string): Promise<Wabt> {
  const entry = join(libsFolder, 'wabt', 'index.js')
  if (!existsSync(entry)) throw new InputError('wabt is not installed', { where: libsFolder, details: 'coverage needs the `wabt` package (a dependency of matchstick-as): install the project dependencies' })
  return createRequire(entry)(entry)()
}

/** What `wasm2wat <file>` prints: debug names read and applied, no folding, exports not inlined. */
export function wasm2wat(wabt: Wabt, wasm: Uint8Array): string {
  const m = wabt.readWasm(wasm, { readDebugNames: true, ...WASM2WAT_DEFAULT_FEATURES })
  try {
    m.applyNames()
    return m.toText({ foldExprs: false, inlineExport: false })
  } finally {
    m.destroy()
  }
}

/** `collect_wasm_files`: every file whose lower-cased name ends in `.wasm`, recursively. */
export function wasmFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.name.toLowerCase().endsWith('.wasm')) out.push(p)
    else if (e.isDirectory()) out.push(...wasmFiles(p))
  }
  return out.sort()
}

/** `is_called`: the handler name is put into the regex as it is, so `handleX` also matches a call of `handleXY`. */
export const isCalled = (wat: string, handler: string) => new RegExp(`call.+${handler}`).test(wat)

/** Rust's `{:.1}` of an f32 (ties to even on the exact binary value). */
export function percent(called: number, all: number): string {
  if (all <= 0) return '0.0'
  const x = Math.fround(Math.fround(called * 100) / all)
  const t = x * 10 // exact: an f32 times 10 fits a double's mantissa
  const f = Math.floor(t)
  const r = t - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.round(t)
  return (r / 10).toFixed(1)
}

export async function coverageReport(cfg: TestConfig, handlers: Map<string, string[]>, log: MatchstickLog): Promise<{ tested: number; total: number }> {
  log.styled('36', '\nRunning in coverage report mode.\n️')
  const wabt = await loadWabt(cfg.libsFolder)
  const wats = wasmFiles(join(cfg.testsFolder, '.bin')).map((f) => wasm2wat(wabt, readFileSync(f)))
  log.styled('36', 'Generating coverage report 📝\n')
  let total = 0, tested = 0
  for (const [source, hs] of handlers) {
    log.line('default', `Handlers for source '${source}':`)
    let called = 0
    for (const h of hs) {
      const hit = wats.some((w) => isCalled(w, h))
      if (hit) called++
      log.styled(hit ? '32' : '31', `Handler '${h}' is ${hit ? 'tested' : 'not tested'}.`)
    }
    log.line('default', `Test coverage: ${percent(called, hs.length)}% (${called}/${hs.length} handlers).\n`)
    total += hs.length
    tested += called
  }
  log.line('default', `Global test coverage: ${percent(tested, total)}% (${tested}/${total} handlers).\n`)
  return { tested, total }
}

