import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SEEDS = join(import.meta.dirname, '..', 'fixtures', 'ingest', 'seeds');
const SINGLE = join(SEEDS, '001_ebb4752fe36ec00b.txt');

/** Copy the seed filings into `corpusDir/seeds`. */
export function copySeeds(corpusDir: string): void {
  cpSync(SEEDS, join(corpusDir, 'seeds'), { recursive: true });
}

// Sentences a cleaner rightly drops (safe harbor, company blurb): keep them out of composed news.
const BOILERPLATE = /forward[- ]looking|undertake|historical information|risks|uncertaint|Lorus is a|Late-stage|press release|www\.|@/i;

/** Sentences of the seed exhibits' prose, for composing distinct releases from real text. */
function seedSentences(): string[] {
  const out: string[] = [];
  for (const name of ['001_ebb4752fe36ec00b.txt', '002_5f77f99c70e75657.txt', '003_bef9167ec3356df1.txt']) {
    const text = readFileSync(join(SEEDS, name), 'latin1').replace(/<[^>]*>/g, ' ');
    for (const para of text.split(/\n\s*\n/)) {
      const flat = para.replace(/\s+/g, ' ').trim();
      if (!/^[A-Z"][a-z]/.test(flat) || flat.length < 120) continue; // prose, not headers or tables
      for (const s of flat.split(/(?<=[a-z)]\.) (?=[A-Z"])/)) {
        if (s.length >= 40 && s.length <= 300 && !BOILERPLATE.test(s) && !out.includes(s)) out.push(s);
      }
    }
  }
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Write a new filing in the layout of a real seed exhibit (contact table, headline, ticker lines,
 * dateline, `-30-`) whose headline names `word` and whose paragraphs are a distinct draw of real
 * seed sentences, so it is a release of its own (not a duplicate, no paragraph recurring verbatim).
 */
export function writeNewFiling(path: string, word: string, n = 1): void {
  const seed = readFileSync(SINGLE, 'latin1');
  const head = seed.slice(0, seed.indexOf('TORONTO, CANADA, NOVEMBER 7, 2003'));
  if (!head.includes('LORUS THERAPEUTICS SUPPORTS PANCREATIC CANCER AWARENESS MONTH')) throw new Error('seed fixture changed: cannot make a new filing from it');
  const sentences = seedSentences();
  const rnd = random(n + 1);
  // draw without replacement: no sentence twice in one release
  const pick = (k: number) => Array.from({ length: k }, () => sentences.splice(Math.floor(rnd() * sentences.length), 1)[0]!).join(' ');
  const month = ['JANUARY', 'MARCH', 'MAY', 'JULY', 'SEPTEMBER', 'NOVEMBER'][n % 6]!;
  const date = `${month} ${1 + (n % 28)}, ${2005 + Math.floor(n / 28)}`;
  const paragraphs = [
    `TORONTO, CANADA, ${date} - Lorus Therapeutics Inc. ("Lorus") announced today ${word} results. ${pick(3)}`,
    pick(4),
    pick(3),
  ];
  const text = head.replace('LORUS THERAPEUTICS SUPPORTS PANCREATIC CANCER AWARENESS MONTH', `LORUS THERAPEUTICS REPORTS ${word.toUpperCase()} RESULTS`)
    + paragraphs.map((p) => p.replace(/(.{1,78})(\s|$)/g, '$1\n')).join('\n') + '\n                                      -30-\n';
  writeFileSync(path, text, 'latin1');
}
