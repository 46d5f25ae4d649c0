import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "../../../matching/index.js";
import type { Clock } from "../../shared/clock.js";
import { NotFoundError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { ImportJobRecord, ImportJobsRepository } from "./import-jobs.repository.js";
import type { ImportFormat, ImportKind, ImportProgress } from "./import.service.js";
import type { ImportWorkerCommand, ImportWorkerData, ImportWorkerEvent } from "./import-worker.messages.js";

/** A job as callers see it: the stored record, with live progress while it runs. */
export interface ImportJob extends ImportJobRecord {
  progress: ImportJobProgress | null;
}

export interface ImportJobProgress {
  records: number;
  bytesRead: number;
  totalBytes: number;
  /** 0–100 by bytes read. */
  percent: number;
  elapsedSeconds: number;
  /** Estimated from the bytes read so far; null until there is enough to go on. */
  etaSeconds: number | null;
}

export interface SubmittedImport {
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  /** The uploaded file; the jobs take it over and delete it when the job ends. */
  uploadedPath: string;
  createdById: number | null;
}

export interface ImportJobsOptions {
  repository: ImportJobsRepository;
  databaseUrl: string;
  /** Where uploads wait for their turn (one directory per database). */
  uploadDir: string;
  clock: Clock;
  logger: Logger;
  /** Told of each job's progress (throttled by the worker) and when it ends; never fails a job. */
  onChange?: (job: ImportJob) => void;
}

/** Identifies this process to jobs it holds: a job whose runner is gone was interrupted. */
const thisRunner = `${os.hostname()}:${process.pid}`;

function runnerIsAlive(runner: string): boolean {
  const [host, pid] = runner.split(":");
  if (host !== os.hostname()) return true; // another machine: not ours to judge
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function progressOf(record: ImportJobRecord, progress: ImportProgress | undefined): ImportJobProgress {
  const bytesRead = progress?.bytesRead ?? 0;
  const fraction = record.totalBytes > 0 ? Math.min(1, bytesRead / record.totalBytes) : 0;
  const elapsedSeconds = (progress?.elapsedMs ?? 0) / 1000;
  return {
    records: progress?.records ?? 0,
    bytesRead,
    totalBytes: record.totalBytes,
    percent: Math.round(fraction * 1000) / 10,
    elapsedSeconds: Math.round(elapsedSeconds * 10) / 10,
    etaSeconds:
      fraction >= 0.01 && elapsedSeconds >= 1 ? Math.round((elapsedSeconds * (1 - fraction)) / fraction) : null,
  };
}

/** How a worker ended: its last message, or its exit without one. */
type WorkerOutcome = Exclude<ImportWorkerEvent, { type: "progress" }> | { type: "exited"; code: number };

interface ActiveJob {
  record: ImportJobRecord;
  worker: Worker;
  progress?: ImportProgress;
  cancelled: boolean;
}

/**
 * Runs uploaded imports one at a time, each in its own worker thread (import-worker.ts), so the
 * server keeps answering while tens of thousands of records are parsed and written. Jobs are
 * stored (ImportJob) with their report; a job whose process died is marked interrupted when the
 * next server starts, and running the file again finishes it without duplicates (imports upsert
 * on externalId and skip unchanged records).
 */
export class ImportJobs {
  private readonly queue: ImportJobRecord[] = [];
  private active: ActiveJob | null = null;
  private closed = false;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(private readonly options: ImportJobsOptions) {}

  /** Marks jobs left behind by a process that is gone as interrupted and deletes their uploads. */
  async recoverInterrupted(): Promise<number> {
    const { repository, clock } = this.options;
    let interrupted = 0;
    for (const job of await repository.listUnfinished()) {
      if (job.runner === thisRunner || runnerIsAlive(job.runner)) continue;
      await repository.markStopped(
        job.id,
        "interrupted",
        "The server stopped while this import was queued or running. Batches already written stay; import the file again to finish it (nothing is duplicated).",
        clock.now(),
      );
      this.removeUpload(job.id);
      interrupted += 1;
    }
    return interrupted;
  }

  /** Where uploads are written before they are submitted (on the same disk as their job's file). */
  get uploadDirectory(): string {
    return this.options.uploadDir;
  }

  /** True while a job is queued or running (the matching engine waits for the data to settle). */
  get busy(): boolean {
    return this.active !== null || this.queue.length > 0;
  }

  /** Resolves when no job is queued or running. */
  whenIdle(): Promise<void> {
    return this.idle;
  }

  async submit(input: SubmittedImport): Promise<ImportJob> {
    if (this.closed) throw new Error("The import jobs are closed");
    const { size } = await fs.promises.stat(input.uploadedPath);
    const record = await this.options.repository.create({
      kind: input.kind,
      format: input.format,
      fileName: input.fileName,
      totalBytes: size,
      createdById: input.createdById,
      runner: thisRunner,
    });
    await fs.promises.mkdir(this.options.uploadDir, { recursive: true });
    await fs.promises.rename(input.uploadedPath, this.uploadPath(record.id));
    if (!this.busy) this.idle = new Promise((resolve) => (this.markIdle = resolve));
    this.queue.push(record);
    this.options.logger.info({ importJob: record.id, kind: record.kind, bytes: size }, "import: job queued");
    this.pump();
    return this.view(record);
  }

  async get(id: number): Promise<ImportJob> {
    const record = this.active?.record.id === id ? this.active.record : await this.options.repository.find(id);
    if (!record) throw new NotFoundError(`No import job ${id}`);
    return this.current(record);
  }

  async listRecent(limit: number): Promise<ImportJob[]> {
    return (await this.options.repository.listRecent(limit)).map((record) => this.current(record));
  }

  /** Stops a queued job, or a running one before its next batch (written batches stay). */
  async cancel(id: number): Promise<ImportJob> {
    const queued = this.queue.findIndex((job) => job.id === id);
    if (queued >= 0) {
      const [record] = this.queue.splice(queued, 1);
      await this.stop(record!, "cancelled", "Cancelled before it started.");
      return this.get(id);
    }
    if (this.active?.record.id === id) {
      this.active.cancelled = true;
      this.active.worker.postMessage({ type: "cancel" } satisfies ImportWorkerCommand);
    }
    return this.get(id);
  }

  /** Stops the running job (it is marked interrupted) and drops the queue. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.queue.splice(0);
    const active = this.active;
    for (const record of pending) await this.stop(record, "interrupted", "The server was shut down before it started.");
    if (active) {
      active.cancelled = true;
      await active.worker.terminate();
    }
    await this.idle;
  }

  /** The job as it stands: the running one from memory (with its progress), any other as stored. */
  private current(record: ImportJobRecord): ImportJob {
    const active = this.active;
    return active?.record.id === record.id ? this.view(active.record, active.progress) : this.view(record);
  }

  private view(record: ImportJobRecord, progress?: ImportProgress): ImportJob {
    return { ...record, progress: record.status === "running" ? progressOf(record, progress) : null };
  }

  private uploadPath(id: number): string {
    return path.join(this.options.uploadDir, `import-job-${id}`);
  }

  private removeUpload(id: number): void {
    fs.rm(this.uploadPath(id), { force: true }, () => undefined);
  }

  private pump(): void {
    if (this.active || this.closed) return;
    const record = this.queue.shift();
    if (!record) {
      this.markIdle();
      return;
    }
    void this.run(record)
      .catch((error: unknown) => this.options.logger.error({ err: error, importJob: record.id }, "import: job failed"))
      .finally(() => {
        this.active = null;
        this.removeUpload(record.id);
        if (this.closed && this.queue.length === 0) this.markIdle();
        else this.pump();
      });
  }

  private async run(queued: ImportJobRecord): Promise<void> {
    const { repository, clock, logger, databaseUrl } = this.options;
    const startedAt = clock.now();
    await repository.markRunning(queued.id, startedAt);
    const record: ImportJobRecord = { ...queued, status: "running", startedAt };
    const workerData: ImportWorkerData = {
      databaseUrl,
      kind: record.kind,
      format: record.format,
      filePath: this.uploadPath(record.id),
    };
    const active: ActiveJob = {
      record,
      worker: startModuleWorker(import.meta.url, "import-worker", workerData),
      cancelled: false,
    };
    this.active = active;
    this.changed(active);
    logger.info({ importJob: record.id, kind: record.kind }, "import: job started");

    const outcome = await new Promise<WorkerOutcome>((resolve) => {
      active.worker.on("message", (event: ImportWorkerEvent) => {
        if (event.type === "progress") {
          active.progress = event.progress;
          this.changed(active);
        } else resolve(event);
      });
      active.worker.on("error", (error) => resolve({ type: "failed", error: error.message }));
      active.worker.on("exit", (code) => resolve({ type: "exited", code }));
    });
    const records = active.progress?.records ?? 0;
    if (outcome.type === "done") {
      await repository.markSucceeded(record.id, outcome.report, clock.now());
      logger.info({ importJob: record.id, ...outcome.report, errors: undefined }, "import: job finished");
    } else if (active.cancelled) {
      const how = this.closed ? "interrupted" : "cancelled";
      await this.stop(
        record,
        how,
        "Stopped before it finished. Batches already written stay; import the file again to finish it (nothing is duplicated).",
        records,
      );
    } else {
      const reason = outcome.type === "failed" ? outcome.error : `the import worker exited with code ${outcome.code}`;
      logger.warn({ importJob: record.id, reason }, "import: job failed");
      await this.stop(record, "failed", reason, records);
    }
    this.changed({ ...active, record: (await repository.find(record.id)) ?? record });
  }

  private async stop(
    record: ImportJobRecord,
    status: "failed" | "cancelled" | "interrupted",
    message: string,
    records = 0,
  ): Promise<void> {
    await this.options.repository.markStopped(record.id, status, message, this.options.clock.now(), records);
  }

  private changed(active: ActiveJob): void {
    try {
      this.options.onChange?.(this.view(active.record, active.progress));
    } catch (error) {
      this.options.logger.warn({ err: error }, "import: a progress listener failed");
    }
  }
}
