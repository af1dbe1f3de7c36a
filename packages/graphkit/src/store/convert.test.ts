import { it } from 'node:test'
import assert from 'node:assert/strict'
import { bigDecimalToString, parseBigDecimal, arrayLiteral } from './convert.ts'

it('renders BigDecimal digits × 10^exp exactly (worked by hand)', () => {
  assert.equal(bigDecimalToString({ digits: 12345n, exp: -2 }), '123.45')
  assert.equal(bigDecimalToString({ digits: -5n, exp: -3 }), '-0.005')
  assert.equal(bigDecimalToString({ digits: 7n, exp: 3 }), '7000')
  assert.equal(bigDecimalToString({ digits: 0n, exp: 0 }), '0')
  assert.equal(bigDecimalToString({ digits: 1n, exp: -40 }), '0.' + '0'.repeat(39) + '1')
})

it('parses decimals into normalized digits and exponent', () => {
  assert.deepEqual(parseBigDecimal('123.4500'), { digits: 12345n, exp: -2 })
  assert.deepEqual(parseBigDecimal('-0.005'), { digits: -5n, exp: -3 })
  assert.deepEqual(parseBigDecimal('7000'), { digits: 7n, exp: 3 })
  assert.deepEqual(parseBigDecimal('0.000'), { digits: 0n, exp: 0 })
  assert.deepEqual(parseBigDecimal('1.5e-3'), { digits: 15n, exp: -4 })
})

it('quotes Postgres array literals', () => {
  assert.equal(arrayLiteral(['a', 'b,c', 'x"y', 'back\\slash', null]), '{"a","b,c","x\\"y","back\\\\slash",NULL}')
  assert.equal(arrayLiteral([]), '{}')
})
