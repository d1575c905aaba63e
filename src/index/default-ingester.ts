import type { Release } from '../clean/release.js';
import type { Skipped } from '../filing/filing-part.js';
import type { FileDrafts } from './draft-cache.js';
import type { Ingester } from './ingester.js';

type IngestFile = (file: string, bytes: Uint8Array) => unknown;
type FinalizeReleases = (drafts: unknown[]) => unknown;

// Loaded on first use so that tools which only read an index do not pay for the ingest code.
let loaded: Promise<{ ingestFile: IngestFile; finalizeReleases: FinalizeReleases }> | undefined;
const INGEST_FILE = '../clean/ingest-file.js';
const FINALIZE = '../clean/finalize-releases.js';

/** Load the ingest modules (src/clean). */
export function loadIngest(): Promise<{ ingestFile: IngestFile; finalizeReleases: FinalizeReleases }> {
  loaded ??= Promise.all([import(INGEST_FILE), import(FINALIZE)]).then(([a, b]) => ({
    ingestFile: (a as { ingestFile: IngestFile }).ingestFile,
    finalizeReleases: (b as { finalizeReleases: FinalizeReleases }).finalizeReleases,
  }));
  return loaded;
}

function asFileDrafts(v: unknown): FileDrafts<unknown> {
  if (Array.isArray(v)) return { drafts: v, skipped: [] };
  const o = v as { drafts?: unknown[]; releases?: unknown[]; skipped?: Skipped[] };
  return { drafts: o.drafts ?? o.releases ?? [], skipped: o.skipped ?? [] };
}

function asReleases(v: unknown): Release[] {
  return Array.isArray(v) ? (v as Release[]) : ((v as { releases: Release[] }).releases ?? []);
}

/** The real ingester: src/clean's per-file ingest and corpus-level finalize. Call loadIngest() first. */
export async function createDefaultIngester(): Promise<Ingester<unknown>> {
  const { ingestFile, finalizeReleases } = await loadIngest();
  return {
    ingestFile: (file, bytes) => asFileDrafts(ingestFile(file, bytes)),
    finalize: (drafts) => asReleases(finalizeReleases(drafts)),
  };
}
