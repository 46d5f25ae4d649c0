import { createServer } from "node:http";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createContainer } from "./container.js";
import { DatabaseInUseError } from "./db/database-in-use-lock.js";
import { enqueueRebuildOfEmptyIndexes } from "./indexing/index-worker.js";
import { createRealtime } from "./realtime/create-realtime.js";

/** The only module that listens: loads config, builds the container and serves HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const container = await createContainer(config);
  try {
    const rebuilding = await enqueueRebuildOfEmptyIndexes(container.db, container.searchIndex);
    if (rebuilding.length > 0) container.logger.info({ indexes: rebuilding }, "search indexes are empty; rebuilding");
  } catch (error) {
    container.logger.warn({ err: error }, "could not check the search indexes; the worker will retry updates");
  }
  container.indexWorker.start();
  // Without SMTP_URL the worker only bundles digests; emails wait on /organizer/outbox.
  container.emailWorker.start();
  if (!container.emailWorker.delivering) {
    container.logger.warn("SMTP_URL is not set: emails stay in the outbox (organizers see them at /organizer/outbox)");
  }
  // Queued into the outbox: the salon reminders and the daily suggestion digest.
  container.salonReminders.start();
  container.suggestionDigest.start();
  const interrupted = await container.imports.recoverInterrupted();
  if (interrupted > 0) container.logger.warn({ jobs: interrupted }, "import jobs interrupted by the last shutdown");
  // The matching model is built (or loaded) in a worker thread while the server already answers.
  container.matchingEngine.start();
  // The first check waits a few minutes: a backup never competes with start-up.
  container.backups.start();
  if (config.backups.everyMs === 0) container.logger.warn("BACKUP_EVERY_HOURS=0: the server takes no backups");
  const server = createServer(createApp(container));
  // With REDIS_URL the rooms span every node through Redis; otherwise they live in this process.
  const realtime = createRealtime(server, container, container.realtimeCluster ?? {});
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    container.logger.info({ port }, `SciBridge is listening on http://localhost:${port}`);
  });
  const shutdown = (signal: string) => {
    container.logger.info({ signal }, "shutting down");
    void realtime.close();
    server.close(() => {
      void container.close().then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // Mistakes of set-up are told in their own words; anything else with its stack.
  console.error(error instanceof ConfigError || error instanceof DatabaseInUseError ? error.message : error);
  process.exit(1);
});
