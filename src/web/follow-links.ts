import type { ExportFormat } from '../search/export.js';
import type { SearchRequest } from '../search/search-types.js';
import { searchUrl } from './search-links.js';

/** The search's parameters (query, filters, and the sort when `withSort`), without paging. */
function paramsOf(req: SearchRequest, withSort: boolean): string {
  const url = searchUrl({ ...req, page: 1, size: 10, sort: withSort ? req.sort : 'relevance' });
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

/** The Atom feed of a search (always the newest matches, so the sort is not part of it). */
export function feedPath(req: SearchRequest): string {
  const p = paramsOf(req, false);
  return p ? `/feed.atom?${p}` : '/feed.atom';
}

/** The export of every match of a search, in its order. */
export function exportPath(req: SearchRequest, format: ExportFormat): string {
  const p = paramsOf(req, true);
  return `/api/export?${p ? `${p}&` : ''}format=${format}`;
}

/** The feed of one issuer's releases (the release page offers it). */
export function companyFeedPath(company: string): string {
  return `/feed.atom?${new URLSearchParams({ company }).toString()}`;
}

/** A readable description of a search: `"GTI-2040" · company Lorus · from 2004-01-01`. */
export function describeSearch(req: SearchRequest): string {
  const f = req.filters ?? {};
  const parts: string[] = [];
  if (req.q.trim()) parts.push(`“${req.q.trim()}”`);
  for (const c of f.company ?? []) parts.push(`company ${c}`);
  if (f.ticker) parts.push(`ticker ${f.ticker}`);
  if (f.year?.length) parts.push(`year ${f.year.join(' or ')}`);
  if (f.from) parts.push(`from ${f.from}`);
  if (f.to) parts.push(`to ${f.to}`);
  for (const c of f.code ?? []) parts.push(`code ${c}`);
  for (const t of f.trial ?? []) parts.push(`trial ${t}`);
  for (const p of f.phase ?? []) parts.push(`phase ${p}`);
  return parts.join(' · ') || 'every release';
}
