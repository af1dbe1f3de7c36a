/**
 * What the runner needs from the manifest, read the way Matchstick 0.6.0 reads it
 * (matchstick src/parser.rs, src/context/schema.rs): the schema's required and derived fields,
 * the templates it supports, and the handlers `-c` looks for.
 * Parsed locally on purpose: the full manifest loader belongs to another stage.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse } from 'yaml'
import { InputError } from '../internal/errors.ts'
import { concreteTypes, parseSchema } from '../subgraph/schema.ts'
import type { SchemaInfo } from './memoryStore.ts'

/** `collect_templates`: other kinds get a warning and are not known to `dataSource.create`. */
export const SUPPORTED_TEMPLATE_KINDS = ['ethereum', 'ethereum/contract', 'file/ipfs']

export interface Project {
  schema: SchemaInfo | null
  /** Supported templates: name → kind. */
  templates: Map<string, string>
  /** Warnings Matchstick prints while reading the manifest. */
  warnings: string[]
  /** `collect_handlers`: data source or template name → its eventHandlers and callHandlers, in manifest order. */
  handlers: Map<string, string[]>
}

export function projectFrom(doc: any, schemaSdl: string | null, where: string): Project {
  checkApiVersions(doc, where)
  const warnings: string[] = []
  const templates = new Map<string, string>()
  for (const t of doc?.templates ?? []) {
    const kind = String(t?.kind)
    if (SUPPORTED_TEMPLATE_KINDS.includes(kind)) templates.set(String(t?.name), kind)
    else warnings.push(`Template with kind \`${kind}\` is not supported by matchstick.`)
  }
  const handlers = new Map<string, string[]>()
  for (const ds of [...(doc?.dataSources ?? []), ...(doc?.templates ?? [])]) {
    const m = ds?.mapping ?? {}
    // A HashMap keyed by name in Matchstick: a later source of the same name replaces an earlier one.
    handlers.set(String(ds?.name), [...(m.eventHandlers ?? []), ...(m.callHandlers ?? [])].map((h: any) => String(h?.handler)))
  }
  if (schemaSdl === null) return { schema: null, templates, warnings, handlers }
  const schema = parseSchema(schemaSdl, where)
  const types: SchemaInfo['types'] = new Map()
  const required: NonNullable<SchemaInfo['required']> = new Map()
  for (const e of schema.entities.values()) {
    const derived = new Map<string, [string, string][]>()
    for (const f of e.fields) {
      // An interface expands to every entity type implementing it (`populate_derived_fields`).
      if (f.derivedFrom) derived.set(f.name, concreteTypes(schema, f.type.base).map((t) => [t.name, f.derivedFrom!] as [string, string]))
    }
    types.set(e.name, derived)
    required.set(e.name, e.fields.filter((f) => f.type.nonNull && !f.derivedFrom).map((f) => f.name))
  }
  return { schema: { types, required }, templates, warnings, handlers }
}

export function loadProject(manifestPath: string): Project {
  if (!existsSync(manifestPath)) return { schema: null, templates: new Map(), warnings: [], handlers: new Map() }
  let doc: any
  try {
    doc = parse(readFileSync(manifestPath, 'utf8'))
  } catch (e) {
    throw new InputError(`manifest is not valid YAML: ${(e as Error).message}`, { where: manifestPath })
  }
  checkApiVersions(doc, manifestPath)
  const schemaFile = doc?.schema?.file ? resolve(dirname(manifestPath), String(doc.schema.file)) : null
  if (schemaFile && !existsSync(schemaFile)) throw new InputError(`Could not find schema at \`${doc.schema.file}\``, { where: manifestPath })
  return projectFrom(doc, schemaFile ? readFileSync(schemaFile, 'utf8') : null, schemaFile ?? manifestPath)
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
