import { describe, expect, it } from 'vitest';
import { extendReleases } from '../../src/clean/extend-releases.js';
import { finalizeReleases } from '../../src/clean/finalize-releases.js';
import { ingestFile } from '../../src/clean/ingest-file.js';
import { MAX_PAIRWISE } from '../../src/clean/merge-duplicates.js';
import { IngestBudgetError } from '../../src/filing/ingest-budget.js';
import { readFiling } from '../../src/filing/read-filing.js';

// Issue 21, item 2: a full submission with 500 or more near-identical EX-99 exhibits gave no
// release at all. Past MAX_PAIRWISE (400) releases on one date no two were compared, so the
// copies stayed apart, every paragraph recurred in 3+ of them and was removed as boilerplate, and
// each release, left empty, was dropped without a word.
const HEADER = `<SEC-DOCUMENT>0000000001-04-000001.txt : 20041014
<SEC-HEADER>0000000001-04-000001.hdr.sgml : 20041014
ACCESSION NUMBER:		0000000001-04-000001
CONFORMED SUBMISSION TYPE:	8-K
FILED AS OF DATE:		20041014

FILER:

	COMPANY DATA:
		COMPANY CONFORMED NAME:			ACME WIDGETS INC
		CENTRAL INDEX KEY:			0000000001
</SEC-HEADER>
`;
// the copies differ in their opening words (so their ids differ) and in a figure
const exhibit = (i: number) => `<DOCUMENT>
<TYPE>EX-99
<SEQUENCE>${i + 2}
<TEXT>
ACME WIDGETS REPORTS RECORD THIRD QUARTER

NEW YORK, NY, OCTOBER 14, 2004 - Acme Widgets Inc. (copy ${i}) today reported record
revenue for its third quarter ended September 30, 2004. Revenue rose 12 percent to
$41.2 million from $36.8 million a year earlier, and net income rose to $${i}.1 million.

The company also raised its outlook for the full year and said orders for its new line
of industrial widgets were ahead of plan in every region where it sells them.
</TEXT>
</DOCUMENT>
`;
const submission = (n: number) => Buffer.from(`${HEADER}${Array.from({ length: n }, (_, i) => exhibit(i)).join('')}</SEC-DOCUMENT>\n`);

// distinct releases of one date: bodies of made-up words (letters, as recurrence reads digits as one)
function distinctBody(i: number): string {
  let x = i * 2654435761 + 1;
  const letter = () => String.fromCharCode(97 + ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) % 26);
  return Array.from({ length: 60 }, () => Array.from({ length: 6 }, letter).join('')).join(' ');
}

describe('a submission with hundreds of near-identical exhibits', () => {
  it.each([300, 500, 1000])('%i copies give one merged release listing every exhibit', (n) => {
    const read = ingestFile('acme.txt', submission(n));
    expect(read.drafts).toHaveLength(n);
    expect(new Set(read.drafts.map((d) => d.id)).size).toBe(n);
    const { releases } = finalizeReleases(read.drafts);
    expect(releases).toHaveLength(1);
    expect(releases[0]!.title).toBe('ACME WIDGETS REPORTS RECORD THIRD QUARTER');
    expect(releases[0]!.sources).toHaveLength(n);
    expect(releases[0]!.body).toMatch(/ahead of plan in every region/);
  });

  it('past the bound, distinct releases of one date stay apart (only copies merge)', () => {
    const base = ingestFile('acme.txt', submission(1)).drafts[0]!;
    const drafts = Array.from({ length: MAX_PAIRWISE + 50 }, (_, i) => ({ ...base, id: `id${String(i).padStart(4, '0')}`, body: distinctBody(i), sources: [{ file: `f${i}.txt`, part: 'EX-99' }] }));
    const copies = drafts.slice(0, 20).map((d, i) => ({ ...d, id: `copy${i}`, body: `${d.body} and more`, sources: [{ file: `copy${i}.txt`, part: 'EX-99' }] }));
    const { releases } = finalizeReleases([...drafts, ...copies]);
    expect(releases).toHaveLength(MAX_PAIRWISE + 50);
    expect(releases.filter((r) => r.sources.length === 2)).toHaveLength(20);
  });

  it('adding to a date past the bound asks for a full run (the grouping is over the whole date)', () => {
    const read = ingestFile('acme.txt', submission(MAX_PAIRWISE + 10));
    const { state } = finalizeReleases(read.drafts.slice(1), true);
    expect(state).toBeDefined();
    expect(extendReleases(state!, read.drafts.slice(0, 1), () => undefined)).toEqual({ fullRun: '2004-10-14 has more releases than are compared pairwise' });
  });

  it('past its time budget, reading the submission stops between documents', () => {
    expect(() => readFiling('acme.txt', submission(1000), performance.now() - 1)).toThrow(IngestBudgetError);
    expect(readFiling('acme.txt', submission(10), performance.now() + 60_000).parts).toHaveLength(10);
  });
});
