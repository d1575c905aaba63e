import type { Skipped } from '../filing/filing-part.js';
import { readFiling } from '../filing/read-filing.js';
import { append } from './append.js';
import type { Draft } from './draft.js';
import { checkDeadline, IngestBudgetError } from '../filing/ingest-budget.js';
import { splitReleases } from './split-releases.js';

/**
 * Read one filing and split it into draft releases; never throws for bad input. With
 * `deadlineMs` (performance.now() clock), throws IngestBudgetError once it has passed: the
 * caller skips the file rather than wait on it.
 */
export function ingestFile(file: string, bytes: Uint8Array, opts: { deadlineMs?: number } = {}): { drafts: Draft[]; skipped: Skipped[] } {
  const { deadlineMs } = opts;
  const read = readFiling(file, bytes, deadlineMs);
  const drafts: Draft[] = [];
  const skipped: Skipped[] = [...read.skipped];
  for (const part of read.parts) {
    checkDeadline(deadlineMs, `before ${part.part}`);
    try {
      const out = splitReleases(part, deadlineMs);
      append(drafts, out.drafts);
      append(skipped, out.skipped);
    } catch (err) {
      if (err instanceof IngestBudgetError) throw err;
      skipped.push({ file, part: part.part, reason: `cannot be split into releases (${(err as Error).message})` });
    }
  }
  return { drafts, skipped };
}
