import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../server/notifications/notification-hub.js";
import { buildNeed, signUp, write, type SignedInAgent } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

let server: RunningTestServer;
let enterprise: SignedInAgent;
let expert: SignedInAgent;
const sockets: Socket[] = [];

/** A `/notifications` connection with the agent's session cookie, resolved once connected. */
async function listen(user: SignedInAgent): Promise<{ socket: Socket; received: Notification[] }> {
  const cookies = (await user.agent.get("/api/me")).request.cookies as string;
  const socket = io(`${server.baseUrl}/notifications`, {
    transports: ["websocket"],
    extraHeaders: { cookie: cookies },
    reconnection: false,
  });
  sockets.push(socket);
  const received: Notification[] = [];
  socket.on("notification", (notification: Notification) => received.push(notification));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
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
  [enterprise, expert] = await Promise.all([
    signUp(server.app, server.container, { role: "enterprise" }),
    signUp(server.app, server.container, { role: "expert", name: "庄教授" }),
  ]);
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

  it("refuses connections without a signed-in user", async () => {
    const anonymous = io(`${server.baseUrl}/notifications`, { transports: ["websocket"], reconnection: false });
    sockets.push(anonymous);
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      anonymous.once("connect_error", resolve),
    );
    expect(error.data?.code).toBe("unauthenticated");
  });
});
