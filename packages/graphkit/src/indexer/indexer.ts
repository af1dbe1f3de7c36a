/**
 * The indexing loop: logs and block headers over JSON-RPC → triggers in graph-node order →
 * handlers in the WASM host → batched, versioned commits.
 *
 * Design (forced by the synchronous host; WASM host functions cannot await):
 *  - Entities live in memory (`EntityCache`, loaded with `loadCurrent` at start). Handlers
 *    read and write the cache; each finished block's ops are queued and committed in
 *    batches (every N blocks, M ops or T seconds, and always when caught up).
 *  - `ethereum.call`, `getBalance` and `hasCode` are answered from a cache keyed by block
 *    hash (chainReads.ts). On a miss the read throws `ReadMiss` out of the handler; the
 *    trigger's writes are discarded, the read is made at the block hash, the instance is
 *    re-instantiated (a trapped instance is unusable) and the trigger re-run. A read the
 *    node answers with an error that is not a revert (no state for that block) is transient.
 *  - Any transient failure (RPC, database) drops what is not committed, reloads from the
 *    store and resumes from the committed cursor after a backoff (nothing runs until a
 *    reload succeeds): never marks the deployment failed, only unhealthy after a few in a
 *    row. A deterministic handler failure commits everything before the failing block,
 *    records the error (block, handler) with `setError` and stops.
 *  - Reorgs: within the confirmation depth every block's pointer is committed; before
 *    processing block B its parentHash is compared with the pointer of B-1, and on a
 *    mismatch the store is reverted to the common ancestor and indexing resumes from it.
 *    On start the stored cursor is checked the same way (chainCheck.ts): an index from
 *    another chain, or one a reorg passed while stopped, is reverted or refused.
 *  - A new deployment starts before the store is ready: when the store has no deployment
 *    with this id (deploy then only creates its tables), or the caller expects none
 *    (`expectNew`: a PGlite directory that does not exist yet, opened meanwhile), the loop
 *    starts from the start block with empty state at once. Before anything is written the
 *    deployment is checked to hold nothing (no block, error or dynamic data source); if it
 *    does, what the loop did is dropped and it resumes from the store.
 *  - Templates: data sources created in block B run every trigger of B that matches them,
 *    after B's other triggers, wave by wave (graph-node core/src/subgraph/runner
 *    `process_dynamic_data_sources`; chain/ethereum/src/data_source.rs `match_and_decode`
 *    only checks start block = creation block); the scanned range ends at B so the next
 *    eth_getLogs includes the new address.
 */
import type { Abi, AbiEvent } from 'viem'
import { compileMapping, instantiate, type HostInstance, type MappingModule } from '../runtime/index.ts'
import type { BlockData, HostContext, LogLevel, TransactionData } from '../runtime/hostContext.ts'
import type { LoadedSubgraph, DataSource } from '../subgraph/manifest.ts'
import type { Entity } from '../subgraph/values.ts'
import type { BlockPtr, BlockWrites, DeploymentInfo, DeploymentStore, DynamicDataSource, Store } from '../store/types.ts'
import { DeterministicError, GraphkitError, TransientError, isDeterministic, isTransient } from '../internal/errors.ts'
import { RpcClient, getLogsAdaptive, defaultRange, hex, RpcResponseError, type RpcLog } from './rpc.ts'
import { ChainReads, ReadMiss, type BlockRef } from './chainReads.ts'
import { declaredCallsOf } from './declaredCalls.ts'
import { blockTriggers, logFilter, dueBlockHandlers, type ActiveDataSource, type Trigger } from './triggers.ts'
import { EntityCache } from './entityCache.ts'
import { prefetcher } from './prefetch.ts'
import { BlockRate, headWorkDue, type HeadWorkLevel } from './headWork.ts'
import { checkStoredCursor, chainHashAt, commonAncestor, reorgTooDeep } from './chainCheck.ts'
import { KEEP_BLOCKS } from '../store/createStore.ts'
import { findAbiEvent, toBlockData, toEventData, toReceiptData, toTransactionData, type RpcBlock, type RpcReceipt, type RpcTransaction } from './ethData.ts'

export interface Progress {
  block: number
  head: number
  startBlock: number
  events: number
  blocks: number
  elapsedMs: number
  synced: boolean
}

export interface IndexerOptions {
  subgraph: LoadedSubgraph
  rpcUrl: string
  /** The store, or the store being opened (a failure to open ends the run with that error). */
  store: Store | Promise<Store>
  /**
   * The store is expected to hold nothing of this deployment (e.g. a PGlite directory that did
   * not exist): indexing starts while the store opens. A hint only: the store is checked
   * before the first write, and what the loop did is dropped if it holds data after all.
   */
  expectNew?: boolean
  name: string
  network?: string
  confirmations?: number
  /** Stop once this block is indexed. */
  until?: number
  /** Stop when caught up with the head. */
  once?: boolean
  pollMs?: number
  batch?: { blocks?: number; ops?: number; ms?: number }
  /** Triggers one WASM instance runs before a fresh one replaces it (default 500). */
  triggersPerInstance?: number
  onProgress?: (p: Progress) => void
  log?: (level: LogLevel, message: string, fields?: Record<string, unknown>) => void
}

export interface RunningIndexer {
  done: Promise<void>
  stop(): void
  status(): Promise<DeploymentInfo>
  /** Time spent per stage (ms) and counts, for the benchmark. */
  readonly stats: { rpcMs: number; handlerMs: number; storeMs: number; events: number; blocks: number; callMisses: number; stateMisses: number; declaredCalls: number }
}

/**
 * Longest stretch (ms) the loop runs handlers without letting I/O callbacks run. A PostgreSQL
 * commit is ~30 statements, one round trip each, and each reply waits for the next yield:
 * on the 100k-event chain a commit took ~170 ms at 5 ms (as long as the handlers of its
 * range, so the loop waited 0.8 s for commits) and ~115 ms at 2 ms (waits 0.05 s).
 */
const YIELD_MS = 2

/** Consecutive transient failures after which the deployment shows as unhealthy until its next commit. */
const UNHEALTHY_AFTER = 3

/** Triggers one WASM instance runs before it is replaced (the stub runtime's memory only grows). */
const TRIGGERS_PER_INSTANCE = 500

interface Source extends ActiveDataSource {
  ds: DataSource
  context: Entity | null
  instance?: HostInstance
  triggersOnInstance: number
  ctx?: HostContext
}

export function startIndexer(opts: IndexerOptions): RunningIndexer {
  let stopped = false
  let wake: (() => void) | null = null
  const stats = { rpcMs: 0, handlerMs: 0, storeMs: 0, events: 0, blocks: 0, callMisses: 0, stateMisses: 0, declaredCalls: 0 }
  const startBlock = Math.min(...opts.subgraph.dataSources.map((d) => d.source.startBlock))
  const network = opts.network ?? opts.subgraph.dataSources[0].network ?? 'mainnet'
  const store = Promise.resolve(opts.store)
  const ready = store.then((s) => s.deploy({ id: opts.subgraph.id, name: opts.name, network, startBlock, schema: opts.subgraph.schema }))
  ready.catch(() => {}) // surfaces through `done`
  // New unless the store already has this deployment (asked before deploy creates it).
  const isNew = opts.expectNew ? Promise.resolve(true) : store.then(async (s) => (await s.find(opts.subgraph.id)) === null)
  const sleep = (ms: number) => new Promise<void>((r) => { wake = r; setTimeout(r, ms) })
  const done = isNew.then((fresh) => run(opts, ready, fresh ? startBlock : null, stats, () => stopped, sleep))
  return {
    done,
    stop() {
      stopped = true
      wake?.()
    },
    async status() {
      return (await ready).info()
    },
    stats,
  }
}

/** The deployment held data when the loop had started from an empty state without it. */
class NotNew extends Error {}

/** `newFrom`: the start block of a deployment taken to be new (the loop starts before `ready`), null to start from the store. */
async function run(opts: IndexerOptions, ready: Promise<DeploymentStore>, newFrom: number | null, stats: RunningIndexer['stats'], isStopped: () => boolean, sleep: (ms: number) => Promise<void>): Promise<void> {
  const sg = opts.subgraph
  const log = opts.log ?? (() => {})
  const rpc = new RpcClient(opts.rpcUrl, { onRetry: (r) => log('warning', `RPC retry ${r.method} #${r.attempt}: ${r.error.message}`) })
  const confirmations = opts.confirmations ?? 0
  const batch = { blocks: opts.batch?.blocks ?? 500, ops: opts.batch?.ops ?? 20_000, ms: opts.batch?.ms ?? 2000 }
  const modules = new Map<string, Promise<MappingModule>>()
  const moduleFor = (ds: DataSource) => {
    let m = modules.get(ds.mapping.file)
    if (!m) modules.set(ds.mapping.file, (m = compileMapping(ds.mapping.wasm, { file: ds.mapping.file, apiVersion: ds.mapping.apiVersion })))
    return m
  }
  const cache = new EntityCache(sg.schema)
  const range = defaultRange()
  const timed = async <T>(k: 'rpcMs' | 'storeMs', f: () => Promise<T>): Promise<T> => {
    const t = performance.now()
    try {
      return await f()
    } finally {
      stats[k] += performance.now() - t
    }
  }

  // The deployment, once checked to be what the loop assumed (always, when it started from the store).
  let unchecked = newFrom !== null
  let checking: Promise<DeploymentStore> | null = null
  const deployment = (): Promise<DeploymentStore> => {
    if (!unchecked) return ready
    return (checking ??= (async () => {
      const d = await ready
      const [info, created] = await timed('storeMs', () => Promise.all([d.info(), d.dynamicDataSources()]))
      if (info.latest || info.fatalError || created.length > 0) throw new NotNew()
      unchecked = false
      return d
    })().finally(() => {
      checking = null
    }))
  }
  // Opening the store is not retried: its failure ends the run, also while the loop runs ahead of it.
  const open = { failed: false, error: undefined as unknown }
  ready.catch((error) => Object.assign(open, { failed: true, error }))

  const started = performance.now()
  let startBlock = newFrom ?? 0 // from the store's info when loaded from it (reload)

  let sources: Source[] = []
  let cursor: BlockPtr | null = null
  let cursorChecked = false
  /** After a failure: what is not committed was dropped, the state must come from the store again. */
  let needsReload = false
  let created: DynamicDataSource[] = []
  /** The block whose triggers run: chain reads are made at it, templates record it. */
  let current: BlockRef | null = null
  const reads = new ChainReads(rpc, sg.abis, stats, (f) => timed('rpcMs', f))

  const fromTemplate = (d: DynamicDataSource): Source => {
    const t = sg.templates.find((x) => x.name === d.template)
    if (!t) throw new DeterministicError(`dataSource.create: no template named "${d.template}"`)
    const address = (d.params[0] ?? '').toLowerCase()
    return { ds: t, name: t.name, address, startBlock: d.createdAtBlock, mapping: t.mapping, context: d.context, createdAtBlock: d.createdAtBlock, triggersOnInstance: 0 }
  }

  const makeCtx = (s: Source): HostContext => ({
    store: cache,
    dataSource: { name: s.name, network: s.ds.network ?? '', address: Buffer.from(s.address.slice(2), 'hex'), context: s.context ?? new Map() },
    block: null,
    ethCall: (call) => reads.ethCall(call, current!),
    getBalance: (address) => reads.getBalance(address, current!),
    hasCode: (address) => reads.hasCode(address, current!),
    createDataSource: (template, params, context) => {
      created.push({ template, params, context, createdAtBlock: current!.number })
    },
    log: (level, message) => log(level, message, { subgraph: opts.name, dataSource: s.name }),
    ipfsCat: () => null,
    ensNameByHash: () => null,
  })

  const manifestSources = (): Source[] =>
    sg.dataSources.map((ds) => ({ ds, name: ds.name, address: ds.source.address!, startBlock: ds.source.startBlock, endBlock: ds.source.endBlock, mapping: ds.mapping, context: (ds.context as Entity | undefined) ?? null, triggersOnInstance: 0 }))

  /**
   * (Re)load sources, cache and cursor from the store: at start, after a reorg, after a
   * transient failure. Returns the deployment's info; with a fatal error nothing is loaded.
   */
  async function reload(): Promise<DeploymentInfo> {
    let store: DeploymentStore
    try {
      store = await deployment()
    } catch (e) {
      if (!(e instanceof NotNew)) throw e
      log('info', 'the store already holds this deployment: resuming from it')
      unchecked = false
      cursorChecked = false // its cursor is checked against the chain before the next block
      store = await ready
    }
    const info = await timed('storeMs', () => store.info())
    if (info.fatalError) return info
    cache.clear()
    for (const e of sg.schema.entities.values()) {
      if (e.timeseries) continue
      cache.load(e.name, await timed('storeMs', () => store.loadCurrent(e.name)))
    }
    sources = manifestSources()
    for (const d of await timed('storeMs', () => store.dynamicDataSources())) sources.push(fromTemplate(d))
    cursor = info.latest
    startBlock = info.startBlock
    return info
  }
  const stopAtFatal = (info: DeploymentInfo): boolean => {
    if (!info.fatalError) return false
    log('error', `deployment ${info.name} failed earlier at block ${info.fatalError.block?.number}: ${info.fatalError.message}; not resuming`)
    return true
  }

  const pending: BlockWrites[] = []
  let pendingOps = 0
  let lastFlush = performance.now()
  // At most one commit runs while the next blocks are processed (PostgreSQL works in its own
  // process meanwhile); its failure surfaces at the next flush or settle, inside the loop's
  // transient-failure handling, which reloads from what is committed.
  let committing: Promise<void> | null = null
  let commitRunning = false
  async function settle(): Promise<void> {
    const c = committing
    committing = null
    if (c) await timed('storeMs', () => c)
  }
  /** Commits the pending blocks with the cursor at `to`; `wait` also waits until it is durable. */
  async function flush(to: BlockPtr | null, wait = false): Promise<void> {
    // While a new deployment's store opens, its blocks wait here rather than in a commit that
    // would hold up the next one (up to a few batches' worth).
    if (checking && !wait && pendingOps < 4 * batch.ops) return
    if (to && !(pending.length === 0 && cursor && to.number === cursor.number)) {
      const blocks = pending.splice(0)
      await settle()
      // Before the deployment is open (a new one started early), the commit waits for it in flight.
      const c = deployment().then((store) => store.commit(blocks, to))
      c.catch(() => {})
      committing = c
      commitRunning = true
      c.finally(() => {
        commitRunning = false
        pumpHeadWork()
      }).catch(() => {})
      pendingOps = 0
      lastFlush = performance.now()
    }
    if (wait) await settle()
  }

  const fetchBlock = async (n: number) => {
    const b = await rpc.request<RpcBlock | null>('eth_getBlockByNumber', [hex(n), true])
    if (!b) throw new TransientError(`block ${n} not available yet`, { where: opts.rpcUrl })
    return b
  }
  const getBlock = (n: number) => timed('rpcMs', () => fetchBlock(n))
  /** Blocks fetched ahead of the handlers (requests in flight at once). */
  const BLOCK_PREFETCH = 8
  // Blocks requested before their range is processed (by the lookahead, as soon as its logs are in).
  let earlyBlocks = new Map<number, Promise<RpcBlock>>()
  const takeBlock = (n: number): Promise<RpcBlock> => {
    const p = earlyBlocks.get(n)
    if (!p) return fetchBlock(n)
    earlyBlocks.delete(n)
    return p
  }
  // The next range's logs are requested while this range's blocks are processed.
  type Lookahead = { from: number; to: number; filter: string; logs: Promise<RpcLog[]> }
  let lookahead: Lookahead | null = null
  const ptrOf = (b: RpcBlock): BlockPtr => ({ number: Number(b.number), hash: b.hash, parentHash: b.parentHash, timestamp: Number(b.timestamp) })

  // Per-run lookups kept out of the per-event path (profiled: the benchmark spends most time in handlers).
  const handlerInfo = new Map<object, { event: AbiEvent; where: string }>()
  let txBlock: RpcBlock | null = null
  let txByHash = new Map<string, RpcTransaction>()
  let txData = new Map<string, TransactionData>()

  // Awaiting prefetched (resolved) promises never lets the event loop handle I/O: without a
  // yield now and then, the commit in flight and the RPC prefetches would progress only when
  // the loop next waited for something, so a commit overlapped nothing.
  let lastYield = performance.now()
  const yieldToIo = () => new Promise<void>((r) => setImmediate(() => {
    lastYield = performance.now()
    r()
  }))

  async function runTrigger(s: Source, t: Trigger, block: RpcBlock, blockData: BlockData): Promise<void> {
    for (;;) {
      if (!s.instance) {
        s.ctx = makeCtx(s)
        s.instance = instantiate(await moduleFor(s.ds), s.ctx, { handOffSavedEntities: true })
      }
      s.ctx!.block = blockData
      const t0 = performance.now()
      try {
        if (t.kind === 'event') {
          // Per handler (an object of the manifest, for one data source or template): its ABI event and name for errors.
          let h = handlerInfo.get(t.handler)
          if (!h) handlerInfo.set(t.handler, (h = { event: findAbiEvent(sg.abis[s.ds.source.abi] as Abi, t.handler.event), where: `${s.name}.${t.handler.handler}` }))
          if (txBlock !== block) {
            txBlock = block
            txByHash = new Map((block.transactions ?? []).filter((x): x is RpcTransaction => typeof x !== 'string').map((x) => [x.hash, x]))
            txData = new Map()
          }
          let tx = txData.get(t.log.transactionHash)
          if (!tx) {
            const raw = txByHash.get(t.log.transactionHash)
            if (!raw) throw new TransientError(`transaction ${t.log.transactionHash} missing from block ${blockData.number}`)
            txData.set(t.log.transactionHash, (tx = toTransactionData(raw)))
          }
          let receipt = null
          if (t.handler.receipt) receipt = toReceiptData(await timed('rpcMs', () => rpc.request<RpcReceipt>('eth_getTransactionReceipt', [t.log.transactionHash])))
          const data = toEventData(h.event, t.log, blockData, tx, receipt, h.where)
          s.instance.handleEvent(t.handler.handler, data)
          stats.events++
        } else {
          s.instance.handleBlock(t.handler, blockData)
        }
        cache.commitTrigger()
        // AssemblyScript's stub runtime never frees: an instance kept for many triggers grows
        // until memory.grow fails and the mapping traps ("unreachable"). graph-node instantiates
        // per trigger; a fresh instance every TRIGGERS_PER_INSTANCE keeps memory bounded for ~0.3 ms.
        if (++s.triggersOnInstance >= (opts.triggersPerInstance ?? TRIGGERS_PER_INSTANCE)) {
          cache.materialize() // the block's saves may still be snapshots in this instance's memory
          s.instance.release()
          s.instance = undefined
          s.triggersOnInstance = 0
        }
        return
      } catch (e) {
        cache.discardTrigger()
        cache.materialize()
        s.instance?.release()
        s.instance = undefined // after a throw the instance must be re-instantiated
        s.triggersOnInstance = 0
        const miss = e instanceof ReadMiss ? e : (e as { cause?: unknown })?.cause instanceof ReadMiss ? ((e as { cause: ReadMiss }).cause) : null
        if (miss) {
          await miss.fetch()
          continue
        }
        throw e
      } finally {
        stats.handlerMs += performance.now() - t0
      }
    }
  }

  async function processBlock(block: RpcBlock, logs: RpcLog[]): Promise<{ createdSources: boolean }> {
    const n = Number(block.number)
    const blockData = toBlockData(block)
    const ref: BlockRef = (current = { hash: block.hash.toLowerCase(), number: n })
    created = []
    let triggers = blockTriggers(n, sources, logs)
    let createdSources = false
    for (;;) {
      await reads.prefetch(declaredCallsOf(triggers, reads, ref), ref)
      for (const t of triggers) {
        if (performance.now() - lastYield >= YIELD_MS) await yieldToIo()
        const handlerName = t.kind === 'event' ? t.handler.handler : t.handler
        try {
          await runTrigger(t.source as Source, t, block, blockData)
        } catch (e) {
          if (isDeterministic(e)) {
            ;(e as { failedHandler?: string }).failedHandler = `${t.source.name}.${handlerName}`
          }
          throw e
        }
      }
      if (created.length === 0) return { createdSources }
      // The next wave: the data sources just created, over this whole block.
      const made = created.splice(0)
      const fresh = made.map(fromTemplate)
      pendingCreated.push(...made)
      sources.push(...fresh)
      createdSources = true
      const filter = logFilter(fresh.filter((f) => f.mapping.eventHandlers.length > 0))
      const more = filter.address.length ? await timed('rpcMs', () => rpc.request<RpcLog[]>('eth_getLogs', [{ ...filter, blockHash: block.hash }])) : []
      triggers = blockTriggers(n, fresh, more)
    }
  }
  let pendingCreated: DynamicDataSource[] = []

  // The store's head work (headWork.ts), one statement at a time while no commit runs, once
  // the backfill is near its end. A failed step only stops it: setChainHead does what is left.
  let headWork: HeadWorkLevel | null = null
  let headWorkExhausted: HeadWorkLevel | null = null
  let headStep: Promise<void> | null = null
  const blockRate = new BlockRate()
  function pumpHeadWork(): void {
    if (!headWork || headWork === headWorkExhausted || headStep || commitRunning || isStopped()) return
    const level = headWork
    headStep = deployment().then((store) => store.headWorkStep(level)).then(
      (more) => {
        headStep = null
        if (!more) headWorkExhausted = level
        pumpHeadWork()
      },
      (e) => {
        headStep = null
        headWork = headWorkExhausted = 'analyze' // no more steps in this run
        log('warning', `head work ahead of the head failed (left to the head): ${(e as Error).message}`)
      },
    )
  }
  const settleHeadWork = async () => {
    headWork = null
    await headStep
  }

  const hasEveryBlockHandler = () => sources.some((s) => s.mapping.blockHandlers.length > 0)

  /** The last head the RPC answered (null before the first answer), asked for again once per range. */
  let knownHead: number | null = null
  let headRequest: Promise<number> | null = null
  const refreshHead = (): Promise<number> =>
    (headRequest ??= rpc.blockNumber().then(
      (n) => {
        headRequest = null
        knownHead = n
        return n
      },
      (e) => {
        headRequest = null
        throw e
      },
    ))
  const targetOf = (head: number) => (opts.until !== undefined ? Math.min(opts.until, head) : head)

  if (newFrom === null) {
    if (stopAtFatal(await reload())) return
  } else {
    sources = manifestSources() // empty cache, no cursor: checked against the store before the first write
    deployment().catch(() => {}) // the check, as soon as the store is open (a failure surfaces at the next write)
  }
  let failures = 0
  const where = `deployment ${opts.name} (${sg.id}), RPC ${opts.rpcUrl}`
  while (!isStopped()) {
    try {
      if (needsReload) {
        if (stopAtFatal(await reload())) return
        needsReload = false
      }
      if (!cursorChecked) {
        await resumeOnChain()
        cursorChecked = true
      }
      const next = cursor ? cursor.number + 1 : startBlock
      // Behind the last head seen, the loop goes on towards it while a fresh one is asked for
      // (awaiting eth_blockNumber per range cost more than the ranges' log requests); it waits
      // for a fresh head only where the last one would stop it.
      let headNum = knownHead ?? -1
      if (next > targetOf(headNum)) headNum = await timed('rpcMs', () => refreshHead())
      else void refreshHead().catch(() => {})
      const target = targetOf(headNum)
      if (next > target) {
        const headBlock = await getBlock(headNum)
        await flush(cursor, true)
        await settleHeadWork()
        const store = await deployment()
        await timed('storeMs', () => store.setChainHead(ptrOf(headBlock), true))
        opts.onProgress?.({ block: cursor?.number ?? startBlock - 1, head: headNum, startBlock, events: stats.events, blocks: stats.blocks, elapsedMs: performance.now() - started, synced: true })
        if (opts.once || (opts.until !== undefined && (cursor?.number ?? -1) >= opts.until)) return
        await sleep(opts.pollMs ?? 1000)
        continue
      }
      const filter = logFilter(sources.filter((s) => s.mapping.eventHandlers.length > 0))
      const filterKey = JSON.stringify(filter)
      let ahead = lookahead as Lookahead | null // set by the previous iteration (TS narrows it to null here)
      lookahead = null
      let to: number
      let logs: RpcLog[]
      if (ahead && ahead.from === next && ahead.filter === filterKey && ahead.to <= target) {
        to = ahead.to
        const p = ahead.logs
        logs = await timed('rpcMs', () => p)
      } else {
        to = Math.min(target, next + range.size - 1)
        logs = filter.address.length ? await timed('rpcMs', () => getLogsAdaptive(rpc, filter, next, to, range)) : []
      }
      // Below the unconfirmed blocks the next range cannot change under us: ask for it now.
      if (filter.address.length && to < target && to < headNum - confirmations) {
        const from2 = to + 1
        const to2 = Math.min(target, from2 + range.size - 1)
        const p = getLogsAdaptive(rpc, filter, from2, to2, range)
        p.catch(() => {})
        lookahead = { from: from2, to: to2, filter: filterKey, logs: p }
        const early = earlyBlocks
        p.then((ls) => {
          // The first blocks of that range, so its handlers do not start by waiting for them.
          for (const b of [...new Set(ls.map((l) => Number(l.blockNumber)))].slice(0, BLOCK_PREFETCH)) {
            if (early !== earlyBlocks || early.has(b)) continue
            const q = fetchBlock(b)
            q.catch(() => {})
            early.set(b, q)
          }
        }, () => {})
      }
      const byBlock = new Map<number, RpcLog[]>()
      for (const l of logs) {
        const b = Number(l.blockNumber)
        if (!byBlock.has(b)) byBlock.set(b, [])
        byBlock.get(b)!.push(l)
      }
      // Only `byBlock` holds the range's logs from here, and lets each block's go once processed
      // (logs alive across a scavenge are copied by it, and promoted by the next).
      logs = []
      ahead = null
      const unconfirmedFrom = headNum - confirmations
      const wanted = new Set<number>(byBlock.keys())
      for (let b = next; b <= to; b++) {
        if (b > unconfirmedFrom - 1 || hasEveryBlockHandler() && sources.some((s) => dueBlockHandlers(s, b).length > 0)) wanted.add(b)
      }
      wanted.add(to) // the cursor needs the hash of the range's last block
      let reorged = false
      let last: BlockPtr | null = cursor
      const order = [...wanted].sort((x, y) => x - y)
      const blocks = prefetcher(order.length, (i) => takeBlock(order[i]), BLOCK_PREFETCH)
      for (let i = 0; i < order.length; i++) {
        const b = order[i]
        if (isStopped()) break
        if (open.failed) throw open.error
        const block = await timed('rpcMs', () => blocks.get(i))
        const ptr = ptrOf(block)
        if (last && last.number === b - 1 && last.hash !== block.parentHash) {
          await handleReorg(b - 1)
          reorged = true
          break
        }
        let createdSources = false
        try {
          const blockLogs = byBlock.get(b) ?? []
          byBlock.delete(b)
          createdSources = (await processBlock(block, blockLogs)).createdSources
        } catch (e) {
          if (!isDeterministic(e)) throw e
          cache.discardBlock()
          await flush(last, true)
          await settleHeadWork()
          const handler = (e as { failedHandler?: string }).failedHandler ?? null
          const store = await deployment()
          await timed('storeMs', () => store.setError({ message: (e as Error).message, block: ptr, handler, deterministic: true }))
          log('error', `handler ${handler} failed at block ${b}: ${(e as Error).message}`)
          return
        }
        const ops = cache.finishBlock()
        pending.push({ block: ptr, ops, dataSources: pendingCreated.splice(0) })
        pendingOps += ops.length
        stats.blocks++
        last = ptr
        if (pending.length >= batch.blocks || pendingOps >= batch.ops || performance.now() - lastFlush >= batch.ms) await flush(last)
        if (createdSources) break // re-scan the rest of the range with the new addresses
      }
      if (reorged) {
        lookahead = null
        earlyBlocks = new Map()
        continue
      }
      await flush(last)
      cursor = last
      failures = 0
      if (cursor) {
        const now = performance.now()
        blockRate.add(now, cursor.number)
        const due = headWorkDue(now - started, blockRate.etaMs(target))
        if (due && due !== headWork && headWork !== 'analyze') {
          headWork = due
          pumpHeadWork()
        }
      }
      opts.onProgress?.({ block: cursor?.number ?? next, head: headNum, startBlock, events: stats.events, blocks: stats.blocks, elapsedMs: performance.now() - started, synced: false })
    } catch (e) {
      const notNew = e instanceof NotNew
      // Only the environment's failures are retried; anything else (a deterministic store error,
      // bad input, a bug in graphkit, a store that did not open) ends the run with that error
      // instead of retrying forever.
      if (!notNew && ((open.failed && open.error === e) || (!isTransient(e) && !(e instanceof RpcResponseError)))) throw e
      pending.length = 0
      pendingCreated = []
      knownHead = null // the chain may have changed under a failed request
      lookahead = null
      earlyBlocks = new Map()
      await (committing as Promise<void> | null)?.catch(() => {}) // the reload reads what it left
      committing = null
      // Nothing runs on the dropped state: the next iteration starts by reloading from the store,
      // and a reload that fails comes back here (with the next backoff) instead of going on from
      // blocks that were never committed.
      needsReload = true
      if (notNew) continue
      failures++
      const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8))
      // The first of a run of failures says where and why (details); the retries after it, the message.
      const text = failures === 1 && e instanceof GraphkitError ? e.describe() : (e as Error).message
      log('warning', `transient failure, retrying from the last commit in ${delay} ms: ${text}`)
      // Still failing after a few retries: the status says so (the next commit makes it healthy again).
      if (failures === UNHEALTHY_AFTER) {
        const error = { message: (e as Error).message, block: null, handler: null, deterministic: false }
        deployment().then((store) => store.setError(error)).catch(() => {}) // the store may be what is down
      }
      await sleep(delay)
    }
  }
  await flush(cursor, true)
  await settleHeadWork()

  async function handleReorg(at: number): Promise<void> {
    log('warning', `reorg: the parent of block ${at + 1} is not the block ${at} indexed`)
    await flush(null, true)
    pending.length = 0
    const store = await deployment()
    const recent = (await timed('storeMs', () => store.recentBlocks(KEEP_BLOCKS))).filter((p) => p.number <= at)
    if (recent.length === 0) {
      // Every commit keeps its cursor's pointer, so none means nothing committed yet (a new
      // deployment's first blocks, e.g. while its store opened): nothing to revert.
      log('warning', 'reorg before the first commit: indexing again from the start block')
      await reload()
      return
    }
    const ancestor = await timed('rpcMs', () => commonAncestor(recent, chainHashAt(rpc)))
    if (!ancestor) throw reorgTooDeep(at, recent, where)
    log('warning', `reorg: reverting to block ${ancestor.number}`)
    await timed('storeMs', () => store.revertTo(ancestor))
    await reload()
  }

  /** Before the first block: the stored cursor must be on the chain, else revert to the common ancestor or refuse. */
  async function resumeOnChain(): Promise<void> {
    const c = cursor as BlockPtr | null
    if (!c) return
    const store = await deployment()
    const check = await timed('rpcMs', () =>
      checkStoredCursor({ cursor: c, recentBlocks: () => store.recentBlocks(KEEP_BLOCKS), hashAt: chainHashAt(rpc), head: () => rpc.blockNumber(), where }),
    )
    if (!check.revertTo) return
    log('warning', `the index's latest block ${c!.number} (${c!.hash}) is not on the chain (${check.chainHash ?? 'no such block'} there): reverting to the common ancestor, block ${check.revertTo.number}`)
    await timed('storeMs', () => store.revertTo(check.revertTo!))
    await reload()
  }
}
