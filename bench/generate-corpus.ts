import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Release } from '../src/clean/release.js';
import { pick, prng } from './prng.js';

export interface GeneratedCorpus {
  dir: string;
  releases: number;
  bytes: number;
  /** Drug-code-like tokens planted in the text, for code queries. */
  codes: string[];
  companies: string[];
}

const ROWS_PER_FILE = 1000;
const LETTERS = 'ABCDEFGHIJKLMNOPRSTUVWXZ';

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * N releases built from the real ones: each takes a real release's issuer and headline, and
 * paragraphs recombined from the sentences of that issuer's releases; dates, numbers and drug-code-like tokens vary,
 * so vocabulary and length stay realistic. Written as CSV exports (text,url,date,headline), one of
 * the formats the ingester reads, so the whole ingest pipeline runs. Deterministic from `seed`.
 */
export function generateCorpus(source: readonly Release[], n: number, seed: number, dir: string): GeneratedCorpus {
  const rand = prng(seed);
  mkdirSync(dir, { recursive: true });
  // sentences, not paragraphs, are recombined: a paragraph repeated across thousands of releases
  // would be (rightly) dropped as recurring boilerplate
  const byIssuer = new Map<string, string[]>();
  for (const r of source) {
    const sentences = byIssuer.get(r.company) ?? [];
    for (const p of r.body.split('\n\n')) sentences.push(...p.split(/(?<=[a-z0-9)][.!?])\s+(?=[A-Z"])/).filter((x) => x.length > 40 && x.length < 600));
    byIssuer.set(r.company, sentences);
  }
  const bases = source.filter((r) => (byIssuer.get(r.company)?.length ?? 0) >= 5);
  // a pool of codes: some frequent (a pipeline drug), most rare
  const codes = Array.from({ length: 400 }, () => `${pick(rand, [...LETTERS])}${pick(rand, [...LETTERS])}${rand() < 0.5 ? pick(rand, [...LETTERS]) : ''}-${100 + Math.floor(rand() * 9900)}`);
  let bytes = 0;
  let rows: string[] = [];
  let file = 0;
  const flush = () => {
    if (!rows.length) return;
    const text = `text,url,date,headline\n${rows.join('\n')}\n`;
    writeFileSync(join(dir, `bench-${String(file++).padStart(4, '0')}.csv`), text);
    bytes += Buffer.byteLength(text);
    rows = [];
  };
  for (let i = 0; i < n; i++) {
    const base = pick(rand, bases);
    const pool = byIssuer.get(base.company)!;
    const count = 3 + Math.floor(rand() * 10);
    const code = codes[Math.floor(rand() ** 2 * codes.length)]!;
    const paras: string[] = [];
    // the first paragraph names the issuer, as real releases do; a few name a code
    paras.push(`${base.company} today announced ${vary(rand, base.title.toLowerCase())}${rand() < 0.3 ? `, including results for ${code}` : ''}.`);
    for (let k = 0; k < count; k++) {
      const sentences = 1 + Math.floor(rand() * 4);
      paras.push(Array.from({ length: sentences }, () => vary(rand, pick(rand, pool))).join(' '));
    }
    if (rand() < 0.3) paras.splice(1 + Math.floor(rand() * count), 0, `Data on ${code} will be presented; ${code} is in a Phase ${pick(rand, ['I', 'II', 'III'])} study.`);
    const year = 1995 + Math.floor(rand() * 30);
    const date = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    // a serial number keeps every generated release distinct (no accidental duplicates to merge)
    const title = `${vary(rand, base.title)} (${i + 1})`;
    rows.push([csvField(paras.join('\n\n')), csvField(`https://example.com/r/${i}`), date, csvField(title)].join(','));
    if (rows.length === ROWS_PER_FILE) flush();
  }
  flush();
  return { dir, releases: n, bytes, codes, companies: [...new Set(bases.map((r) => r.company))] };
}

/** Vary the numbers in a text, keeping their shape. */
function vary(rand: () => number, text: string): string {
  return text.replace(/\d+/g, (d) => (rand() < 0.5 ? d : String(Math.floor(rand() * 10 ** Math.min(d.length, 6))).padStart(Math.min(d.length, 6), '1')));
}
