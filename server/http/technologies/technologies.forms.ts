import { z } from "zod";
import { technologyLimits } from "../../knowledge/technologies.limits.js";
import { asList, blankToUndefined, filterText, numberText, pageNumber, termsText } from "../platform/forms.js";
import { technologyBody } from "./technologies.schemas.js";

export const technologyForm = technologyBody.extend({
  keywords: termsText(technologyBody.shape.keywords),
  maturity: z.preprocess((value) => {
    const given = blankToUndefined(value);
    return given === undefined ? null : typeof given === "string" ? Number(given) : given;
  }, technologyBody.shape.maturity.unwrap()),
  transferModes: z.preprocess(asList, technologyBody.shape.transferModes.unwrap()),
  ownerId: numberText(
    z
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1)
      .optional(),
  ),
});
export type TechnologyForm = z.infer<typeof technologyForm>;

export const technologiesPageQuery = z.object({
  q: filterText,
  discipline: filterText,
  maturityMin: z
    .preprocess(
      blankToUndefined,
      z.coerce.number().int().min(technologyLimits.maturity.min).max(technologyLimits.maturity.max).optional(),
    )
    .catch(undefined),
  page: pageNumber,
});
export type TechnologiesPageQuery = z.infer<typeof technologiesPageQuery>;
