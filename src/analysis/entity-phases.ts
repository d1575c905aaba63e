/** A trial phase found in a text: canonical (`1`, `2b`, `1/2`, `3`, `pivotal`) and where. */
export interface PhaseMention {
  phase: string;
  start: number;
  end: number;
}

const ROMAN: Record<string, string> = { I: '1', II: '2', III: '3', IV: '4' };
// `Phase I`, `Phase 2b`, `Phase I/II`, `Phase 1-2`, `Phase IIb/III`, `phase 3`; roman numerals in capitals.
const PHASE = /\b(?:[Pp]hase|PHASE)[\s-]?(IV|I{1,3}|[1-4])([abc])?(?:\s?(?:\/|-|–|to)\s?(?:(?:[Pp]hase|PHASE)\s)?(IV|I{1,3}|[1-4])([abc])?)?(?![\p{L}\d])/gu;
// `pivotal` counts before what makes it a trial: `pivotal Phase 3 trial`, `pivotal study`.
const PIVOTAL = /\b(?:[Pp]ivotal|PIVOTAL)(?=\s+(?:(?:[Pp]hase\s\S+|PHASE\s\S+|clinical|registration(?:al)?|global|randomi[sz]ed|confirmatory|efficacy|safety|open-label|double-blind|placebo-controlled|multi-?cent(?:er|re))\s+){0,3}(?:trials?|stud(?:y|ies)|programs?|data|results?|readouts?)\b)/g;

const arabic = (n: string) => ROMAN[n] ?? n;

/** Phases in a text. */
export function findPhases(text: string): PhaseMention[] {
  const out: PhaseMention[] = [];
  for (const m of text.matchAll(PHASE)) {
    const first = arabic(m[1]!) + (m[2] ?? '');
    const phase = m[3] ? `${first}/${arabic(m[3])}${m[4] ?? ''}` : first;
    out.push({ phase, start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(PIVOTAL)) out.push({ phase: 'pivotal', start: m.index, end: m.index + m[0].length });
  return out.sort((a, b) => a.start - b.start);
}

/** The phases a `phase:` filter value stands for: `2` is 2, 2a, 2b, 1/2 and 2/3; `2b` only 2b; `pivotal` itself. */
export function phaseFamily(value: string): string[] {
  const v = value.trim().toLowerCase().replace(/^phase\s*/, '');
  if (v === 'pivotal') return ['pivotal'];
  // roman numerals as numbers, in each part of a range (`I/II` is `1/2`)
  const norm = v.replace(/\b(iv|i{1,3})(?=[abc]?(?:\/|$))/g, (r) => arabic(r.toUpperCase()));
  const pair = /^([1-4])([abc])?\/([1-4])([abc])?$/.exec(norm);
  if (pair) return [norm];
  const one = /^([1-4])([abc])?$/.exec(norm);
  if (!one) return [];
  if (one[2]) return [norm];
  const n = Number(one[1]);
  const out = [`${n}`, `${n}a`, `${n}b`, `${n}c`];
  if (n > 1) out.push(`${n - 1}/${n}`);
  if (n < 4) out.push(`${n}/${n + 1}`);
  return out;
}

/** How a canonical phase reads: `Phase 2b`, `Phase 1/2`, `pivotal`. */
export function phaseLabel(phase: string): string {
  return phase === 'pivotal' ? 'pivotal' : `Phase ${phase}`;
}
