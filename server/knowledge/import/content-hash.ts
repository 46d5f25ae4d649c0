import { createHash } from "node:crypto";
import type { ImportKind } from "./import-records.schemas.js";

/**
 * Bump when the normalisation or the stored shape changes, so the next import
 * rewrites every record once instead of trusting hashes of the old shape.
 */
const hashVersion = 2; // 2: experts' email and phone

/**
 * sha256 of a record after validation (trimmed, defaults applied, lists deduplicated)
 * plus the database ids it resolved to. Equal hashes mean the row would be written
 * unchanged, so the import skips it. Key order is the schema's, hence stable.
 *
 * Resolved ids are part of the hash because a technology whose owner was deleted and
 * re-imported (new id) must be rewritten even though its line did not change.
 */
export function contentHash(kind: ImportKind, record: object, resolvedIds: object = {}): string {
  return createHash("sha256")
    .update(JSON.stringify([hashVersion, kind, record, resolvedIds]))
    .digest("base64url");
}
