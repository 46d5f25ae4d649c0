/**
 * Shapes of the demo-data records. The output records follow
 * ../shared/data/FORMATS.md (experts, needs, technologies); extra optional
 * fields (difficulty, target, status, transferModes) are ones the importer
 * accepts and FORMATS.md allows ("add optional fields freely").
 */

import type { z } from "zod";
import { transferModes, type needStatuses, type PublicationType } from "../../server/knowledge/knowledge.types.js";
import type {
  expertLineSchema,
  needLineSchema,
  technologyLineSchema,
} from "../../server/knowledge/import/import-records.schemas.js";

/** Assistance tracks / docking programmes used by the demo needs. */
export const TRACK_CODES = ["assist", "618", "straits", "overseas", "jinqiao"] as const;
export type TrackCode = (typeof TRACK_CODES)[number];

/** The statuses demo needs are in (a subset of the platform's: none is closed). */
export const NEED_STATUSES = [
  "draft",
  "open",
  "in_progress",
  "solved",
] as const satisfies readonly (typeof needStatuses)[number][];
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** The platform's own lists (one source: server/knowledge/knowledge.types.ts). */
export const TRANSFER_MODES = transferModes;
export type TransferMode = (typeof TRANSFER_MODES)[number];
export type { PublicationType };

/** Every field of an import line given (the demo writes complete records), none null. */
type Complete<T> = { [Field in keyof T]-?: NonNullable<T[Field]> };

/** A publication as the import reads it: only the title is required. */
export type PublicationRecord = { title: string } & Partial<
  Complete<Omit<NonNullable<z.input<typeof expertLineSchema>["publications"]>[number], "title" | "type">>
> & { type?: PublicationType };

export type ExpertRecord = Complete<Omit<z.input<typeof expertLineSchema>, "email" | "phone" | "publications">> & {
  publications: PublicationRecord[];
};

export type NeedRecord = Complete<Omit<z.input<typeof needLineSchema>, "track" | "status">> & {
  track: TrackCode;
  status: NeedStatus;
};

export type TechnologyRecord = Complete<Omit<z.input<typeof technologyLineSchema>, "transferModes">> & {
  transferModes: TransferMode[];
};

export interface SocietyRecord {
  name: string;
  nameEn: string;
  discipline: string;
  description: string;
}

/** One paper of ../shared/data/csl/csl-2000.jsonl. */
export interface CslPaper {
  id: string;
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
  category: string;
}
