import type { Namespace, Socket } from "socket.io";
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "./events.js";

export type SalonNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type SalonSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A salon's rooms. Everyone in the salon is in `all`; moderators also in `mods` (they get
 * unredacted events); organizers and staff in `managers` (moderators by right, whatever
 * the list says); each signed-in user's sockets in `user(id)` (their own view, and what a
 * ban disconnects).
 */
export function salonRooms(salonId: number) {
  const prefix = `salon:${salonId}`;
  return {
    all: prefix,
    mods: `${prefix}:mods`,
    managers: `${prefix}:managers`,
    user: (userId: number) => `${prefix}:user:${userId}`,
  };
}

/** Who counts once in a salon's head count: a user (however many tabs), a guest, else the socket. */
export function memberKey(socket: SalonSocket, salonId: number): string {
  const user = socket.data.auth.user;
  if (user) return `user:${user.id}`;
  const guest = socket.data.auth.guests[salonId];
  return guest ? `guest:${guest.split(".")[0]}` : `socket:${socket.id}`;
}
