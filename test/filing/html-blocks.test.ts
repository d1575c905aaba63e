import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToBlocks, PAGE_BREAK } from '../../src/filing/html-to-text.js';
import { INGEST } from '../support/ingest-fixtures.js';

const read = (...path: string[]) => readFileSync(join(INGEST, ...path), 'latin1');

describe('HTML converted to text', () => {
  it('marks the printed page boundaries a filing sets (`page-break-after`, `break-before: page`) as form-feed lines', () => {
    // Oracle's first page ends with its safe harbor and an <hr style="page-break-after:always">
    const oracle = htmlToBlocks(read('page-numbers', '1341439-0001564590-22-023099-ex99-1.txt')).text.split('\n');
    const at = oracle.indexOf(PAGE_BREAK);
    expect(oracle.slice(0, at).filter((l) => l.trim()).at(-1)).toMatch(/^"Safe Harbor" Statement: .* Oracle undertakes no duty to update any statement in light of new information or future events\.$/);
    expect(oracle.slice(at + 1).find((l) => l.trim())).toBe('ORACLE CORPORATION');
    // Beyond Cancer's <DIV STYLE="break-before: page"> between its two pages
    expect(htmlToBlocks(read('contact-blocks', 'beyond-cancer-ex99-1.htm')).text.split('\n')).toContain(PAGE_BREAK);
  });

  it('keeps the face of a paragraph set in one face, and none for a paragraph that mixes faces', () => {
    const { styles } = htmlToBlocks(read('contact-blocks', 'beyond-cancer-ex99-1.htm'));
    expect(styles.get('CONTACTS:')).toMatchObject({ bold: true, italic: false, size: 10 });
    // `<B>HAMILTON, BERMUDA, December 3, 2024 <I>–</I></B> Beyond Cancer, Ltd., …`: bold, italic and plain
    expect([...styles.keys()].some((k) => k.startsWith('HAMILTON, BERMUDA'))).toBe(false);
  });
});
