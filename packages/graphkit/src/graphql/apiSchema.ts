/**
 * The API schema graph-node derives from a subgraph's schema.graphql
 * (graph-node graph/src/schema/api.rs): root fields per entity/interface, `<T>_filter`,
 * `<T>_orderBy`, `Block_height`, `_meta`, `_SubgraphErrorPolicy_`. Built as SDL and handed to
 * graphql-js so that validation and introspection are graphql-js's, not ours.
 */
import { buildSchema, type GraphQLSchema } from 'graphql'
import type { SubgraphSchema, FieldDef, FieldType, FulltextDef } from '../subgraph/schema.ts'
import { filterInputs } from './filters.ts'
import { InputError } from '../internal/errors.ts'
import { toCamelCase, toPlural } from './inflector.ts'

export interface RootField {
  type: string
  many: boolean
  /** Set on `@fulltext` search fields. */
  fulltext?: FulltextDef
}

export interface ApiSchema {
  schema: GraphQLSchema
  sdl: string
  /** Query root field name → entity/interface type and whether it is the plural field. */
  roots: Map<string, RootField>
}

const desc = (d?: string) => (d ? `${JSON.stringify(d)}\n` : '')

function typeRef(t: FieldType): string {
  const base = t.base
  if (!t.list) return base + (t.nonNull ? '!' : '')
  return `[${base}${t.itemNonNull ? '!' : ''}]${t.nonNull ? '!' : ''}`
}

const collectionArgs = (type: string) =>
  `(skip: Int = 0, first: Int = 100, orderBy: ${type}_orderBy, orderDirection: OrderDirection, where: ${type}_filter)`

function fieldSdl(f: FieldDef): string {
  const rel = f.type.category === 'entity' || f.type.category === 'interface'
  const args = rel && f.type.list ? collectionArgs(f.type.base) : ''
  return `  ${desc(f.description)}  ${f.name}${args}: ${typeRef(f.type)}`
}

function filterSdl(name: string, fields: FieldDef[], s: SubgraphSchema): string {
  const lines: string[] = []
  for (const f of fields) {
    const t = f.type
    const rel = t.category === 'entity' || t.category === 'interface'
    // Derived fields get only the child filter; stored ones every operator of their type.
    if (!f.derivedFrom) for (const op of filterInputs(s, t)) lines.push(`  ${f.name}${op.suffix}: ${op.type}`)
    if (rel) lines.push(`  ${f.name}_: ${t.base}_filter`)
  }
  lines.push('  "Filter for the block changed event."\n  _change_block: BlockChangedFilter', `  and: [${name}_filter]`, `  or: [${name}_filter]`)
  return `input ${name}_filter {\n${lines.join('\n')}\n}`
}

/** Fields of a type that can be ordered by: not lists, not references (api.rs `enum_value_from_child_entity_field`). */
export const sortable = (f: FieldDef) => !f.type.list && f.type.category !== 'entity' && f.type.category !== 'interface'

function orderBySdl(name: string, fields: FieldDef[], s: SubgraphSchema): string {
  const vals: string[] = []
  for (const f of fields) {
    vals.push(f.name)
    // One level of nested ordering through any single (non-list) relation, stored or derived: parent__field.
    const target = f.type.category === 'entity' ? s.entities.get(f.type.base) : f.type.category === 'interface' ? s.interfaces.get(f.type.base) : undefined
    if (target && !f.type.list) for (const g of target.fields) if (sortable(g)) vals.push(`${f.name}__${g.name}`)
  }
  return `enum ${name}_orderBy {\n  ${vals.join('\n  ')}\n}`
}

/** graph-node's fulltext languages (docs `ql-schema.mdx`, store/postgres `FulltextLanguage`). */
export const FULLTEXT_LANGUAGES = ['simple', 'da', 'nl', 'en', 'fi', 'fr', 'de', 'hu', 'it', 'no', 'pt', 'ro', 'ru', 'es', 'sv', 'tr']

/** A `@fulltext` directive that names an unknown language, algorithm, entity or field is refused before any query. */
function checkFulltext(s: SubgraphSchema) {
  for (const ft of s.fulltext) {
    const where = `schema.graphql: _Schema_ @fulltext(name: "${ft.name}")`
    if (!FULLTEXT_LANGUAGES.includes(ft.language)) throw new InputError(`unknown fulltext language "${ft.language}"`, { where, details: `Supported: ${FULLTEXT_LANGUAGES.join(', ')}.` })
    if (ft.algorithm !== 'rank' && ft.algorithm !== 'proximityRank') throw new InputError(`unknown fulltext algorithm "${ft.algorithm}"`, { where, details: 'Supported: rank, proximityRank.' })
    const e = s.entities.get(ft.entity)
    if (!e) throw new InputError(`fulltext include names entity "${ft.entity}", which the schema does not define`, { where })
    for (const f of ft.fields) {
      const def = e.field.get(f)
      if (!def || def.derivedFrom || def.type.base !== 'String') throw new InputError(`fulltext field "${ft.entity}.${f}" must be a stored String field`, { where })
    }
  }
}

export function buildApiSchema(s: SubgraphSchema): ApiSchema {
  checkFulltext(s)
  const parts: string[] = [
    'scalar BigInt', 'scalar BigDecimal', 'scalar Bytes', 'scalar Int8', 'scalar Timestamp',
    'enum OrderDirection { asc desc }',
    '"Defines the order direction, either ascending or descending"',
    'enum _SubgraphErrorPolicy_ { allow deny }',
    'input BlockChangedFilter { number_gte: Int! }',
    'input Block_height { hash: Bytes number: Int number_gte: Int }',
    'type _Block_ { hash: Bytes number: Int! timestamp: Int parentHash: Bytes }',
    'type _Meta_ { block: _Block_! deployment: String! hasIndexingErrors: Boolean! }',
  ]
  const roots = new Map<string, RootField>()
  const rootLines: string[] = []
  const addRoots = (name: string) => {
    // graph-node graph/src/data/graphql/ext.rs `camel_cased_names`.
    const single = toCamelCase(name)
    let plural = toCamelCase(toPlural(name))
    if (plural === single) plural = `${single}_collection`
    roots.set(single, { type: name, many: false })
    roots.set(plural, { type: name, many: true })
    const common = 'block: Block_height, subgraphError: _SubgraphErrorPolicy_! = deny'
    rootLines.push(`  ${single}(id: ID!, ${common}): ${name}`)
    rootLines.push(`  ${plural}(skip: Int = 0, first: Int = 100, orderBy: ${name}_orderBy, orderDirection: OrderDirection, where: ${name}_filter, ${common}): [${name}!]!`)
  }
  for (const e of s.enums.values())
    parts.push(`${desc(e.description)}enum ${e.name} {\n${e.values.map((v) => `  ${desc(v.description)}  ${v.name}`).join('\n')}\n}`)
  for (const i of s.interfaces.values()) {
    parts.push(`${desc(i.description)}interface ${i.name} {\n${i.fields.map(fieldSdl).join('\n')}\n}`)
    parts.push(filterSdl(i.name, i.fields, s), orderBySdl(i.name, i.fields, s))
    addRoots(i.name)
  }
  for (const e of s.entities.values()) {
    const impl = e.interfaces.length ? ` implements ${e.interfaces.join(' & ')}` : ''
    parts.push(`${desc(e.description)}type ${e.name}${impl} {\n${e.fields.map(fieldSdl).join('\n')}\n}`)
    parts.push(filterSdl(e.name, e.fields, s), orderBySdl(e.name, e.fields, s))
    addRoots(e.name)
  }
  // graph-node api.rs `query_field_for_fulltext`: one root field per @fulltext directive.
  for (const ft of s.fulltext) {
    if (roots.has(ft.name)) continue
    roots.set(ft.name, { type: ft.entity, many: true, fulltext: ft })
    rootLines.push(`  ${ft.name}(text: String!, first: Int = 100, skip: Int = 0, block: Block_height, where: ${ft.entity}_filter, subgraphError: _SubgraphErrorPolicy_! = deny): [${ft.entity}!]!`)
  }
  rootLines.push('  "Access to subgraph metadata"\n  _meta(block: Block_height): _Meta_')
  parts.push(`type Query {\n${rootLines.join('\n')}\n}`)
  const sdl = parts.join('\n\n')
  return { schema: buildSchema(sdl), sdl, roots }
}
