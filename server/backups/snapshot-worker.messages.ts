/** What a snapshot worker thread is started with. */
export interface SnapshotWorkerData {
  /** The live database. */
  source: string;
  /** A new file to write the snapshot to. */
  destination: string;
  /** Pages copied per step of the online backup: between steps the worker hears a cancel. */
  pagesPerStep: number;
}

/** The snapshot as the worker checked it: what the manifest records of the database. */
export interface DatabaseSnapshot {
  migrations: string[];
  rowCounts: Record<string, number>;
  bytes: number;
  sha256: string;
  /** Time spent copying pages, and checking the copy (integrity_check, then hashing it). */
  copyMs: number;
  checkMs: number;
}

/** Worker → caller. */
export type SnapshotWorkerEvent = { type: "done"; snapshot: DatabaseSnapshot } | { type: "failed"; error: string };

/** Caller → worker: stop before the next step (the unfinished copy is deleted). */
export type SnapshotWorkerCommand = { type: "cancel" };
