import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DraftCache, FileDrafts } from './draft-cache.js';
import type { IngestOutcome, IngestTask, Ingester } from './ingester.js';

/** How long one file may take to ingest before it is reported and skipped. */
export const DEFAULT_FILE_BUDGET_MS = 30_000;

/** Why a file over its budget was skipped, as the summary lists it. */
export const overBudgetReason = (budgetMs: number) =>
  `skipped: ingest took longer than the ${budgetMs >= 1000 ? `${budgetMs / 1000} s` : `${budgetMs} ms`} budget per file (check the file: no filing should take that long)`;





export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Ingest one file within a budget: the ingester stops itself at the deadline (IngestBudgetError,
 * recognised by name since src/clean is loaded lazily) or, if it does not check, its result is
 * refused when it comes back late. Returns the drafts, or the reason the file was skipped.
 */
export function ingestWithin<D>(ingester: Ingester<D>, f: string, bytes: Uint8Array, budgetMs: number): FileDrafts<D> | { overBudget: string } {
  const started = performance.now();
  try {
    const out = ingester.ingestFile(f, bytes, { deadlineMs: started + budgetMs });
    return performance.now() - started > budgetMs ? { overBudget: overBudgetReason(budgetMs) } : out;
  } catch (err) {
    if ((err as Error).name === 'IngestBudgetError') return { overBudget: overBudgetReason(budgetMs) };
    throw err;
  }
}

/**
 * Read, hash and ingest one file, caching what ingest made of it: the same steps whether run
 * inline or in an ingest worker, so both give the same drafts.
 */
export function runIngestTask<D>(task: IngestTask, ingester: Ingester<D>, cache: DraftCache<D>, budgetMs: number): IngestOutcome {
  try {
    return ingestTask(task, ingester, cache, budgetMs);
  } catch (err) {
    // reading the file, or writing its cache entry (a full disk): the file is reported, the run goes on
    return { kind: 'unreadable', reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
}

function ingestTask<D>(task: IngestTask, ingester: Ingester<D>, cache: DraftCache<D>, budgetMs: number): IngestOutcome {
  const bytes = readFileSync(task.path);
  const hash = sha256(bytes);
  let damaged = false;
  if (task.cachedHash === hash) {
    const cached = cache.get(task.file, hash, () => (damaged = true));
    if (cached) return { kind: 'drafts', hash, bytes: bytes.length, fromCache: true, result: cached as FileDrafts<unknown> };
  }
  const more = damaged ? { damaged } : {};
  let reason: string | undefined;
  let result: FileDrafts<D> | undefined;
  try {
    const out = ingestWithin(ingester, task.file, bytes, budgetMs);
    if ('overBudget' in out) reason = out.overBudget;
    else result = out;
  } catch (err) {
    reason = `cannot be ingested (${(err as Error).message})`;
  }
  if (!result) return { kind: 'failed', hash, bytes: bytes.length, reason: reason ?? 'cannot be ingested', ...more };
  if (!task.dryRun) cache.put(task.file, hash, result);
  return { kind: 'drafts', hash, bytes: bytes.length, fromCache: false, result: result as FileDrafts<unknown>, ...more };
}
