/**
 * The floor for `npm run bench:salon`: a bare Socket.IO server with no application behind
 * it. It answers the same three actions as a salon (chat, ask, vote) by broadcasting one
 * event of the same shape and size as the salon's to everyone in one room, and acks. No
 * authentication, validation, persistence, redaction or rate limits: what Socket.IO
 * itself costs for the same traffic.
 *
 * Started by the benchmark as its own process; prints {"port":N,"msg":"listening"} once ready.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import type { BenchAction } from "./salon-client-worker.js";

const httpServer = createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 16 * 1024, serveClient: false });
const room = io.of("/bare");
const salonId = 1;
let seq = 0;
let nextQuestionId = 1;
const votes = new Map<number, number>();

room.on("connection", (socket) => {
  const { userId = null, name = "" } = socket.handshake.auth as { userId?: number; name?: string };
  socket.on("join", (_payload: unknown, ack: (response: unknown) => void) => {
    void socket.join("everyone");
    ack({ ok: true, data: { seq } });
  });
  socket.on("action", (action: BenchAction, ack: (response: unknown) => void) => {
    const at = new Date().toISOString();
    seq += 1;
    const base = { salonId, seq, at };
    if (action.kind === "chat") {
      room.to("everyone").emit("event", { ...base, type: "chat.sent", payload: { userId, name, text: action.text } });
      ack({ ok: true, data: { seq: null } });
    } else if (action.kind === "ask") {
      const id = nextQuestionId++;
      votes.set(id, 0);
      const question = {
        id,
        status: "visible",
        text: action.text,
        anonymous: false,
        author: { userId, name },
        mine: false,
        pinned: false,
        votes: 0,
        hiddenReason: null,
        mergedIntoId: null,
        needId: null,
        createdAt: at,
        answeredAt: null,
      };
      room.to("everyone").emit("event", { ...base, type: "question.asked", payload: { question } });
      ack({ ok: true, data: { questionId: id, status: "visible" } });
    } else {
      const count = (votes.get(action.questionId) ?? 0) + 1;
      votes.set(action.questionId, count);
      const payload = { questionId: action.questionId, votes: count, userId };
      room.to("everyone").emit("event", { ...base, type: "question.voted", payload });
      ack({ ok: true, data: { questionId: action.questionId, votes: count } });
    }
  });
});

httpServer.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ port: (httpServer.address() as AddressInfo).port, msg: "listening" }));
});
process.once("SIGTERM", () => {
  void io.close().then(() => process.exit(0));
});
