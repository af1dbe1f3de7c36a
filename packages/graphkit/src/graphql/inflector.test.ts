// Expected forms: the Inflector crate's documented examples and tests (to_plural, to_camel_case),
// and root-field names known from deployed subgraphs (Uniswap v3: `poolDayDatas`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { toPlural, toCamelCase } from './inflector.ts'

test('toPlural', () => {
  const cases: Record<string, string> = {
    foo_bar: 'foo_bars', ox: 'oxen', crate: 'crates', boxes: 'boxes', box: 'boxes', vengeance: 'vengeance', yoga: 'yoga', geometry: 'geometries',
    woman: 'women', test: 'tests', axis: 'axes', knife: 'knives', agendum: 'agenda', elf: 'elves', zoology: 'zoology',
    Pool: 'Pools', Position: 'Positions', RewardClaim: 'RewardClaims', StakedNFT: 'StakedNFTs', Factory: 'Factories', PoolDayData: 'PoolDayDatas',
    Status: 'Statuses', Match: 'Matches', Analysis: 'Analyses', Series: 'Series',
    // The rules are case-sensitive: a capitalised type name misses the lower-case ones. Two rules keep
    // the whole word in the group they extend (the crate's `(\w*(pe)(?:rson|ople))$` → `ople`), hence `personople`.
    person: 'personople', Person: 'Persons', child: 'children', Child: 'Childs', mouse: 'mouseice', Mouse: 'Mouses', money: 'money', Money: 'Monies',
  }
  for (const [s, p] of Object.entries(cases)) assert.equal(toPlural(s), p, s)
})

test('toCamelCase', () => {
  const cases: Record<string, string> = {
    fooBar: 'fooBar', FOO_BAR: 'fooBar', 'Foo Bar': 'fooBar', foo_bar: 'fooBar', 'Foo bar': 'fooBar', 'foo-bar': 'fooBar', FooBar: 'fooBar',
    FooBar3: 'fooBar3', 'Foo-Bar': 'fooBar', 'Robert C. Martin': 'robertCMartin', 'trailing bad_chars*(()())': 'trailingBadChars',
    '-!#$%leading bad chars': 'leadingBadChars', 'has a + sign': 'hasASign',
    PoolDayDatas: 'poolDayDatas', StakedNFT: 'stakedNFT', StakedNFTs: 'stakedNFTs', ERC20Token: 'erc20Token', NFTStake: 'nftstake',
  }
  for (const [s, c] of Object.entries(cases)) assert.equal(toCamelCase(s), c, s)
})
