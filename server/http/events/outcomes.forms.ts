import { z } from "zod";
import { outcomeResults, outcomeSides } from "../../events/outcomes.types.js";
import { text } from "../../shared/text.schemas.js";
import type { MessageKey } from "../i18n/translate.js";
import { blankToUndefined, formText } from "../platform/forms.js";

/** The outcome form: the result, a contract's value in yuan, a note; organizers also name the side. */
export const outcomeForm = z.object({
  side: z.preprocess(blankToUndefined, z.enum(outcomeSides).optional()),
  result: z.enum(outcomeResults),
  note: z.preprocess((value) => (typeof value === "string" ? value.trim() : value), text(2000).default("")),
});
export type OutcomeForm = z.infer<typeof outcomeForm>;

/** The largest value the API takes (outcomes.schemas.ts). */
const maxYuan = 1e13;

/**
 * A contract's value as typed: whole yuan, thousands separators allowed (1,200,000 or
 * 1，200，000); empty is "not given". Returns the number, or the message key of what is wrong.
 */
export function yuanOf(body: unknown): { value: number | null } | { error: MessageKey } {
  const typed = formText(body, "contractValueYuan").replace(/[,，\s\u3000]/gu, "");
  if (typed === "") return { value: null };
  if (!/^\d+$/.test(typed) || Number(typed) > maxYuan) return { error: "outcomes.error.value" };
  return { value: Number(typed) };
}

/** What the form adds to zod's checks: a contract needs its value, and only a contract has one. */
export function valueErrorOf(result: OutcomeForm["result"], value: number | null): MessageKey | null {
  if (result === "contract" && value === null) return "outcomes.error.valueRequired";
  if (result !== "contract" && value !== null) return "outcomes.error.valueOnlyForContract";
  return null;
}
