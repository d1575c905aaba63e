import type { Release } from '../clean/release.js';
import { escapeHtml } from './escape-html.js';
import type { HighlightedRelease } from '../search/highlight-release.js';
import { renderRuns } from './render-runs.js';
import { dateNote, identityOf, type ReleaseIdentity } from '../search/release-identity.js';
import type { TextRun } from '../search/search-types.js';

export interface ReleasePageModel {
  q: string;
  pageTitle: string;
  release: Release;
  titleHtml: string;
  /** Paragraphs as `<mark>`-only HTML; every mark carries an id for next/previous navigation. */
  paragraphsHtml: string[];
  matchCount: number;
  backHref: string;
  /** The filing the release came from (its first identified source): form, filing date, sec.gov link; '' where unknown. */
  filing: ReleaseIdentity;
  /** Set when the dateline and the filing date disagree by more than a month. */
  dateNote?: string;
}

/** Render runs with numbered marks (`m1`, `m2`, …) so links and keys can jump between matches. */
function renderNumbered(runs: readonly TextRun[], counter: { n: number }): string {
  return runs
    .map((r) => {
      if (!r.hit) return escapeHtml(r.text);
      counter.n++;
      return `<mark id="m${counter.n}">${escapeHtml(r.text)}</mark>`;
    })
    .join('');
}

/** `back`: the results page the release was opened from (already checked by resultsPath), else a search for `q`. */
export function releasePageModel(release: Release, q: string, hl: HighlightedRelease, back?: string): ReleasePageModel {
  const counter = { n: 0 };
  return {
    q,
    pageTitle: q ? `${release.title} – ${q}` : release.title,
    release,
    titleHtml: renderRuns(hl.titleRuns),
    paragraphsHtml: hl.paragraphs.map((p) => renderNumbered(p, counter)),
    matchCount: counter.n,
    backHref: back ?? (q ? `/search?q=${encodeURIComponent(q)}` : '/'),
    filing: identityOf(release),
    ...(dateNote(release) ? { dateNote: dateNote(release)! } : {}),
  };
}
