import { findCodes } from '../analysis/entity-codes.js';
import { escapeHtml } from './escape-html.js';
import type { TextRun } from '../search/search-types.js';

/** The page of a code: its shown spelling in the path (any spelling finds it). */
export function codeHref(display: string): string {
  return `/code/${encodeURIComponent(display)}`;
}

/** Escaped text with each code the release names linked to its page. */
function linkCodes(text: string, known: ReadonlyMap<string, string>): string {
  if (known.size === 0) return escapeHtml(text);
  let out = '';
  let at = 0;
  for (const c of findCodes(text)) {
    const display = known.get(c.key);
    if (display === undefined || c.start < at) continue;
    out += `${escapeHtml(text.slice(at, c.start))}<a class="code-link" href="${escapeHtml(codeHref(display))}">${escapeHtml(text.slice(c.start, c.end))}</a>`;
    at = c.end;
  }
  return out + escapeHtml(text.slice(at));
}

/**
 * Runs as HTML for a page: matches in `<mark>`, the codes the release names (`codes`, from its
 * entities) as links to their pages; every byte of filing text escaped. (The API's snippets stay
 * `<mark>`-only: render-runs.ts.)
 */
export function renderLinkedRuns(runs: readonly TextRun[], codes: readonly { key: string; display: string }[]): string {
  const known = new Map(codes.map((c) => [c.key, c.display]));
  return runs.map((r) => (r.hit ? `<mark>${linkCodes(r.text, known)}</mark>` : linkCodes(r.text, known))).join('');
}
