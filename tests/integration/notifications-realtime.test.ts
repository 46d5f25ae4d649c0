import { io, type Socket } from "socket.io-client";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../server/notifications/notification-hub.js";
import { connectAgent } from "../support/agent-sockets.js";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";
import { signUpUsers } from "../support/users.js";

let server: RunningTestServer;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
const sockets: Socket[] = [];

/** A connection to `namespace` with the agent's session cookie, resolved once connected. */
const connect = (user: SignedInAgent, namespace: "/notifications" | "/salons", baseUrl = server.baseUrl) =>
  connectAgent(baseUrl, user, namespace, sockets);

/** A `/notifications` connection that collects what it receives. */
async function listen(user: SignedInAgent): Promise<{ socket: Socket; received: Notification[] }> {
  const socket = await connect(user, "/notifications");
  const received: Notification[] = [];
  socket.on("notification", (notification: Notification) => received.push(notification));
  return { socket, received };
}

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 5_000) throw new Error("timed out waiting for a notification");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

beforeAll(async () => {
  server = await startTestServer();
  ({ enterprise, expert } = await signUpUsers(server, {
    enterprise: {},
    expert: { name: "庄教授" },
  }));
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server.close();
});

describe("/notifications", () => {
  it("pushes an invitation to every tab of the invited expert, and the answer to the enterprise", async () => {
    const [tab1, tab2, enterpriseTab] = await Promise.all([listen(expert), listen(expert), listen(enterprise)]);
    const need = await write(enterprise, "post", "/api/needs").send(buildNeed({ title: "茶园无人机植保路径规划" }));
    const invitation = await write(enterprise, "post", `/api/needs/${need.body.id}/invitations`).send({
      expertId: expert.expertId,
    });
    await until(() => tab1.received.length > 0 && tab2.received.length > 0);
    for (const tab of [tab1, tab2]) {
      expect(tab.received).toContainEqual({
        type: "invitation.received",
        invitationId: invitation.body.id,
        needId: need.body.id,
        needTitle: "茶园无人机植保路径规划",
      });
    }
    await write(expert, "post", `/api/invitations/${invitation.body.id}/accept`);
    await until(() => enterpriseTab.received.some((n) => n.type === "invitation.answered"));
    expect(enterpriseTab.received).toContainEqual(
      expect.objectContaining({ type: "invitation.answered", status: "accepted", expertName: "庄教授" }),
    );
    expect(tab1.received.filter((n) => n.type === "invitation.answered")).toEqual([]);
  });

  it("disconnects a session's sockets in every namespace when it signs out, and only that session's", async () => {
    const user = await signUp(server.app, server.container, { role: "expert", name: "林研究员" });
    const secondAgent = request.agent(server.app);
    const login = await secondAgent.post("/api/auth/login").send({ email: user.email, password: user.password });
    const otherSession = { ...user, agent: secondAgent, csrfToken: (login.body as { csrfToken: string }).csrfToken };
    const salonSocket = await connect(user, "/salons");
    const [signedOut, stillSignedIn] = await Promise.all([listen(user), listen(otherSession)]);
    const reasons = (socket: Socket) => new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const disconnected = Promise.all([reasons(signedOut.socket), reasons(salonSocket)]);
    expect((await write(user, "post", "/api/auth/logout")).status).toBe(204);
    expect(await disconnected).toEqual(["io server disconnect", "io server disconnect"]);
    // The other session still gets what the user is sent (a round trip after the sign-out).
    const note = { type: "suggestion.new", needId: 1, needTitle: "茶叶加工", score: 0.9 } as const;
    server.container.notifications.publish([user.userId], note);
    await until(() => stillSignedIn.received.length > 0);
    expect(stillSignedIn.received).toEqual([note]);
    expect(signedOut.received).toEqual([]);
  });

  it("closes connections on shutdown so that clients reconnect, rather than telling them to stay away", async () => {
    const other = await startTestServer();
    try {
      const user = await signUp(other.app, other.container, { role: "enterprise" });
      const socket = await connect(user, "/notifications", other.baseUrl);
      const reason = new Promise<string>((resolve) => socket.once("disconnect", resolve));
      await other.realtime.close();
      // "io server disconnect" would keep Socket.IO clients from reconnecting by themselves.
      expect(await reason).toBe("transport close");
    } finally {
      await other.close();
    }
  });

  it("refuses connections without a signed-in user", async () => {
    const anonymous = io(`${server.baseUrl}/notifications`, { transports: ["websocket"], reconnection: false });
    sockets.push(anonymous);
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      anonymous.once("connect_error", resolve),
    );
    expect(error.data?.code).toBe("unauthenticated");
  });
});
