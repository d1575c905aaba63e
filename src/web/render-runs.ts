import { escapeHtml } from './escape-html.js';
import type { TextRun } from '../search/search-types.js';

/** Render runs as HTML whose only tags are `<mark>`: every byte of filing text is escaped. */
export function renderRuns(runs: readonly TextRun[]): string {
  return runs.map((r) => (r.hit ? `<mark>${escapeHtml(r.text)}</mark>` : escapeHtml(r.text))).join('');
}
