/**
 * Fetches ahead of use: `get(i)` returns item i and keeps the next `depth - 1` requests in
 * flight, so RPC latency overlaps the handlers of earlier items. Abandoned requests finish
 * unobserved (their failures are dropped; the caller retries what it still needs).
 */
export function prefetcher<T>(count: number, fetch: (i: number) => Promise<T>, depth: number): { get(i: number): Promise<T> } {
  const started: Promise<T>[] = []
  const start = (i: number) => {
    if (i >= count || started[i] !== undefined) return
    const p = fetch(i)
    p.catch(() => {})
    started[i] = p
  }
  return {
    get(i) {
      for (let j = i; j < i + depth; j++) start(j)
      return started[i]
    },
  }
}
