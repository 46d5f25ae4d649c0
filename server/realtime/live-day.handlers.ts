import type { Namespace } from "socket.io";
import { z } from "zod";
import { actorOf, isStaff } from "../accounts/accounts.types.js";
import { errorBodyOf, ForbiddenError, ValidationError } from "../errors.js";
import type { LiveDayBus, LiveDayChange, RefillProposalView } from "../events/live-day.bus.js";
import type { LiveDayService } from "../events/live-day.service.js";
import type { LiveMeeting } from "../events/live-day.types.js";
import type { Logger } from "../logger.js";
import type { Ack, AckCallback, SocketAuth } from "./events.js";
import type { SocketAuthenticator } from "./socket-auth.js";

const watchPayload = z.object({
  eventId: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  /** A projector's wall token, instead of an organizer's sign-in. */
  wallToken: z.string().min(1).max(64).optional(),
});

export interface LiveDayClientEvents {
  "event:watch": (
    payload: z.input<typeof watchPayload>,
    ack: AckCallback<{ eventId: number; view: "desk" | "wall" }>,
  ) => void;
}

export interface LiveDayServerEvents {
  "refill:proposed": (proposed: { eventId: number; participantId: number; proposals: RefillProposalView[] }) => void;
  "refill:confirmed": (confirmed: { eventId: number; meeting: LiveMeeting }) => void;
  "meetings:changed": (changed: { eventId: number; meetings: LiveMeeting[] }) => void;
  "participant:changed": (changed: Extract<LiveDayChange, { type: "participant.changed" }>) => void;
}

export type LiveDayNamespace = Namespace<
  LiveDayClientEvents,
  LiveDayServerEvents,
  Record<string, never>,
  { auth: SocketAuth }
>;

/** Organizers' screens (desk) see everything; walls see the table plan's changes only. */
export const deskRoom = (eventId: number) => `event:${eventId}:desk`;
export const wallRoom = (eventId: number) => `event:${eventId}:wall`;

/**
 * `/events`: the live day of docking events. A socket asks to watch one event; organizers
 * (checked again at each watch) join its desk and wall rooms, a projector with the event's wall
 * token its wall room only. The server only pushes: committed changes from the LiveDayBus.
 * Returns the function that stops it.
 */
export function registerLiveDayHandlers(
  namespace: LiveDayNamespace,
  deps: { auth: SocketAuthenticator; liveDay: LiveDayService; liveDayBus: LiveDayBus; logger: Logger },
): () => void {
  namespace.use(deps.auth.middleware({ requireUser: false }));
  namespace.on("connection", (socket) => {
    socket.on("event:watch", async (payload, ack) => {
      const answer: (response: Ack<{ eventId: number; view: "desk" | "wall" }>) => void =
        typeof ack === "function" ? ack : () => undefined;
      try {
        const parsed = watchPayload.safeParse(payload);
        if (!parsed.success) {
          throw new ValidationError("Invalid event:watch payload", {
            issues: parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
          });
        }
        const { eventId, wallToken } = parsed.data;
        const user = await deps.auth.currentUser(socket.data.auth);
        const actor = user ? actorOf(user) : null;
        if (!deps.liveDay.mayWatchWall(actor, eventId, wallToken)) {
          throw new ForbiddenError("Only the event's organizers (or its wall) may watch its live day");
        }
        // Refuses unknown events (not_found) before joining anything.
        await deps.liveDay.wallPlan(eventId);
        const desk = isStaff(actor);
        await socket.join(desk ? [deskRoom(eventId), wallRoom(eventId)] : wallRoom(eventId));
        answer({ ok: true, data: { eventId, view: desk ? "desk" : "wall" } });
      } catch (error) {
        const { status, body } = errorBodyOf(error);
        if (status >= 500) deps.logger.error({ err: error }, "event:watch failed");
        answer({ ok: false, error: body });
      }
    });
  });
  return deps.liveDayBus.subscribe((change) => {
    const { eventId } = change;
    switch (change.type) {
      case "refill.proposed":
        namespace.to(deskRoom(eventId)).emit("refill:proposed", {
          eventId,
          participantId: change.participantId,
          proposals: change.proposals,
        });
        break;
      case "refill.confirmed":
        namespace.to(deskRoom(eventId)).emit("refill:confirmed", { eventId, meeting: change.meeting });
        break;
      case "meetings.changed":
        namespace.to(wallRoom(eventId)).emit("meetings:changed", { eventId, meetings: change.meetings });
        break;
      case "participant.changed":
        namespace.to(deskRoom(eventId)).emit("participant:changed", change);
        break;
    }
  });
}
