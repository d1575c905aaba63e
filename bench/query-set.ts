import type { Release } from '../src/clean/release.js';
import { queryTerms } from '../src/analysis/terms.js';
import { pick, prng } from './prng.js';

export interface BenchQuery {
  type: string;
  q: string;
  sort?: 'relevance' | 'date';
}

const WORD = /^[a-z]{7,14}$/;

/** Queries of every type a user types, drawn deterministically from the source releases. */
export function querySet(source: readonly Release[], codes: readonly string[], seed: number): BenchQuery[] {
  const rand = prng(seed);
  const df = new Map<string, number>();
  const sentences: string[] = [];
  for (const r of source) {
    for (const w of new Set(r.body.toLowerCase().split(/[^a-z]+/))) if (WORD.test(w)) df.set(w, (df.get(w) ?? 0) + 1);
    sentences.push(...r.body.split(/(?<=[.!?])\s+/).filter((s) => s.length > 60 && s.length < 300));
  }
  const words = [...df.keys()].sort();
  const rare = words.filter((w) => df.get(w) === 1);
  const mid = words.filter((w) => (df.get(w) ?? 0) >= 20 && (df.get(w) ?? 0) <= 120);
  const out: BenchQuery[] = [];
  const add = (type: string, qs: string[], sort?: 'date') => out.push(...qs.map((q) => (sort ? { type, q, sort } : { type, q })));
  const n = 20;
  add('rare word', Array.from({ length: n }, () => pick(rand, rare)));
  add('common word', ['company', 'million', 'quarter', 'announced', 'results', 'market', 'business', 'customers']);
  add('two-word AND', Array.from({ length: n }, () => `${pick(rand, mid)} ${pick(rand, mid)}`));
  add('phrase', Array.from({ length: n }, () => {
    const s = pick(rand, sentences).split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w));
    const at = Math.floor(rand() * Math.max(1, s.length - 1));
    return `"${s.slice(at, at + 2).join(' ')}"`;
  }).filter((q) => q.split(' ').length === 2));
  const someCodes = Array.from({ length: 10 }, (_, i) => codes[i * 7 % codes.length]!);
  add('code (hyphen)', someCodes);
  add('code (space)', someCodes.map((c) => c.replace('-', ' ')));
  add('code (joined)', someCodes.map((c) => c.replace('-', '').toLowerCase()));
  add('prefix', Array.from({ length: n }, () => `${pick(rand, mid).slice(0, 5)}*`));
  add('misspelling (fuzzy)', Array.from({ length: n }, () => {
    const w = pick(rand, mid);
    const i = 2 + Math.floor(rand() * (w.length - 4));
    return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  }).filter((q) => queryTerms(q).length === 1));
  const issuers = [...new Set(source.map((r) => r.company).filter(Boolean))];
  add('filtered company+year', Array.from({ length: n }, () => `${pick(rand, mid)} company:${pick(rand, issuers).split(/\s+/)[0]!.toLowerCase()} year:${1996 + Math.floor(rand() * 28)}`));
  add('sorted by date', ['company', 'announced', 'results', 'revenue'], 'date');
  // what readers of press releases type: words most releases hold, together (the work budget once left these with nothing)
  add('common words AND', ['announced today', 'net loss per share', 'results for the quarter', 'company said', 'million revenue', 'first quarter results', 'press release today', 'market growth']);
  return out;
}

const THREE_LETTER = 'abl acc acq act add adv agr ann app are ass bas bec ben boa bus can cap cas cer cha chi cli com con cor cos cou cur cus dat dec dev dir dis eff emp end ent est exp fac fin fir for fun gen gro gua hea hig imp inc ind inf int inv iss lab lar lea lic lim loc man mar mat mea med mem mil mon mul net new not off ope opp ord org out par per pha pla pos pre pri pro pub pur qua rec red reg rel rep req res ret rev sal sci sec sel ser sha sig sol spe sta sto str sub suc sup sys tec ter the thr tot tra tre uni upd use val var ver vis wor yea'.split(' ');
const COMMON = 'the company said that it will be in the best interest of its shareholders and employees to report results for the quarter year market sales growth revenue product trial patient data study phase clinical drug new'.split(' ');

/**
 * The most expensive queries one can write within the query limits (500 characters): the shapes
 * a cost budget must hold. Each is timed on its own, page 1, and must stay under 50 ms at 100k.
 */
export function adversarialQueries(): BenchQuery[] {
  const cap = (q: string) => q.slice(0, 500).replace(/\s+\S*$/, '');
  return [
    { type: '125 three-letter prefixes OR', q: cap(THREE_LETTER.map((p) => `${p}*`).join(' OR ')) },
    { type: 'OR of common-word phrases', q: cap(Array.from({ length: 40 }, (_, i) => `"${COMMON[i % COMMON.length]} ${COMMON[(i * 7 + 3) % COMMON.length]}"`).join(' OR ')) },
    { type: 'only excluded phrases', q: '-"of the" -"in the" -"to the" -"and the" -"for the"' },
    { type: 'one long phrase of common words', q: `"${cap(COMMON.join(' ')).slice(0, 480)}"` },
    { type: 'many common words (AND)', q: cap(COMMON.join(' ')) },
    { type: 'many common words (OR)', q: cap(COMMON.join(' OR ')) },
    { type: 'prefixes AND phrases', q: cap(`${THREE_LETTER.slice(0, 10).map((p) => `${p}*`).join(' ')} "of the" "in the"`) },
    { type: 'prefixes OR phrases', q: cap([...THREE_LETTER.slice(0, 4).map((p) => `${p}*`), '"of the"', '"in the"', '"to the"', '"and the"'].join(' OR ')) },
    // nothing found: every word corrected, then the query relaxed
    { type: 'misspelt common words', q: cap(COMMON.map((w) => (w.length > 4 ? `${w.slice(0, -2)}qz${w.slice(-2)}` : `${w}x`)).join(' ')) },
    { type: 'only excluded words', q: cap(COMMON.map((w) => `-${w}`).join(' ')) },
    { type: 'ORs of common words ANDed', q: cap(Array.from({ length: 10 }, (_, i) => `(${COMMON[i]} OR ${COMMON[i + 10]}) ${COMMON[i + 20]}`).join(' ')) },
  ];
}
