import type { ImportLineError } from "../../server/knowledge/import/import.service.js";

/** A report's rejected lines with their English reasons only (each reason's code is checked where it matters). */
export function englishReasons(errors: readonly ImportLineError[]): Omit<ImportLineError, "reasons">[] {
  return errors.map(({ line, externalId, reason }) =>
    externalId === undefined ? { line, reason } : { line, externalId, reason },
  );
}
