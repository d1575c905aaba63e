import type { Release } from '../clean/release.js';
import { escapeHtml } from './escape-html.js';
import type { HighlightedRelease } from '../search/highlight-release.js';
import { renderRuns } from './render-runs.js';
import { codeHref } from './render-linked-runs.js';
import { phaseLabel } from '../analysis/entity-phases.js';
import type { RelatedRelease } from '../search/related.js';
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
  /** What it names, linked to their pages (codes with their phases), and the note when a table was cut. */
  entities: { codes: { label: string; href: string; phases: string }[]; trials: { label: string; href: string }[]; phases: string[]; brands: string[]; note?: string };
  related: (RelatedRelease & { href: string })[];
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
export function releasePageModel(release: Release, q: string, hl: HighlightedRelease, back?: string, related: readonly RelatedRelease[] = []): ReleasePageModel {
  const counter = { n: 0 };
  const e = release.entities;
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
    entities: {
      codes: (e?.codes ?? []).map((c) => ({ label: c.display, href: codeHref(c.display), phases: c.phases.map(phaseLabel).join(', ') })),
      trials: (e?.trials ?? []).map((t) => ({ label: t.id, href: `/trial/${encodeURIComponent(t.id)}` })),
      phases: (e?.phases ?? []).map((p) => phaseLabel(p.phase)),
      brands: (e?.brands ?? []).map((b) => b.name),
      ...(e?.capped ? { note: e.capped.note } : {}),
    },
    related: related.map((r) => ({ ...r, href: `/release/${encodeURIComponent(r.id)}` })),
  };
}
