import { z } from "zod";
import { asList, blankToUndefined, filterText, numberText, pageNumber, termsText } from "../platform/forms.js";
import { expertBody } from "./experts.schemas.js";

export const expertForm = expertBody.omit({ publications: true }).extend({
  disciplines: termsText(expertBody.shape.disciplines),
  keywords: termsText(expertBody.shape.keywords),
  languages: termsText(expertBody.shape.languages),
  capacity: numberText(expertBody.shape.capacity),
  societyIds: z.preprocess(
    (value) => asList(value).map((id) => (typeof id === "string" ? Number(id) : id)),
    expertBody.shape.societyIds,
  ),
});
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
