import type { ImportFormat, ImportKind, ImportProgress, ImportReport } from "./import.service.js";

/** What an import worker thread is started with: one uploaded file of one kind. */
export interface ImportWorkerData {
  databaseUrl: string;
  kind: ImportKind;
  format: ImportFormat;
  filePath: string;
}

/** Worker → server. */
export type ImportWorkerEvent =
  | { type: "progress"; progress: ImportProgress }
  | { type: "done"; report: ImportReport }
  | { type: "failed"; error: string };

/** Server → worker: stop before the next batch (batches already committed stay). */
export type ImportWorkerCommand = { type: "cancel" };
