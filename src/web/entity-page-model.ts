import { findCodes } from '../analysis/entity-codes.js';
import { phaseLabel } from '../analysis/entity-phases.js';
import { nextOffset, TIMELINE_SIZE, type EntityPage } from '../search/entity-pages.js';
import { escapeHtml } from './escape-html.js';
import { quarterChart } from './quarter-chart.js';
import { codeHref } from './render-linked-runs.js';

export interface EntityPageModel {
  pageTitle: string;
  heading: string;
  kindLabel: string;
  page: EntityPage;
  /** Each entry's sentences as HTML: the entity marked, everything escaped. */
  entries: { href: string; date: string; company: string; title: string; sentencesHtml: string[]; phases: string[]; beside: { label: string; href: string }[] }[];
  chartSvg: string;
  order: { newest: string; oldest: string; newestFirst: boolean };
  /** Links to the pages of the timeline before and after this one, and which releases it lists (`26–50`). */
  pager: { previous?: string; next?: string; from: number; to: number };
  /** The search box scoped to this entity: its filter as a hidden field. */
  scope: { name: 'code' | 'trial'; value: string };
  registryUrl?: string;
  co: { codes: { label: string; href: string }[]; trials: { label: string; href: string }[]; brands: string[] };
}

/** The sentence with the entity marked: each code with this key, or each occurrence of the id. */
function markSentence(sentence: string, page: EntityPage): string {
  const spans = page.kind === 'code'
    ? findCodes(sentence).filter((c) => c.key === page.key)
    : [...sentence.matchAll(/NCT\s?\d{8}|ISRCTN\s?\d{5,8}|(?:19|20)\d{2}-\d{6}-\d{2}/gi)].filter((m) => m[0].replace(/\s+/g, '').toUpperCase() === page.key).map((m) => ({ start: m.index, end: m.index + m[0].length }));
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += `${escapeHtml(sentence.slice(at, s.start))}<mark>${escapeHtml(sentence.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return out + escapeHtml(sentence.slice(at));
}

export const trialHref = (id: string) => `/trial/${encodeURIComponent(id)}`;

function pagerOf(page: EntityPage, base: string, newestFirst: boolean): EntityPageModel['pager'] {
  const at = (offset: number) => {
    const params = new URLSearchParams();
    if (!newestFirst) params.set('order', 'oldest');
    if (offset > 0) params.set('offset', String(offset));
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  };
  const next = nextOffset(page);
  return {
    ...(page.offset > 0 ? { previous: at(Math.max(0, page.offset - TIMELINE_SIZE)) } : {}),
    ...(next !== undefined ? { next: at(next) } : {}),
    from: page.entries.length ? page.offset + 1 : 0,
    to: page.offset + page.entries.length,
  };
}

/** What the code and trial pages show. */
export function entityPageModel(page: EntityPage, newestFirst: boolean, codeNames: ReadonlyMap<string, string> = new Map()): EntityPageModel {
  const base = page.kind === 'code' ? codeHref(page.display) : trialHref(page.key);
  const besideLink = (v: string) => (page.kind === 'code' ? { label: v, href: trialHref(v) } : { label: codeNames.get(v) ?? v, href: codeHref(codeNames.get(v) ?? v) });
  return {
    pageTitle: `${page.display} – ${page.kind === 'code' ? 'code' : 'trial'} – Press-release search`,
    heading: page.display,
    kindLabel: page.kind === 'code' ? 'Code' : 'Trial',
    page,
    entries: page.entries.map((e) => ({
      href: `/release/${encodeURIComponent(e.id)}?q=${encodeURIComponent(page.kind === 'code' ? `code:${page.display}` : `trial:${page.key}`)}`,
      date: e.date,
      company: e.company,
      title: e.title,
      sentencesHtml: e.sentences.map((s) => markSentence(s, page)),
      phases: e.phases.map(phaseLabel),
      beside: e.beside.map(besideLink),
    })),
    chartSvg: quarterChart(page.perQuarter, page.display),
    order: { newest: base, oldest: `${base}?order=oldest`, newestFirst },
    pager: pagerOf(page, base, newestFirst),
    scope: { name: page.kind, value: page.kind === 'code' ? page.display : page.key },
    ...(page.kind === 'trial' && page.key.startsWith('NCT') ? { registryUrl: `https://clinicaltrials.gov/study/${encodeURIComponent(page.key)}` } : {}),
    ...(page.kind === 'trial' && page.key.startsWith('ISRCTN') ? { registryUrl: `https://www.isrctn.com/${encodeURIComponent(page.key)}` } : {}),
    ...(page.kind === 'trial' && /^\d/.test(page.key) ? { registryUrl: `https://www.clinicaltrialsregister.eu/ctr-search/search?query=${encodeURIComponent(page.key)}` } : {}),
    co: {
      codes: page.coCodes.map((c) => ({ label: `${c.value} (${c.count})`, href: codeHref(c.value) })),
      trials: page.coTrials.map((t) => ({ label: `${t.value} (${t.count})`, href: trialHref(t.value) })),
      brands: page.brands.map((b) => `${b.value} (${b.count})`),
    },
  };
}
