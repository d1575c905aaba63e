import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { releaseId } from '../../src/clean/release-id.js';
import { seedIndex } from '../support/seed-index.js';

// The definition the ids of existing indexes were made with: date and the first 60 words.
const byDefinition = (date: string, body: string) =>
  createHash('sha256').update(`${date}\n${(body.toLowerCase().match(/[a-z0-9]+/g) ?? []).slice(0, 60).join(' ')}`).digest('hex').slice(0, 16);

describe('releaseId', () => {
  it('is the hash of the date and the first 60 words, however long the body', () => {
    for (const r of seedIndex().releases) expect(releaseId(r.date, r.body)).toBe(byDefinition(r.date, r.body));
    const bodies = [
      '', 'a'.repeat(2500), `${'Word '.repeat(10)}${'x'.repeat(1990)}yy more words`, `${'w '.repeat(1000)}cut-word`,
      `${'東'.repeat(3000)} late words`, `Straße ${'İ'.repeat(1500)} end`,
    ];
    for (const b of bodies) expect(releaseId('2004-01-01', b)).toBe(byDefinition('2004-01-01', b));
  });
});
