import type { CodeIndex, CodeListing } from '../search/code-index.js';
import { HttpError } from './http-error.js';
import { codeHref } from './render-linked-runs.js';

export type CodeSort = 'releases' | 'code' | 'latest' | 'issuer';
const SORTS: readonly CodeSort[] = ['releases', 'code', 'latest', 'issuer'];

export interface CodesPageModel {
  rows: (CodeListing & { href: string })[];
  total: number;
  filter: string;
  sort: CodeSort;
  /** Column headers: each sorts by its column, keeping the filter. */
  sorts: { label: string; href: string; current: boolean }[];
  note?: string;
}

const compare: Record<CodeSort, (a: CodeListing, b: CodeListing) => number> = {
  releases: (a, b) => b.releases - a.releases || a.display.localeCompare(b.display),
  code: (a, b) => a.display.localeCompare(b.display, 'en', { numeric: true }),
  latest: (a, b) => (a.latest < b.latest ? 1 : a.latest > b.latest ? -1 : 0) || a.display.localeCompare(b.display),
  issuer: (a, b) => (a.issuers[0] ?? '\uffff').localeCompare(b.issuers[0] ?? '\uffff') || a.display.localeCompare(b.display),
};

const one = (v: unknown, name: string, max: number): string => {
  if (v === undefined) return '';
  if (typeof v !== 'string' || v.length > max) throw new HttpError(400, 'bad-parameter', `Give the parameter "${name}" once, at most ${max} characters.`);
  return v.trim();
};

/** `/codes?filter=&sort=`: every code, filtered by code or issuer (case aside), sorted by a column. */
export function codesPageModel(index: CodeIndex, query: Record<string, unknown>): CodesPageModel {
  const filter = one(query['filter'], 'filter', 100);
  const sortRaw = one(query['sort'], 'sort', 20);
  const sort = SORTS.find((s) => s === sortRaw) ?? 'releases';
  const f = filter.toLowerCase().replace(/[\s-]+/g, '');
  const rows = index.codes
    .filter((c) => !f || c.key.includes(f) || c.display.toLowerCase().replace(/[\s-]+/g, '').includes(f) || c.issuers.some((i) => i.toLowerCase().replace(/[\s-]+/g, '').includes(f)))
    .sort(compare[sort])
    .map((c) => ({ ...c, href: codeHref(c.display) }));
  const link = (s: CodeSort) => {
    const pairs: [string, string][] = [...(filter ? [['filter', filter] as [string, string]] : []), ...(s !== 'releases' ? [['sort', s] as [string, string]] : [])];
    return pairs.length ? `/codes?${new URLSearchParams(pairs).toString()}` : '/codes';
  };
  const model: CodesPageModel = {
    rows,
    total: index.total,
    filter,
    sort,
    sorts: [['code', 'Code'], ['issuer', 'Issuers'], ['releases', 'Releases'], ['latest', 'Latest']].map(([s, label]) => ({ label: label!, href: link(s as CodeSort), current: s === sort })),
  };
  if (index.total > index.codes.length) model.note = `The ${index.codes.length.toLocaleString('en-US')} most named of ${index.total.toLocaleString('en-US')} codes are listed.`;
  return model;
}
