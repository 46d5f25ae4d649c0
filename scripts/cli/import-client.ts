import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { emptyImportReport, type ImportKind, type ImportReport } from "../../server/knowledge/import/import.service.js";

/** An import job as GET /api/imports/:id answers it (the fields this client reads). */
export interface RemoteImportJob {
  id: number;
  kind: ImportKind;
  fileName: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "interrupted";
  startedAt: string | null;
  finishedAt: string | null;
  progress: { records: number; bytesRead: number; totalBytes: number; elapsedSeconds: number } | null;
  records: number;
  report: Omit<ImportReport, "kind" | "durationMs"> | null;
  message: string;
}

/** The server answered with an error, or could not be reached. */
export class ImportClientError extends Error {}

/**
 * Imports through a running server's API (POST /api/imports, then polls the job) with an API
 * token: what `npm run import -- --url` and the live-import benchmark use.
 */
export class ImportClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  /** Streams the file to the server (never read whole into memory) and answers the queued job. */
  async upload(kind: ImportKind, filePath: string): Promise<RemoteImportJob> {
    const form = new FormData();
    form.set("kind", kind);
    form.set("file", await fs.openAsBlob(filePath), path.basename(filePath));
    return this.call("POST", "/api/imports", form);
  }

  async job(id: number): Promise<RemoteImportJob> {
    return this.call("GET", `/api/imports/${id}`);
  }

  /** Polls the job until it ends, telling `onProgress` on the way. */
  async waitFor(
    id: number,
    onProgress: (job: RemoteImportJob) => void = () => undefined,
    pollMs = 500,
  ): Promise<RemoteImportJob> {
    for (;;) {
      const job = await this.job(id);
      if (job.status !== "queued" && job.status !== "running") return job;
      onProgress(job);
      await sleep(pollMs);
    }
  }

  private async call(method: string, pathname: string, body?: FormData): Promise<RemoteImportJob> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathname}`, {
        method,
        body,
        headers: { authorization: `Bearer ${this.token}`, accept: "application/json" },
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ImportClientError(`cannot reach ${this.baseUrl}: ${cause?.code ?? cause?.message ?? String(error)}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 500);
      try {
        const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
        if (parsed.error) message = `${parsed.error.code}: ${parsed.error.message}`;
      } catch {
        // not JSON: show the start of the body
      }
      throw new ImportClientError(`${method} ${pathname} answered ${response.status} (${message})`);
    }
    return JSON.parse(text) as RemoteImportJob;
  }
}

/** A finished job's report in the shape the terminal summary prints. */
export function reportOfJob(job: RemoteImportJob): ImportReport {
  const durationMs =
    job.startedAt && job.finishedAt ? new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime() : 0;
  return { ...emptyImportReport(job.kind), ...job.report, durationMs };
}
