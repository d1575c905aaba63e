import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEEDS = join(import.meta.dirname, '..', 'fixtures', 'reindex', 'seeds');
const SINGLE = join(SEEDS, '001_ebb4752fe36ec00b.txt');

/** Copy the seed filings into `corpusDir/seeds`. */
export function copySeeds(corpusDir: string): void {
  cpSync(SEEDS, join(corpusDir, 'seeds'), { recursive: true });
}

/**
 * Write a new filing: a real seed exhibit with its own headline naming `word` and its own
 * dateline (day `n`), so it is a distinct release that a search for `word` finds.
 */
export function writeNewFiling(path: string, word: string, n = 1): void {
  const day = String(1 + (n % 28));
  const year = String(2005 + Math.floor(n / 28));
  const text = readFileSync(SINGLE, 'latin1')
    .replace('LORUS THERAPEUTICS SUPPORTS PANCREATIC CANCER AWARENESS MONTH', `LORUS THERAPEUTICS REPORTS ${word.toUpperCase()} RESULTS`)
    .replace('NOVEMBER 7, 2003', `MARCH ${day}, ${year}`)
    .replace('announced\ntoday the further', `announced\ntoday ${word} results and the further`);
  if (!text.includes(word.toUpperCase())) throw new Error('seed fixture changed: cannot make a new filing from it');
  writeFileSync(path, text, 'latin1');
}
