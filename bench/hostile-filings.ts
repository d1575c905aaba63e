import { pick, prng } from './prng.js';

/** The shapes of hostile filing the linear-ingest benchmark measures. */
export type HostileShape = 'one-paragraph' | 'blank-lines' | 'exhibits';

export const HOSTILE_SHAPES: readonly HostileShape[] = ['one-paragraph', 'blank-lines', 'exhibits'];

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

// An EDGAR full submission's header, then near-identical EX-99 exhibits (issue 21, item 2).
const SUBMISSION_HEADER = `<SEC-DOCUMENT>0000000001-04-000001.txt : 20041014
<SEC-HEADER>0000000001-04-000001.hdr.sgml : 20041014
CONFORMED SUBMISSION TYPE:\t8-K
FILED AS OF DATE:\t\t20041014
\t\tCOMPANY CONFORMED NAME:\t\t\tACME WIDGETS INC
</SEC-HEADER>
`;
const exhibit = (i: number) => `<DOCUMENT>\n<TYPE>EX-99\n<SEQUENCE>${i + 2}\n<TEXT>\n${RELEASE.replace('Acme Widgets Inc.', `Acme Widgets Inc. (copy ${i})`)}</TEXT>\n</DOCUMENT>\n`;

/**
 * A release followed by about `mb` MB of 240-character lines: with no blank line between them (one
 * paragraph of `mb` MB), or each line a paragraph of its own; or a full submission of `mb` MB of
 * near-identical EX-99 exhibits of that release. Deterministic from `seed`.
 */
export function hostileFiling(shape: HostileShape, mb: number, seed = 1): string {
  const rand = prng(seed);
  const target = mb * 1024 * 1024;
  if (shape === 'exhibits') {
    const docs = [SUBMISSION_HEADER];
    for (let n = SUBMISSION_HEADER.length, i = 0; n < target; i++) n += docs[docs.push(exhibit(i)) - 1]!.length;
    return `${docs.join('')}</SEC-DOCUMENT>\n`;
  }
  const lines: string[] = [RELEASE];
  const sep = shape === 'blank-lines' ? '\n\n' : '\n';
  for (let n = RELEASE.length; n < target; n += 240 + sep.length) lines.push(line(rand) + sep);
  return lines.join('');
}
