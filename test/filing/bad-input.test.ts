import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finalizeReleases } from '../../src/clean/finalize-releases.js';
import { ingestFile } from '../../src/clean/ingest-file.js';
import { INGEST } from '../support/ingest-fixtures.js';

// Every kind of bad input: skipped or read as far as is safe, with one clear reason, never a throw.
const SUBMISSION = readFileSync(join(INGEST, 'edgar-full-submissions', '320193-0000320193-96-000027.txt'));
const SEED = readFileSync(join(INGEST, 'seeds', '001_ebb4752fe36ec00b.txt'));

function read(name: string, bytes: Uint8Array) {
  const out = ingestFile(name, bytes);
  return { ...out, releases: finalizeReleases(out.drafts).releases };
}

describe('bad input', () => {
  it('an empty or blank file is skipped as empty', () => {
    for (const bytes of [new Uint8Array(0), Buffer.from('  \n\n\t  \n')]) {
      const out = read('blank.txt', bytes);
      expect(out.releases).toEqual([]);
      expect(out.skipped).toEqual([{ file: 'blank.txt', part: 'document', reason: 'empty file' }]);
    }
  });

  it('a binary file (an image saved as .txt) is skipped as binary', () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(4000, 7)]);
    const out = read('logo.txt', png);
    expect(out.releases).toEqual([]);
    expect(out.skipped).toEqual([expect.objectContaining({ file: 'logo.txt', reason: expect.stringMatching(/^binary/) })]);
  });

  it('a submission cut off in the middle of a document keeps what it holds up to the cut', () => {
    const text = SUBMISSION.toString('latin1');
    const cut = text.indexOf('NeXT', text.indexOf('<TYPE>EX-99')) + 4000;
    const out = read('truncated.txt', Buffer.from(text.slice(0, cut), 'latin1'));
    expect(out.releases).toHaveLength(1);
    expect(out.releases[0]!.title).toBe('Apple Computer, Inc. Agrees to Acquire NeXT Software Inc.');
    expect(out.releases[0]!.body.length).toBeGreaterThan(1000);
  });

  it('a submission cut inside its header yields no release and says why', () => {
    const out = read('header-only.txt', Buffer.from(SUBMISSION.toString('latin1').slice(0, 600), 'latin1'));
    expect(out.releases).toEqual([]);
    expect(out.skipped).toEqual([{ file: 'header-only.txt', part: 'document', reason: 'no <DOCUMENT> in the submission' }]);
  });

  it('bytes that are not valid UTF-8 are read as Windows-1252, not lost', () => {
    const html = Buffer.concat([
      Buffer.from('<html><head><meta charset="utf-8"></head><body><p>LORUS THERAPEUTICS ANNOUNCES RESULTS</p><p>TORONTO, CANADA, DECEMBER 1, 2003 - Lorus Therapeutics Inc. announced today results of its Virulizin'),
      Buffer.from([0xae]), // ® in Windows-1252, invalid alone in UTF-8
      Buffer.from(' trial in patients with pancreatic cancer, with survival data from the phase III study presented at the meeting.</p></body></html>'),
    ]);
    const out = read('mixed.htm', html);
    expect(out.releases).toHaveLength(1);
    expect(out.releases[0]!.body).toContain('Virulizin® trial');
  });

  it('a 50 MB filing is read in bounded time and memory, and its releases found', { timeout: 60_000 }, () => {
    const filler = Buffer.from(`${'Revenue for the period was stable and the company continued to invest in research. '.repeat(12)}\n\n`);
    const parts: Buffer[] = [SEED];
    let size = SEED.length;
    while (size < 50 * 1024 * 1024) {
      parts.push(filler);
      size += filler.length;
    }
    const big = Buffer.concat(parts);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const out = read('huge.txt', big);
    const ms = performance.now() - started;
    const grewMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    // the seed's one release, its body the seed's news and the filler after it
    expect(out.releases.map((r) => r.title)).toEqual(['LORUS THERAPEUTICS SUPPORTS PANCREATIC CANCER AWARENESS MONTH']);
    expect(out.releases[0]!.body).toMatch(/Virulizin/);
    // bounds, not a benchmark: a small multiple of the 50 MB input
    expect(grewMb).toBeLessThan(50 * 12);
    expect(ms).toBeLessThan(45_000);
  });

  it('a single 10 MB line is cut to a bounded length and reported, the rest still read', { timeout: 60_000 }, () => {
    const line = Buffer.alloc(10 * 1024 * 1024, 'x');
    const out = read('long-line.txt', Buffer.concat([SEED, Buffer.from('\n'), line, Buffer.from('\n')]));
    expect(out.skipped).toContainEqual(expect.objectContaining({ file: 'long-line.txt', reason: expect.stringMatching(/line longer than/) }));
    expect(out.releases).toHaveLength(1);
    expect(out.releases[0]!.body.length).toBeLessThan(20_000);
  });

  it('a CSV that does not parse is skipped with the parser\'s reason', () => {
    const out = read('broken.csv', Buffer.from('text,url,date,headline\n"unterminated quote,https://x,2020-01-01,Title\n'));
    expect(out.releases).toEqual([]);
    expect(out.skipped).toEqual([expect.objectContaining({ file: 'broken.csv', reason: expect.stringMatching(/CSV/) })]);
  });
});
