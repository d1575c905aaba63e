import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Release } from '../clean/release.js';
import { withEntities } from '../analysis/entities.js';
import type { Skipped } from '../filing/filing-part.js';
import type { FileDrafts } from './draft-cache.js';
import type { IngestExtension, Ingester } from './ingester.js';
import { IngestPool, type PoolKind } from './ingest-pool.js';

type IngestFile = (file: string, bytes: Uint8Array, opts?: { deadlineMs?: number }) => unknown;
type FinalizeReleases = (drafts: unknown[], keepState?: boolean, consume?: boolean) => unknown;
type ExtendReleases = (state: unknown, drafts: unknown[], stored: (id: string) => Release | undefined) => unknown;
type IsState = (v: unknown) => boolean;
interface IngestModules {
  ingestFile: IngestFile;
  finalizeReleases: FinalizeReleases;
  extendReleases: ExtendReleases;
  isFinalizeState: IsState;
}

// Loaded on first use so that tools which only read an index do not pay for the ingest code.
let loaded: Promise<IngestModules> | undefined;
const INGEST_FILE = '../clean/ingest-file.js';
const FINALIZE = '../clean/finalize-releases.js';
const EXTEND = '../clean/extend-releases.js';
const STATE = '../clean/finalize-state.js';

/** Load the ingest modules (src/clean). */
export function loadIngest(): Promise<IngestModules> {
  loaded ??= Promise.all([import(INGEST_FILE), import(FINALIZE), import(EXTEND), import(STATE)]).then(([a, b, c, d]) => ({
    ingestFile: (a as { ingestFile: IngestFile }).ingestFile,
    finalizeReleases: (b as { finalizeReleases: FinalizeReleases }).finalizeReleases,
    extendReleases: (c as { extendReleases: ExtendReleases }).extendReleases,
    isFinalizeState: (d as { isFinalizeState: IsState }).isFinalizeState,
  }));
  return loaded;
}

function asFileDrafts(v: unknown): FileDrafts<unknown> {
  if (Array.isArray(v)) return { drafts: v, skipped: [] };
  const o = v as { drafts?: unknown[]; releases?: unknown[]; skipped?: Skipped[] };
  return { drafts: o.drafts ?? o.releases ?? [], skipped: o.skipped ?? [] };
}

function asReleases(v: unknown): Release[] {
  return analysed(Array.isArray(v) ? (v as Release[]) : ((v as { releases: Release[] }).releases ?? []));
}

/**
 * Releases with the entities they name, found once here and stored with them. The entities and
 * removed paragraphs are copied out of the text they were cut from: as slices they would each keep
 * a whole second copy of their release's text alive (at 30,000 releases, 230 MB of the 470 a full
 * build held after finalize).
 */
function analysed(releases: Release[]): Release[] {
  return releases.map((r) => {
    const out = withEntities(r);
    out.entities = structuredClone(out.entities);
    if (out.removed.length) out.removed = structuredClone(out.removed);
    return out;
  });
}

const WORKER_SCRIPT = fileURLToPath(new URL('./ingest-worker.js', import.meta.url));

/**
 * The real ingester: src/clean's per-file ingest and corpus-level finalize. Its pool runs files
 * in worker processes (`poolKind` 'thread': worker threads of this process instead).
 */
export async function createDefaultIngester(poolKind: PoolKind = 'process'): Promise<Ingester<unknown>> {
  const { ingestFile, finalizeReleases, extendReleases, isFinalizeState } = await loadIngest();
  const ingest: Ingester<unknown>['ingestFile'] = (file, bytes, opts) => asFileDrafts(ingestFile(file, bytes, opts));
  return {
    ingestFile: ingest,
    openPool: (jobs, init, caller) => {
      // the compiled worker beside this module (absent when running from TypeScript sources: inline then)
      if (caller !== ingest || jobs < 2 || !existsSync(WORKER_SCRIPT)) return undefined;
      return new IngestPool(jobs, init, WORKER_SCRIPT, poolKind);
    },
    finalize: (drafts) => asReleases(finalizeReleases(drafts)),
    finalizeWithState: (drafts, opts) => {
      const out = finalizeReleases(drafts, true, opts?.consume === true) as { releases: Release[]; state?: unknown };
      return { releases: analysed(out.releases), state: out.state };
    },
    extend: (state, drafts, stored) => {
      if (!isFinalizeState(state)) return 'the saved cleaning state is not readable';
      const out = extendReleases(state, drafts, stored) as { fullRun: string } | IngestExtension;
      return 'fullRun' in out ? out.fullRun : { releases: analysed(out.releases), removed: out.removed, state: out.state };
    },
  };
}
