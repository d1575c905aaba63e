import type { SearchFilters, SearchRequest, SearchResponse } from '../search/search-types.js';
import type { PageFacets } from './search-page-model.js';

type Search = (req: SearchRequest) => Promise<SearchResponse>;

/** Which filters each listed facet picks: an issuer is picked by name or, where known, by CIK. */
const PICKED_BY = { company: ['company', 'cik'], year: ['year'], form: ['form'] } as const satisfies Record<'company' | 'year' | 'form', readonly (keyof SearchFilters)[]>;

/** The request without the filters one facet picks, asking for one result (only its facets are read). */
function without(req: SearchRequest, names: readonly (keyof SearchFilters)[]): SearchRequest {
  const filters: SearchFilters = { ...req.filters };
  for (const name of names) delete filters[name];
  const { filters: _f, ...rest } = req;
  void _f;
  return { ...rest, page: 1, size: 1, ...(Object.keys(filters).length ? { filters } : {}) };
}

/**
 * The facets a results page lists. A facet whose values are picked is counted as if none of
 * them were (every other filter still applies), so the other values stay listed and can be
 * picked too (several companies: releases of any of them); a facet with nothing picked is the
 * answer's own, so each count is exactly what picking it returns.
 */
export async function pageFacets(search: Search, req: SearchRequest, res: SearchResponse): Promise<PageFacets> {
  const names = Object.keys(PICKED_BY) as (keyof typeof PICKED_BY)[];
  const counted = await Promise.all(
    names.map(async (name) => {
      const picks = PICKED_BY[name];
      return picks.some((p) => req.filters?.[p]?.length) ? (await search(without(req, picks))).facets[name] : res.facets[name];
    }),
  );
  return { ...res.facets, company: counted[0]!, year: counted[1]!, form: counted[2]! };
}
