import { createHash } from "node:crypto";
import type {
  ExpertProfile,
  FeedbackEvent,
  MatchingDynamics,
  NeedProfile,
  TechnologyProfile,
} from "../../matching/index.js";
import type { Db } from "../db/prisma.js";
import type { Need } from "../knowledge/knowledge.types.js";
import { decodeList } from "../db/list-columns.js";
import type { OutcomesRepository } from "../events/outcomes.repository.js";
import type { OutcomeResult } from "../events/outcomes.types.js";
import type { InvitationsRepository } from "./invitations.repository.js";

/** Which id names a record to the engine: the database id (the service) or the externalId (batch files). */
export type MatchingKey = "id" | "externalId";

const keyOf = (row: { id: number; externalId: string | null }, key: MatchingKey) =>
  key === "externalId" ? (row.externalId ?? String(row.id)) : String(row.id);

/** The fields of a need the engine reads (a domain `Need` has them all). */
export type NeedMatchingFields = Pick<
  Need,
  | "id"
  | "externalId"
  | "title"
  | "description"
  | "difficulty"
  | "target"
  | "discipline"
  | "industry"
  | "keywords"
  | "region"
  | "enterprise"
> & { track: { code: string } | null };

/**
 * A need as the engine sees it. `publicOnly` keeps what anyone may read of a confidential
 * need (title, discipline, region, track), so rankings shown to others reveal nothing more;
 * the enterprise still counts for conflicts of interest, which only ever remove candidates.
 */
export function needProfileOf(need: NeedMatchingFields, key: MatchingKey, publicOnly = false): NeedProfile {
  return {
    key: keyOf(need, key),
    title: need.title,
    description: publicOnly ? "" : [need.description, need.difficulty, need.target].filter(Boolean).join("\n"),
    discipline: need.discipline,
    industry: publicOnly ? "" : need.industry,
    keywords: publicOnly ? [] : need.keywords,
    region: need.region,
    enterprise: need.enterprise,
    track: need.track?.code ?? null,
  };
}

/** Every expert with their publications and technologies as evidence, read in pages. */
export async function loadExpertProfiles(db: Db, key: MatchingKey): Promise<ExpertProfile[]> {
  // In pages: an include over every expert at once exceeds SQLite's bound-variable limit.
  const experts: ExpertProfile[] = [];
  for (let after = 0; ;) {
    const page = await db.expert.findMany({
      where: { id: { gt: after } },
      orderBy: { id: "asc" },
      take: 2_000,
      include: { publications: { orderBy: { position: "asc" } }, technologies: { orderBy: { id: "asc" } } },
    });
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    for (const row of page) {
      experts.push({
        key: keyOf(row, key),
        name: row.name,
        organization: row.organization,
        region: row.region,
        disciplines: decodeList(row.disciplines),
        keywords: decodeList(row.keywords),
        bio: row.bio,
        capacity: row.capacity,
        evidence: [
          ...row.publications.map((p) => ({
            title: p.title,
            abstract: p.abstract,
            keywords: decodeList(p.keywords),
            year: p.year,
            type: p.type,
          })),
          ...row.technologies.map((t) => ({
            title: t.title,
            abstract: t.abstract,
            keywords: decodeList(t.keywords),
            year: t.createdAt.getUTCFullYear(),
            type: "technology",
          })),
        ],
      });
    }
  }
  return experts;
}

/** Experts and published (non-draft) needs, keyed as the caller asks. */
export async function loadMatchingInputs(
  db: Db,
  key: MatchingKey,
): Promise<{ experts: ExpertProfile[]; needs: NeedProfile[] }> {
  const experts = await loadExpertProfiles(db, key);
  const needRows = await db.need.findMany({
    where: { status: { not: "draft" } },
    orderBy: { id: "asc" },
    include: { track: true },
  });
  return {
    experts,
    needs: needRows.map((row) => needProfileOf({ ...row, keywords: decodeList(row.keywords) }, key)),
  };
}

/** Every technology, with its owner's organisation and region (conflicts and track policy). */
export async function loadTechnologyProfiles(db: Db, key: MatchingKey): Promise<TechnologyProfile[]> {
  const rows = await db.technology.findMany({
    orderBy: { id: "asc" },
    include: { owner: { select: { organization: true, region: true } } },
  });
  return rows.map((row) => ({
    key: keyOf(row, key),
    title: row.title,
    abstract: row.abstract,
    keywords: decodeList(row.keywords),
    discipline: row.discipline,
    maturity: row.maturity,
    year: row.createdAt.getUTCFullYear(),
    organization: row.owner?.organization ?? "",
    region: row.owner?.region ?? "",
  }));
}

/**
 * What the engine's text model is built from, as it is now: counts and the latest change of
 * experts, their publications and technologies, hashed to a short version. Invitations are not
 * part of it: capacity and feedback are applied to a built model without rebuilding it.
 */
export async function matchingDataVersion(db: Db): Promise<string> {
  const [experts, technologies, publications] = await Promise.all([
    db.expert.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    db.technology.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    db.publication.aggregate({ _count: { _all: true }, _max: { id: true } }),
  ]);
  return createHash("sha256")
    .update(JSON.stringify([experts, technologies, publications]))
    .digest("hex")
    .slice(0, 16);
}

/** Needs in these states can take experts: they are what experts are suggested. */
export const suggestableStatuses = ["open", "in_progress"] as const;

/** A need as the suggestion rankings read it: its engine fields and the version (stamp) ranked. */
export interface RankableNeed {
  id: number;
  /** updatedAt in ms: a ranking is for one version of the need. */
  stamp: number;
  confidential: boolean;
  fields: NeedMatchingFields;
}

/** Suggestable needs, all of them or those with the given ids. */
export async function loadRankableNeeds(db: Db, ids?: readonly number[]): Promise<RankableNeed[]> {
  const rows = await db.need.findMany({
    where: { status: { in: [...suggestableStatuses] }, ...(ids ? { id: { in: [...ids] } } : {}) },
    orderBy: { id: "asc" },
    include: { track: true },
  });
  return rows.map((row) => ({
    id: row.id,
    stamp: row.updatedAt.getTime(),
    confidential: row.confidential,
    fields: { ...row, keywords: decodeList(row.keywords) },
  }));
}

/** Where the matcher's feedback comes from: answered invitations and docking-event meeting outcomes. */
export interface FeedbackSources {
  invitations: InvitationsRepository;
  outcomes: OutcomesRepository;
}

/** What invitations and outcomes look like now: when it changes, dynamics are reloaded. */
export async function matchingDynamicsVersion(sources: FeedbackSources): Promise<string> {
  return JSON.stringify([await sources.invitations.fingerprint(), await sources.outcomes.fingerprint()]);
}

/**
 * A meeting's outcomes as one verdict, like an invitation's answer: "no interest" from either
 * side sinks the pair (declined); otherwise a contract counts as solved and an intention as
 * accepted, lifting the expert for similar needs; follow-ups alone say nothing yet.
 */
export function outcomeFeedback(results: readonly OutcomeResult[]): FeedbackEvent["outcome"] | null {
  if (results.includes("no_interest")) return "declined";
  if (results.includes("contract")) return "solved";
  if (results.includes("intention")) return "accepted";
  return null;
}

/**
 * Answered invitations (feedback) and open engagements (capacity), with the version they were
 * read at. The version is read first, so it is never newer than the dynamics.
 */
export async function loadMatchingDynamics(
  sources: FeedbackSources,
): Promise<{ version: string; dynamics: MatchingDynamics }> {
  const { invitations } = sources;
  const version = await matchingDynamicsVersion(sources);
  const [answered, engagements, meetings] = await Promise.all([
    invitations.answered(),
    invitations.activeEngagementsByExpert(),
    sources.outcomes.feedbackRows(),
  ]);
  const feedback: FeedbackEvent[] = answered.map((answer) => ({
    needKey: String(answer.needId),
    expertKey: String(answer.expertId),
    outcome: answer.status === "declined" ? "declined" : answer.needSolved ? "solved" : "accepted",
    needText: answer.needText,
  }));
  for (const meeting of meetings) {
    const outcome = outcomeFeedback(meeting.results);
    if (outcome) {
      feedback.push({
        needKey: String(meeting.needId),
        expertKey: String(meeting.expertId),
        outcome,
        needText: meeting.needText,
      });
    }
  }
  const activeEngagements = new Map([...engagements].map(([expertId, count]) => [String(expertId), count]));
  return { version, dynamics: { feedback, activeEngagements } };
}
