import type { DbTx } from "../db/prisma.js";

export const searchIndexNames = ["experts", "needs", "technologies"] as const;
export type SearchIndexName = (typeof searchIndexNames)[number];

/**
 * Records that documents changed, inside the caller's transaction, so the index worker
 * brings the search index up to date even if the engine is down right now.
 * Set-based (one statement, the ids as one JSON parameter): Prisma's createMany costs
 * about 150 µs a row, which would dominate a bulk import.
 */
export async function enqueueSearchUpdates(
  tx: DbTx,
  index: SearchIndexName,
  documentIds: readonly number[],
): Promise<void> {
  if (documentIds.length === 0) return;
  await tx.$executeRaw`INSERT INTO "SearchOutbox" ("index", "documentId", "createdAt")
    SELECT ${index}, value, ${new Date()} FROM json_each(${JSON.stringify(documentIds)})`;
}
