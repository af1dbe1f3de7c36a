/**
 * What the runner needs from the manifest: the schema (for store checks) and template names.
 * Parsed locally on purpose: the full manifest loader belongs to another stage.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'
import { InputError } from '../internal/errors.ts'
import { parseSchema } from '../subgraph/schema.ts'
import type { SchemaInfo } from './memoryStore.ts'

export function loadProject(manifestPath: string): { schema: SchemaInfo | null; templates: Set<string> } {
  if (!existsSync(manifestPath)) return { schema: null, templates: new Set() }
  let doc: any
  try {
    doc = parse(readFileSync(manifestPath, 'utf8'))
  } catch (e) {
    throw new InputError(`manifest is not valid YAML: ${(e as Error).message}`, { where: manifestPath })
  }
  checkApiVersions(doc, manifestPath)
  const templates = new Set<string>((doc?.templates ?? []).map((t: any) => String(t?.name)))
  const schemaFile = doc?.schema?.file ? resolve(dirname(manifestPath), doc.schema.file) : null
  if (!schemaFile || !existsSync(schemaFile)) return { schema: null, templates }
  const schema = parseSchema(readFileSync(schemaFile, 'utf8'), schemaFile)
  const types: SchemaInfo['types'] = new Map()
  const required: NonNullable<SchemaInfo['required']> = new Map()
  for (const e of schema.entities.values()) {
    const derived = new Map<string, [string, string]>()
    for (const f of e.fields) if (f.derivedFrom) derived.set(f.name, [f.type.base, f.derivedFrom])
    types.set(e.name, derived)
    required.set(e.name, e.fields.filter((f) => f.type.nonNull && !f.derivedFrom && f.name !== 'id').map((f) => f.name))
  }
  return { schema: { types, required }, templates }
}

/** graph-node accepts mapping apiVersion 0.0.4 to 0.0.9 (graph/src/data/subgraph/mod.rs, MAX_API_VERSION). */
const SUPPORTED = ['0.0.4', '0.0.5', '0.0.6', '0.0.7', '0.0.8', '0.0.9']

export function checkApiVersions(doc: any, where: string): void {
  for (const ds of [...(doc?.dataSources ?? []), ...(doc?.templates ?? [])]) {
    const v = ds?.mapping?.apiVersion
    if (v !== undefined && !SUPPORTED.includes(String(v))) {
      throw new InputError(`data source \`${ds?.name}\` uses mapping apiVersion ${v}, which is not supported`, { where, details: `supported: ${SUPPORTED.join(', ')}` })
    }
  }
}
