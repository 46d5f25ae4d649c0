/**
 * A snapshot worker thread (started by database-snapshot.ts): copies the live database with
 * SQLite's online backup API, checks the copy and posts what the manifest needs. It runs off the
 * server's event loop because two of its parts are single synchronous calls whose length grows
 * with the database: the copy's final commit (an fsync of the whole file) and integrity_check
 * (docs/decisions.md §52).
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { appliedMigrations, integrityProblems, rowCounts } from "./database-inspection.js";
import { fileDigest } from "./file-digests.js";
import type {
  DatabaseSnapshot,
  SnapshotWorkerCommand,
  SnapshotWorkerData,
  SnapshotWorkerEvent,
} from "./snapshot-worker.messages.js";

const port = parentPort!;
const data = workerData as SnapshotWorkerData;
const post = (event: SnapshotWorkerEvent) => port.postMessage(event);

let cancelled = false;
port.on("message", (command: SnapshotWorkerCommand) => {
  if (command.type === "cancel") cancelled = true;
});

/** How long a statement waits for a writer's lock (a WAL reader rarely needs one) before failing. */
const busyTimeoutMs = 10_000;

async function copyDatabase(): Promise<Pick<DatabaseSnapshot, "migrations" | "rowCounts">> {
  const source = new Database(data.source, { fileMustExist: true, timeout: busyTimeoutMs });
  try {
    // One read transaction for everything below, so the pages, the counts and the migrations are
    // one state of the database. It also keeps the copy from starting over: the backup API restarts
    // whenever another connection writes between two steps, unless its source connection reads an
    // unchanging snapshot (in WAL mode the server's writes go on meanwhile).
    source.exec("BEGIN");
    const migrations = appliedMigrations(source);
    const counts = rowCounts(source);
    await source.backup(data.destination, {
      progress: () => {
        if (cancelled) throw new Error("the backup was cancelled");
        return data.pagesPerStep;
      },
    });
    source.exec("COMMIT");
    return { migrations, rowCounts: counts };
  } finally {
    source.close();
  }
}

/** The copy as one self-contained file (no -wal beside it), checked page by page. */
function checkCopy(): void {
  const copy = new Database(data.destination, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const problems = integrityProblems(copy);
    if (problems.length > 0) throw new Error(`the snapshot failed integrity_check: ${problems.join("; ")}`);
  } finally {
    copy.close();
  }
}

try {
  const started = performance.now();
  const contents = await copyDatabase();
  const copied = performance.now();
  checkCopy();
  const digest = await fileDigest(data.destination);
  post({
    type: "done",
    snapshot: { ...contents, ...digest, copyMs: copied - started, checkMs: performance.now() - copied },
  });
} catch (error) {
  post({ type: "failed", error: error instanceof Error ? error.message : String(error) });
} finally {
  port.close();
}
