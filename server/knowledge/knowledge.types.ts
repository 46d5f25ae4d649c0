export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  order: "asc" | "desc";
}

export const publicationTypes = ["paper", "project", "patent", "output"] as const;
export type PublicationType = (typeof publicationTypes)[number];

export interface Publication {
  type: PublicationType;
  title: string;
  abstract: string;
  year: number | null;
  keywords: string[];
}

export interface SocietyRef {
  id: number;
  name: string;
  /** The English name; empty when none was given. */
  nameEn: string;
}

export interface Expert {
  id: number;
  externalId: string | null;
  userId: number | null;
  name: string;
  organization: string;
  title: string;
  region: string;
  disciplines: string[];
  keywords: string[];
  bio: string;
  languages: string[];
  capacity: number;
  societies: SocietyRef[];
  publications: Publication[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * An expert's private contact details. Deliberately not part of `Expert`: profiles flow into
 * search documents, pages, exports and other users' responses; contacts are read on purpose,
 * by those allowed (the expert, organizers, an engaged counterpart).
 */
export interface ExpertContact {
  email: string | null;
  phone: string | null;
  /** The address the expert signs in with (null before a profile is claimed): what an engagement shows when `email` is blank. */
  accountEmail: string | null;
}

export const needStatuses = ["draft", "open", "in_progress", "solved", "closed"] as const;
export type NeedStatus = (typeof needStatuses)[number];

export interface TrackRef {
  id: number;
  code: string;
  name: string;
  nameEn: string;
}

export interface Need {
  id: number;
  externalId: string | null;
  ownerId: number | null;
  enterprise: string;
  title: string;
  description: string;
  difficulty: string;
  target: string;
  discipline: string;
  industry: string;
  keywords: string[];
  region: string;
  track: TrackRef | null;
  confidential: boolean;
  status: NeedStatus;
  /** Experts the owner approved to read the need in full when it is confidential. */
  approvedExpertIds: number[];
  createdAt: Date;
  updatedAt: Date;
}

export const transferModes = ["license", "transfer", "cooperation", "equity", "service"] as const;
export type TransferMode = (typeof transferModes)[number];

export interface Technology {
  id: number;
  externalId: string | null;
  owner: { id: number; name: string } | null;
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
  maturity: number | null;
  transferModes: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface Society {
  id: number;
  name: string;
  nameEn: string;
  discipline: string;
  description: string;
  descriptionEn: string;
  memberCount: number;
}

export interface Track {
  id: number;
  code: string;
  name: string;
  /** The name on English pages; empty when none was given (the name serves). */
  nameEn: string;
  description: string;
  descriptionEn: string;
}
