import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function codeFiles(dir: string, only?: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts') && (!only || only.test(n)))
    .sort()
    .map((n) => join(dir, n));
}

let cached: string | undefined;

/**
 * Fingerprint of the code that decides what gets indexed (reading, cleaning, terms, engine options).
 * When it changes, cached drafts and the index on disk are stale and are rebuilt.
 */
export function codeVersion(): string {
  if (cached) return cached;
  const h = createHash('sha256');
  const files = [
    ...codeFiles(join(here, '..', 'filing')),
    ...codeFiles(join(here, '..', 'clean')),
    ...codeFiles(join(here, '..', 'analysis')),
    ...codeFiles(join(here, '..', 'engine', 'memory'), /^(search-engine|analyze-release|engine-builder|pair-filter)\.(js|ts)$/),
    ...codeFiles(here, /^(default-ingester|ingester)\.(js|ts)$/),
  ];
  for (const f of files) {
    h.update(basename(f));
    h.update(readFileSync(f));
  }
  cached = h.digest('hex').slice(0, 16);
  return cached;
}
