import type { IndexSchema, SearchDocument } from "../../matching/index.js";
import type { Db } from "../db/prisma.js";
import { decodeList } from "../db/list-columns.js";
import type { SearchIndexName } from "./search-outbox.js";
import { languageCodesOf } from "../shared/working-languages.js";

/** What each index searches, filters, facets and sorts on. */
export const searchSchemas: Record<SearchIndexName, IndexSchema> = {
  experts: {
    searchable: [
      { field: "name", weight: 5 },
      { field: "keywords", weight: 4 },
      { field: "disciplines", weight: 3 },
      { field: "publications", weight: 2 },
      { field: "bio", weight: 1 },
      { field: "organization", weight: 1 },
    ],
    filterable: ["region", "discipline", "society", "language"],
    facetable: ["region", "discipline"],
    sortable: ["updatedAt"],
  },
  needs: {
    searchable: [
      { field: "title", weight: 5 },
      { field: "keywords", weight: 4 },
      { field: "discipline", weight: 3 },
      { field: "description", weight: 1 },
      { field: "enterprise", weight: 1 },
    ],
    filterable: ["region", "discipline", "track", "status", "industry"],
    facetable: ["region", "discipline", "track", "status"],
    sortable: ["updatedAt"],
  },
  technologies: {
    searchable: [
      { field: "title", weight: 5 },
      { field: "keywords", weight: 4 },
      { field: "discipline", weight: 3 },
      { field: "abstract", weight: 1 },
      { field: "owner", weight: 1 },
    ],
    filterable: ["discipline", "maturity", "transferMode", "region"],
    facetable: ["discipline", "maturity", "region"],
    sortable: ["updatedAt", "maturity"],
  },
};

const joinList = (text: string) => decodeList(text).join("；");

export interface BuiltDocuments {
  documents: SearchDocument[];
  /** Ids that must leave the index: deleted records, and drafts nobody else may find. */
  removals: string[];
}

/** Which of these ids belong in the index now: existing records, and for needs only non-drafts. */
export async function indexableIds(db: Db, index: SearchIndexName, ids: readonly number[]): Promise<Set<number>> {
  const where = { id: { in: [...ids] } };
  const rows =
    index === "experts"
      ? await db.expert.findMany({ where, select: { id: true } })
      : index === "technologies"
        ? await db.technology.findMany({ where, select: { id: true } })
        : await db.need.findMany({ where: { ...where, status: { not: "draft" } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/**
 * Builds search documents for records by id, from the database as it is now (so a
 * burst of changes to one record is indexed once, in its latest state).
 */
export async function buildSearchDocuments(
  db: Db,
  index: SearchIndexName,
  ids: readonly number[],
): Promise<BuiltDocuments> {
  const wanted = [...new Set(ids)];
  const documents: SearchDocument[] = [];
  if (index === "experts") {
    const rows = await db.expert.findMany({
      where: { id: { in: wanted } },
      include: { publications: { orderBy: { position: "asc" } }, societies: { include: { society: true } } },
    });
    for (const row of rows) {
      documents.push({
        id: String(row.id),
        text: {
          name: row.name,
          keywords: joinList(row.keywords),
          disciplines: joinList(row.disciplines),
          publications: row.publications
            .map((p) => [p.title, joinList(p.keywords), p.abstract].filter(Boolean).join("。"))
            .join("\n"),
          bio: row.bio,
          organization: row.organization,
        },
        attributes: {
          region: row.region || null,
          discipline: decodeList(row.disciplines),
          // Filterable by either name: the English pages and API callers name societies in English.
          society: row.societies.flatMap((m) => [m.society.name, m.society.nameEn].filter(Boolean)),
          // Codes, also for profiles saved before languages were stored as codes (["English"]).
          language: languageCodesOf(decodeList(row.languages)),
          updatedAt: row.updatedAt.getTime(),
        },
      });
    }
  } else if (index === "needs") {
    const rows = await db.need.findMany({
      where: { id: { in: wanted }, status: { not: "draft" } },
      include: { track: true },
    });
    for (const row of rows) {
      // A confidential need is indexed with the fields anyone may see, nothing more.
      const open = !row.confidential;
      documents.push({
        id: String(row.id),
        text: {
          title: row.title,
          keywords: open ? joinList(row.keywords) : "",
          discipline: row.discipline,
          description: open ? [row.description, row.difficulty, row.target].filter(Boolean).join("\n") : "",
          enterprise: open ? row.enterprise : "",
        },
        attributes: {
          region: row.region || null,
          discipline: row.discipline || null,
          // Programme and status are not among what anyone may see of a confidential need:
          // facet counts and filters would reveal them.
          track: open ? (row.track?.code ?? null) : null,
          status: open ? row.status : null,
          industry: open ? row.industry || null : null,
          updatedAt: row.updatedAt.getTime(),
        },
      });
    }
  } else {
    const rows = await db.technology.findMany({ where: { id: { in: wanted } }, include: { owner: true } });
    for (const row of rows) {
      documents.push({
        id: String(row.id),
        text: {
          title: row.title,
          keywords: joinList(row.keywords),
          discipline: row.discipline,
          abstract: row.abstract,
          owner: row.owner ? `${row.owner.name} ${row.owner.organization}` : "",
        },
        attributes: {
          discipline: row.discipline || null,
          maturity: row.maturity,
          transferMode: decodeList(row.transferModes),
          region: row.owner?.region || null,
          updatedAt: row.updatedAt.getTime(),
        },
      });
    }
  }
  const present = new Set(documents.map((d) => d.id));
  return { documents, removals: wanted.map(String).filter((id) => !present.has(id)) };
}
