import { z } from "zod";
import type { User } from "../accounts/accounts.types.js";
import type { ErrorCode } from "../errors.js";
import { salonLimits } from "../salons/salon.js";
import { moderationActions, reactionKinds } from "../salons/salon.types.js";
import type { JoinResult } from "../salons/salons.service.js";
import type { WireEvent } from "../salons/salon-views.js";
import { text as cleanedText } from "../shared/text.schemas.js";

/**
 * The realtime protocol's types and payload schemas (docs/realtime-protocol.md is its
 * description). Every client payload is parsed by its schema before anything else runs.
 */

export type AckError = { code: ErrorCode; message: string; details?: unknown };
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckCallback<T = unknown> = (response: Ack<T>) => void;

const id = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** A user's id, or a salon guest's (negative: minus the guest's id). */
const personId = z
  .number()
  .int()
  .min(-(2 ** 31 - 1))
  .max(2 ** 31 - 1)
  .refine((value) => value !== 0, "Not a user or guest id");

/** Counts characters as people do (code points), not UTF-16 units. */
const text = (max: number) =>
  cleanedText(max * 2)
    .min(1, "Write something first")
    .refine((value) => Array.from(value).length <= max, `At most ${max} characters`);

export const clientMutationId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w.:-]+$/, "Letters, digits, _ . : and - only");

const action = z.object({ salonId: id, clientMutationId });

export const salonPayloads = {
  "salon:join": z.object({ salonId: id, lastSeq: z.number().int().min(0).optional() }),
  "salon:leave": z.object({ salonId: id }),
  "chat:send": action.extend({ text: text(salonLimits.textCharacters) }),
  "question:ask": action.extend({ text: text(salonLimits.textCharacters), anonymous: z.boolean().default(false) }),
  "question:vote": action.extend({ questionId: id }),
  "question:moderate": action.extend({
    questionId: id,
    action: z.enum(moderationActions),
    reason: cleanedText(salonLimits.reasonCharacters).optional(),
    intoQuestionId: id.optional(),
  }),
  "hand:raise": action,
  "hand:lower": action,
  "queue:advance": action,
  "poll:open": action.extend({
    question: text(salonLimits.pollQuestionCharacters),
    options: z
      .array(text(salonLimits.pollOptionCharacters))
      .min(salonLimits.pollOptions.min)
      .max(salonLimits.pollOptions.max),
    multiple: z.boolean().default(false),
  }),
  "poll:vote": action.extend({
    pollId: id,
    optionIds: z.array(z.number().int().min(0).max(100)).min(1).max(salonLimits.pollOptions.max),
  }),
  "poll:close": action.extend({ pollId: id }),
  "reaction:send": action.extend({ kind: z.enum(reactionKinds) }),
  "salon:settings": action.extend({
    slowModeSeconds: z.number().int().min(0).max(salonLimits.slowModeSeconds).optional(),
    premoderation: z.boolean().optional(),
  }),
  "member:ban": action.extend({ userId: personId, reason: cleanedText(salonLimits.reasonCharacters).default("") }),
  "member:mute": action.extend({ userId: personId, muted: z.boolean().default(true) }),
} as const;

export type SalonClientEvent = keyof typeof salonPayloads;
export type SalonPayload<E extends SalonClientEvent> = z.output<(typeof salonPayloads)[E]>;

/** Client → server: a payload and an ack callback. */
export type ClientToServerEvents = {
  [E in SalonClientEvent]: (payload: z.input<(typeof salonPayloads)[E]>, ack: AckCallback) => void;
};

export interface SalonPresence {
  salonId: number;
  /** People in the room now (each signed-in user once, however many tabs). */
  count: number;
}

export interface ServerToClientEvents {
  "salon:event": (event: WireEvent) => void;
  "salon:presence": (presence: SalonPresence) => void;
  /** Sent just before the server disconnects a banned user's sockets. */
  "salon:removed": (notice: { salonId: number; reason: "banned" | "access_revoked" }) => void;
}

/** Between nodes (through the Redis adapter): the events one node committed (JSON), for the others to deliver. */
export interface InterServerEvents {
  "salon:events": (salonId: number, events: string) => void;
}

export interface SocketAuth {
  user: User | null;
  via: "session" | "token" | null;
  /** The session id or API token, to re-check the user before each action. */
  credential: string | null;
  /**
   * Without a user: the salon guest credentials the handshake's cookies carried, by salon id
   * (a guest belongs to one salon; the credential is checked on each action in that salon).
   */
  guests: Record<number, string>;
}

export interface SocketData {
  auth: SocketAuth;
  /** The client's address (see TRUST_PROXY), for the per-address limits. */
  address: string;
  /** Salons this socket has joined (an array: socket data crosses nodes as JSON). */
  salons: number[];
}

export type JoinAck = JoinResult;
