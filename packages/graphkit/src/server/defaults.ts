/** graph-node's default ports (8000 queries, 8030 indexing status), on the loopback interface only. */
export const DEFAULT_PORT = 8000
export const DEFAULT_STATUS_PORT = 8030
export const DEFAULT_HOST = '127.0.0.1'
