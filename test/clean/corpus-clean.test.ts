import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, ingest } from '../support/ingest-fixtures.js';

// The shipped corpus, read the way the indexer reads it: nothing a user would call boilerplate
// may reach a body, and every release carries what the page shows.
const CORPUS = join(import.meta.dirname, '..', '..', 'corpus');
// (the shipped folders only: a user's own filings, added under corpus/ as the README says, are
// not what these tests are about, and must not fail them)
const SHIPPED = new Set(['axon', 'edgar-full-submissions', 'edgar-html', 'seeds', 'stanford-8k']);
const shippedFiles = () => filesUnder(CORPUS).filter((f) => SHIPPED.has(relative(CORPUS, f).split(sep)[0]!));

const BOILERPLATE: Record<string, RegExp> = {
  'page mark': /<PAGE>|\(more\)|^\s*-\s*30\s*-\s*$|^\s*#\s*#\s*#\s*$|^\s*-\s*\d{1,3}\s*-\s*$|^Page \d+ of \d+$/im,
  'contact block': /\b(Tel|Telephone|Phone|Fax)\s*[:.]\s*\+?\(?\d{3}|\b(Media|Investor) (Relations )?Contacts?:/i,
  'safe harbor': /Private Securities Litigation Reform Act|undue reliance on (these|such|any|the) forward[- ]looking/i,
  // a contact's title or agency printed on a line of its own under the label
  'contact line': /^((Senior |Executive )?Vice President|Director|Manager|Chief \w+ Officer|Investor Relations|Media Relations|PR Director)\b[^.!?]{0,60}$/m,
  'social or investor footer': /^(Follow\b.{0,80}(here|on \w+):?|Note to Investors\b.*)$/m,
  'export join': /\.,\s*,|,\s+,/,
};

describe('the shipped corpus', () => {
  const { releases, skipped } = ingest(shippedFiles(), CORPUS);

  it('reads into hundreds of releases from every folder', () => {
    const folders = new Set(releases.flatMap((r) => r.sources.map((s) => s.file.split('/')[0])));
    expect(folders).toEqual(new Set(['axon', 'edgar-full-submissions', 'edgar-html', 'seeds', 'stanford-8k']));
    expect(releases.length).toBeGreaterThan(600);
  });

  it.each(Object.entries(BOILERPLATE))('has no %s left in any body', (_kind, pattern) => {
    const dirty = releases.filter((r) => pattern.test(r.body)).map((r) => `${r.sources[0]!.file}: ${r.title}`);
    expect(dirty).toEqual([]);
  });

  it('gives every release a one-line title, an ISO date, a source and a unique id', () => {
    const ids = new Set<string>();
    for (const r of releases) {
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.title, r.id).not.toMatch(/\n/);
      expect(r.date, r.title).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.sources.length, r.title).toBeGreaterThan(0);
      expect(r.body.length, r.title).toBeGreaterThan(50);
      expect(ids.has(r.id), r.id).toBe(false);
      ids.add(r.id);
    }
  });

  it('names the issuer of nearly every release, one spelling per issuer in a filing', () => {
    const named = releases.filter((r) => r.company).length;
    expect(named / releases.length).toBeGreaterThan(0.95);
    for (const r of releases) expect(r.company, r.title).not.toMatch(/^(FOR IMMEDIATE|CORPORATE|Highlights)|_/);
  });

  it('reports every part without a release with a reason', () => {
    for (const s of skipped) expect(s.reason, `${s.file} ${s.part}`).toMatch(/^(not a press release|binary|xbrl|empty|unreadable|truncated|too large|nothing left)/);
  });
});
