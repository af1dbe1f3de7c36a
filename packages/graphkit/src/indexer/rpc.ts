/**
 * JSON-RPC client for ingestion: retries transient failures (network errors, timeouts,
 * HTTP 429 and 5xx, JSON-RPC "limit exceeded"/internal errors) with exponential backoff and
 * jitter, and fetches logs in adaptive block ranges — halving the range when the node
 * answers "too many results" (providers cap eth_getLogs at ~10k logs or a block span,
 * e.g. geth/erigon `-32005`, Alchemy/Infura messages) and doubling it while results are
 * sparse, the way graph-node's adaptive block range does (graph-node
 * chain/ethereum/src/ethereum_adapter.rs `logs_with_sigs`, `TOO_MANY_LOGS_FINGERPRINTS`).
 */
import { DeterministicError, TransientError } from '../internal/errors.ts'
import { bodyText, parseRpcAnswer } from './rpcAnswer.ts'

export interface RpcOptions {
  /** Attempts per request before giving up with a TransientError (default 8). */
  retries?: number
  /** First backoff delay in ms; doubled per attempt, capped at maxDelayMs (default 100). */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number
  /** Called before each retry, for logs. */
  onRetry?: (info: { method: string; attempt: number; error: Error; delayMs: number }) => void
}

export interface RpcLog {
  address: string
  topics: string[]
  data: string
  blockNumber: string
  blockHash: string
  transactionHash: string
  transactionIndex: string
  logIndex: string
  removed?: boolean
}

export interface LogFilter {
  address?: string | string[]
  topics?: (string | string[] | null)[]
}

/** A JSON-RPC error answer: deterministic for the request (e.g. an eth_call revert). */
export class RpcResponseError extends DeterministicError {
  override name = 'RpcResponseError'
  constructor(
    readonly method: string,
    readonly code: number,
    /** The node's own message. */
    readonly answer: string,
    readonly data?: unknown,
  ) {
    super(`${method} failed: ${answer} (code ${code})`, { where: `JSON-RPC ${method}` })
  }
}

// Error messages providers use when a log query is too large (graph-node keeps the same list).
const TOO_MANY = /too many|more than \d+ results|limit exceeded|query returned more than|block range|range is too large|response size|exceed/i

export function isTooManyResults(e: unknown): boolean {
  return e instanceof RpcResponseError && (e.code === -32005 || TOO_MANY.test(e.message))
}

// JSON-RPC codes that mean "the server is struggling", not "your request is wrong".
const TRANSIENT_CODES = new Set([-32603, -32000, 429])
const TRANSIENT_MESSAGE = /timeout|timed out|rate limit|try again|header not found|unknown block|busy|unavailable/i

export class RpcClient {
  private nextId = 1
  private readonly retries: number
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number
  private readonly timeoutMs: number
  /** Requests sent, retries made and time spent, for the benchmark's time shares. */
  readonly stats = { requests: 0, retries: 0, ms: 0 }

  constructor(
    readonly url: string,
    private readonly opts: RpcOptions = {},
  ) {
    this.retries = opts.retries ?? 8
    this.baseDelayMs = opts.baseDelayMs ?? 100
    this.maxDelayMs = opts.maxDelayMs ?? 5000
    this.timeoutMs = opts.timeoutMs ?? 30_000
  }

  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const started = performance.now()
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.once<T>(method, params)
        } catch (e) {
          const retryable = e instanceof TransientError || (e instanceof RpcResponseError && !isTooManyResults(e) && (TRANSIENT_CODES.has(e.code) && TRANSIENT_MESSAGE.test(e.message)))
          if (!retryable || attempt >= this.retries) {
            if (retryable) throw new TransientError(`${method} still failing after ${attempt} attempts: ${(e as Error).message}`, { where: this.url, cause: e })
            throw e
          }
          const delayMs = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2)
          this.stats.retries++
          this.opts.onRetry?.({ method, attempt, error: e as Error, delayMs })
          await new Promise((r) => setTimeout(r, delayMs))
        }
      }
    } finally {
      this.stats.ms += performance.now() - started
    }
  }

  private async once<T>(method: string, params: unknown[]): Promise<T> {
    this.stats.requests++
    const id = this.nextId++
    let res: Response
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (e) {
      throw new TransientError(`${method}: ${(e as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (e as Error).message}`, { where: this.url, cause: e })
    }
    const chunks: Uint8Array[] = []
    try {
      const reader = res.body?.getReader()
      for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) chunks.push(r.value)
    } catch (e) {
      throw new TransientError(`${method}: connection dropped while reading the answer`, { where: this.url, cause: e })
    }
    const excerpt = () => bodyText(chunks).slice(0, 200)
    if (res.status === 429 || res.status >= 500) throw new TransientError(`${method}: HTTP ${res.status}`, { where: this.url, details: excerpt() })
    let body: { id?: unknown; result?: T; error?: { code: number; message: string; data?: unknown } }
    try {
      body = parseRpcAnswer(chunks) as typeof body
    } catch {
      // Proxies answer HTML error pages during outages.
      throw new TransientError(`${method}: HTTP ${res.status}, not JSON`, { where: this.url, details: excerpt() })
    }
    if (typeof body !== 'object' || body === null) throw new TransientError(`${method}: HTTP ${res.status}, not a JSON-RPC answer`, { where: this.url, details: excerpt() })
    // An answer to another request (a proxy or a reused connection mixing them up) is never
    // taken for this one's: retried like any other transient failure.
    if (body.id !== undefined && body.id !== null && body.id !== id) throw new TransientError(`${method}: answer for request ${String(body.id)} received for request ${id}`, { where: this.url })
    if (body.error) throw new RpcResponseError(method, body.error.code, body.error.message, body.error.data)
    if (!res.ok) throw new TransientError(`${method}: HTTP ${res.status}`, { where: this.url })
    return body.result as T
  }

  async blockNumber(): Promise<number> {
    return Number(await this.request<string>('eth_blockNumber'))
  }
}

export interface AdaptiveRange {
  /** Current span in blocks. */
  size: number
  min: number
  max: number
  /** Logs wanted per request: the span grows below half of it and shrinks above twice it. */
  target: number
}

/**
 * Starts small and doubles while sparse: one request over a dense stretch of chain is slower
 * than several (anvil answered 100k logs in 9 s at once, 4 s in 25-block pieces) and holds
 * its whole answer in memory, while the indexer processes one range as it fetches the next.
 */
export const defaultRange = (): AdaptiveRange => ({ size: 10, min: 1, max: 100_000, target: 2000 })

/**
 * Logs matching `filter` in [from, to], in as many requests as the node needs. Adjusts
 * `range` in place so the next call starts from what was learned.
 */
export async function getLogsAdaptive(rpc: RpcClient, filter: LogFilter, from: number, to: number, range: AdaptiveRange): Promise<RpcLog[]> {
  const out: RpcLog[] = []
  let start = from
  while (start <= to) {
    const end = Math.min(to, start + range.size - 1)
    let logs: RpcLog[]
    try {
      logs = await rpc.request<RpcLog[]>('eth_getLogs', [{ ...filter, fromBlock: hex(start), toBlock: hex(end) }])
    } catch (e) {
      if (isTooManyResults(e) && end > start) {
        range.size = Math.max(range.min, Math.floor((end - start + 1) / 2))
        continue
      }
      throw e
    }
    for (const l of logs) out.push(l)
    const span = end - start + 1
    if (logs.length < range.target / 2 && span >= range.size) range.size = Math.min(range.max, range.size * 2)
    else if (logs.length > range.target * 2) range.size = Math.max(range.min, Math.floor((span * range.target) / logs.length))
    start = end + 1
  }
  return out
}

export const hex = (n: number | bigint): string => `0x${n.toString(16)}`
