import type { Page, PageRequest } from "../knowledge/knowledge.types.js";

/** Prisma skip/take for a page request. */
export function pageWindow(request: PageRequest): { skip: number; take: number } {
  return { skip: (request.page - 1) * request.pageSize, take: request.pageSize };
}

/**
 * One page of a keyword-filtered list in relevance order. `rankedIds` are the search engine's
 * hits, best first; `passing` answers which of them also pass the list's other filters (a
 * database query); `load` reads one page of records by id, in the order given.
 */
export async function pageInRankOrder<T>(
  rankedIds: readonly number[],
  request: PageRequest,
  passing: (candidates: number[]) => Promise<{ id: number }[]>,
  load: (ids: readonly number[]) => Promise<T[]>,
): Promise<Page<T>> {
  const passed = new Set((await passing([...rankedIds])).map((row) => row.id));
  const ordered = rankedIds.filter((id) => passed.has(id));
  const { skip, take } = pageWindow(request);
  const items = await load(ordered.slice(skip, skip + take));
  return { items, page: request.page, pageSize: request.pageSize, total: ordered.length };
}
