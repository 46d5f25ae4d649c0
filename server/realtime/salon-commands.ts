import type { z } from "zod";
import { ValidationError } from "../errors.js";
import type { SalonCommand } from "../salons/salons.service.js";
import { salonPayloads, type SalonClientEvent, type SalonPayload } from "./events.js";

/** Client actions that become a SalonCommand (the rest: join, leave and reactions). */
export const salonCommands = {
  "chat:send": (p: SalonPayload<"chat:send">): SalonCommand => ({ kind: "chat", text: p.text }),
  "question:ask": (p: SalonPayload<"question:ask">): SalonCommand => ({
    kind: "ask",
    text: p.text,
    anonymous: p.anonymous,
  }),
  "question:vote": (p: SalonPayload<"question:vote">): SalonCommand => ({ kind: "vote", questionId: p.questionId }),
  "question:moderate": (p: SalonPayload<"question:moderate">): SalonCommand => ({
    kind: "moderate",
    questionId: p.questionId,
    action: p.action,
    reason: p.reason,
    intoQuestionId: p.intoQuestionId,
  }),
  "hand:raise": (): SalonCommand => ({ kind: "raiseHand" }),
  "hand:lower": (): SalonCommand => ({ kind: "lowerHand" }),
  "queue:advance": (): SalonCommand => ({ kind: "advanceQueue" }),
  "poll:open": (p: SalonPayload<"poll:open">): SalonCommand => ({
    kind: "openPoll",
    question: p.question,
    options: p.options,
    multiple: p.multiple,
  }),
  "poll:vote": (p: SalonPayload<"poll:vote">): SalonCommand => ({
    kind: "votePoll",
    pollId: p.pollId,
    optionIds: p.optionIds,
  }),
  "poll:close": (p: SalonPayload<"poll:close">): SalonCommand => ({ kind: "closePoll", pollId: p.pollId }),
  "salon:settings": (p: SalonPayload<"salon:settings">): SalonCommand => ({
    kind: "settings",
    slowModeSeconds: p.slowModeSeconds,
    premoderation: p.premoderation,
  }),
  "member:ban": (p: SalonPayload<"member:ban">): SalonCommand => ({ kind: "ban", userId: p.userId, reason: p.reason }),
  "member:mute": (p: SalonPayload<"member:mute">): SalonCommand => ({ kind: "mute", userId: p.userId, muted: p.muted }),
} satisfies Partial<Record<SalonClientEvent, (payload: never) => SalonCommand>>;

export type SalonCommandEvent = keyof typeof salonCommands;

/** A client's payload for `event`, checked by the event's schema (a ValidationError naming each field otherwise). */
export function parseSalonPayload<E extends SalonClientEvent>(event: E, raw: unknown): SalonPayload<E> {
  const result = (salonPayloads[event] as z.ZodType).safeParse(raw);
  if (!result.success) {
    throw new ValidationError(
      `Invalid ${event} payload`,
      result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  }
  return result.data as SalonPayload<E>;
}
