import { describe, expect, it } from 'vitest';
import { queryTerms } from '../../src/analysis/terms.js';
import { renderRuns } from '../../src/web/render-runs.js';
import { markText, snippet } from '../../src/search/snippet.js';
import { seedIndex } from '../support/seed-index.js';

const hl = (q: string, phrases: string[][] = []) => ({ terms: new Set(queryTerms(q)), phrases });
const plain = (runs: { text: string }[]) => runs.map((r) => r.text).join('');
const { releases } = seedIndex();
const renal = releases.find((r) => /RENAL CELL/.test(r.title))!;

describe('snippet', () => {
  it('is a 200–300 character window cut at word boundaries, every match flagged', () => {
    const runs = snippet(renal.body, hl('GTI-2040'));
    const text = plain(runs);
    expect(text.length).toBeGreaterThanOrEqual(200);
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^(… )?\S/);
    const inner = text.replace(/^… /, '').replace(/ …$/, '');
    expect(renal.body.replace(/\s+/g, ' ')).toContain(inner);
    const hits = runs.filter((r) => r.hit).map((r) => r.text);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h).toBe('GTI-2040');
    expect(text.split('GTI-2040').length - 1).toBe(hits.length);
  });

  it('marks every spelling of a code as one span: GTI 2040 in text matches a gti2040 query', () => {
    const runs = snippet('Trials of GTI 2040 and of GTI-2040, not GTI-2041, continue in patients with cancer.', hl('gti2040'));
    expect(runs.filter((r) => r.hit).map((r) => r.text)).toEqual(['GTI 2040', 'GTI-2040']);
  });

  it('marks the forms a plural query matched, and a phrase as one span', () => {
    expect(snippet('A trial of the drug; two more trials follow.', hl('trials')).filter((r) => r.hit).map((r) => r.text)).toEqual(['trial', 'trials']);
    const runs = snippet('In renal cell cancer, the cell count in renal tissue rose.', hl('', [['renal', 'cell']]));
    expect(runs.filter((r) => r.hit).map((r) => r.text)).toEqual(['renal cell']);
  });

  it('takes two windows when the query\'s words sit far apart', () => {
    const body = `Gemcitabine is studied here. ${'Filler words about other matters entirely. '.repeat(40)}The antisense program continues.`;
    const text = plain(snippet(body, hl('gemcitabine antisense')));
    expect(text).toMatch(/Gemcitabine.* … .*antisense/);
    expect(text.length).toBeLessThanOrEqual(320);
  });

  it('shows the opening of the body when nothing matches', () => {
    const text = plain(snippet(renal.body, hl('zzzz')));
    expect(renal.body.replace(/\s+/g, ' ').startsWith(text.replace(/ …$/, ''))).toBe(true);
  });

  it('renders filing text escaped: only <mark> survives', () => {
    const hostile = '<script>alert(1)</script> GTI-2040 <img src=x onerror=alert(2)> "quotes" & \'apos\' <%= evil %>';
    const html = renderRuns(markText(hostile, hl('GTI-2040')));
    expect(html).toContain('<mark>GTI-2040</mark>');
    expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&amp;');
  });
});
