import { escapeHtml } from './escape-html.js';

const BAR = 14;
const GAP = 4;
const HEIGHT = 120;
const LABEL = 28;

/**
 * Mentions per quarter as an SVG bar chart, drawn on the server: no script, no style attribute
 * (the CSP allows neither inline), colours from the page's CSS (`currentColor`, so dark mode
 * holds), a title and description for screen readers. Every label is escaped.
 */
export function quarterChart(perQuarter: readonly { quarter: string; count: number }[], name: string, unit: 'quarter' | 'year' = 'quarter'): string {
  if (perQuarter.length === 0) return '';
  const max = Math.max(...perQuarter.map((q) => q.count), 1);
  const width = perQuarter.length * (BAR + GAP) + GAP;
  const total = perQuarter.reduce((n, q) => n + q.count, 0);
  const busiest = perQuarter.reduce((a, b) => (b.count > a.count ? b : a));
  const desc = `${total} releases from ${perQuarter[0]!.quarter} to ${perQuarter[perQuarter.length - 1]!.quarter}; most in ${busiest.quarter} (${busiest.count}).`;
  const bars = perQuarter
    .map((q, i) => {
      const h = Math.round((q.count / max) * (HEIGHT - 10));
      const x = GAP + i * (BAR + GAP);
      const label = unit === 'year' ? (i === 0 || i === perQuarter.length - 1 || Number(q.quarter) % 5 === 0 ? `<text class="axis" x="${x}" y="${HEIGHT + 16}">${escapeHtml(q.quarter)}</text>` : '') : i === 0 || q.quarter.endsWith('Q1') ? `<text class="axis" x="${x}" y="${HEIGHT + 16}">${escapeHtml(q.quarter.slice(0, 4))}</text>` : '';
      return `<rect class="bar" x="${x}" y="${HEIGHT - h}" width="${BAR}" height="${h}"><title>${escapeHtml(q.quarter)}: ${q.count}</title></rect>${label}`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${HEIGHT + LABEL}" width="${width}" height="${HEIGHT + LABEL}" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">Releases naming ${escapeHtml(name)} per ${unit}</title><desc id="chart-desc">${escapeHtml(desc)}</desc><line class="baseline" x1="0" y1="${HEIGHT}" x2="${width}" y2="${HEIGHT}"/>${bars}</svg>`;
}
