import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../src/clean/draft.js';
import { wordsUsed } from '../../src/clean/finalize-releases.js';
import { ingestFile } from '../../src/clean/ingest-file.js';
import { INGEST, filesUnder } from '../support/ingest-fixtures.js';

const drafts: Draft[] = filesUnder(INGEST)
  .filter((f) => !f.endsWith('.golden.json'))
  .flatMap((f) => ingestFile(relative(INGEST, f).split(sep).join('/'), readFileSync(f)).drafts);

/** Every body read to the end. */
function used(asked: Set<string>): Set<string> {
  const all = new Set(drafts.flatMap((d) => d.body.toLowerCase().match(/[a-z]{3,}/g) ?? []));
  return new Set([...asked].filter((w) => all.has(w)));
}

describe('wordsUsed', () => {
  it('finds the words asked that some body uses, whether it can stop early or must read every body', () => {
    const last = drafts.at(-1)!.body.toLowerCase().match(/[a-z]{3,}/g)!.at(-1)!;
    const cases = [new Set(['police', 'taser']), new Set(['police', 'xqzzyword']), new Set([last, 'the']), new Set(['olic', 'aser', 'police']), new Set<string>()];
    for (const asked of cases) expect([...wordsUsed(drafts, asked)].sort(), [...asked].join()).toEqual([...used(asked)].sort());
    expect(wordsUsed(drafts, new Set(['police', 'xqzzyword'])).size).toBe(1);
  });
});
