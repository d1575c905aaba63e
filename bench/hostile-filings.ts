import { pick, prng } from './prng.js';

/** The shapes of hostile filing the linear-ingest benchmark measures. */
export type HostileShape = 'one-paragraph' | 'blank-lines';

export const HOSTILE_SHAPES: readonly HostileShape[] = ['one-paragraph', 'blank-lines'];

const WORDS = ['the', 'company', 'said', 'revenue', 'quarter', 'results', 'market', 'growth', 'products', 'shares', 'board', 'approved', 'new', 'sales', 'rose', 'fiscal', 'year', 'operating', 'income', 'customers'];

// A real-looking release first, so the junk is read as the body of a release (the costly path).
const RELEASE = `EXHIBIT 99.1

ACME WIDGETS REPORTS RECORD THIRD QUARTER

NEW YORK, NY, OCTOBER 14, 2004 - Acme Widgets Inc. (NASDAQ: ACMW) today reported record
revenue for its third quarter ended September 30, 2004.

`;

/** One 240-character line of lower-case words (no sentence end, so nothing splits it). */
function line(rand: () => number): string {
  let s = '';
  while (s.length < 240) s += `${pick(rand, WORDS)} `;
  return s.slice(0, 240);
}

/**
 * A release followed by about `mb` MB of 240-character lines: with no blank line between them (one
 * paragraph of `mb` MB), or each line a paragraph of its own. Deterministic from `seed`.
 */
export function hostileFiling(shape: HostileShape, mb: number, seed = 1): string {
  const rand = prng(seed);
  const lines: string[] = [RELEASE];
  const target = mb * 1024 * 1024;
  const sep = shape === 'blank-lines' ? '\n\n' : '\n';
  for (let n = RELEASE.length; n < target; n += 240 + sep.length) lines.push(line(rand) + sep);
  return lines.join('');
}
