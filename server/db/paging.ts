import type { PageRequest } from "../knowledge/knowledge.types.js";

/** Prisma skip/take for a page request. */
export function pageWindow(request: PageRequest): { skip: number; take: number } {
  return { skip: (request.page - 1) * request.pageSize, take: request.pageSize };
}
