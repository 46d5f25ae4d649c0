import type { Server as HttpServer, IncomingMessage, ServerResponse } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { sessionKeyOf, type AccountsService } from "../accounts/accounts.service.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../logger.js";
import type { NotificationHub } from "../notifications/notification-hub.js";
import type { SalonEventBus } from "../salons/salon-event-bus.js";
import type { SalonsService } from "../salons/salons.service.js";
import type { SalonGuestsService } from "../salons/salon-guests.service.js";
import type { LiveDayBus } from "../events/live-day.bus.js";
import type { LiveDayService } from "../events/live-day.service.js";
import { UnauthenticatedError } from "../errors.js";
import type { AppConfig } from "../config.js";
import { compileTrust } from "../shared/client-address.js";
import { applySecurityHeaders } from "../shared/security-headers.js";
import { SocketActionGate } from "./socket-limits.js";
import type { SocketAuth } from "./events.js";
import { InMemoryPresenceStore, type PresenceStore } from "./presence-store.js";
import { registerLiveDayHandlers, type LiveDayNamespace } from "./live-day.handlers.js";
import { registerNotificationHandlers, type NotificationsNamespace } from "./notifications.handlers.js";
import { registerSalonHandlers } from "./salon.handlers.js";
import type { SalonNamespace } from "./salon-rooms.js";
import { SocketAuthenticator, sessionRoom } from "./socket-auth.js";

export interface RealtimeDeps {
  config: AppConfig;
  clock: Clock;
  accounts: AccountsService;
  notifications: NotificationHub;
  salons: SalonsService;
  salonGuests: SalonGuestsService;
  salonEvents: SalonEventBus;
  liveDay: LiveDayService;
  liveDayBus: LiveDayBus;
  logger: Logger;
}

export interface RealtimeOptions {
  /** Socket.IO adapter (the in-memory one when absent; a Redis one spans several processes). */
  adapter?: ServerOptions["adapter"];
  /** Where room head counts live (in memory when absent). */
  presence?: PresenceStore;
  presenceIntervalMs?: number;
  /** With several nodes, how often each checks the log for salon events it never received. */
  catchUpIntervalMs?: number;
}

export interface Realtime {
  io: Server;
  presence: PresenceStore;
  /**
   * Closes every client's connection (clients reconnect, to this node once it is back or to
   * another) and stops handlers; the HTTP server is left to its owner.
   */
  close(): Promise<void>;
}

/**
 * The largest message a client may send. Room actions are small (500 characters of text,
 * a poll of ten short options); Socket.IO's default of 1 MB would let one client make the
 * server buffer and parse far more than any action needs.
 */
export const maxClientMessageBytes = 16 * 1024;

/**
 * Builds the Socket.IO server on an HTTP server it does not own and never listens on
 * (server/main.ts and the test server listen). Each namespace registers its handlers in
 * its own `*.handlers.ts` and shares the socket authentication.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps, options: RealtimeOptions = {}): Realtime {
  const io = new Server(httpServer, {
    maxHttpBufferSize: maxClientMessageBytes,
    serveClient: true,
    ...(options.adapter && { adapter: options.adapter }),
  });
  // Socket.IO answers its own requests (the client script) before Express sees them.
  const withSecurityHeaders = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("/socket.io/")) applySecurityHeaders(res, "encrypted" in req.socket);
  };
  httpServer.prependListener("request", withSecurityHeaders);
  const auth = new SocketAuthenticator(deps.accounts);
  const presence = options.presence ?? new InMemoryPresenceStore();
  // A shared adapter means other nodes: committed events and sign-outs must reach them.
  const clustered = options.adapter !== undefined;
  // Nothing is served on the main namespace.
  io.of("/").use((_socket, next) => next(new Error("Connect to a namespace such as /salons")));
  const disposers = [
    // Each namespace has its own event maps; the server itself is untyped.
    registerSalonHandlers(io.of("/salons") as unknown as SalonNamespace, {
      salons: deps.salons,
      guests: deps.salonGuests,
      salonEvents: deps.salonEvents,
      auth,
      gate: new SocketActionGate({
        trust: compileTrust(deps.config.trustProxy),
        perAddress: deps.config.abuseLimits,
        now: () => deps.clock.now().getTime(),
      }),
      presence,
      logger: deps.logger,
      presenceIntervalMs: options.presenceIntervalMs,
      clustered,
      catchUpIntervalMs: options.catchUpIntervalMs,
    }),
    registerNotificationHandlers(io.of("/notifications") as unknown as NotificationsNamespace, {
      auth,
      notifications: deps.notifications,
    }),
    registerLiveDayHandlers(io.of("/events") as unknown as LiveDayNamespace, {
      auth,
      liveDay: deps.liveDay,
      liveDayBus: deps.liveDayBus,
      logger: deps.logger,
    }),
  ];
  // A socket signed in with a session stops with it: signing out disconnects it at once,
  // instead of at its next action (salons) or never (notifications only listen).
  const namespaces = [io.of("/salons"), io.of("/notifications"), io.of("/events")];
  for (const namespace of namespaces) {
    namespace.on("connection", (socket) => {
      const signIn = (socket.data as { auth?: SocketAuth }).auth;
      if (signIn?.via !== "session" || !signIn.credential) return;
      void socket.join(sessionRoom(sessionKeyOf(signIn.credential)));
      // A sign-out between the handshake's check and this join missed this socket: check again.
      auth.currentUser(signIn).then(undefined, (error: unknown) => {
        if (error instanceof UnauthenticatedError) socket.disconnect();
      });
    });
  }
  disposers.push(
    deps.accounts.onSessionEnded((sessionKey) => {
      // Each socket is told (the client then does not reconnect); the connection under them may
      // carry other namespaces' sockets, so it is not closed here. This node's sockets first:
      // with several nodes the cluster-wide call waits for Redis, which may be down.
      for (const namespace of namespaces) {
        namespace.local.in(sessionRoom(sessionKey)).disconnectSockets();
        if (clustered) namespace.in(sessionRoom(sessionKey)).disconnectSockets();
      }
    }),
  );
  return {
    io,
    presence,
    async close() {
      for (const dispose of disposers) dispose();
      httpServer.off("request", withSecurityHeaders);
      // Closing the connections, not disconnecting the sockets: a client told "io server
      // disconnect" never reconnects, and after a restart or on another node it should.
      io.engine.close();
      // A Redis adapter stops reading its stream once every namespace's adapter is closed.
      await Promise.all([...io._nsps.values()].map((namespace) => namespace.adapter.close()));
    },
  };
}
