import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseJson, toI64, toU64, MAX_JSON_BYTES } from './json.ts'

test('JSON limits and integer conversions', () => {
  assert.throws(() => parseJson(new Uint8Array(MAX_JSON_BYTES + 1)), { message: 'JSON size exceeds max size of 10000000' })
  assert.deepEqual(parseJson(new TextEncoder().encode('{"a":[1e400,"\\u00e9"]}')), new Map([['a', [{ number: '1e400' }, 'é']]]))
  assert.equal(toI64('-9223372036854775808'), -(2n ** 63n))
  assert.throws(() => toI64('9223372036854775808'), { message: 'JSON `9223372036854775808` cannot be parsed as i64' })
  assert.throws(() => toU64('-1'), { message: 'JSON `-1` cannot be parsed as u64' })
})
