import { z } from "zod";
import { transferModes } from "../../knowledge/knowledge.types.js";
import { asList, blankToUndefined, filterText, numberText, pageNumber, termsText } from "../platform/forms.js";
import { technologyBody } from "./technologies.schemas.js";

export const technologyForm = technologyBody.extend({
  keywords: termsText(technologyBody.shape.keywords),
  maturity: z.preprocess((value) => {
    const given = blankToUndefined(value);
    return given === undefined ? null : typeof given === "string" ? Number(given) : given;
  }, z.number().int().min(1).max(9).nullable()),
  transferModes: z.preprocess(asList, z.array(z.enum(transferModes)).max(transferModes.length)),
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
  maturityMin: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(9).optional()).catch(undefined),
  page: pageNumber,
});
export type TechnologiesPageQuery = z.infer<typeof technologiesPageQuery>;
