import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { matchingIds } from '../search/export.js';
import { MAX_QUERY_LENGTH } from '../search/limits.js';

/**
 * Saved searches: named queries kept in `watches.json` beside the index (a reindex, `--full` too,
 * deletes only its own generation files). Each remembers the ids of the releases it matched when
 * it was last checked; what matches now and is not among them is new.
 */
export const WATCHES_FILE = 'watches.json';

export interface Watch {
  name: string;
  /** The query in the query language, filters included (`company:`, `year:`, …). */
  q: string;
  addedAt: string;
  checkedAt: string;
  /** Ids of the releases the query matched at the last check. */
  seen: string[];
}

export interface NewRelease {
  id: string;
  title: string;
  date: string;
  company: string;
  url: string;
}

export interface WatchReport {
  name: string;
  q: string;
  since: string;
  new: NewRelease[];
}

/** A saved-search command that cannot be done as asked (exit code 2). */
export class WatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WatchError';
  }
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function checkName(name: string): string {
  if (!NAME.test(name)) throw new WatchError(`a saved search's name is 1 to 64 letters, digits, - or _; got ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

/** The saved searches of an index folder ([] when none are saved). */
export function readWatches(indexDir: string): Watch[] {
  let text: string;
  try {
    text = readFileSync(join(indexDir, WATCHES_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const data = JSON.parse(text) as { watches?: Watch[] };
  return Array.isArray(data.watches) ? data.watches : [];
}

/** When the file last changed (0 when there is none): the page's counts are remembered until then. */
export function watchesStamp(indexDir: string): number {
  try {
    return statSync(join(indexDir, WATCHES_FILE)).mtimeMs;
  } catch {
    return 0;
  }
}

export function writeWatches(indexDir: string, watches: readonly Watch[]): void {
  writeFileAtomic(indexDir, WATCHES_FILE, Buffer.from(`${JSON.stringify({ version: 1, watches }, null, 1)}\n`));
}

export function addWatch(watches: readonly Watch[], name: string, q: string, seen: string[], now: string): Watch[] {
  checkName(name);
  if (!q.trim()) throw new WatchError('give the query to save, e.g. watch add gti "GTI-2040"');
  if (q.length > MAX_QUERY_LENGTH) throw new WatchError(`the query is ${q.length} characters long; the limit is ${MAX_QUERY_LENGTH}`);
  if (watches.some((w) => w.name === name)) throw new WatchError(`a saved search named ${name} exists already (remove it first, or pick another name)`);
  return [...watches, { name, q: q.trim(), addedAt: now, checkedAt: now, seen }];
}

export function removeWatch(watches: readonly Watch[], name: string): Watch[] {
  if (!watches.some((w) => w.name === name)) throw new WatchError(`no saved search is named ${JSON.stringify(name.slice(0, 80))}${watches.length ? ` (saved: ${watches.map((w) => w.name).join(', ')})` : ''}`);
  return watches.filter((w) => w.name !== name);
}

/** The ids in `current` that are not in `seen`, in `current`'s order. */
export function newSince(seen: readonly string[], current: readonly string[]): string[] {
  const old = new Set(seen);
  return current.filter((id) => !old.has(id));
}

/** What a saved search matches now (newest first). */
export const currentMatches = (engine: Engine, q: string) => matchingIds(engine, { q, sort: 'date' });

/**
 * Each saved search's releases new since its last check, newest first, and the searches as they
 * are to be saved after this check (`seen` is what matches now).
 */
export async function checkWatches(engine: Engine, watches: readonly Watch[], opts: { origin: string; now: string }): Promise<{ reports: WatchReport[]; updated: Watch[] }> {
  const reports: WatchReport[] = [];
  const updated: Watch[] = [];
  for (const w of watches) {
    const current = await currentMatches(engine, w.q);
    const fresh = newSince(w.seen, current);
    const releases = await engine.releases(fresh);
    reports.push({
      name: w.name,
      q: w.q,
      since: w.checkedAt,
      new: releases.flatMap((r) => (r ? [{ id: r.id, title: r.title, date: r.date, company: r.company, url: `${opts.origin}/release/${encodeURIComponent(r.id)}?q=${encodeURIComponent(w.q)}` }] : [])),
    });
    updated.push({ ...w, checkedAt: opts.now, seen: current });
  }
  return { reports, updated };
}

/** The reports as text: per saved search, its new releases (title, date, issuer, link). */
export function formatReports(reports: readonly WatchReport[], heading = 'New for your saved searches'): string {
  const total = reports.reduce((n, r) => n + r.new.length, 0);
  const lines = [`${heading}: ${total === 0 ? 'nothing new' : `${total} new release${total === 1 ? '' : 's'}`}`];
  for (const r of reports) {
    lines.push(`  ${r.name} (${r.q}): ${r.new.length} new since ${r.since.slice(0, 16).replace('T', ' ')}`);
    for (const n of r.new.slice(0, 20)) lines.push(`    ${n.date || 'undated'} · ${n.company || 'Unknown issuer'} · ${n.title}\n      ${n.url}`);
    if (r.new.length > 20) lines.push(`    … and ${r.new.length - 20} more (watch check --json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The section a reindex ends with when searches are saved: what is new for each since its last
 * `watch check` (read-only: the check, run by a person or cron, is what marks releases seen).
 */
export async function savedSearchSection(engine: Engine, indexDir: string, origin: string): Promise<string> {
  const watches = readWatches(indexDir);
  if (watches.length === 0) return '';
  const { reports } = await checkWatches(engine, watches, { origin, now: new Date().toISOString() });
  return `\n${formatReports(reports)}`;
}
