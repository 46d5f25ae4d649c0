import { z } from "zod";
import { needStatuses, transferModes } from "../../knowledge/knowledge.types.js";
import { searchTypes } from "../../search/search.service.js";
import { text } from "../../shared/text.schemas.js";
import { integerText, repeatable, shortText } from "../platform/common.schemas.js";

const query = text(500).max(500, "A query can have at most 500 characters").default("");

/** Unknown parameters are refused (strict), so a mistyped filter never silently matches everything. */
export const searchQuery = z
  .strictObject({
    q: query,
    type: z.enum(searchTypes).default("all"),
    page: integerText(z.number().int().min(1).max(1000)).default(1),
    pageSize: integerText(z.number().int().min(1).max(100)).default(20),
    region: repeatable(shortText).optional(),
    discipline: repeatable(shortText).optional(),
    track: repeatable(text(50)).optional(),
    status: repeatable(z.enum(needStatuses)).optional(),
    industry: repeatable(shortText).optional(),
    society: repeatable(shortText).optional(),
    language: repeatable(text(20)).optional(),
    transferMode: repeatable(z.enum(transferModes)).optional(),
    maturityMin: integerText(z.number().int().min(1).max(9)).optional(),
    maturityMax: integerText(z.number().int().min(1).max(9)).optional(),
  })
  .refine((v) => v.maturityMin === undefined || v.maturityMax === undefined || v.maturityMin <= v.maturityMax, {
    message: "maturityMin must not exceed maturityMax",
    path: ["maturityMin"],
  });
export type SearchQuery = z.infer<typeof searchQuery>;

export const suggestQuery = z.strictObject({
  q: query,
  limit: integerText(z.number().int().min(1).max(20)).default(8),
});

const highlightRuns = z.array(z.object({ text: z.string(), match: z.boolean() }));

export const searchResponse = z.object({
  items: z.array(
    z.object({
      kind: z.enum(["expert", "need", "technology"]),
      id: z.number().int(),
      externalId: z.string().nullable(),
      score: z.number(),
      title: z.string(),
      highlights: z.record(z.string(), highlightRuns),
      record: z.unknown(),
    }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: z.record(z.string(), z.record(z.string(), z.number().int())),
});
export type SearchResponse = z.infer<typeof searchResponse>;

export const suggestResponse = z.object({
  items: z.array(z.object({ kind: z.enum(["expert", "need", "technology"]), id: z.number().int(), text: z.string() })),
});
