import { io, type Socket } from "socket.io-client";
import type { SignedInAgent } from "./factories.js";

/**
 * A Socket.IO connection to `namespace` with the agent's session cookie, resolved once
 * connected; `opened` collects it for the caller to disconnect afterwards.
 */
export async function connectAgent(
  baseUrl: string,
  user: SignedInAgent,
  namespace: string,
  opened: Socket[],
): Promise<Socket> {
  const cookies = (await user.agent.get("/api/me")).request.cookies as string;
  const socket = io(`${baseUrl}${namespace}`, {
    transports: ["websocket"],
    extraHeaders: { cookie: cookies },
    reconnection: false,
    // Its own connection: a shared one (socket.io-client reuses a connection to the same server
    // for another namespace) would carry the cookie of whoever opened it first.
    forceNew: true,
  });
  opened.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}
