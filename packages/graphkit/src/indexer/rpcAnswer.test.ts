import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseRpcAnswer, splitParse } from './rpcAnswer.ts'

/** The body cut into pieces at every `step` bytes (and at 1 byte, to cut inside everything). */
const cut = (body: string, step: number): Uint8Array[] => {
  const b = Buffer.from(body, 'utf8')
  const out: Uint8Array[] = []
  for (let i = 0; i < b.length; i += step) out.push(new Uint8Array(b.subarray(i, i + step)))
  return out
}
const log = (i: number) => ({
  address: '0x' + i.toString(16).padStart(40, '0'),
  topics: ['0x' + 'ab'.repeat(32), '0x' + i.toString(16).padStart(64, '0')],
  data: '0x' + '00'.repeat(64),
  blockNumber: '0x' + (100 + i).toString(16),
  logIndex: '0x' + i.toString(16),
  removed: false,
})

test('parseRpcAnswer equals JSON.parse of the whole body, however the body is cut', () => {
  const bodies = [
    // eth_getLogs as nodes answer it, compact and pretty-printed, keys in either order
    JSON.stringify({ jsonrpc: '2.0', id: 7, result: Array.from({ length: 40 }, (_, i) => log(i)) }),
    JSON.stringify({ id: 7, result: Array.from({ length: 5 }, (_, i) => log(i)), jsonrpc: '2.0' }, null, 2),
    // strings with escapes, quotes, brackets and non-ASCII inside elements; nested arrays and objects
    JSON.stringify({ jsonrpc: '2.0', id: 1, result: [{ a: 'x\\"}]{[', b: [[1, { c: 'é€😀' }], []], d: null }, [1, [2, [3]]], { e: '\\\\' }] }),
    // empty result, non-object elements (parsed whole), errors, object and string results
    '{"jsonrpc":"2.0","id":1,"result":[]}',
    '{"jsonrpc":"2.0","id":1,"result":["0xaa","0xbb"]}',
    '{"jsonrpc":"2.0","id":1,"result":[{"a":1}, 2, {"b":3}]}',
    '{"jsonrpc":"2.0","id":1,"error":{"code":-32005,"message":"query returned more than 10000 results"}}',
    '{"jsonrpc":"2.0","id":1,"result":{"number":"0x1","transactions":[{"hash":"0x01"}]}}',
    '{"jsonrpc":"2.0","id":1,"result":"0x10"}',
    // whitespace around everything
    '{ "note" : "x" , "id" : 1 , "result" : [ { "x" : [ 1 , 2 ] } , { "y" : "]" } ] , "jsonrpc" : "2.0" }\n',
    // non-ASCII before the result (parsed whole)
    '{"note":"ünïcode","id":1,"result":[{"x":1}]}',
  ]
  for (const body of bodies) {
    const expected = JSON.parse(body)
    for (const step of [1, 3, 17, 64, 1000, body.length]) assert.deepEqual(parseRpcAnswer(cut(body, step)), expected, `${body.slice(0, 60)}… cut every ${step} bytes`)
  }
  // The split parse itself takes the arrays of objects and arrays (not only the whole parse behind it)…
  for (const i of [0, 1, 2, 3, 9]) assert.deepEqual(splitParse(cut(bodies[i]!, 64)), JSON.parse(bodies[i]!), bodies[i]!.slice(0, 60))
  // …and leaves the rest to it.
  for (const i of [4, 5, 6, 7, 8, 10]) assert.equal(splitParse(cut(bodies[i]!, 64)), null, bodies[i])
})

test('parseRpcAnswer fails on what is not JSON as JSON.parse does, a truncated result array included', () => {
  for (const body of ['<html>502 Bad Gateway</html>', '{"jsonrpc":"2.0","id":1,"result":[{"a":1},{"b":', '{"jsonrpc":"2.0","id":1,"result":[{"a":1}]', '']) {
    assert.throws(() => JSON.parse(body), SyntaxError)
    for (const step of [1, 5, 1000]) assert.throws(() => parseRpcAnswer(cut(body, step)), SyntaxError, body)
  }
})
