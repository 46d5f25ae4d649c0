/**
 * An import worker thread (started by ImportJobs): reads, parses and validates one uploaded file
 * and writes it in short batches with its own database client, so a large import never holds the
 * server's event loop. It posts progress, then the line-numbered report (or why it failed).
 */
import { parentPort, workerData } from "node:worker_threads";
import { createPrismaClient } from "../../db/prisma.js";
import { importFile } from "./import.service.js";
import type { ImportWorkerCommand, ImportWorkerData, ImportWorkerEvent } from "./import-worker.messages.js";

/** Progress is posted at most this often (ms). */
const progressIntervalMs = 250;

const port = parentPort!;
const data = workerData as ImportWorkerData;
const post = (event: ImportWorkerEvent) => port.postMessage(event);

const cancelled = new AbortController();
port.on("message", (command: ImportWorkerCommand) => {
  if (command.type === "cancel") cancelled.abort();
});

let lastPosted = Number.NEGATIVE_INFINITY;
const db = await createPrismaClient(data.databaseUrl);
try {
  const report = await importFile(db, data.kind, data.filePath, {
    format: data.format,
    signal: cancelled.signal,
    onProgress: (progress) => {
      const now = performance.now();
      if (now - lastPosted < progressIntervalMs) return;
      lastPosted = now;
      post({ type: "progress", progress });
    },
  });
  post({ type: "done", report });
} catch (error) {
  post({ type: "failed", error: error instanceof Error ? error.message : String(error) });
} finally {
  await db.$disconnect();
  port.close();
}
