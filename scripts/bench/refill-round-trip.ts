/**
 * The live refill round trip, measured: a scheduled docking event is built in a fresh migrated
 * SQLite database, served (app + Socket.IO) in this process, and timed from the organizer's
 * no-show request to that no-show's `refill:proposed` on the organizer's socket. Used by
 * bench:event-refill (alone) and bench:event (its refill figure).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { z } from "zod";
import { actorOf } from "../../server/accounts/accounts.types.js";
import { createApp } from "../../server/app.js";
import { loadConfig } from "../../server/config.js";
import { createContainer } from "../../server/container.js";
import { createRealtime } from "../../server/realtime/create-realtime.js";
import { migrateDatabase } from "../lib/migrate-database.js";
import { percentile } from "../lib/percentile.js";
import { Rng } from "../demo-data/prng.js";

export const refillOptionsSchema = z.object({
  participants: z.coerce.number().int().min(20).max(50_000).default(5000),
  sockets: z.coerce.number().int().min(1).max(5000).default(200),
  "no-shows": z.coerce.number().int().min(1).max(1000).default(60),
  seed: z.coerce.number().int().min(0).default(20261207),
});
export type RefillOptions = z.output<typeof refillOptionsSchema>;

export interface RefillFigures {
  participants: number;
  sockets: number;
  noShows: number;
  proposals: number;
  agendaUpdates: number;
  refillRoundTripP50Ms: number;
  refillRoundTripP95Ms: number;
  refillRoundTripMaxMs: number;
  loadAverage1m: number;
}

const words =
  "氮化铝 陶瓷基板 烧结 锂电池 正极材料 电解质 石墨烯 碳纤维 复合材料 涂层 腐蚀 焊接 半导体 光刻 薄膜 激光 茶叶 发酵 育种 水产 养殖 饲料 储能 氢能 光伏 风电 桥梁 混凝土 机器人 数控".split(
    " ",
  );
const slots = 6;
const meetingsEach = 3;
const progress = (message: string) => process.stderr.write(`${message}\n`);

/** Builds the live event, connects the sockets, marks the no-shows and answers the figures. */
export async function measureRefillRoundTrip(args: RefillOptions): Promise<RefillFigures> {
  const rng = new Rng(args.seed);
  const half = Math.floor(args.participants / 2);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-bench-refill-"));
  const databaseUrl = `file:${path.join(directory, "bench.db")}`;
  progress(`migrating ${databaseUrl}…`);
  migrateDatabase(databaseUrl);
  const config = loadConfig({
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: randomBytes(32).toString("base64url"),
    ABUSE_LIMITS: "off",
  });
  const container = await createContainer(config);
  const server = createServer(createApp(container));
  const realtime = createRealtime(server, container);
  const sockets: Socket[] = [];
  try {
    const db = container.db;
    progress(`creating ${half} needs, ${half} experts and ${args.sockets} participant accounts…`);
    const topic = () => [rng.pick(words), rng.pick(words), rng.pick(words)];
    const users = await Promise.all(
      Array.from({ length: args.sockets }, (_, k) =>
        container.accounts.register({
          email: `bench-${k}@example.cn`,
          password: "bench-refill-password",
          name: `专家${k}`,
          role: "expert",
        }),
      ),
    );
    const expertIds: number[] = users.map((u) => u.expertId!);
    for (const id of expertIds) {
      await db.expert.update({ where: { id }, data: { keywords: JSON.stringify(topic()) } });
    }
    for (let k = expertIds.length; k < half; k += 500) {
      const rows = Array.from({ length: Math.min(500, half - k) }, (_, i) => ({
        name: `生成专家${k + i}`,
        organization: `研究院${(k + i) % 97}`,
        keywords: JSON.stringify(topic()),
      }));
      await db.expert.createMany({ data: rows });
    }
    const allExperts = (await db.expert.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((e) => e.id);
    await db.need.createMany({
      data: Array.from({ length: half }, (_, i) => {
        const t = topic();
        return {
          title: `${t.join("")}工艺优化${i}`,
          keywords: JSON.stringify(t),
          status: "open",
          enterprise: `企业${i}`,
        };
      }),
    });
    const needs = (await db.need.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((n) => n.id);
    const startsAt = new Date(Date.now() + 3600_000);
    const event = await db.dockingEvent.create({
      data: { title: "基准：对接日", status: "scheduled", startsAt, slotCount: slots, tableCount: half },
    });
    const now = new Date();
    await db.eventParticipant.createMany({
      data: [
        ...needs.map((needId) => ({ eventId: event.id, kind: "need", needId, checkedInAt: now })),
        ...allExperts.map((expertId) => ({ eventId: event.id, kind: "expert", expertId, checkedInAt: now })),
      ],
    });
    // Meeting m of need i: expert (i + m·step) in slot 2m + (i mod 2): each slot holds half the
    // needs and half the experts, so the other half are free partners for refills.
    const step = Math.floor(half / meetingsEach);
    const meetings = needs.flatMap((needId, i) =>
      Array.from({ length: meetingsEach }, (_, m) => ({
        eventId: event.id,
        needId,
        expertId: allExperts[(i + m * step) % half]!,
        slot: 2 * m + (i % 2),
        tableNo: i,
        status: "scheduled",
        score: 0.5,
      })),
    );
    for (let k = 0; k < meetings.length; k += 2000)
      await db.eventMeeting.createMany({ data: meetings.slice(k, k + 2000) });

    const organizer = await container.accounts.createStaff({
      email: "bench-organizer@example.cn",
      password: "bench-refill-password",
      name: "组织者",
      role: "organizer",
    });
    const { token } = await container.accounts.issueToken(organizer.id, "bench");
    progress("building the matching model and ranking every need among the event's experts…");
    const warm = performance.now();
    await container.matches.settled();
    await container.liveDay.startLiveDay(actorOf(organizer), event.id);
    const participants = rng.shuffle(
      (await db.eventParticipant.findMany({ where: { eventId: event.id, kind: "expert" }, select: { id: true } })).map(
        (p) => p.id,
      ),
    );
    // The first refill waits for the candidate lists (the live day's start ranks them in the
    // background): one no-show, not timed, so that the timed ones do not race that ranking.
    await container.liveDay.markNoShow(actorOf(organizer), event.id, participants[0]!, 0);
    progress(`ready in ${((performance.now() - warm) / 1000).toFixed(1)} s`);

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const connect = async (namespace: string, auth: { token: string }) => {
      const socket = io(`${baseUrl}${namespace}`, {
        transports: ["websocket"],
        auth,
        forceNew: true,
        reconnection: false,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    };
    progress(`connecting ${args.sockets} participants and the organizer…`);
    let agendaUpdates = 0;
    for (const user of users) {
      const { token: participantToken } = await container.accounts.issueToken(user.id, "bench");
      const socket = await connect("/notifications", { token: participantToken });
      socket.on("notification", () => (agendaUpdates += 1));
    }
    const desk = await connect("/events", { token });
    const watched = (await desk.emitWithAck("event:watch", { eventId: event.id })) as { ok: boolean };
    if (!watched.ok) throw new Error("the organizer could not watch the event");
    const waiting = new Map<number, (proposals: number) => void>();
    desk.on("refill:proposed", (message: { participantId: number; proposals: unknown[] }) => {
      waiting.get(message.participantId)?.(message.proposals.length);
    });

    const order = participants.slice(1, 1 + args["no-shows"]);
    const roundTrips: number[] = [];
    let proposals = 0;
    progress(`marking ${order.length} no-shows…`);
    for (const participantId of order) {
      const started = performance.now();
      const received = new Promise<number>((resolve) => waiting.set(participantId, resolve));
      const response = await fetch(`${baseUrl}/api/events/${event.id}/live/participants/${participantId}/no-show`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ fromSlot: 0 }),
      });
      if (!response.ok) throw new Error(`no-show answered ${response.status}: ${await response.text()}`);
      proposals += await received;
      roundTrips.push(performance.now() - started);
      waiting.delete(participantId);
    }
    roundTrips.sort((a, b) => a - b);
    const [load1, load5] = os.loadavg();
    progress(`load average: ${load1!.toFixed(2)} ${load5!.toFixed(2)} (${os.cpus().length} cores)`);
    return {
      participants: needs.length + allExperts.length,
      sockets: args.sockets,
      noShows: roundTrips.length,
      proposals,
      agendaUpdates,
      refillRoundTripP50Ms: Math.round(percentile(roundTrips, 50)),
      refillRoundTripP95Ms: Math.round(percentile(roundTrips, 95)),
      refillRoundTripMaxMs: Math.round(roundTrips.at(-1)!),
      loadAverage1m: Number(load1!.toFixed(2)),
    };
  } finally {
    for (const socket of sockets) socket.disconnect();
    await realtime.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await container.close();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
