import { readInChunks } from "../db/in-chunks.js";
import type { Db } from "../db/prisma.js";

export const conflictKinds = ["employer", "contract", "competitor", "other"] as const;
export type ConflictKind = (typeof conflictKinds)[number];

export const overrideKinds = ["pin", "exclude"] as const;
export type OverrideKind = (typeof overrideKinds)[number];

export interface ExpertConflict {
  id: number;
  expertId: number;
  organization: string;
  kind: ConflictKind;
  reason: string;
  createdAt: Date;
}

export interface MatchOverride {
  needId: number;
  expertId: number;
  kind: OverrideKind;
  note: string;
  createdAt: Date;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`Unknown ${what} ${value}`);
  return value as T;
}

const toConflict = (row: Omit<ExpertConflict, "kind"> & { kind: string }): ExpertConflict => ({
  ...row,
  kind: oneOf(conflictKinds, row.kind, "conflict kind"),
});

const toOverride = (row: Omit<MatchOverride, "kind"> & { kind: string }): MatchOverride => ({
  ...row,
  kind: oneOf(overrideKinds, row.kind, "override kind"),
});

const conflictColumns = { id: true, expertId: true, organization: true, kind: true, reason: true, createdAt: true };
const overrideColumns = { needId: true, expertId: true, kind: true, note: true, createdAt: true };

/** Organizers' curation of matching: declared conflicts of interest, and pins/exclusions per need. */
export class MatchCurationRepository {
  constructor(private readonly db: Db) {}

  async conflictsOf(expertId: number): Promise<ExpertConflict[]> {
    const rows = await this.db.expertConflict.findMany({
      where: { expertId },
      orderBy: { id: "asc" },
      select: conflictColumns,
    });
    return rows.map(toConflict);
  }

  async allConflicts(): Promise<ExpertConflict[]> {
    const rows = await this.db.expertConflict.findMany({ orderBy: { id: "asc" }, select: conflictColumns });
    return rows.map(toConflict);
  }

  /** Declares (or re-describes) the expert's conflict with an organization. */
  async declareConflict(input: {
    expertId: number;
    organization: string;
    kind: ConflictKind;
    reason: string;
    createdById: number;
  }): Promise<ExpertConflict> {
    const { expertId, organization, kind, reason, createdById } = input;
    const row = await this.db.expertConflict.upsert({
      where: { expertId_organization: { expertId, organization } },
      create: { expertId, organization, kind, reason, createdById },
      update: { kind, reason },
      select: conflictColumns,
    });
    return toConflict(row);
  }

  /** True when a conflict was removed. */
  async removeConflict(expertId: number, conflictId: number): Promise<boolean> {
    const { count } = await this.db.expertConflict.deleteMany({ where: { id: conflictId, expertId } });
    return count > 0;
  }

  async overridesOf(needId: number): Promise<MatchOverride[]> {
    const rows = await this.db.matchOverride.findMany({
      where: { needId },
      orderBy: { createdAt: "asc" },
      select: overrideColumns,
    });
    return rows.map(toOverride);
  }

  /** The exclusions of these needs, in one read per 500 needs. */
  async exclusionsOf(needIds: readonly number[]): Promise<{ needId: number; expertId: number }[]> {
    return readInChunks(needIds, (chunk) =>
      this.db.matchOverride.findMany({
        where: { kind: "exclude", needId: { in: chunk } },
        select: { needId: true, expertId: true },
        orderBy: [{ needId: "asc" }, { expertId: "asc" }],
      }),
    );
  }

  async exclusions(): Promise<{ needId: number; expertId: number }[]> {
    return this.db.matchOverride.findMany({ where: { kind: "exclude" }, select: { needId: true, expertId: true } });
  }

  async findOverride(needId: number, expertId: number): Promise<MatchOverride | null> {
    const row = await this.db.matchOverride.findUnique({
      where: { needId_expertId: { needId, expertId } },
      select: overrideColumns,
    });
    return row && toOverride(row);
  }

  async setOverride(input: {
    needId: number;
    expertId: number;
    kind: OverrideKind;
    note: string;
    createdById: number;
  }): Promise<MatchOverride> {
    const { needId, expertId, kind, note, createdById } = input;
    const row = await this.db.matchOverride.upsert({
      where: { needId_expertId: { needId, expertId } },
      create: { needId, expertId, kind, note, createdById },
      update: { kind, note, createdById },
      select: overrideColumns,
    });
    return toOverride(row);
  }

  async clearOverride(needId: number, expertId: number): Promise<boolean> {
    const { count } = await this.db.matchOverride.deleteMany({ where: { needId, expertId } });
    return count > 0;
  }

  /** Changes to what the matcher filters (conflicts, exclusions), for deciding when to rebuild it. */
  async fingerprint(): Promise<unknown> {
    const [conflicts, exclusions] = await Promise.all([
      this.db.expertConflict.aggregate({ _count: { _all: true }, _max: { id: true } }),
      this.db.matchOverride.aggregate({ where: { kind: "exclude" }, _count: { _all: true }, _max: { id: true } }),
    ]);
    return [conflicts, exclusions];
  }
}
