import type { Skipped } from '../filing/filing-part.js';
import { readFiling } from '../filing/read-filing.js';
import type { Draft } from './draft.js';
import { splitReleases } from './split-releases.js';

/** Read one filing and split it into draft releases; never throws for bad input. */
export function ingestFile(file: string, bytes: Uint8Array): { drafts: Draft[]; skipped: Skipped[] } {
  const read = readFiling(file, bytes);
  const drafts: Draft[] = [];
  const skipped: Skipped[] = [...read.skipped];
  for (const part of read.parts) {
    try {
      const out = splitReleases(part);
      drafts.push(...out.drafts);
      skipped.push(...out.skipped);
    } catch (err) {
      skipped.push({ file, part: part.part, reason: `cannot be split into releases (${(err as Error).message})` });
    }
  }
  return { drafts, skipped };
}
