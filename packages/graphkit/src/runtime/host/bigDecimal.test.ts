// Expected values are worked by hand from graph-node graph/src/data/store/scalar/bigdecimal.rs and the
// bigdecimal crate 0.1.2 it wraps (src/lib.rs: with_prec, get_rounding_term, count_decimal_digits,
// impl_division, from_str_radix, Display); each test names the rule it pins.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as dec from './bigDecimal.ts'

const n = (s: string) => BigInt(s)
const nines = (k: number) => '9'.repeat(k)

test('normalize: trailing zeros are stripped, zero is 0e0', () => {
  assert.deepEqual(dec.normalize({ digits: 1500n, exp: -2 }), { digits: 15n, exp: 0 })
  assert.deepEqual(dec.normalize({ digits: 0n, exp: 7 }), { digits: 0n, exp: 0 })
})

test('normalize: 34 significant digits, a positive value rounds half UP on the first dropped digit', () => {
  // 35 digits ending in 25: half-even would keep the 2, the crate rounds it up to 3.
  assert.deepEqual(dec.normalize({ digits: n('1' + '0'.repeat(32) + '25'), exp: 0 }), { digits: n('1' + '0'.repeat(32) + '3'), exp: 1 })
  // first dropped digit 4: truncated.
  assert.deepEqual(dec.normalize({ digits: n('1' + '0'.repeat(32) + '44'), exp: -10 }), { digits: n('1' + '0'.repeat(32) + '4'), exp: -9 })
  // 10^35 - 5 = 34 nines then 5: rounds up to 10^35 → 1e35 once zeros are stripped.
  assert.deepEqual(dec.normalize({ digits: 10n ** 35n - 5n, exp: 0 }), { digits: 1n, exp: 35 })
})

test('normalize: a negative value is truncated towards zero, never rounded (`p < 10 * r` is false for r < 0)', () => {
  // -(10^35 - 5): bits = 117, 117 / 3.3219 = 35.2 → 35 digits counted, one dropped (the 5), no rounding.
  assert.deepEqual(dec.normalize({ digits: -(10n ** 35n - 5n), exp: 0 }), { digits: -n(nines(34)), exp: 1 })
})

test('normalize: a negative value may keep 35 digits (its digit count is the bit-length estimate, never corrected)', () => {
  // 10^34 + 45 has 35 digits; bits = 113 and floor(113 / 3.3219280949) = 34, so nothing is dropped when negative…
  assert.deepEqual(dec.normalize({ digits: -(10n ** 34n + 45n), exp: 0 }), { digits: -(10n ** 34n + 45n), exp: 0 })
  // …while the positive value is corrected to 35 digits and rounded (dropped 5 → up).
  assert.deepEqual(dec.normalize({ digits: 10n ** 34n + 45n, exp: 0 }), { digits: 10n ** 33n + 5n, exp: 1 })
  assert.equal(dec.countDigits(-(10n ** 34n + 45n)), 34)
  assert.equal(dec.countDigits(10n ** 34n + 45n), 35)
})

test('dividedBy: 100-digit long division, then normalized', () => {
  // 1/3: 34 threes (the dropped digits start with 3).
  assert.deepEqual(dec.dividedBy({ digits: 1n, exp: 0 }, { digits: 3n, exp: 0 }), { digits: n('3'.repeat(34)), exp: -34 })
  // 2/3: 100 sixes, the 100th rounded up to 7 by the next 6; normalizing rounds up again: 33 sixes and a 7.
  assert.deepEqual(dec.dividedBy({ digits: 2n, exp: 0 }, { digits: 3n, exp: 0 }), { digits: n('6'.repeat(33) + '7'), exp: -34 })
  // -2/3: the magnitude is 0.66…67 (100 digits); negative, its digit count is estimated as 99
  // (bits 332 / 3.3219 = 99.9), so 65 digits are dropped without rounding: 35 sixes remain.
  assert.deepEqual(dec.dividedBy({ digits: -2n, exp: 0 }, { digits: 3n, exp: 0 }), { digits: -n('6'.repeat(35)), exp: -35 })
  // exact quotients and the crate's shortcuts (divisor 1, equal digits → 1 with the scale difference)
  assert.deepEqual(dec.dividedBy({ digits: 7n, exp: -1 }, { digits: 4n, exp: 0 }), { digits: 175n, exp: -3 })
  assert.deepEqual(dec.dividedBy({ digits: 123n, exp: 3 }, { digits: 1n, exp: 0 }), { digits: 123n, exp: 3 })
  assert.deepEqual(dec.dividedBy({ digits: 5n, exp: -1 }, { digits: 5n, exp: 2 }), { digits: 1n, exp: -3 })
  assert.throws(() => dec.dividedBy({ digits: 5n, exp: 0 }, { digits: 0n, exp: 0 }), /attempted to divide BigDecimal `5` by zero/)
})

test('plus, minus, times are exact before normalization', () => {
  assert.deepEqual(dec.plus({ digits: 15n, exp: -1 }, { digits: 25n, exp: -2 }), { digits: 175n, exp: -2 }) // 1.5 + 0.25
  assert.deepEqual(dec.minus({ digits: 1n, exp: 0 }, { digits: 1n, exp: 0 }), { digits: 0n, exp: 0 })
  assert.deepEqual(dec.times({ digits: 25n, exp: -1 }, { digits: 4n, exp: 0 }), { digits: 1n, exp: 1 }) // 2.5 × 4 = 10
  assert.equal(dec.equals({ digits: 1n, exp: 1 }, { digits: 10n, exp: 0 }), true)
})

test('toString: plain notation, never an exponent', () => {
  assert.equal(dec.toString({ digits: 12345n, exp: -2 }), '123.45')
  assert.equal(dec.toString({ digits: -5n, exp: -3 }), '-0.005')
  assert.equal(dec.toString({ digits: 7n, exp: 3 }), '7000')
  assert.equal(dec.toString({ digits: 1n, exp: 35 }), '1' + '0'.repeat(35))
  assert.equal(dec.toString({ digits: 0n, exp: 0 }), '0')
})

test('fromString: the crate grammar (sign, `_` separators, optional parts, e/E exponent with one `+`)', () => {
  assert.deepEqual(dec.fromString('-1.50e2'), { digits: -15n, exp: 1 })
  assert.deepEqual(dec.fromString('.5'), { digits: 5n, exp: -1 })
  assert.deepEqual(dec.fromString('-.5'), { digits: -5n, exp: -1 })
  assert.deepEqual(dec.fromString('5.'), { digits: 5n, exp: 0 })
  assert.deepEqual(dec.fromString('1_000.5'), { digits: 10005n, exp: -1 })
  assert.deepEqual(dec.fromString('+1E+2'), { digits: 1n, exp: 2 })
  for (const bad of ['', '.', 'e5', '1e', '_1', '1.2.3', '1 ', 'abc', '0x10']) {
    assert.throws(() => dec.fromString(bad), (e: Error) => e.message === `string  is not a BigDecimal: '${bad}'`, bad)
  }
})

test('fromAsc: the exponent range is checked after normalization', () => {
  // 10^10 × 10^6140 normalizes to 1e6150: out of range although the raw exponent is in range.
  assert.throws(() => dec.fromAsc(10n ** 10n, 6140n), /big decimal exponent `6150` is outside the `-6143` to `6144` range/)
  // 10^10 × 10^-6150 normalizes to 1e-6140: accepted although the raw exponent is out of range.
  assert.deepEqual(dec.fromAsc(10n ** 10n, -6150n), { digits: 1n, exp: -6140 })
})
