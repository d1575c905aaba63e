import type { Release } from '../clean/release.js';
import type { TextRun } from './search-types.js';
import { markText, type Highlight } from './snippet.js';

/** A release with every match of a query marked: for the release page. */
export interface HighlightedRelease {
  titleRuns: TextRun[];
  paragraphs: TextRun[][];
  matchCount: number;
}

/** Mark every occurrence of the query's terms and phrases in the title and each body paragraph. */
export function highlightRelease(release: Release, hl: Highlight): HighlightedRelease {
  const titleRuns = markText(release.title, hl);
  const paragraphs = release.body
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => markText(p, hl));
  let matchCount = 0;
  for (const runs of paragraphs) for (const r of runs) if (r.hit) matchCount++;
  return { titleRuns, paragraphs, matchCount };
}
