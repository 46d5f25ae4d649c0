import type { Namespace } from "socket.io";
import type { Notification, NotificationHub } from "../notifications/notification-hub.js";
import type { SocketAuth } from "./events.js";
import type { SocketAuthenticator } from "./socket-auth.js";

export interface NotificationsServerEvents {
  notification: (notification: Notification) => void;
}

export type NotificationsNamespace = Namespace<
  Record<string, never>,
  NotificationsServerEvents,
  Record<string, never>,
  { auth: SocketAuth }
>;

/** Every socket of one user, on whichever node it is connected. */
export const userRoom = (userId: number) => `user:${userId}`;

/**
 * `/notifications`: one channel per signed-in user (every tab joins the user's room).
 * Clients only listen; the hub's notifications are emitted to the user's room, which the
 * Redis adapter carries to sockets on other nodes. Returns the function that stops it.
 */
export function registerNotificationHandlers(
  namespace: NotificationsNamespace,
  deps: { auth: SocketAuthenticator; notifications: NotificationHub },
): () => void {
  namespace.use(deps.auth.middleware({ requireUser: true }));
  namespace.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.auth.user!.id));
  });
  // Across nodes too: with the Redis adapter, fetchSockets asks every node.
  deps.notifications.setPresence(async (userId) => (await namespace.in(userRoom(userId)).fetchSockets()).length > 0);
  const unsubscribe = deps.notifications.subscribe((userId, notification) => {
    namespace.to(userRoom(userId)).emit("notification", notification);
  });
  return () => {
    deps.notifications.setPresence(() => Promise.resolve(false));
    unsubscribe();
  };
}
