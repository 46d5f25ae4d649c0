import { z } from "zod";
import { loadConfig } from "../server/config.js";
import { createContainer } from "../server/container.js";
import { enqueueEverything } from "../server/indexing/index-worker.js";
import { indexableIds } from "../server/indexing/search-documents.js";
import { searchIndexNames } from "../server/indexing/search-outbox.js";
import { createProgressReporter } from "../server/knowledge/import/import-progress.js";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";

/**
 * Rebuilds the configured search index from the database: queues every record in the
 * outbox, applies the queue with a progress bar, then removes index entries whose
 * records no longer exist (or may not be found, such as drafts). Killed halfway, the
 * queue is still there and a rerun completes it.
 */
async function reindex(): Promise<number> {
  const container = await createContainer(loadConfig());
  try {
    const started = performance.now();
    await container.indexWorker.applySchemas();
    const queued = await enqueueEverything(container.db);
    const total = await container.db.searchOutbox.count();
    console.log(`reindex: ${container.searchIndex.engine} engine, ${queued} records queued (${total} outbox rows)`);
    const reporter = createProgressReporter(process.stderr, "reindex");
    const applied = await container.indexWorker.drain((done) =>
      reporter.update({ records: done, bytesRead: done, totalBytes: total, elapsedMs: performance.now() - started }),
    );
    reporter.done();
    let swept = 0;
    for (const index of searchIndexNames) {
      const indexed = await container.searchIndex.listIds(index);
      const keep = await indexableIds(container.db, index, indexed.map(Number).filter(Number.isInteger));
      const stale = indexed.filter((id) => !keep.has(Number(id)));
      if (stale.length > 0) await container.searchIndex.remove(index, stale);
      swept += stale.length;
    }
    console.log(
      `reindex: ${applied} outbox rows applied, ${swept} stale entries removed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await container.close();
  }
}

process.exitCode = await runCommand({
  name: "reindex",
  usage: "usage: npm run reindex",
  parse: (argv) => parseCommandFlags(argv, {}, z.object({})),
  run: reindex,
});
