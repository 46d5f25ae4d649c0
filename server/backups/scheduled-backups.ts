import type { Logger } from "../logger.js";
import type { Clock } from "../shared/clock.js";
import { PollingJob } from "../shared/polling-loop.js";
import { listBackupFolders } from "./backup-folders.js";
import { deleteOldScheduledBackups } from "./backup-retention.js";
import { takeBackup, type TakenBackup } from "./take-backup.js";

export interface BackupScheduleOptions {
  databaseFile: string;
  directory: string;
  /** Time between backups (BACKUP_EVERY_HOURS); 0: the server takes none. */
  everyMs: number;
  /** How many of its own backups the server keeps (BACKUP_KEEP). */
  keep: number;
  /** The first check waits this long, so a backup never competes with start-up. */
  firstCheckDelayMs: number;
  /** Then a check this often: is the newest backup older than everyMs? */
  checkEveryMs: number;
}

export const defaultBackupTiming: Pick<BackupScheduleOptions, "firstCheckDelayMs" | "checkEveryMs"> = {
  firstCheckDelayMs: 5 * 60_000,
  checkEveryMs: 10 * 60_000,
};

/** What /readyz reports of backups. */
export interface BackupStatus {
  /** Hours between the server's backups; 0 when it takes none. */
  everyHours: number;
  keep: number;
  running: boolean;
  /** When the newest backup in the folder was taken (the server's or an operator's). */
  lastBackupAt: string | null;
  /** The server's last attempt since it started: when, and the reason it failed if it did. */
  lastAttemptAt: string | null;
  lastAttemptFailed: boolean;
  lastError: string | null;
}

/**
 * The server's own backups: a check soon after start and then periodically takes one when the
 * newest backup in the folder is older than the interval (so a restart neither repeats nor
 * skips one, and an operator's fresh backup counts), then deletes the server's own beyond the
 * newest BACKUP_KEEP. A failed attempt is logged, reported on /readyz and tried again at the
 * next check. Stopping cancels a backup in progress (its unfinished folder is removed).
 */
export class ScheduledBackups extends PollingJob {
  private readonly shutdown = new AbortController();
  private running = false;
  private lastAttempt: { at: Date; error: string | null } | null = null;

  constructor(
    private readonly options: BackupScheduleOptions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    super({ name: "the backup job", pollMs: options.checkEveryMs, logger });
  }

  /** Starts the checks, unless BACKUP_EVERY_HOURS is 0. */
  override start(): void {
    if (this.options.everyMs > 0) super.start(this.options.firstCheckDelayMs);
  }

  override async stop(): Promise<void> {
    this.shutdown.abort();
    await super.stop();
  }

  /** One check; resolves to the backup it took, or null when none was due or the attempt failed. */
  async runOnce(): Promise<TakenBackup | null> {
    const now = this.clock.now();
    let backup: TakenBackup;
    try {
      if (!(await this.due(now))) return null;
      this.running = true;
      backup = await takeBackup({
        databaseFile: this.options.databaseFile,
        directory: this.options.directory,
        trigger: "scheduled",
        now,
        signal: this.shutdown.signal,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.lastAttempt = { at: now, error: reason };
      if (this.shutdown.signal.aborted) this.logger.info("backup cancelled: the server is shutting down");
      else this.logger.error({ err: error }, "backup failed; the next check tries again");
      return null;
    } finally {
      this.running = false;
    }
    this.lastAttempt = { at: now, error: null };
    this.logger.info(
      {
        folder: backup.folder,
        bytes: backup.manifest.files.database.bytes,
        elapsedMs: Math.round(backup.elapsedMs),
        rowCounts: backup.manifest.rowCounts,
      },
      "backup written",
    );
    const deleted = await deleteOldScheduledBackups(this.options.directory, this.options.keep);
    if (deleted.length > 0) this.logger.info({ deleted, keep: this.options.keep }, "old backups deleted");
    return backup;
  }

  /** Whether the newest backup in the folder (anyone's) is older than the interval, or there is none. */
  private async due(now: Date): Promise<boolean> {
    const [newest] = await listBackupFolders(this.options.directory);
    return !newest || now.getTime() - newest.takenAt.getTime() >= this.options.everyMs;
  }

  async status(): Promise<BackupStatus> {
    let newest;
    try {
      [newest] = await listBackupFolders(this.options.directory);
    } catch (error) {
      // An unreadable folder is for the report to show, not a reason for /readyz to fail.
      this.logger.warn({ err: error }, "could not list the backup folder");
    }
    return {
      everyHours: this.options.everyMs / 3600_000,
      keep: this.options.keep,
      running: this.running,
      lastBackupAt: newest?.takenAt.toISOString() ?? null,
      lastAttemptAt: this.lastAttempt?.at.toISOString() ?? null,
      lastAttemptFailed: this.lastAttempt !== null && this.lastAttempt.error !== null,
      lastError: this.lastAttempt?.error ?? null,
    };
  }
}
