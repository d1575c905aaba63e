import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { Skipped } from '../filing/filing-part.js';
import { createDefaultIngester } from '../reindex/default-ingester.js';
import { escapeControl } from './escape-name.js';
import { dateNote, identityOf } from '../search/release-identity.js';

const HELP = `Usage: npm run -s inspect -- [--json] [--corpus DIR] FILE…

Show what the ingester makes of filings, without indexing them: the releases (title, date,
company, tickers, clean body, sources, and what was removed as boilerplate and why) and the
parts skipped with a reason.

  --json         print { releases: [...], skipped: [...] }
  --corpus DIR   paths in sources are given relative to this folder (default corpus/)
`;

/** Run the inspect command; returns the exit code. */
export async function main(argv: string[], cwd: string): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, corpus: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`inspect: ${(err as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.positionals.length === 0) {
    process.stderr.write('inspect: name at least one filing, e.g. npm run -s inspect -- --json corpus/seeds/*.txt\n');
    return 2;
  }
  const corpus = resolve(cwd, parsed.values.corpus ?? 'corpus');
  const ingester = await createDefaultIngester();
  const drafts: unknown[] = [];
  const skipped: Skipped[] = [];
  for (const arg of parsed.positionals) {
    const path = resolve(cwd, arg);
    let bytes: Buffer;
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      bytes = readFileSync(path);
    } catch (err) {
      process.stderr.write(`inspect: cannot read ${escapeControl(arg)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the path of a filing\n`);
      return 2;
    }
    const rel = relative(corpus, path);
    const name = (rel.startsWith('..') ? relative(cwd, path) : rel).split(sep).join('/');
    const out = ingester.ingestFile(name, bytes);
    drafts.push(...out.drafts);
    skipped.push(...out.skipped);
  }
  const releases = ingester.finalize(drafts);
  if (parsed.values.json) {
    // each release as it is stored (sources with their filing identity), with its date note where there is one
    const shown = releases.map((r) => {
      const note = dateNote(r);
      return note ? { ...r, dateNote: note } : r;
    });
    process.stdout.write(`${JSON.stringify({ releases: shown, skipped }, null, 2)}\n`);
    return 0;
  }
  for (const r of releases) {
    process.stdout.write(`\n${r.title}\n  ${[r.date, r.place, r.company, r.tickers.join(' ')].filter(Boolean).join(' · ')}\n  id ${r.id} · ${r.body.split('\n\n').length} paragraphs · ${r.removed.length} removed\n  from ${r.sources.map((s) => `${escapeControl(s.file)} (${s.part})`).join('; ')}\n`);
    if (r.subtitle) process.stdout.write(`  ${r.subtitle}\n`);
    const filing = identityOf(r);
    if (filing.form || filing.filedAt || filing.secUrl) process.stdout.write(`  ${[filing.form && `form ${filing.form}`, filing.filedAt && `filed ${filing.filedAt}`, filing.cik && `CIK ${filing.cik}`, filing.accession, filing.secUrl].filter(Boolean).join(' · ')}\n`);
    const note = dateNote(r);
    if (note) process.stdout.write(`  note: ${note}\n`);
  }
  for (const s of skipped) process.stdout.write(`skipped ${escapeControl(s.file)} (${s.part}): ${s.reason}\n`);
  process.stdout.write(`\n${releases.length} releases, ${skipped.length} skipped parts\n`);
  return 0;
}

// `… | head` closes the pipe early: that is not an error
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2), process.cwd());
