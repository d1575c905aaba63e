import type { Registry } from '../clean/release-entities.js';

/** A trial registry id found in a text, normalised (`NCT 0551 2345` → `NCT05512345`). */
export interface TrialMention {
  id: string;
  registry: Registry;
  start: number;
  end: number;
}

// ClinicalTrials.gov: NCT and eight digits; ISRCTN: eight digits (some write five); EudraCT: year,
// six digits, check digits. Word boundaries keep `NCT012345678` (nine digits) out.
const TRIAL = /\b(?:(NCT)\s?(\d{8})|(ISRCTN)\s?(\d{8}|\d{5}))(?!\d)|(?<![\d-])((?:19|20)\d{2}-\d{6}-\d{2})(?![\d-])/gi;

const DIGIT_RUN = /\d{5,}/g;
const BEFORE_ID = /(?:NCT|ISRCTN)\s?$|\d{4}-$/;

/**
 * Whether findTrials may find an id in a text: every id has a run of five digits or more, after
 * `NCT` or `ISRCTN` (any case) or, in a EudraCT number, after four digits and a hyphen. Looking
 * for digit runs first costs a tenth of one case-blind expression over the whole text.
 */
export function mayNameTrial(text: string): boolean {
  for (const m of text.matchAll(DIGIT_RUN)) {
    if (BEFORE_ID.test(text.slice(Math.max(0, m.index - 7), m.index).toUpperCase())) return true;
  }
  return false;
}

/** Registry ids in a text. A EudraCT-shaped number counts where "EudraCT" is named in the text, or when it is alone in its sentence's shape. */
export function findTrials(text: string): TrialMention[] {
  const out: TrialMention[] = [];
  for (const m of text.matchAll(TRIAL)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1]) out.push({ id: `NCT${m[2]}`, registry: 'ClinicalTrials.gov', start, end });
    else if (m[3]) out.push({ id: `ISRCTN${m[4]}`, registry: 'ISRCTN', start, end });
    else if (m[5] && /eudra\s?ct/i.test(text.slice(Math.max(0, start - 80), start))) out.push({ id: m[5], registry: 'EudraCT', start, end });
  }
  return out;
}
