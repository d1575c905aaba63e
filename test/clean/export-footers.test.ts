import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/filing/read-csv.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Three rows of Axon's website export (TASER and Axon releases of 2014, 2016 and 2018): paragraphs
// joined with ", ", empty ones as ", , ", and each release closing with the social-media label
// ("Follow the TASER and Axon brand here:", "Follow Axon here:", "Follow EVIDENCE.com"), the note
// to investors and the investor-relations pointers.
const CSV = join(INGEST, 'export-footers', 'axon-website-rows.csv');

describe('a website export', () => {
  it('has its ", , " joins turned back into paragraph breaks, never left in the text', () => {
    const { parts } = readCsv('axon-website-rows.csv', readFileSync(CSV, 'utf8'));
    expect(parts).toHaveLength(3);
    for (const p of parts) expect(p.text).not.toMatch(/,\s*,/);
    const rise = parts.find((p) => /RISE Awards/.test(p.meta.headline ?? ''))!;
    // `… San Diego, , , SCOTTSDALE, Ariz., June 14, 2016 /CNW/ --, , , By continuing …`
    expect(rise.text.split('\n\n').slice(0, 2)).toEqual(['Prizes Include Four $5,000 Axon Technology Grants and Trip to Attend IACP Conference in San Diego', 'SCOTTSDALE, Ariz., June 14, 2016 /CNW/ --']);
    // a clause before a comma is not a heading: the sentence stays whole
    expect(rise.text).toMatch(/\n\nBy continuing to honor such brave men and women, TASER hopes to once again shine a spotlight/);
  });

  it('loses its social and investor-relations footer, and keeps its news', () => {
    const { releases } = ingest(filesUnder(join(INGEST, 'export-footers')));
    expect(releases).toHaveLength(3);
    for (const r of releases) {
      expect(r.body, r.title).not.toMatch(/,\s*,|^Follow\b|Note to Investors|Please visit http|Investor Relations Safe Harbor|^(Axon View|TASER Links)$/m);
      expect(r.removed.map((x) => x.kind), r.title).toContain('social-links');
    }
    const rise = releases.find((r) => /RISE Awards/.test(r.title))!;
    expect(rise.removed).toContainEqual({ kind: 'social-links', text: 'Follow the TASER and Axon brand here:' });
    expect(rise.removed).toContainEqual({ kind: 'investor-note', text: 'Note to Investors' });
    expect(rise.body).toMatch(/"Each year the RISE Awards showcases the extraordinary courage/);
    const conferences = releases.find((r) => /Investor Conferences/.test(r.title))!;
    expect(conferences.removed).toContainEqual({ kind: 'social-links', text: 'Follow Axon here:' });
    expect(conferences.removed.some((x) => x.kind === 'investor-note' && /^Note to InvestorsPlease visit http:\/\/investor\.axon\.com/.test(x.text))).toBe(true);
    expect(conferences.body).toMatch(/today announced that members of its management team will participate/);
  });
});
