import { Meilisearch } from "meilisearch";
import { afterAll } from "vitest";
import { MeilisearchIndex } from "../../matching/search/meilisearch-index.js";
import { runSearchIndexContract } from "./search-index.contract.js";

/*
 * Runs the shared SearchIndex contract against a real Meilisearch when MEILI_URL is set, e.g.
 *   docker run --rm -p 7700:7700 -e MEILI_MASTER_KEY=dev getmeili/meilisearch:latest
 *   MEILI_URL=http://127.0.0.1:7700 MEILI_API_KEY=dev npx vitest run tests/contract/meilisearch.contract.test.ts
 * Every index it creates carries a per-run prefix and is deleted afterwards.
 */
const url = process.env.MEILI_URL;
const apiKey = process.env.MEILI_API_KEY ?? process.env.MEILI_MASTER_KEY;
const indexPrefix = `scibridge_test_${process.pid}_${Date.now().toString(36)}_`;

if (!url) {
  console.warn(
    "[contract] MeilisearchIndex contract SKIPPED: set MEILI_URL (and MEILI_API_KEY) to run it against a Meilisearch server.",
  );
}

runSearchIndexContract(
  "MeilisearchIndex",
  () =>
    new MeilisearchIndex({
      url: url ?? "http://127.0.0.1:7700",
      apiKey,
      indexPrefix,
      timeoutMs: 10_000,
      taskTimeoutMs: 60_000,
    }),
  {
    skip: !url,
  },
);

afterAll(async () => {
  if (!url) return;
  const client = new Meilisearch({ host: url, apiKey, timeout: 10_000 });
  const { results } = await client.getRawIndexes({ limit: 1000 });
  for (const index of results.filter((i) => i.uid.startsWith(indexPrefix))) {
    await client.deleteIndex(index.uid).waitTask({ timeout: 60_000 });
  }
});
