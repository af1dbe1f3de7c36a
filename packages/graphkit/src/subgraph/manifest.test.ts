import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSubgraph } from './manifest.ts'
import { InputError } from '../internal/errors.ts'

// A hand-written graph-build-shaped directory: schema, ABI and a (fake) WASM file next to
// the manifest. The loader only reads the WASM bytes; it does not compile them.
const SCHEMA = 'type Thing @entity { id: ID! n: BigInt! }\n'
const ABI = [
  { type: 'event', name: 'Ping', anonymous: false, inputs: [{ name: 'who', type: 'address', indexed: true }] },
  { type: 'function', name: 'balanceOf', stateMutability: 'view', inputs: [{ name: 'owner', type: 'address' }], outputs: [{ name: '', type: 'uint256' }] },
]

const MANIFEST = `specVersion: 1.3.0
schema:
  file: ./schema.graphql
dataSources:
  - kind: ethereum
    name: Factory
    network: anvil
    source:
      address: "0xABCDEFabcdefABCDEFabcdefABCDEFabcdefABCD"
      abi: Pinger
      startBlock: 5
      endBlock: 90
    mapping:
      kind: ethereum/events
      apiVersion: 0.0.9
      language: wasm/assemblyscript
      entities: [Thing]
      abis:
        - name: Pinger
          file: ./Pinger/Pinger.json
      eventHandlers:
        - event: Ping(indexed address)
          handler: handlePing
          topic1: ["0x00000000000000000000000000000000000000000000000000000000000000aa", "0xbb"]
          receipt: true
          calls:
            bal: Pinger[event.address].balanceOf(event.params.who)
      blockHandlers:
        - handler: handleBlock
        - handler: handlePoll
          filter: { kind: polling, every: 10 }
        - handler: handleOnce
          filter: { kind: once }
      file: ./Pinger/Pinger.wasm
templates:
  - kind: ethereum/contract
    name: Child
    network: anvil
    source:
      abi: Pinger
    mapping:
      kind: ethereum/events
      apiVersion: 0.0.7
      language: wasm/assemblyscript
      entities: [Thing]
      abis:
        - name: Pinger
          file: ./Pinger/Pinger.json
      eventHandlers:
        - event: Ping(indexed address)
          handler: handleChildPing
      file: ./Pinger/Pinger.wasm
`

function fixture(manifest = MANIFEST): string {
  const dir = mkdtempSync(join(tmpdir(), 'gk-manifest-'))
  mkdirSync(join(dir, 'Pinger'))
  writeFileSync(join(dir, 'schema.graphql'), SCHEMA)
  writeFileSync(join(dir, 'Pinger', 'Pinger.json'), JSON.stringify(ABI))
  writeFileSync(join(dir, 'Pinger', 'Pinger.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))
  writeFileSync(join(dir, 'subgraph.yaml'), manifest)
  return dir
}

function withFixture<T>(manifest: string, f: (dir: string) => T): T {
  const dir = fixture(manifest)
  try {
    return f(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('loadSubgraph reads data sources, templates, handlers, filters, ABIs, schema and WASM', () => {
  withFixture(MANIFEST, (dir) => {
    const s = loadSubgraph(dir)
    assert.equal(s.id, `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`)
    assert.equal(s.specVersion, '1.3.0')
    assert.ok(s.schema.entities.get('Thing'))
    assert.deepEqual(s.abis.Pinger, ABI)
    const [ds] = s.dataSources
    assert.deepEqual(ds.source, { address: '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd', abi: 'Pinger', startBlock: 5, endBlock: 90 })
    assert.equal(ds.network, 'anvil')
    const [eh] = ds.mapping.eventHandlers
    assert.equal(eh.event, 'Ping(indexed address)')
    assert.equal(eh.receipt, true)
    assert.deepEqual(eh.topic1, ['0x' + '0'.repeat(62) + 'aa', '0x' + '0'.repeat(62) + 'bb'])
    assert.equal(eh.topic2, undefined)
    assert.deepEqual(eh.calls, { bal: 'Pinger[event.address].balanceOf(event.params.who)' })
    assert.deepEqual(ds.mapping.blockHandlers, [
      { handler: 'handleBlock' },
      { handler: 'handlePoll', filter: { kind: 'polling', every: 10 } },
      { handler: 'handleOnce', filter: { kind: 'once' } },
    ])
    assert.deepEqual([...ds.mapping.wasm.slice(0, 4)], [0, 0x61, 0x73, 0x6d])
    const [t] = s.templates
    assert.equal(t.kind, 'ethereum')
    assert.equal(t.source.address, undefined)
    assert.equal(t.mapping.apiVersion, '0.0.7')
    assert.equal(t.mapping.eventHandlers[0].receipt, false)
    // A manifest file path works as well as its directory.
    assert.equal(loadSubgraph(join(dir, 'subgraph.yaml')).id, s.id)
  })
})

function rejects(edit: (m: string) => string, where: RegExp, message: RegExp) {
  withFixture(edit(MANIFEST), (dir) => {
    assert.throws(() => loadSubgraph(dir), (e: unknown) => {
      assert.ok(e instanceof InputError, String(e))
      assert.match(e.where ?? '', where)
      assert.match(e.message, message)
      return true
    })
  })
}

test('unsupported features are refused at load time, naming the manifest path', () => {
  rejects((m) => m.replace('kind: ethereum\n', 'kind: file/ipfs\n'), /dataSources\[0\]\.kind/, /unsupported data source kind "file\/ipfs"/)
  rejects((m) => m.replace('      blockHandlers:', '      callHandlers:\n        - function: f()\n          handler: h\n      blockHandlers:'), /dataSources\[0\]\.mapping\.callHandlers/, /call handlers are not supported/)
  rejects((m) => m.replace('filter: { kind: once }', 'filter: { kind: call }'), /dataSources\[0\]\.mapping\.blockHandlers\[2\]\.filter\.kind/, /call/)
  rejects((m) => m.replace('apiVersion: 0.0.7', 'apiVersion: 0.0.42'), /templates\[0\]\.mapping\.apiVersion/, /unsupported apiVersion "0\.0\.42"/)
  rejects((m) => m.replace('filter: { kind: polling, every: 10 }', 'filter: { kind: polling }'), /blockHandlers\[1\]\.filter\.every/, /integer/)
})

test('malformed manifests get an InputError with file and path', () => {
  rejects((m) => m.replace('event: Ping(indexed address)', 'event: not a signature'), /subgraph\.yaml: dataSources\[0\]\.mapping\.eventHandlers\[0\]\.event/, /not an event signature/)
  rejects((m) => m.replace('0xABCDEFabcdefABCDEFabcdefABCDEFabcdefABCD', '0x1234'), /source\.address/, /20-byte/)
  rejects((m) => m.replace('endBlock: 90', 'endBlock: 2'), /source\.endBlock/, /before startBlock/)
  rejects((m) => m.replace('./Pinger/Pinger.json\n      eventHandlers:\n        - event: Ping(indexed address)\n          handler: handlePing', './Missing.json\n      eventHandlers:\n        - event: Ping(indexed address)\n          handler: handlePing'), /dataSources\[0\]\.mapping\.abis\[0\]\.file/, /missing file/)
  rejects((m) => m.replace('bal: Pinger[event.address].balanceOf(event.params.who)', 'bal: balanceOf'), /calls\.bal/, /malformed/)
  rejects((m) => m.replace('specVersion: 1.3.0\n', 'specVersion: [\n'), /\(document\)/, /invalid YAML/)
})

test('a source manifest (TypeScript mapping) says to run graph build first', () => {
  rejects((m) => m.replace('file: ./Pinger/Pinger.wasm\ntemplates', 'file: ./src/mapping.ts\ntemplates'), /dataSources\[0\]\.mapping\.file/, /not compiled WASM/)
  withFixture(MANIFEST.replace('file: ./Pinger/Pinger.wasm\ntemplates', 'file: ./src/mapping.ts\ntemplates'), (dir) => {
    assert.throws(() => loadSubgraph(dir), (e: InputError) => /graph build/.test(e.details ?? ''))
  })
})

test('declared calls are resolved against the ABIs at load time', () => {
  withFixture(MANIFEST, (dir) => {
    const [call] = loadSubgraph(dir).dataSources[0].mapping.eventHandlers[0].declaredCalls
    assert.equal(call.label, 'bal')
    assert.equal(call.contract, 'Pinger')
    assert.equal(call.fn.name, 'balanceOf')
    assert.equal(call.event.name, 'Ping')
    assert.deepEqual(call.address, { kind: 'eventAddress' })
    assert.deepEqual(call.args, [{ kind: 'param', index: 0, path: [] }])
  })
  withFixture(MANIFEST.replace('balanceOf(event.params.who)', 'balanceOf(0x00000000000000000000000000000000000000AA)'), (dir) => {
    assert.deepEqual(loadSubgraph(dir).dataSources[0].mapping.eventHandlers[0].declaredCalls[0].args, [{ kind: 'literal', address: '0x' + '0'.repeat(38) + 'aa' }])
  })
})

test('declared calls graph-node would refuse, or that cannot be made, name the call and say why', () => {
  const call = (expr: string) => (m: string) => m.replace('Pinger[event.address].balanceOf(event.params.who)', expr)
  const where = /dataSources\[0\]\.mapping\.eventHandlers\[0\]\.calls\.bal/
  rejects(call('Nope[event.address].balanceOf(event.params.who)'), where, /contract "Nope" is not among the mapping's ABIs/)
  rejects(call('Pinger[event.address].totalSupply()'), where, /no function "totalSupply"/)
  rejects(call('Pinger[event.address].balanceOf(event.params.nobody)'), where, /no parameter "nobody"/)
  rejects(call('Pinger[event.address].balanceOf()'), where, /takes 1 argument/)
  rejects(call('Pinger[event.address].balanceOf(entity.owner)'), where, /entity\.\* arguments/)
  rejects(call('Pinger[event.address].balanceOf(event.block.number)'), where, /not a supported argument/)
  rejects(call('Pinger[event.params.who.x].balanceOf(event.params.who)'), where, /specVersion >= 1\.4\.0/)
  rejects(call('Pinger.balanceOf(event.params.who)'), where, /not of the form/)
  rejects((m) => m.replace('specVersion: 1.3.0', 'specVersion: 1.1.0'), /eventHandlers\[0\]\.calls/, /need specVersion >= 1\.2\.0/)
})
