import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/clean/ingest-file.js';
import { readFiling } from '../../src/filing/read-filing.js';

// Issue 21, item 5: files with a UTF-16 byte-order mark were refused as binary (half their bytes
// are NULs). The inputs are real fixtures re-encoded here, little- and big-endian, with their BOM.
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ingest');
const SEED = join(FIXTURES, 'seeds', '001_ebb4752fe36ec00b.txt');
const SUBMISSIONS = join(FIXTURES, 'edgar-full-submissions');
const HTML = join(FIXTURES, 'edgar-html');

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return order === 'le' ? le : Buffer.from(le).swap16();
}

const text = (path: string) => readFileSync(path, 'latin1');

describe.each(['le', 'be'] as const)('a UTF-16%s file with a byte-order mark', (order) => {
  it('is read as the same text as its single-byte original', () => {
    const original = readFiling('seed.txt', readFileSync(SEED));
    const read = readFiling('seed.txt', utf16(text(SEED), order));
    expect(read.skipped).toEqual(original.skipped);
    expect(read.parts).toEqual(original.parts);
    expect(ingestFile('seed.txt', utf16(text(SEED), order)).drafts).toEqual(ingestFile('seed.txt', readFileSync(SEED)).drafts);
  });

  it('is sniffed on its characters: a full submission is split into its documents', () => {
    const name = readdirSync(SUBMISSIONS).sort()[0]!;
    const original = readFiling(name, readFileSync(join(SUBMISSIONS, name)));
    const read = readFiling(name, utf16(text(join(SUBMISSIONS, name)), order));
    expect(read.parts.map((p) => [p.part, p.meta])).toEqual(original.parts.map((p) => [p.part, p.meta]));
    expect(read.parts.length + read.skipped.length).toBeGreaterThan(0);
  });

  it('is sniffed as HTML when it is HTML', () => {
    const name = readdirSync(HTML).filter((f) => /\.html?$/i.test(f)).sort()[0]!;
    const bytes = readFileSync(join(HTML, name));
    const original = readFiling(name, bytes);
    // decoded as the single-byte original was (UTF-8 when valid, else windows-1252), then re-encoded
    const asText = original.parts.length ? new TextDecoder('utf-8', { fatal: false }).decode(bytes) : '';
    const read = readFiling(name, utf16(asText, order));
    expect(read.parts.map((p) => p.text)).toEqual(original.parts.map((p) => p.text));
  });

  it('is still refused when it decodes to binary', () => {
    const junk = Buffer.from(Array.from({ length: 4000 }, (_, i) => String.fromCharCode(i % 8)).join(''), 'utf16le');
    expect(readFiling('junk.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), junk])).skipped[0]?.reason).toBe('binary: not a text filing');
  });
});

it('a UTF-8 byte-order mark before <SEC-DOCUMENT> still reads as a submission', () => {
  const name = readdirSync(SUBMISSIONS).sort()[0]!;
  const bytes = readFileSync(join(SUBMISSIONS, name));
  const original = readFiling(name, bytes);
  const read = readFiling(name, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
  expect(read.parts.map((p) => p.part)).toEqual(original.parts.map((p) => p.part));
});
