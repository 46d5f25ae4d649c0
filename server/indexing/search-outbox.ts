import type { DbTx } from "../db/prisma.js";

export const searchIndexNames = ["experts", "needs", "technologies"] as const;
export type SearchIndexName = (typeof searchIndexNames)[number];

/**
 * Records that documents changed, inside the caller's transaction, so the index worker
 * brings the search index up to date even if the engine is down right now.
 */
export async function enqueueSearchUpdates(tx: DbTx, index: SearchIndexName, documentIds: readonly number[]): Promise<void> {
  if (documentIds.length === 0) return;
  await tx.searchOutbox.createMany({ data: documentIds.map((documentId) => ({ index, documentId })) });
}
