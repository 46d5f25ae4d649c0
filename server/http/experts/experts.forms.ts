import { z } from "zod";
import { publicationFields } from "../../knowledge/experts.fields.js";
import { expertLimits } from "../../knowledge/experts.limits.js";
import { asList, blankToUndefined, filterText, numberText, pageNumber, termsText } from "../platform/forms.js";
import { expertBody } from "./experts.schemas.js";

/**
 * The edit form's publication rows: each input repeated once per row (`publicationTitle`
 * twice for two rows). Browsers send every text input, textarea and select of a row, blank or
 * not, so the n-th values of each name belong together.
 */
export const publicationInputs = {
  type: "publicationType",
  year: "publicationYear",
  title: "publicationTitle",
  keywords: "publicationKeywords",
  abstract: "publicationAbstract",
} as const;
export type PublicationRowText = Record<keyof typeof publicationInputs, string>;

/** Blank rows the form offers for adding publications (fewer when the limit is near). */
export const blankPublicationRows = 3;

const rowParts = Object.entries(publicationInputs) as [keyof typeof publicationInputs, string][];

/**
 * The rows as typed, or undefined when the form sent no publication inputs at all (a client
 * that does not show the section must not wipe the publications). A row with nothing typed in
 * (its type select always has a value) is no publication.
 */
export function publicationRowsOf(body: unknown): PublicationRowText[] | undefined {
  const fields = (body ?? {}) as Record<string, unknown>;
  if (!rowParts.some(([, input]) => input in fields)) return undefined;
  const columns = rowParts.map(([part, input]) => [part, asList(fields[input]).map(String)] as const);
  const count = Math.max(...columns.map(([, values]) => values.length));
  const rows = Array.from(
    { length: count },
    (_, index) =>
      Object.fromEntries(columns.map(([part, values]) => [part, values[index] ?? ""])) as PublicationRowText,
  );
  return rows.filter((row) => row.title.trim() || row.year.trim() || row.keywords.trim() || row.abstract.trim());
}

const publicationRow = z.object({
  ...publicationFields,
  year: z.preprocess((value) => {
    const given = blankToUndefined(value);
    return given === undefined ? null : typeof given === "string" ? Number(given.trim()) : given;
  }, publicationFields.year),
  keywords: termsText(publicationFields.keywords),
});

export const expertForm = z.preprocess(
  (body) => ({ ...(body as object), publications: publicationRowsOf(body) }),
  expertBody.extend({
    disciplines: termsText(expertBody.shape.disciplines),
    keywords: termsText(expertBody.shape.keywords),
    // Typed by name (英语, English): the repository stores them as codes, as it does the API's.
    languages: termsText(expertBody.shape.languages),
    capacity: numberText(expertBody.shape.capacity),
    societyIds: z.preprocess(
      (value) => asList(value).map((id) => (typeof id === "string" ? Number(id) : id)),
      expertBody.shape.societyIds,
    ),
    publications: z.array(publicationRow).max(expertLimits.publications).optional(),
  }),
);
export type ExpertForm = z.infer<typeof expertForm>;

export const expertsPageQuery = z.object({
  q: filterText,
  region: filterText,
  discipline: filterText,
  societyId: z
    .preprocess(
      blankToUndefined,
      z.coerce
        .number()
        .int()
        .positive()
        .max(2 ** 31 - 1)
        .optional(),
    )
    .catch(undefined),
  page: pageNumber,
});
export type ExpertsPageQuery = z.infer<typeof expertsPageQuery>;
