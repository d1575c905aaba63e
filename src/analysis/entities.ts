import type { BrandEntity, CodeEntity, PhaseEntity, ReleaseEntities, TrialEntity } from '../clean/release-entities.js';
import { findBrands, namesSame } from './entity-brands.js';
import { findCodes, type CodeMention } from './entity-codes.js';
import { findPhases } from './entity-phases.js';
import { findTrials, mayNameTrial } from './entity-trials.js';
import { quoteAround, sentences } from './sentences.js';

/** Bounds per release: a table of thousands of part numbers keeps these many, most named first. */
export const MAX_CODES = 100;
export const MAX_TRIALS = 50;
export const MAX_BRANDS = 50;
const SENTENCES_PER_ENTITY = 2;
const MAX_QUOTE = 320;
// A text longer than this is read only this far (a release is rarely over 50,000 characters).
const MAX_TEXT = 400_000;
// Where a finder could match, tested before it runs: a phase or `pivotal` in any of the cases
// findPhases reads, a trademark mark (findBrands); mayNameTrial for registry ids.
const PHASE_HINT = /[Pp]hase|PHASE|[Pp]ivotal|PIVOTAL/;
const mayBrandIn = (text: string) => text.includes('®') || text.includes('™') || (text.includes('(') && /\((?:R|TM|tm)\)/.test(text));

/** Bump when what counts as an entity changes (part of the analysis the index is built with). */
export const ENTITIES_VERSION = 1;

interface CodeAcc {
  key: string;
  spellings: Map<string, number>;
  count: number;
  first: number;
  phases: Set<string>;
  trials: Set<string>;
  sentences: string[];
}

interface TrialAcc extends Omit<TrialEntity, 'phases' | 'codes'> {
  phases: Set<string>;
  codes: Set<string>;
}

function quote(list: string[], sentence: string, start: number, end: number): void {
  if (list.length >= SENTENCES_PER_ENTITY) return;
  const q = quoteAround(sentence, start, end, MAX_QUOTE);
  if (!list.includes(q)) list.push(q);
}

/** The most used spelling; on a tie the first written. */
function mostUsed(spellings: Map<string, number>): string {
  let best = '';
  let n = 0;
  for (const [s, c] of spellings) if (c > n) [best, n] = [s, c];
  return best;
}

/**
 * The codes, registry ids, phases and brands a release names in its title and body, each with
 * the sentences it is named in; phases and trials are tied to the codes in the same sentence.
 */
export function extractEntities(release: { title: string; subtitle?: string; body: string }): ReleaseEntities {
  const head = release.subtitle ? `${release.title}\n\n${release.subtitle}` : release.title;
  const text = `${head}\n\n${release.body}`.slice(0, MAX_TEXT);
  const codes = new Map<string, CodeAcc>();
  const trials = new Map<string, TrialAcc>();
  const phases = new Map<string, Set<string>>();
  const brands = new Map<string, BrandEntity>();
  let order = 0;
  const shortUnbranded = new Set<string>();
  const shortBranded = new Set<string>();
  // most releases name no trial, phase or brand: their finders run only in the sentences a cheap
  // test says may hold one (each test matches wherever its finder could)
  const mayTrial = mayNameTrial(text);
  const mayPhase = PHASE_HINT.test(text);
  const mayBrand = mayBrandIn(text);
  for (const s of sentences(text)) {
    const trialsHere = mayTrial && mayNameTrial(s.text) ? findTrials(s.text) : [];
    // a registry id is not also a code
    const inTrial = (c: CodeMention) => trialsHere.some((t) => c.start < t.end && c.end > t.start);
    const found = findCodes(s.text);
    const codesHere = trialsHere.length ? found.filter((c) => !inTrial(c)) : found;
    const phasesHere = mayPhase && PHASE_HINT.test(s.text) ? findPhases(s.text) : [];
    const brandsHere = mayBrand && mayBrandIn(s.text) ? findBrands(s.text) : [];
    if (!codesHere.length && !trialsHere.length && !phasesHere.length && !brandsHere.length) continue;
    const phaseSet = new Set(phasesHere.map((p) => p.phase));
    const trialIds = new Set(trialsHere.map((t) => t.id));
    const codeKeys = new Set(codesHere.map((c) => c.key));
    for (const c of codesHere) {
      if (c.short) {
        if (c.branded) {
          shortBranded.add(c.key);
          shortUnbranded.delete(c.key);
        } else if (!shortBranded.has(c.key)) shortUnbranded.add(c.key);
      }
      let acc = codes.get(c.key);
      if (!acc) {
        acc = { key: c.key, spellings: new Map(), count: 0, first: order++, phases: new Set(), trials: new Set(), sentences: [] };
        codes.set(c.key, acc);
      }
      acc.count++;
      acc.spellings.set(c.written, (acc.spellings.get(c.written) ?? 0) + 1);
      for (const p of phaseSet) acc.phases.add(p);
      for (const t of trialIds) acc.trials.add(t);
      quote(acc.sentences, s.text, c.start, c.end);
    }
    for (const t of trialsHere) {
      let acc = trials.get(t.id);
      if (!acc) {
        acc = { id: t.id, registry: t.registry, count: 0, phases: new Set(), codes: new Set(), sentences: [] };
        trials.set(t.id, acc);
      }
      acc.count++;
      for (const p of phaseSet) acc.phases.add(p);
      for (const k of codeKeys) acc.codes.add(k);
      quote(acc.sentences, s.text, t.start, t.end);
    }
    for (const p of phasesHere) {
      const set = phases.get(p.phase) ?? new Set<string>();
      for (const k of codeKeys) set.add(k);
      phases.set(p.phase, set);
    }
    for (const b of brandsHere) {
      const code = brandCode(s.text, b, codesHere);
      const known = brands.get(b.key);
      if (known) {
        if (!known.code && code) known.code = code;
        continue;
      }
      brands.set(b.key, { name: b.name, key: b.key, ...(code ? { code } : {}), sentence: quoteAround(s.text, b.start, b.end, MAX_QUOTE) });
    }
  }
  // a two-character code counts only where the release once writes it as a brand's (CodeMention.short)
  for (const key of shortUnbranded) codes.delete(key);
  const codeList = [...codes.values()];
  const keptCodes = codeList.length > MAX_CODES ? new Set([...codeList].sort((a, b) => b.count - a.count || a.first - b.first).slice(0, MAX_CODES).map((c) => c.key)) : undefined;
  const outCodes: CodeEntity[] = codeList
    .filter((c) => !keptCodes || keptCodes.has(c.key))
    .map((c) => ({ key: c.key, display: mostUsed(c.spellings), count: c.count, phases: [...c.phases], trials: [...c.trials], sentences: c.sentences }));
  const trialList = [...trials.values()];
  const outTrials: TrialEntity[] = trialList.slice(0, MAX_TRIALS).map((t) => ({ ...t, phases: [...t.phases], codes: [...t.codes].filter((k) => !keptCodes || keptCodes.has(k)) }));
  const outPhases: PhaseEntity[] = [...phases].map(([phase, set]) => ({ phase, codes: [...set].filter((k) => !keptCodes || keptCodes.has(k)) }));
  const brandList = [...brands.values()];
  const out: ReleaseEntities = { codes: outCodes, trials: outTrials, phases: outPhases, brands: brandList.slice(0, MAX_BRANDS) };
  const capped = { codes: codeList.length - outCodes.length, trials: trialList.length - outTrials.length, brands: Math.max(0, brandList.length - MAX_BRANDS) };
  if (capped.codes || capped.trials || capped.brands) {
    const parts = [capped.codes && `${capped.codes} more codes`, capped.trials && `${capped.trials} more trial ids`, capped.brands && `${capped.brands} more brands`].filter(Boolean);
    out.capped = { ...capped, note: `This release names more than can be kept; ${parts.join(', ')} were left out (the most named are kept).` };
  }
  return out;
}

/** The code a sentence says a brand is: right before or after it, in parentheses or "also known as". */
function brandCode(text: string, brand: { start: number; end: number }, codes: readonly CodeMention[]): string | undefined {
  for (const c of codes) {
    if (c.start >= brand.end && c.start - brand.end <= 40 && namesSame(text.slice(brand.end, c.start))) return c.key;
    if (c.end <= brand.start && brand.start - c.end <= 40 && namesSame(text.slice(c.end, brand.start))) return c.key;
  }
  return undefined;
}

/** A release with its entities found (what ingest stores). */
export function withEntities<R extends { title: string; subtitle?: string; body: string }>(release: R): R & { entities: ReleaseEntities } {
  return { ...release, entities: extractEntities(release) };
}
