/**
 * A self-contained query page for GET requests. The `graphiql` package is not installed
 * here and nothing may be fetched at run time, so this page loads no remote script: a
 * textarea, a Run button and the JSON result.
 */
export function graphiqlPage(endpoint: string): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
  return `<!doctype html><html><head><meta charset="utf-8"><title>graphkit · ${esc(endpoint)}</title>
<style>body{font-family:monospace;margin:1em}textarea{width:100%;height:40vh}pre{background:#f4f4f4;padding:1em;white-space:pre-wrap}</style></head>
<body><h3>${esc(endpoint)}</h3><textarea id="q">{ _meta { block { number } deployment hasIndexingErrors } }</textarea>
<textarea id="v" style="height:5em" placeholder="variables (JSON)"></textarea><button id="run">Run</button><pre id="out"></pre>
<script>
document.getElementById('run').onclick = async () => {
  const v = document.getElementById('v').value.trim()
  const r = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document.getElementById('q').value, variables: v ? JSON.parse(v) : undefined }) })
  document.getElementById('out').textContent = JSON.stringify(await r.json(), null, 2)
}
</script></body></html>`
}
