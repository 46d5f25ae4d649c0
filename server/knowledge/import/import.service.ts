import fs from "node:fs";
import path from "node:path";
import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import type { Db } from "../../db/prisma.js";
import { ValidationError } from "../../errors.js";
import { describeLineReasons, lineReason, lineReasonsOf, type LineReason } from "../../shared/line-reasons.js";
import { contentHash } from "./content-hash.js";
import { LastLineByExternalId } from "./last-line-by-external-id.js";
import { fieldOfHeader, mapTableRecord } from "./table-record-mapping.js";
import {
  importFormatSchema,
  importKindSchema,
  importKinds,
  lineSchemaByKind,
  type ImportFormat,
  type ImportKind,
  type ImportLineByKind,
  type NeedLine,
  type TechnologyLine,
  type ExpertLine,
} from "./import-records.schemas.js";
import {
  ImportRepository,
  type AfterImportBatch,
  type TrackReference,
  type WriteOutcome,
} from "./import.repository.js";
import type { ByteSource } from "../../shared/csv-rows.js";
import { readCsvRecords, readJsonlRecords, type ReadItem } from "./record-readers.js";
import { readXlsxRecords } from "./xlsx-record-reader.js";

/**
 * Bulk import of experts, technologies and needs from the public formats
 * (FORMATS.md) as JSONL, CSV or .xlsx. The CLI (scripts/import.ts), the benchmark and the
 * organizer upload page all go through `importStream`, so they behave the same.
 *
 * Bad lines never stop a file: each is reported with its line number and reason.
 * Good lines are written in batches, one transaction each, upserting on externalId;
 * records whose content hash did not change are skipped, so rerunning a file (or
 * resuming a killed run) writes nothing twice.
 *
 * An import shares the database, and often the process, with a running server: batches
 * are short (SQLite has one writer, and a server waiting for the lock waits on its thread),
 * and the event loop gets a turn after each batch and every `batchSize` lines read, so
 * requests are answered between batches however fast the input arrives (decisions §19).
 */

export type { ImportFormat, ImportKind } from "./import-records.schemas.js";
export type { AfterImportBatch, ImportBatchWritten } from "./import.repository.js";

/** A line of the report: a rejected line with why, or a kept line with a warning. */
export interface ImportReportLine {
  line: number;
  externalId?: string;
  /** The reasons in English, `field: message` joined by `; ` (what the command line prints). */
  reason: string;
  /** Each reason with its code, for API clients and the pages' translations. */
  reasons: LineReason[];
}

/** A line that was not imported. */
export type ImportLineError = ImportReportLine;
/** A line that was imported, but changed what an earlier line of the file wrote. */
export type ImportLineWarning = ImportReportLine;

export interface ImportReport {
  kind: ImportKind;
  /** Records created. */
  imported: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /**
   * Lines imported with a warning: each repeats the externalId of an earlier line of the file and
   * replaced that line's record. They are counted in imported, updated or unchanged too.
   */
  warned: number;
  /** The first `maxErrors` rejected lines, in file order; `rejected` counts all of them. */
  errors: ImportLineError[];
  /** The first `maxWarnings` warnings, in file order; `warned` counts all of them. */
  warnings: ImportLineWarning[];
  durationMs: number;
}

export interface ImportProgress {
  kind: ImportKind;
  /** Lines (records) read so far, good or bad. */
  records: number;
  bytesRead: number;
  /** When known (a file's size, an upload's Content-Length): percentage by bytes. */
  totalBytes?: number;
  elapsedMs: number;
}

/** The report of an import that has read nothing yet. */
export function emptyImportReport(kind: ImportKind): ImportReport {
  return {
    kind,
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    warned: 0,
    errors: [],
    warnings: [],
    durationMs: 0,
  };
}

/**
 * Records per transaction: large enough to amortise the commit, small enough that other
 * writers waiting for SQLite's write lock, and the event loop, wait briefly (a batch of 250
 * new experts holds the lock for about 40 ms; 500 for about 65 ms).
 */
export const defaultImportBatchSize = 250;

const importSettingsSchema = z.object({
  kind: importKindSchema,
  format: importFormatSchema,
  batchSize: z.int().min(1).max(5_000).default(defaultImportBatchSize),
  /** Rejected lines kept in the report; an upload of garbage must not produce a garbage-sized answer. */
  maxErrors: z.int().min(0).default(1_000),
  /** Warnings kept in the report, bounded for the same reason. */
  maxWarnings: z.int().min(0).default(1_000),
  totalBytes: z.number().nonnegative().optional(),
});

export type ImportSettings = z.input<typeof importSettingsSchema>;

export interface ImportStreamOptions extends ImportSettings {
  onProgress?: (progress: ImportProgress) => void;
  /** Aborting stops before the next batch; batches already committed stay. */
  signal?: AbortSignal;
  /** Extra work inside each batch's transaction, after its rows and search-outbox rows are written. */
  afterBatch?: AfterImportBatch;
}

/** `.jsonl`/`.ndjson` → jsonl, `.csv` → csv, `.xlsx` → xlsx, anything else → undefined. */
export function importFormatFromFileName(fileName: string): ImportFormat | undefined {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  if (extension === ".csv") return "csv";
  if (extension === ".xlsx") return "xlsx";
  return undefined;
}

/** What to tell someone whose file has none of the known extensions. */
export const importFileNameHint = "name it .jsonl, .csv or .xlsx";

function parseSettings(options: ImportSettings): z.output<typeof importSettingsSchema> {
  const parsed = importSettingsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ValidationError(`Invalid import options: ${describeLineReasons(lineReasonsOf(parsed.error, options))}`);
  }
  return parsed.data;
}

function externalIdOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const id = (value as { externalId?: unknown }).externalId;
  return typeof id === "string" && id.trim() !== "" ? id.trim().slice(0, 100) : undefined;
}

/** The id of a spreadsheet row keyed by its headers, whichever header names the id (编号, External ID…). */
function externalIdOfRow(kind: ImportKind, row: unknown): string | undefined {
  if (typeof row !== "object" || row === null) return undefined;
  const header = Object.keys(row).find((name) => fieldOfHeader(kind, name) === "externalId");
  return header === undefined ? undefined : externalIdOf({ externalId: (row as Record<string, unknown>)[header] });
}

/** Tracks are named by code (`618`), by name (`海峡项目`) or by English name, case-insensitively. */
function createTrackResolver(tracks: TrackReference[]) {
  const byKey = new Map<string, number>();
  for (const track of tracks) if (track.nameEn.trim() !== "") byKey.set(track.nameEn.trim().toLowerCase(), track.id);
  for (const track of tracks) byKey.set(track.name.trim().toLowerCase(), track.id); // Chinese names win a clash
  for (const track of tracks) byKey.set(track.code.trim().toLowerCase(), track.id); // codes win a clash
  const knownCodes = tracks.map((track) => track.code).join(", ");
  return (track: string): { trackId: number | null } | { error: LineReason } => {
    if (track === "") return { trackId: null };
    const trackId = byKey.get(track.toLowerCase());
    if (trackId !== undefined) return { trackId };
    return {
      error:
        tracks.length === 0
          ? lineReason("no_tracks", { track }, "track")
          : lineReason("unknown_track", { track, codes: knownCodes }, "track"),
    };
  };
}

type Reject = (line: number, reasons: LineReason[], externalId?: string) => void;

/** Adds a line to a bounded list of the report (`limit` lines kept, every line counted by the caller). */
function keepReportLine(
  lines: ImportReportLine[],
  limit: number,
  line: number,
  reasons: LineReason[],
  externalId?: string,
): void {
  if (lines.length >= limit) return;
  const reason = describeLineReasons(reasons);
  lines.push(externalId ? { line, externalId, reason, reasons } : { line, reason, reasons });
}

interface PendingLine<T> {
  line: number;
  record: T;
  trackId?: number | null;
}

/** A line whose record a batch wrote (or found unchanged). */
interface WrittenLine {
  line: number;
  externalId: string;
  outcome: WriteOutcome;
}

/** Pairs the lines a repository call was given with the outcomes it answered, in the same order. */
function writtenLines(
  lines: Array<{ line: number; record: { externalId: string } }>,
  outcomes: WriteOutcome[],
): WrittenLine[] {
  return lines.map(({ line, record }, index) => ({ line, externalId: record.externalId, outcome: outcomes[index]! }));
}

/**
 * Imports one stream of one kind and format. The stream is read incrementally; memory stays
 * bounded by the batch size whatever the input size, but for one entry per distinct externalId
 * written (`LastLineByExternalId`, which names the line a repeated id replaced).
 */
export async function importStream(db: Db, input: ByteSource, options: ImportStreamOptions): Promise<ImportReport> {
  const settings = parseSettings(options);
  const { kind, format, batchSize, maxErrors, maxWarnings } = settings;
  const startedAt = performance.now();
  const repository = new ImportRepository(db, options.afterBatch);
  const report = emptyImportReport(kind);
  const reject: Reject = (line, reasons, externalId) => {
    report.rejected += 1;
    keepReportLine(report.errors, maxErrors, line, reasons, externalId);
  };
  // Only written lines are remembered: a rejected line replaced nothing, and a line repeating
  // its id is then the first to write the record.
  const lastLines = new LastLineByExternalId();
  const count = ({ line, externalId, outcome }: WrittenLine) => {
    if (outcome === "created") report.imported += 1;
    else if (outcome === "updated") report.updated += 1;
    else report.unchanged += 1;
    const earlier = lastLines.remember(externalId, line);
    if (earlier === undefined) return;
    report.warned += 1;
    keepReportLine(report.warnings, maxWarnings, line, [lineReason("repeated_external_id", { earlier })], externalId);
  };

  let bytesRead = 0;
  let records = 0;
  let recordsAtLastProgress = 0;
  const emitProgress = () => {
    recordsAtLastProgress = records;
    options.onProgress?.({
      kind,
      records,
      bytesRead,
      totalBytes: settings.totalBytes,
      elapsedMs: performance.now() - startedAt,
    });
  };

  const schema = lineSchemaByKind[kind];
  const resolveTrack = createTrackResolver(kind === "needs" ? await repository.listTracks() : []);
  let pending: Array<PendingLine<ImportLineByKind[ImportKind]>> = [];
  const pendingIds = new Set<string>();

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingIds.clear();
    options.signal?.throwIfAborted();
    const written = await writeBatch(repository, kind, batch, reject);
    written.forEach(count);
    await nextTurn();
  };

  const readerOptions = { onBytesRead: (total: number) => (bytesRead = total) };
  const items: AsyncIterable<ReadItem<unknown>> =
    format === "csv"
      ? readCsvRecords(input, readerOptions)
      : format === "xlsx"
        ? readXlsxRecords(input, readerOptions)
        : readJsonlRecords(input, readerOptions);

  /** The id of a line as read (a JSON object, or a spreadsheet row keyed by its headers), for the report. */
  const idOfRead = (value: unknown) => (format === "jsonl" ? externalIdOf(value) : externalIdOfRow(kind, value));

  /** Validates one read item and queues it for the next batch, or rejects it. */
  const accept = async (item: ReadItem<unknown>) => {
    if ("error" in item) return reject(item.line, [item.error], idOfRead(item.value));
    let value = item.value;
    if (format !== "jsonl") {
      const mapped = mapTableRecord(kind, value as Record<string, string>);
      if ("error" in mapped) return reject(item.line, [mapped.error], idOfRead(value));
      value = mapped.value;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) return reject(item.line, lineReasonsOf(parsed.error, value), externalIdOf(value));
    const record = parsed.data;
    let trackId: number | null | undefined;
    if (kind === "needs") {
      const resolved = resolveTrack((record as NeedLine).track);
      if ("error" in resolved) return reject(item.line, [resolved.error], record.externalId);
      trackId = resolved.trackId;
    }
    // A repeated externalId must see its earlier line committed first, so the later line wins as an
    // update (and its warning names the earlier line, once that line is known to have been written).
    if (pendingIds.has(record.externalId)) await flush();
    pending.push({ line: item.line, record, trackId });
    pendingIds.add(record.externalId);
    if (pending.length >= batchSize) await flush();
  };

  for await (const item of items) {
    records += 1;
    await accept(item);
    if (records - recordsAtLastProgress >= batchSize) {
      emitProgress();
      await nextTurn(); // also when no batch is written (a file of bad lines)
    }
  }
  await flush();
  emitProgress();
  // Owner lookups reject technology lines when their batch is written, after later lines
  // of the batch were checked; restore file order.
  report.errors.sort((a, b) => a.line - b.line);
  report.durationMs = Math.round(performance.now() - startedAt);
  return report;
}

async function writeBatch(
  repository: ImportRepository,
  kind: ImportKind,
  batch: Array<PendingLine<ImportLineByKind[ImportKind]>>,
  reject: Reject,
): Promise<WrittenLine[]> {
  switch (kind) {
    case "experts": {
      const outcomes = await repository.writeExperts(
        (batch as Array<PendingLine<ExpertLine>>).map(({ record }) => ({
          record,
          contentHash: contentHash(kind, record),
        })),
      );
      return writtenLines(batch, outcomes);
    }
    case "needs": {
      const outcomes = await repository.writeNeeds(
        (batch as Array<PendingLine<NeedLine>>).map(({ record, trackId = null }) => ({
          record,
          trackId,
          contentHash: contentHash(kind, record, { trackId }),
        })),
      );
      return writtenLines(batch, outcomes);
    }
    case "technologies": {
      // Owners are looked up just before the batch's transaction: experts are imported
      // first and committed, and a concurrent deletion would fail the batch on its foreign key.
      const lines = batch as Array<PendingLine<TechnologyLine>>;
      const ownerIds = await repository.findExpertIds(
        lines.map(({ record }) => record.ownerExternalId).filter((id) => id !== ""),
      );
      const prepared = [];
      for (const { line, record } of lines) {
        const ownerId = record.ownerExternalId === "" ? null : ownerIds.get(record.ownerExternalId);
        if (ownerId === undefined) {
          reject(
            line,
            [lineReason("unknown_owner", { externalId: record.ownerExternalId }, "ownerExternalId")],
            record.externalId,
          );
          continue;
        }
        prepared.push({ line, record, ownerId, contentHash: contentHash(kind, record, { ownerId }) });
      }
      return prepared.length === 0 ? [] : writtenLines(prepared, await repository.writeTechnologies(prepared));
    }
  }
}

export interface ImportFileOptions extends Omit<ImportStreamOptions, "kind" | "format" | "totalBytes"> {
  format?: ImportFormat;
}

/** Imports one file; the format comes from the extension unless given. */
export async function importFile(
  db: Db,
  kind: ImportKind,
  filePath: string,
  options: ImportFileOptions = {},
): Promise<ImportReport> {
  const format = options.format ?? importFormatFromFileName(filePath);
  if (!format) throw new ValidationError(`Cannot tell the format of ${filePath}: ${importFileNameHint}`);
  const { size } = await fs.promises.stat(filePath);
  const input = fs.createReadStream(filePath);
  try {
    return await importStream(db, input, { ...options, kind, format, totalBytes: size });
  } finally {
    input.destroy();
  }
}

export type ImportFiles = Partial<Record<ImportKind, string>>;

export interface ImportFilesOptions extends ImportFileOptions {
  onFileStart?: (kind: ImportKind, filePath: string) => void;
  onFileDone?: (report: ImportReport, filePath: string) => void;
}

/**
 * Imports several files in dependency order: experts first (technologies name their
 * owner expert), then technologies, then needs.
 */
export async function importFiles(
  db: Db,
  files: ImportFiles,
  options: ImportFilesOptions = {},
): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const kind of importKinds) {
    const filePath = files[kind];
    if (filePath === undefined) continue;
    options.onFileStart?.(kind, filePath);
    const report = await importFile(db, kind, filePath, options);
    options.onFileDone?.(report, filePath);
    reports.push(report);
  }
  return reports;
}
