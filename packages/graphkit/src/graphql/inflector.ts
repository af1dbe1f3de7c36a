/**
 * The two Inflector-crate (0.11) functions graph-node names root query fields with
 * (graph-node graph/src/data/graphql/ext.rs `camel_cased_names`: singular =
 * `name.to_camel_case()`, plural = `name.to_plural().to_camel_case()`, and `_collection`
 * appended when both are equal). Both are case-sensitive and work on the whole type name,
 * so `PoolDayData` → `poolDayDatas` and `ERC20Token` → `erc20Token`, as graph-node answers.
 */

/** Words `to_plural` returns unchanged (exact, lowercase matches only). */
const UNCOUNTABLE = new Set(`accommodation adulthood advertising advice aggression aid air aircraft alcohol anger applause arithmetic
assistance athletics bacon baggage beef biology blood botany bread butter carbon cardboard cash chalk chaos chess crossroads
countryside dancing deer dignity dirt dust economics education electricity engineering enjoyment envy equipment ethics evidence
evolution fame fiction flour flu food fuel fun furniture gallows garbage garlic genetics gold golf gossip grammar gratitude grief
guilt gymnastics happiness hardware harm hate hatred health heat help homework honesty honey hospitality housework humour hunger
hydrogen ice importance inflation information innocence iron irony jam jewelry judo karate knowledge lack laughter lava leather
leisure lightning linguine linguini linguistics literature litter livestock logic loneliness luck luggage macaroni machinery magic
management mankind marble mathematics mayonnaise measles methane milk money mud music mumps nature news nitrogen nonsense nurture
nutrition obedience obesity oxygen pasta patience physics poetry pollution poverty pride psychology publicity punctuation quartz
racism relaxation reliability research respect revenge rice rubbish rum safety scenery seafood seaside series shame sheep shopping
sleep smoke smoking snow soap software soil spaghetti species steam stuff stupidity sunshine symmetry tennis thirst thunder timber
traffic transportation trust underwear unemployment unity validity veal vegetation vegetarianism vengeance violence vitality warmth
wealth weather welfare wheat wildlife wisdom yoga zinc zoology`.split(/\s+/))

const SPECIAL: Record<string, string> = {
  ox: 'oxen', man: 'men', woman: 'women', die: 'dice', yes: 'yeses', foot: 'feet', eave: 'eaves', goose: 'geese', tooth: 'teeth', quiz: 'quizzes',
}

/**
 * `[pattern, suffix]`: the first pattern that matches, tried from the end of this list, gives
 * its first group followed by `suffix`. Written as the crate declares them, most general first.
 */
const RULES: [RegExp, string][] = ([
  ['(\\w*)s$', 's'],
  ['(\\w*([^aeiou]ese))$', ''],
  ['(\\w*(ax|test))is$', 'es'],
  ['(\\w*(alias|[^aou]us|tlas|gas|ris))$', 'es'],
  ['(\\w*(e[mn]u))s?$', 's'],
  ['(\\w*([^l]ias|[aeiou]las|[emjzr]as|[iu]am))$', ''],
  ['(\\w*(alumn|syllab|octop|vir|radi|nucle|fung|cact|stimul|termin|bacill|foc|uter|loc|strat))(?:us|i)$', 'i'],
  ['(\\w*(alumn|alg|vertebr))(?:a|ae)$', 'ae'],
  ['(\\w*(seraph|cherub))(?:im)?$', 'im'],
  ['(\\w*(her|at|gr))o$', 'oes'],
  ['(\\w*(agend|addend|millenni|dat|extrem|bacteri|desiderat|strat|candelabr|errat|ov|symposi|curricul|automat|quor))(?:a|um)$', 'a'],
  ['(\\w*(apheli|hyperbat|periheli|asyndet|noumen|phenomen|criteri|organ|prolegomen|hedr|automat))(?:a|on)$', 'a'],
  ['(\\w*)sis$', 'ses'],
  ['(\\w*(kni|wi|li))fe$', 'ves'],
  ['(\\w*(ar|l|ea|eo|oa|hoo))f$', 'ves'],
  ['(\\w*([^aeiouy]|qu))y$', 'ies'],
  ['(\\w*([^ch][ieo][ln]))ey$', 'ies'],
  ['(\\w*(x|ch|ss|sh|zz)es)$', ''],
  ['(\\w*(x|ch|ss|sh|zz))$', 'es'],
  ['(\\w*(matr|cod|mur|sil|vert|ind|append))(?:ix|ex)$', 'ices'],
  ['(\\w*(m|l)(?:ice|ouse))$', 'ice'],
  ['(\\w*(pe)(?:rson|ople))$', 'ople'],
  ['(\\w*(child))(?:ren)?$', 'ren'],
  ['(\\w*eaux)$', ''],
] as [string, string][]).map(([re, suffix]) => [new RegExp(re, 'u'), suffix])

export function toPlural(s: string): string {
  if (UNCOUNTABLE.has(s)) return s
  if (Object.hasOwn(SPECIAL, s)) return SPECIAL[s]
  for (let i = RULES.length - 1; i >= 0; i--) {
    const m = RULES[i][0].exec(s)
    if (m && m[1] !== undefined) return m[1] + RULES[i][1]
  }
  return s + 's'
}

const alnum = (c: string) => /[\p{L}\p{N}]/u.test(c)
const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase()
const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase()

/**
 * Inflector's `to_camel_case`: separators start a new word, a digit makes the next letter start
 * one, and an upper-case letter starts one only after a lower-case letter; every other letter is
 * lower-cased (so `NFTStake` → `nftstake`, `StakedNFT` → `stakedNFT`).
 */
export function toCamelCase(s: string): string {
  let out = ''
  let newWord = false
  let last = ' '
  let started = false
  for (const c of s.replace(/[^\p{L}\p{N}]+$/u, '')) {
    if (!alnum(c)) {
      if (started) newWord = true
    } else if (/\p{N}/u.test(c)) {
      started = true
      newWord = true
      out += c
    } else if (newWord || (isLower(last) && isUpper(c))) {
      started = true
      newWord = false
      out += c.toUpperCase()
    } else {
      started = true
      last = c
      out += c.toLowerCase()
    }
  }
  return out
}
