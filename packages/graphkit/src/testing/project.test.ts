import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadProject } from './project.ts'
import { InputError } from '../internal/errors.ts'

const manifest = (apiVersion: string) => `specVersion: 0.0.5
schema:
  file: ./schema.graphql
dataSources:
  - kind: ethereum
    name: A
    mapping:
      apiVersion: ${apiVersion}
      eventHandlers:
        - event: X()
          handler: handleX
      callHandlers:
        - function: f()
          handler: handleF
templates:
  - kind: ethereum
    name: T
    mapping:
      apiVersion: 0.0.7
      eventHandlers:
        - event: E()
          handler: handleE
      blockHandlers:
        - handler: handleBlock
  - kind: substreams
    name: S
`

test('reads templates, required and derived fields (interfaces expanded) and handlers as Matchstick does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-proj-'))
  writeFileSync(join(dir, 'subgraph.yaml'), manifest('0.0.7'))
  writeFileSync(join(dir, 'schema.graphql'), [
    'type A @entity(immutable: false) { id: ID! n: Int! s: String bs: [B!]! @derivedFrom(field: "a") ps: [P!]! @derivedFrom(field: "owner") }',
    'type B @entity(immutable: true) { id: ID! a: A! }',
    'interface P { id: ID! owner: A! }',
    'type P1 implements P @entity { id: ID! owner: A! }',
    'type P2 implements P @entity { id: ID! owner: A! }',
  ].join('\n'))
  const p = loadProject(join(dir, 'subgraph.yaml'))
  // src/parser.rs `collect_templates`: only ethereum, ethereum/contract and file/ipfs templates
  assert.deepEqual([...p.templates], [['T', 'ethereum']])
  assert.deepEqual(p.warnings, ['Template with kind `substreams` is not supported by matchstick.'])
  // `get_entity_required_fields`: every non-null, non-derived field, id included
  assert.deepEqual(p.schema!.required!.get('A'), ['id', 'n'])
  assert.deepEqual(p.schema!.types.get('A')!.get('bs'), [['B', 'a']])
  assert.deepEqual(p.schema!.types.get('A')!.get('ps'), [['P1', 'owner'], ['P2', 'owner']])
  // `collect_handlers`: eventHandlers then callHandlers; block handlers are not counted
  assert.deepEqual([...p.handlers], [['A', ['handleX', 'handleF']], ['T', ['handleE']], ['S', []]])
})

test('an unsupported mapping apiVersion is an InputError naming the data source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-proj-'))
  writeFileSync(join(dir, 'subgraph.yaml'), manifest('0.0.99'))
  assert.throws(() => loadProject(join(dir, 'subgraph.yaml')), (e) => e instanceof InputError && /`A` uses mapping apiVersion 0.0.99/.test(e.message))
})
