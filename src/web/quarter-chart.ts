import { escapeHtml } from './escape-html.js';

const HEIGHT = 120;
const LABEL = 28;
// The chart fits this width where it can: bars narrow (to MIN_SLOT) before it scrolls.
const WIDTH = 760;
const MAX_SLOT = 18;
const MIN_SLOT = 5;
// A year label is about this wide at the axis font size.
const LABEL_WIDTH = 30;

/**
 * Releases per quarter as an SVG bar chart, drawn on the server: no script, no style attribute
 * (the CSP allows neither inline), colours from the page's CSS (`currentColor`, so dark mode
 * holds), a title and description for screen readers. Every label is escaped.
 */
export function quarterChart(perQuarter: readonly { quarter: string; count: number }[], name: string): string {
  if (perQuarter.length === 0) return '';
  const slot = Math.max(MIN_SLOT, Math.min(MAX_SLOT, Math.floor(WIDTH / perQuarter.length)));
  const gap = slot > 8 ? 4 : 1;
  const bar = slot - gap;
  // a label on every year's first quarter, or every fifth year's where years are narrower than a label
  const everyYears = slot * 4 >= LABEL_WIDTH ? 1 : 5;
  const max = Math.max(...perQuarter.map((q) => q.count), 1);
  const width = perQuarter.length * slot + gap;
  const total = perQuarter.reduce((n, q) => n + q.count, 0);
  const busiest = perQuarter.reduce((a, b) => (b.count > a.count ? b : a));
  const desc = `${total} releases from ${perQuarter[0]!.quarter} to ${perQuarter[perQuarter.length - 1]!.quarter}; most in ${busiest.quarter} (${busiest.count}).`;
  const bars = perQuarter
    .map((q, i) => {
      const h = q.count ? Math.max(1, Math.round((q.count / max) * (HEIGHT - 10))) : 0;
      const x = gap + i * slot;
      const year = Number(q.quarter.slice(0, 4));
      const labelled = (i === 0 && perQuarter.length < 4 * everyYears) || (q.quarter.endsWith('Q1') && year % everyYears === 0);
      const label = labelled ? `<text class="axis" x="${x}" y="${HEIGHT + 16}">${escapeHtml(q.quarter.slice(0, 4))}</text>` : '';
      return `<rect class="bar" x="${x}" y="${HEIGHT - h}" width="${bar}" height="${h}"><title>${escapeHtml(q.quarter)}: ${q.count}</title></rect>${label}`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${HEIGHT + LABEL}" width="${width}" height="${HEIGHT + LABEL}" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Releases naming ${escapeHtml(name)} per quarter</title><desc id="chart-desc">${escapeHtml(desc)}</desc><line class="baseline" x1="0" y1="${HEIGHT}" x2="${width}" y2="${HEIGHT}"/>${bars}</svg>`;
}
