import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { finalizeReleases } from '../../src/clean/finalize-releases.js';
import { ingestFile } from '../../src/clean/ingest-file.js';
import type { Release } from '../../src/clean/release.js';
import { withEntities } from '../../src/analysis/entities.js';
import type { Skipped } from '../../src/filing/filing-part.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const INGEST = join(FIXTURES, 'ingest');

/** Every file under `dir`, sorted, as absolute paths. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Ingest filings the way the indexer does, names relative to `root`. */
export function ingest(paths: readonly string[], root = INGEST): { releases: Release[]; skipped: Skipped[] } {
  const drafts = [];
  const skipped: Skipped[] = [];
  for (const path of paths) {
    const out = ingestFile(relative(root, path).split(sep).join('/'), readFileSync(path));
    drafts.push(...out.drafts);
    skipped.push(...out.skipped);
  }
  return { releases: finalizeReleases(drafts).releases, skipped };
}

/** Ingest filings as the indexer stores them: cleaned, then with the entities they name (reindex/default-ingester.ts). */
export function ingestAnalysed(paths: readonly string[], root = INGEST): { releases: Release[]; skipped: Skipped[] } {
  const out = ingest(paths, root);
  return { releases: out.releases.map(withEntities), skipped: out.skipped };
}
