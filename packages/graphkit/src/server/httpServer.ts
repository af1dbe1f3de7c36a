/**
 * graph-node's HTTP surface (graph-node server/http): queries on one port
 * (`/subgraphs/name/<name>`, `/subgraphs/id/<deployment>`; GraphiQL on GET) and the
 * index-node status API on another (`/graphql`). Routes, redirects, CORS and client errors as
 * graph-node server/http/src/service.rs answers them; binds
 * 127.0.0.1 unless told otherwise.
 */
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Store, DeploymentStore } from '../store/types.ts'
import { buildApiSchema, type ApiSchema } from '../graphql/apiSchema.ts'
import { executeQuery } from '../graphql/execute.ts'
import { msg } from '../graphql/errors.ts'
import { QUERY_TIMEOUT_MS, MAX_RESULT_BYTES } from '../graphql/validation.ts'
import { executeStatus } from './statusApi.ts'
import { graphiqlPage } from './graphiql.ts'
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_STATUS_PORT } from './defaults.ts'

// In their own module so that `graphkit serve --help` shows them without loading the server.
export { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_STATUS_PORT }
/** Request bodies above this are refused (a query is text; 1 MiB is generous). */
export const MAX_BODY = 1 << 20

export interface ServerOptions {
  store: Store
  host?: string
  port?: number
  statusPort?: number
  /** Per-query time limit in ms (GRAPHKIT_QUERY_TIMEOUT_MS, default 30 s). */
  queryTimeoutMs?: number
  /** Result size limit in bytes (GRAPHKIT_MAX_RESULT_BYTES). */
  maxResultBytes?: number
}

export interface RunningServer {
  url: string
  statusUrl: string
  close(): Promise<void>
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'Content-Type, User-Agent',
  'access-control-allow-methods': 'GET, OPTIONS, POST',
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { ...CORS, 'content-type': type })
  res.end(text)
}

async function readJson(req: IncomingMessage): Promise<{ query?: string; variables?: Record<string, unknown>; operationName?: string }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const c of req) {
    size += (c as Buffer).length
    if (size > MAX_BODY) throw new Error(`request body exceeds ${MAX_BODY} bytes`)
    chunks.push(c as Buffer)
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
  })
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const { store } = opts
  const host = opts.host ?? DEFAULT_HOST
  const caps = { timeoutMs: opts.queryTimeoutMs ?? QUERY_TIMEOUT_MS, maxBytes: opts.maxResultBytes ?? MAX_RESULT_BYTES }
  const apis = new WeakMap<DeploymentStore, ApiSchema>()
  const apiOf = (d: DeploymentStore) => {
    let a = apis.get(d)
    if (!a) apis.set(d, (a = buildApiSchema(d.layout.schema)))
    return a
  }

  // Build every deployment's API schema now: a schema graph-node would refuse (e.g. a bad
  // @fulltext directive) fails the start with its InputError, not the first query.
  for (const i of await store.list()) {
    const d = await store.find(i.id)
    if (d) apiOf(d)
  }

  const queries = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x')
      const path = decodeURIComponent(url.pathname)
      const segs = path.split('/').filter(Boolean)
      if (req.method === 'GET' && segs.length === 0)
        return send(res, 200, { message: 'Access deployed subgraphs by deployment ID at /subgraphs/id/<ID> or by name at /subgraphs/name/<NAME>' })
      const kind = segs[0] === 'subgraphs' ? segs[1] : undefined
      // graph-node: a name may contain slashes; an id is one segment.
      const isRoute = (kind === 'name' && segs.length > 2) || (kind === 'id' && (segs.length === 3 || (segs.length === 4 && segs[3] === 'graphql')))
      if (!isRoute) return send(res, 404, { message: 'Not found' })
      const graphiql = segs[segs.length - 1] === 'graphql' && segs.length > 3
      const target = segs.slice(2, graphiql ? -1 : undefined).join('/')
      if (req.method === 'OPTIONS') {
        res.writeHead(200, { ...CORS, 'content-type': 'text/html; charset=utf-8' })
        return res.end()
      }
      if (req.method === 'GET') {
        // graph-node serves GraphiQL on `<path>/graphql` and redirects the bare path there.
        if (graphiql) return send(res, 200, graphiqlPage(`/subgraphs/${kind}/${target}`), 'text/html; charset=utf-8')
        res.writeHead(302, { 'access-control-allow-origin': '*', location: `/subgraphs/${kind}/${target}/graphql`, 'content-type': 'text/plain; charset=utf-8' })
        return res.end('Redirecting...')
      }
      if (req.method !== 'POST') return send(res, 405, { error: `method ${req.method} not allowed` })
      // graph-node refuses a POST without a content type (unless LESS_STRICT_GRAPHQL_COMPLIANCE).
      if (!req.headers['content-type']) return send(res, 400, { error: 'Content-Type header is required' })
      let body
      try {
        body = await readJson(req)
      } catch (e) {
        return send(res, 400, { error: `invalid request body: ${(e as Error).message}` })
      }
      if (typeof body.query !== 'string') return send(res, 400, { error: 'The "query" field is missing in request data' })
      const d = await store.find(target)
      if (!d) return send(res, 404, { errors: [{ message: msg.noDeployment(target) }] })
      send(res, 200, await executeQuery(d, apiOf(d), body.query, body.variables ?? {}, caps))
    } catch (e) {
      send(res, 500, { errors: [{ message: `internal error: ${(e as Error).message}` }] })
    }
  })

  const status = createServer(async (req, res) => {
    try {
      if (req.method === 'OPTIONS') return send(res, 204, '')
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '')
      if (path !== '/graphql') return send(res, 404, { errors: [{ message: `No route for ${path || '/'}; use /graphql` }] })
      if (req.method === 'GET') return send(res, 200, graphiqlPage(path), 'text/html; charset=utf-8')
      const body = await readJson(req)
      send(res, 200, await executeStatus(store, body.query ?? '', body.variables, body.operationName))
    } catch (e) {
      send(res, 400, { errors: [{ message: (e as Error).message }] })
    }
  })

  const port = await listen(queries, opts.port ?? DEFAULT_PORT, host)
  const statusPort = await listen(status, opts.statusPort ?? DEFAULT_STATUS_PORT, host)
  const close = (s: Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()) })
  return {
    url: `http://${host}:${port}`,
    statusUrl: `http://${host}:${statusPort}/graphql`,
    close: async () => { await Promise.all([close(queries), close(status)]) },
  }
}
