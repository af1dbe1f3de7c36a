/**
 * Parses a JSON-RPC answer from the chunks its body arrived in, as `JSON.parse` of the whole
 * body would, without making the whole body one string when its `result` is an array.
 *
 * Why: an `eth_getLogs` answer on a dense range is megabytes (837 bytes per log on the
 * benchmark chain, 3 MB per 2,000-log range). Decoding it into one string and parsing that
 * allocates two objects of that size, and large allocations are slow where this runs (fresh
 * pages: a 64 KB string decodes at 3.6 GB/s here, a 3 MB one at 0.3 GB/s). Split at the
 * array's elements, each element is a small string parsed on its own: fetching the 96k logs of
 * the benchmark's dense blocks took 1.4–1.9 s of CPU this way against 2.7–3.4 s through
 * `Response.text()` and one `JSON.parse`.
 *
 * Anything but `{…"result": [ {…} or […], … ] …}` with the array starting in the first chunk
 * (an error, an object or string result, elements that are strings or numbers) is parsed
 * whole, as before; so is an answer the split parse fails on, so that malformed JSON fails the
 * same way either way.
 */
import { isAscii } from 'node:buffer'

const RESULT_ARRAY = /"result"\s*:\s*\[/

/** The answer's value, as `JSON.parse` of the concatenated chunks (a SyntaxError when it is not JSON). */
export function parseRpcAnswer(chunks: readonly Uint8Array[]): unknown {
  try {
    const split = splitParse(chunks)
    if (split !== null) return split
  } catch {
    // parsed whole below, which fails the way JSON.parse does
  }
  return JSON.parse(bodyText(chunks))
}

/** The body as text (UTF-8), for the whole parse and for error details. */
export function bodyText(chunks: readonly Uint8Array[]): string {
  return Buffer.concat(chunks as Uint8Array[]).toString('utf8')
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length)
const text = (b: Buffer) => b.toString(isAscii(b) ? 'latin1' : 'utf8')

/** The answer with its result array parsed element by element; null when it does not have that shape (exported for its tests). */
export function splitParse(chunks: readonly Uint8Array[]): unknown {
  const first = chunks[0]
  if (!first) return null
  const head = asBuffer(first).toString('latin1', 0, Math.min(first.length, 512))
  const m = RESULT_ARRAY.exec(head)
  // Only the first "result" key, and only when nothing before it is outside ASCII (so head offsets are byte offsets).
  if (!m || head.indexOf('"result"') !== m.index || !isAscii(asBuffer(first).subarray(0, m.index + m[0].length))) return null
  const prefix = head.slice(0, m.index)
  const out: unknown[] = []
  let depth = 0 // inside the result array: 0 between elements
  let inString = false
  let escaped = false
  let start = -1
  let startChunk = -1
  let parts: Uint8Array[] = []
  let end: { chunk: number; at: number } | null = null
  for (let c = 0; c < chunks.length && !end; c++) {
    const b = chunks[c]!
    const n = b.length
    for (let i = c === 0 ? m.index + m[0].length : 0; i < n; i++) {
      const x = b[i]!
      if (inString) {
        if (escaped) escaped = false
        else if (x === 0x5c) escaped = true
        else if (x === 0x22) inString = false
        continue
      }
      if (depth === 0) {
        if (x === 0x7b || x === 0x5b) {
          depth = 1
          start = i
          startChunk = c
          parts = []
        } else if (x === 0x5d) {
          end = { chunk: c, at: i + 1 }
          break
        } else if (x !== 0x2c && x !== 0x20 && x !== 0x0a && x !== 0x0d && x !== 0x09) return null // a string, number, literal: parsed whole
        continue
      }
      if (x === 0x22) inString = true
      else if (x === 0x7b || x === 0x5b) depth++
      else if ((x === 0x7d || x === 0x5d) && --depth === 0) {
        const bytes = startChunk === c ? asBuffer(b.subarray(start, i + 1)) : Buffer.concat([...parts, b.subarray(0, i + 1)])
        out.push(JSON.parse(text(bytes)))
        start = -1
      }
    }
    if (start >= 0) parts.push(startChunk === c ? b.subarray(start) : b)
  }
  if (!end) return null
  const rest = [chunks[end.chunk]!.subarray(end.at), ...chunks.slice(end.chunk + 1)]
  const envelope = JSON.parse(prefix + '"result":[]' + bodyText(rest)) as { result?: unknown }
  if (typeof envelope !== 'object' || envelope === null || !Array.isArray(envelope.result)) return null
  envelope.result = out
  return envelope
}
