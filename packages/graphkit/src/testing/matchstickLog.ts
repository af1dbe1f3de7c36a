/**
 * Matchstick 0.6.0's console output (matchstick src/logging.rs): every line is indented by the
 * current level (2 spaces a step) and prefixed by its level's sign; while a test body runs, lines
 * are accumulated instead of printed, and shown after the test's result line if it passed, or in
 * the "Failed tests" summary if it failed (src/test_suite.rs `Test::run`).
 */
export type MsLevel = 'critical' | 'error' | 'warning' | 'info' | 'debug' | 'success' | 'default'

const tty = () => process.stdout.isTTY === true && !process.env.NO_COLOR
export const style = (codes: string, s: string) => (tty() ? `\x1b[${codes}m${s}\x1b[0m` : s)

/** Sign and colour per level (`impl Display for Log`). */
const PREFIX: Record<MsLevel, [string, string]> = {
  critical: ['🆘 ', '1;31'],
  error: ['𝖷 ', '1;31'],
  warning: ['⚠️  ', '33'],
  info: ['💬 ', '3'],
  debug: ['🛠  ', '3;36'],
  success: ['√ ', '1;32'],
  default: ['', ''],
}

/** `log.log(level, msg)` levels of graph-ts and matchstick-as (0 critical … 5 success). */
export const LEVELS: MsLevel[] = ['critical', 'error', 'warning', 'info', 'debug', 'success', 'default']

export class MatchstickLog {
  private indent = 0
  private acc: string[] | null = null
  constructor(private readonly out: (line: string) => void) {}

  /** A line at the current indentation; multi-line messages keep their own line breaks, as Rust's `println!` does. */
  line(level: MsLevel, msg: string): void {
    const [sign, colour] = PREFIX[level]
    const text = ' '.repeat(this.indent) + (colour ? style(colour, sign + msg) : sign + msg)
    if (this.acc) this.acc.push(text)
    else this.out(text)
  }
  /** A line printed as it is (already indented when it was logged). */
  raw(text: string): void {
    if (this.acc) this.acc.push(text)
    else this.out(text)
  }
  styled(codes: string, msg: string): void {
    this.line('default', style(codes, msg))
  }
  add(): void {
    this.indent += 2
  }
  sub(): void {
    this.indent = Math.max(0, this.indent - 2)
  }
  clear(): void {
    this.indent = 0
  }
  accumulate(): void {
    this.acc = []
  }
  /** Stops accumulating and returns what was logged since `accumulate()`. */
  flush(): string[] {
    const l = this.acc ?? []
    this.acc = null
    return l
  }
}
