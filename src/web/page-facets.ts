import type { SearchFilters, SearchRequest, SearchResponse } from '../search/search-types.js';
import type { PageFacets } from './search-page-model.js';

type Search = (req: SearchRequest) => Promise<SearchResponse>;

/** The request without one many-valued filter, asking for one result (only its facets are read). */
function without(req: SearchRequest, name: 'company' | 'year'): SearchRequest {
  const filters: SearchFilters = { ...req.filters };
  delete filters[name];
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
  const [company, year] = await Promise.all(
    (['company', 'year'] as const).map(async (name) => (req.filters?.[name]?.length ? (await search(without(req, name))).facets : res.facets)),
  );
  return { ...res.facets, company: company!.company, year: year!.year };
}
