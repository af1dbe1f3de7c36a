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
      eventHandlers: []
templates:
  - kind: ethereum
    name: T
    mapping:
      apiVersion: 0.0.7
`

test('reads template names, non-null fields and derived fields from the manifest and schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-proj-'))
  writeFileSync(join(dir, 'subgraph.yaml'), manifest('0.0.7'))
  writeFileSync(join(dir, 'schema.graphql'), 'type A @entity(immutable: false) { id: ID! n: Int! s: String bs: [B!]! @derivedFrom(field: "a") }\ntype B @entity(immutable: true) { id: ID! a: A! }')
  const p = loadProject(join(dir, 'subgraph.yaml'))
  assert.deepEqual([...p.templates], ['T'])
  assert.deepEqual(p.schema!.required!.get('A'), ['n'])
  assert.deepEqual(p.schema!.types.get('A')!.get('bs'), ['B', 'a'])
})

test('an unsupported mapping apiVersion is an InputError naming the data source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gk-proj-'))
  writeFileSync(join(dir, 'subgraph.yaml'), manifest('0.0.99'))
  assert.throws(() => loadProject(join(dir, 'subgraph.yaml')), (e) => e instanceof InputError && /`A` uses mapping apiVersion 0.0.99/.test(e.message))
})
