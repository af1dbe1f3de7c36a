// Strings read from a mapping's memory: short ones by a loop, longer ones by Buffer's UTF-16
// decoder, lone surrogates as the WHATWG UTF-16LE decoder (TextDecoder) turns them into U+FFFD,
// NUL characters dropped as graph-node drops them (runtime/wasm asc_abi: `FromAscObj<AscString>
// for String` "strip null characters since they are not accepted by Postgres").
import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { fixture } from '../__fixtures__/fixture.ts'

const fx = fixture('layout.ts')
before(fx.load)

/** The spec's decoding of these UTF-16 code units (the expected value for lone surrogates). */
const whatwg = (s: string) => new TextDecoder('utf-16le').decode(Uint16Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)))

test('strings of every length up to 200 code units come back as written but for NULs, whatever the characters', () => {
  const { h } = fx.fresh()
  const alphabet = ['a', 'Z', '0', '-', 'é', '€', '中', '\u{1F600}', '\0', '\uFFFF']
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let n = 0; n <= 200; n++) {
    let s = ''
    while (s.length < n) s += alphabet[Math.floor(rnd() * alphabet.length)]
    s = s.slice(0, n)
    if (/[\uD800-\uDBFF]$/.test(s)) s = s.slice(0, -1) + 'x' // no pair cut in half
    assert.equal(h.memory.readString(h.memory.newString(s)), s.split('\0').join(''), `length ${s.length}`)
  }
})

test('a lone surrogate reads as U+FFFD at every length, valid pairs around it kept', () => {
  const { h } = fx.fresh()
  for (const n of [1, 5, 16, 17, 40, 150]) {
    for (const lone of ['\uD800', '\uDFFF']) {
      const s = 'x'.repeat(n) + lone + '\u{1F600}' + 'y'.repeat(n)
      const got = h.memory.readString(h.memory.newString(s))
      assert.equal(got, whatwg(s), `${n} + ${lone.charCodeAt(0).toString(16)}`)
      assert.ok(got.includes('\uFFFD') && got.includes('\u{1F600}'))
    }
  }
})

test('NUL characters are dropped, short strings and long', () => {
  const { h } = fx.fresh()
  assert.equal(h.memory.readString(h.memory.newString('a\0b\0')), 'ab')
  assert.equal(h.memory.readString(h.memory.newString('\0'.repeat(3) + 'x'.repeat(40) + '\0')), 'x'.repeat(40))
  assert.equal(h.memory.readString(h.memory.newString('\0')), '')
})

test('bytesToHex strings: the hex of the bytes at every length, the same string again for the same bytes, whatever memory held since', () => {
  const { h } = fx.fresh()
  const m = h.memory
  let seed = 11
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256
  const made = new Map<string, number>()
  for (let round = 0; round < 2; round++) {
    for (let n = 0; n <= 80; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (round === 0 ? rnd() : 0) || (i * 37 + n) % 256)
      const expected = `0x${Buffer.from(bytes).toString('hex')}`
      const ptr = m.newHexString(m.newBytes(bytes))
      assert.equal(m.readString(ptr), expected, `${n} bytes, round ${round}`)
      const again = m.newHexString(m.newBytes(Uint8Array.from(bytes)))
      assert.equal(m.readString(again), expected)
      // Up to 64 bytes the first string is handed out again; it still holds its text.
      if (n <= 64) assert.equal(again, ptr)
      made.set(expected, ptr)
    }
  }
  for (const [hex, ptr] of made) assert.equal(m.readString(ptr), hex)
})
