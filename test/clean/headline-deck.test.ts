import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headerAbove } from '../../src/clean/headline-block.js';
import type { Para } from '../../src/clean/to-paras.js';
import type { BlockStyle } from '../../src/filing/block-style.js';
import { htmlToBlocks } from '../../src/filing/html-to-text.js';
import { filesUnder, ingest, INGEST } from '../support/ingest-fixtures.js';

// Apple's EX-99.1 of February 2024 (its financial tables trimmed) sets the headline in 15pt bold
// and each of its two deck lines in a <div> of its own in 11pt bold, above a dateline with no date
// ("CUPERTINO, CALIFORNIA — Apple® today announced …").
const APPLE = join(INGEST, 'headline-deck', '320193-0000320193-24-000005-ex99-1.txt');
const HEADLINE = 'Apple reports first quarter results';
const DECK = ['Services revenue reaches new all-time record', 'EPS up 16 percent to new all-time high'];

describe('a deck line set in its own block', () => {
  it('is read with the face it is set in', () => {
    const { styles } = htmlToBlocks(readFileSync(APPLE, 'latin1'));
    expect(styles.get(HEADLINE)).toMatchObject({ bold: true, size: 15 });
    for (const d of DECK) expect(styles.get(d)).toMatchObject({ bold: true, size: 11 });
  });

  it('is the subtitle, not part of the title or the body', () => {
    const { releases } = ingest(filesUnder(join(INGEST, 'headline-deck')));
    expect(releases).toHaveLength(1);
    const r = releases[0]!;
    expect(r.title).toBe(HEADLINE);
    expect(r.subtitle).toBe(DECK.join(' · '));
    expect(r.place).toBe('Cupertino, California');
    expect(r.body).toMatch(/^Apple® today announced financial results for its fiscal 2024 first quarter/);
    for (const d of [HEADLINE, ...DECK]) expect(r.body).not.toContain(d);
  });

  it('a headline broken over two blocks in one face is still one title (Rock of Ages, 2000)', () => {
    const { releases } = ingest([join(INGEST, 'edgar-full-submissions', '84581-0000084581-00-500009.txt')]);
    expect(releases.map((r) => [r.title, r.subtitle])).toEqual([['Rock of Ages Acquires American Monument Corporation', '']]);
  });

  it('the face decides between a headline broken in two and a headline with its deck', () => {
    // the Rock of Ages lines, set alike (as filed) and apart (as a deck would be)
    const bold: BlockStyle = { bold: true, italic: false, size: undefined, signature: 'b' };
    const italic: BlockStyle = { bold: false, italic: true, size: undefined, signature: 'i' };
    const para = (text: string, style: BlockStyle): Para => ({ lines: [text], text, marks: [], style });
    const dateline = para('CONCORD, NEW HAMPSHIRE, September 26, 2000...ROCK OF AGES CORPORATION (NASDAQ/NMS:ROAC) announced today that it has acquired the American Monument Corporation, a retailer of granite memorials.', italic);
    const alike = headerAbove([para('Rock of Ages Acquires', bold), para('American Monument Corporation', bold), dateline], 2, 0);
    expect(alike).toMatchObject({ title: 'Rock of Ages Acquires American Monument Corporation', subtitle: '' });
    const apart = headerAbove([para('Rock of Ages Acquires', bold), para('American Monument Corporation', italic), dateline], 2, 0);
    expect(apart).toMatchObject({ title: 'Rock of Ages Acquires', subtitle: 'American Monument Corporation' });
  });
});
