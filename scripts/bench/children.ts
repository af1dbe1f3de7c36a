// Child processes the benchmark started and that still run, so that a SIGINT or SIGTERM to the
// benchmark stops them too (a terminal's Ctrl-C reaches them anyway; a plain `kill` would not).
import type { ChildProcess } from 'node:child_process'

const live = new Set<ChildProcess>()
let stopping = false

export function track<C extends ChildProcess>(child: C): C {
  // A run that starts after the signal (the next one in the benchmark's loop) is stopped at once.
  if (stopping) child.kill('SIGKILL')
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

/**
 * On SIGINT/SIGTERM: kills every tracked child and the given pids (e.g. anvil's). The benchmark's own
 * clean-up (dropping its databases, removing its temporary files) then runs as the runs fail; an
 * in-process indexer would retry the vanished RPC endpoint, so the process exits after 10 s at most.
 */
export function stopOnSignals(pids: () => number[]): void {
  for (const [signal, n] of [['SIGINT', 2], ['SIGTERM', 15]] as const) {
    process.once(signal, () => {
      stopping = true
      for (const c of live) c.kill('SIGKILL')
      for (const pid of pids()) {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      process.exitCode = 128 + n
      setTimeout(() => process.exit(128 + n), 10_000).unref()
    })
  }
}
