import type { BackupManifest } from "../../server/backups/backup-manifest.js";

/** 2.1 MB, 43 B: sizes as an operator reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The lines the backup and restore commands print about a backup's contents. */
export function describeBackup(manifest: BackupManifest): string[] {
  const files = Object.values(manifest.files).map(
    (file) => `  ${file.name.padEnd(30)} ${formatBytes(file.bytes).padStart(9)}  sha256 ${file.sha256.slice(0, 16)}…`,
  );
  const counts = Object.entries(manifest.rowCounts)
    .map(([table, count]) => `${table} ${count}`)
    .join(", ");
  return [
    ...files,
    `  taken ${manifest.createdAt} (${manifest.trigger}), schema at ${manifest.migrations.at(-1)} (${manifest.migrations.length} migrations)`,
    `  rows: ${counts}`,
  ];
}
