import type { Actor } from "../../accounts/accounts.types.js";
import { isStaff } from "../../accounts/accounts.types.js";
import {
  outcomeResults,
  outcomeSides,
  type Outcome,
  type OutcomeBlock,
  type OutcomeMeeting,
  type OutcomeSide,
} from "../../events/outcomes.types.js";
import { translate, type Lang } from "../i18n/translate.js";
import type { FieldErrors } from "../platform/forms.js";
import { headingWords, outcomeHref, slotLabel } from "./events.view-models.js";

/** What the form shows: the submitted text after an error, else the actor's recorded outcome. */
export interface OutcomeFormValues {
  side: string;
  result: string;
  contractValueYuan: string;
  note: string;
}

/** The sides the actor records for: their own, or (organizers) either. */
export function sidesOf(actor: Actor, meeting: OutcomeMeeting): OutcomeSide[] {
  if (isStaff(actor)) return [...outcomeSides];
  return outcomeSides.filter((side) =>
    side === "need" ? meeting.needOwnerId === actor.userId : meeting.expertUserId === actor.userId,
  );
}

/** The form's starting values: what the actor's side recorded before, if anything. */
export function recordedValues(sides: OutcomeSide[], outcomes: Outcome[]): OutcomeFormValues {
  const own = sides.length === 1 ? outcomes.find((o) => o.side === sides[0]) : undefined;
  return {
    side: sides.length === 1 ? sides[0]! : "",
    result: own?.result ?? "",
    contractValueYuan: own?.contractValueYuan === null || !own ? "" : String(own.contractValueYuan),
    note: own?.note ?? "",
  };
}

const yuan = (lang: Lang, value: number) => new Intl.NumberFormat(lang).format(value);

export function presentOutcomePage(
  lang: Lang,
  input: {
    actor: Actor;
    meeting: OutcomeMeeting;
    outcomes: Outcome[];
    block: OutcomeBlock | null;
    values: OutcomeFormValues;
    errors?: FieldErrors;
    formError?: string;
  },
) {
  const { actor, meeting, outcomes, block, values, errors = {} } = input;
  const sides = sidesOf(actor, meeting);
  // Each side named as the event's kind names it: 需求方（企业）/专家方, or 提名方（提名单位）/评审专家方.
  const sideValues = headingWords(lang, meeting.eventKind);
  const sideLabel = (side: OutcomeSide) => translate(lang, `outcomes.side.${side}`, sideValues);
  const time =
    meeting.slotStart && meeting.slotEnd
      ? slotLabel({ slot: meeting.slot ?? 0, startsAt: meeting.slotStart, endsAt: meeting.slotEnd })
      : "";
  return {
    title: translate(lang, "outcomes.title"),
    event: { id: meeting.eventId, title: meeting.eventTitle, href: `/events/${meeting.eventId}` },
    meeting: {
      id: meeting.id,
      needTitle: meeting.needTitle,
      expertName: meeting.expertName,
      slot: meeting.slot === null ? "" : translate(lang, "live.slotNumber", { slot: meeting.slot + 1 }),
      time,
      // Tables are stored from 0 and shown from 1, as on the agenda and the table cards.
      table: meeting.tableNo === null ? "" : translate(lang, "outcomes.table", { table: meeting.tableNo + 1 }),
    },
    recorded: outcomeSides.map((side) => {
      const outcome = outcomes.find((o) => o.side === side);
      return {
        side,
        sideLabel: sideLabel(side),
        result: outcome ? translate(lang, `outcomes.result.${outcome.result}`) : translate(lang, "outcomes.none"),
        value: outcome?.contractValueYuan != null ? yuan(lang, outcome.contractValueYuan) : "",
        note: outcome?.note ?? "",
        recorded: outcome !== undefined,
      };
    }),
    blocked: block ? translate(lang, `outcomes.blocked.${block}`) : "",
    form: block
      ? null
      : {
          action: outcomeHref(meeting.eventId, meeting.id),
          chooseSide: sides.length > 1,
          sides: sides.map((side) => ({
            value: side,
            label: sideLabel(side),
            selected: values.side === side,
          })),
          ownSide: sides.length === 1 ? sideLabel(sides[0]!) : "",
          results: outcomeResults.map((result) => ({
            value: result,
            label: translate(lang, `outcomes.result.${result}`),
            checked: values.result === result,
          })),
          values,
          errors,
          formError: input.formError ?? "",
          hasErrors: Object.keys(errors).length > 0 || Boolean(input.formError),
        },
    backHref: isStaff(actor) ? `/events/${meeting.eventId}` : `/events/${meeting.eventId}/agenda`,
  };
}
