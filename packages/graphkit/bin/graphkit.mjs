#!/usr/bin/env -S node --max-semi-space-size=64
// The flag: a 64 MB young generation (V8's default: 16 MB) took about 20% off the garbage collector's time
// while indexing (entity versions live until their commit: a small nursery copies them over and over).
// Entry point of the graphkit CLI. Runs the precompiled dist/ (scripts/build.mjs, which npm install runs)
// when it was built from the sources as they are; otherwise, or with GRAPHKIT_FROM_SOURCE=1, loads the
// TypeScript sources through tsx's loader (slower to start, always current).
import { fileURLToPath } from 'node:url'
import { distState } from '../scripts/distState.mjs'

const pkgDir = fileURLToPath(new URL('..', import.meta.url))
const debug = process.env.GRAPHKIT_DEBUG === '1'
const state = process.env.GRAPHKIT_FROM_SOURCE === '1' ? { fresh: false, reason: 'GRAPHKIT_FROM_SOURCE=1' } : distState(pkgDir)
if (debug) process.stderr.write(state.fresh ? 'graphkit: running dist/\n' : `graphkit: running src/ through tsx: ${state.reason}\n`)
if (state.fresh) {
  // Stack traces (GRAPHKIT_DEBUG=1) point at src/ through dist/'s source maps.
  if (debug) process.setSourceMapsEnabled(true)
  await import('../dist/cli/main.js')
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
