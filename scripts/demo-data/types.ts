/**
 * Shapes of the demo-data records. The output records follow
 * ../shared/data/FORMATS.md (experts, needs, technologies); extra optional
 * fields (difficulty, target, status, transferModes) are ones the importer
 * accepts and FORMATS.md allows ("add optional fields freely").
 */

/** Assistance tracks / docking programmes used by the demo needs. */
export const TRACK_CODES = ["assist", "618", "straits", "overseas", "jinqiao"] as const;
export type TrackCode = (typeof TRACK_CODES)[number];

export const NEED_STATUSES = ["draft", "open", "in_progress", "solved"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const TRANSFER_MODES = ["license", "transfer", "cooperation", "equity", "service"] as const;
export type TransferMode = (typeof TRANSFER_MODES)[number];

export type PublicationType = "paper" | "project" | "patent" | "output";

export interface PublicationRecord {
  title: string;
  abstract?: string;
  year?: number;
  type?: PublicationType;
  keywords?: string[];
}

export interface ExpertRecord {
  externalId: string;
  name: string;
  organization: string;
  title: string;
  region: string;
  disciplines: string[];
  keywords: string[];
  bio: string;
  languages: string[];
  societies: string[];
  publications: PublicationRecord[];
  capacity: number;
}

export interface NeedRecord {
  externalId: string;
  title: string;
  description: string;
  difficulty: string;
  target: string;
  discipline: string;
  industry: string;
  keywords: string[];
  region: string;
  enterprise: string;
  track: TrackCode;
  confidential: boolean;
  status: NeedStatus;
}

export interface TechnologyRecord {
  externalId: string;
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
  ownerExternalId: string;
  maturity: number;
  transferModes: TransferMode[];
}

export interface SocietyRecord {
  name: string;
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
