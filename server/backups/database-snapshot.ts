import { startModuleWorker } from "../../matching/index.js";
import type {
  DatabaseSnapshot,
  SnapshotWorkerCommand,
  SnapshotWorkerData,
  SnapshotWorkerEvent,
} from "./snapshot-worker.messages.js";

export type { DatabaseSnapshot } from "./snapshot-worker.messages.js";

/**
 * Pages per step of the online backup (4 MB of 4 KB pages, some tens of ms): steps let a
 * shutdown cancel the copy without waiting for all of it.
 */
const pagesPerStep = 1024;

/**
 * A consistent copy of the live database at `destination` (a new file), taken in a worker
 * thread with SQLite's online backup API while the server goes on reading and writing, and
 * checked with integrity_check before it is reported. Aborting `signal` stops the copy.
 */
export function snapshotDatabase(
  source: string,
  destination: string,
  options: { signal?: AbortSignal } = {},
): Promise<DatabaseSnapshot> {
  // A shutdown that came first (while the folder was made): its abort event has fired already.
  if (options.signal?.aborted) return Promise.reject(new Error("the backup was cancelled"));
  const data: SnapshotWorkerData = { source, destination, pagesPerStep };
  const worker = startModuleWorker(import.meta.url, "snapshot-worker", data);
  const cancel = () => worker.postMessage({ type: "cancel" } satisfies SnapshotWorkerCommand);
  options.signal?.addEventListener("abort", cancel, { once: true });
  return new Promise<DatabaseSnapshot>((resolve, reject) => {
    let answer: SnapshotWorkerEvent | null = null;
    worker.on("message", (event: SnapshotWorkerEvent) => (answer = event));
    worker.once("error", reject);
    // Settled once the thread has ended, so the copy is closed when the caller moves or deletes it.
    worker.once("exit", (code) => {
      options.signal?.removeEventListener("abort", cancel);
      const event = answer as SnapshotWorkerEvent | null;
      if (event?.type === "done") resolve(event.snapshot);
      else reject(new Error(event?.error ?? `the snapshot worker stopped with exit code ${code}`));
    });
  });
}
