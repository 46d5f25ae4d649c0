import type { ExpertProfile, NeedProfile } from "../../matching/index.js";
import type { Db } from "../db/prisma.js";
import type { Prisma } from "../db/generated/client.js";
import { decodeList } from "../knowledge/list-columns.js";

/** Which id names a record to the engine: the database id (the service) or the externalId (batch files). */
export type MatchingKey = "id" | "externalId";

const keyOf = (row: { id: number; externalId: string | null }, key: MatchingKey) =>
  key === "externalId" ? (row.externalId ?? String(row.id)) : String(row.id);

type NeedRow = Prisma.NeedGetPayload<{ include: { track: true } }>;

/** A need as the engine sees it: every field a matcher may read (callers redact first when they must). */
export function needProfileOf(row: NeedRow, key: MatchingKey): NeedProfile {
  return {
    key: keyOf(row, key),
    title: row.title,
    description: [row.description, row.difficulty, row.target].filter(Boolean).join("\n"),
    discipline: row.discipline,
    industry: row.industry,
    keywords: decodeList(row.keywords),
    region: row.region,
    enterprise: row.enterprise,
    track: row.track?.code ?? null,
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
  return { experts, needs: needRows.map((row) => needProfileOf(row, key)) };
}
