import type { Logger } from "../logger.js";
import type { SalonGuestsService } from "../salons/salon-guests.service.js";
import { presentEvent } from "../salons/salon-views.js";
import type { SalonEvent } from "../salons/salon.types.js";
import { salonActorOf, type SalonsService } from "../salons/salons.service.js";
import { salonRooms, type SalonNamespace } from "./salon-rooms.js";

export interface SalonDeliveryDeps {
  nsp: SalonNamespace;
  /** Whether a socket that stays in the room may still see the salon. */
  salons: Pick<SalonsService, "canView">;
  guests: Pick<SalonGuestsService, "guestFor">;
  logger: Logger;
}

/**
 * Sends each event to this node's sockets three ways at most: moderators, the event's
 * subject, everyone else. Local only: every node delivers to its own sockets.
 */
export function createSalonDelivery(deps: SalonDeliveryDeps) {
  const here = deps.nsp.local;
  const updateRooms = roomUpdater(deps);
  return function deliverSalonEvents(salonId: number, events: readonly SalonEvent[]): void {
    const rooms = salonRooms(salonId);
    for (const event of events) {
      here.to(rooms.mods).emit("salon:event", presentEvent(event, { userId: null, moderator: true }));
      const subject = event.subjectUserId;
      let others = here.to(rooms.all).except(rooms.mods);
      if (subject !== null) {
        here
          .to(rooms.user(subject))
          .except(rooms.mods)
          .emit("salon:event", presentEvent(event, { userId: subject, moderator: false }));
        others = others.except(rooms.user(subject));
      }
      others.emit("salon:event", presentEvent(event, { userId: null, moderator: false }));
      void updateRooms(salonId, event).catch((error: unknown) =>
        deps.logger.error({ err: error, salonId, seq: event.seq }, "could not apply an event to the rooms"),
      );
    }
  };
}

/** Room membership that follows from an event: bans, moderator lists, who may still see. */
function roomUpdater({ nsp, salons, guests }: SalonDeliveryDeps) {
  const here = nsp.local;
  return async function updateRoomsAfter(salonId: number, event: SalonEvent): Promise<void> {
    const rooms = salonRooms(salonId);
    if (event.type === "member.banned") {
      const own = here.in(rooms.user(event.payload.userId));
      own.emit("salon:removed", { salonId, reason: "banned" });
      own.disconnectSockets();
      return;
    }
    if (event.type !== "salon.updated") return;
    const { moderators, visibility, inviteeIds, speakers } = event.payload.changes;
    if (moderators) {
      here.in(rooms.mods).socketsLeave(rooms.mods);
      here.in(rooms.managers).socketsJoin(rooms.mods);
      for (const { userId } of moderators) here.in(rooms.user(userId)).socketsJoin(rooms.mods);
    }
    if (visibility || inviteeIds || moderators || speakers) {
      // Rare (an organizer narrowed who may attend): ask each socket in the room.
      for (const socket of await here.in(rooms.all).fetchSockets()) {
        const { auth } = socket.data;
        const actor = auth.user ? salonActorOf(auth.user) : await guests.guestFor(salonId, auth.guests[salonId]);
        if (await salons.canView(actor, salonId)) continue;
        socket.emit("salon:removed", { salonId, reason: "access_revoked" });
        socket.disconnect();
      }
    }
  };
}
