import { regionKind, scheduleMeetings } from "../../matching/index.js";
import type { Db } from "../../server/db/prisma.js";
import { Rng } from "./prng.js";

/**
 * Two docking events on the demo needs and experts, so the organizers' dashboard has data at first
 * start: the 6·18 day of 2026, held and closed (meetings in slots and at tables, a few experts absent,
 * outcomes with intentions and contracts), and a Straits Forum day of 2027 open for registration.
 * Written straight through Prisma (the event product builds on the same tables); deterministic: every
 * choice comes from one seeded generator over rows read in externalId order.
 */

export const pastEventTitle = "2026 6·18 海峡项目成果交易会 · 专家对接会";
export const upcomingEventTitle = "2027 海峡论坛 · 两岸科技对接日";

const pastEvent = {
  title: pastEventTitle,
  kind: "matchmaking",
  venue: "福州海峡国际会展中心 3 号馆",
  description: "6·18 期间举办的企业技术需求与专家一对一对接会，每场 20 分钟。",
  // 09:00 China time.
  startsAt: new Date("2026-06-18T01:00:00Z"),
  slotMinutes: 20,
  slotCount: 8,
  breaks: JSON.stringify([{ afterSlot: 3, minutes: 20 }]),
  tableCount: 12,
  registrationOpensAt: new Date("2026-05-20T01:00:00Z"),
  registrationClosesAt: new Date("2026-06-10T10:00:00Z"),
  demandPerNeed: 3,
  meetingsPerExpert: 4,
  status: "closed",
  publishedAt: new Date("2026-06-12T02:00:00Z"),
};

const upcomingEvent = {
  title: upcomingEventTitle,
  kind: "matchmaking",
  venue: "厦门国际会议中心",
  description: "海峡论坛期间的两岸科技对接日：每项需求至少对接一位台湾专家。",
  startsAt: new Date("2027-06-15T01:00:00Z"),
  slotMinutes: 20,
  slotCount: 6,
  breaks: JSON.stringify([{ afterSlot: 2, minutes: 15 }]),
  tableCount: 8,
  registrationOpensAt: new Date("2026-12-01T01:00:00Z"),
  registrationClosesAt: new Date("2027-06-01T10:00:00Z"),
  demandPerNeed: 3,
  meetingsPerExpert: 5,
  quotaRules: JSON.stringify([{ kind: "atLeast", attr: "region", value: "taiwan", count: 1, needs: "all" }]),
  status: "registration",
};

interface DemoNeed {
  id: number;
  discipline: string;
}

interface DemoExpert {
  id: number;
  region: string;
  disciplines: string[];
}

const parseList = (text: string): string[] => {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.map(String) : [];
};

async function demoNeeds(db: Db, where: object): Promise<DemoNeed[]> {
  return db.need.findMany({
    where: { externalId: { startsWith: "DEMO-N" }, status: { not: "draft" }, ...where },
    orderBy: { externalId: "asc" },
    select: { id: true, discipline: true },
  });
}

async function demoExperts(db: Db): Promise<DemoExpert[]> {
  const rows = await db.expert.findMany({
    where: { externalId: { startsWith: "DEMO-E" } },
    orderBy: { externalId: "asc" },
    select: { id: true, region: true, disciplines: true },
  });
  return rows.map((row) => ({ ...row, disciplines: parseList(row.disciplines) }));
}

/** Fisher–Yates with the seeded generator. */
function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Each need meets `demand` experts of the pool, those of its discipline first, none more than `cap` times. */
function pairUp(rng: Rng, needs: DemoNeed[], experts: DemoExpert[], demand: number, cap: number) {
  const load = new Map<number, number>();
  const pairs: { needId: number; expertId: number }[] = [];
  for (const need of needs) {
    const fits = (e: DemoExpert) => (load.get(e.id) ?? 0) < cap;
    const near = shuffled(
      rng,
      experts.filter((e) => fits(e) && e.disciplines.includes(need.discipline)),
    );
    const rest = shuffled(
      rng,
      experts.filter((e) => fits(e) && !e.disciplines.includes(need.discipline)),
    );
    for (const expert of [...near, ...rest].slice(0, demand)) {
      load.set(expert.id, (load.get(expert.id) ?? 0) + 1);
      pairs.push({ needId: need.id, expertId: expert.id });
    }
  }
  return pairs;
}

/**
 * Slots × tables by the project's scheduler (exact edge colouring for two-sided meetings); no
 * idle-gap search, whose result depends on the time it gets, so the demo stays deterministic.
 */
function schedule(pairs: { needId: number; expertId: number }[], slots: number, tables: number) {
  const result = scheduleMeetings(
    {
      meetings: pairs.map((pair, i) => ({
        id: String(i),
        participants: [`n${pair.needId}`, `e${pair.expertId}`],
        priority: 1,
      })),
      slots,
      tables,
    },
    { gapSearchSeconds: 0 },
  );
  if (result.unscheduled.length > 0)
    throw new Error(`The demo event's meetings do not fit: ${result.unscheduled[0]!.reason}`);
  return result.placements.map((p) => ({ ...pairs[p.meeting]!, slot: p.slot, tableNo: p.table }));
}

type Result = "no_interest" | "follow_up" | "intention" | "contract";

function drawResult(rng: Rng): Result | null {
  const r = rng.next();
  if (r < 0.08) return "contract";
  if (r < 0.33) return "intention";
  if (r < 0.68) return "follow_up";
  if (r < 0.93) return "no_interest";
  return null; // not recorded by the need's side
}

function hoursAfter(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000);
}

async function seedPastEvent(db: Db, rng: Rng, registeredById: number): Promise<void> {
  // The demo enterprise's own needs stay out of it, so its pages keep their simple story.
  const needs = shuffled(rng, await demoNeeds(db, { ownerId: null })).slice(0, 30);
  const allExperts = await demoExperts(db);
  const disciplines = new Set(needs.map((n) => n.discipline));
  const near = shuffled(
    rng,
    allExperts.filter((e) => e.disciplines.some((d) => disciplines.has(d))),
  );
  const far = shuffled(
    rng,
    allExperts.filter((e) => !e.disciplines.some((d) => disciplines.has(d))),
  );
  const experts = [...near, ...far].slice(0, 60);
  const absent = new Set(
    shuffled(rng, experts)
      .slice(0, 3)
      .map((e) => e.id),
  );
  const meetings = schedule(pairUp(rng, needs, experts, 3, 4), pastEvent.slotCount, pastEvent.tableCount);
  const checkedInAt = new Date("2026-06-18T00:40:00Z");
  const noShowAt = new Date("2026-06-18T01:10:00Z");
  // The event's history is dated as it would have happened (its needs posted in the spring,
  // registrations within the window, meetings assigned before publication, outcomes recorded on
  // the day), not on the day the demo is seeded, which is after the event.
  const opens = pastEvent.registrationOpensAt;
  const assignedAt = hoursAfter(pastEvent.publishedAt, -20);
  const recordedAt = new Date("2026-06-18T09:30:00Z");
  await db.$transaction(
    async (tx) => {
      for (const [i, need] of needs.entries()) {
        const postedAt = hoursAfter(new Date("2026-03-02T02:00:00Z"), i * 53);
        await tx.need.update({ where: { id: need.id }, data: { createdAt: postedAt, updatedAt: postedAt } });
      }
      const event = await tx.dockingEvent.create({
        data: {
          ...pastEvent,
          trackId: (await tx.track.findUnique({ where: { code: "618" } }))?.id ?? null,
          createdById: registeredById,
          createdAt: hoursAfter(opens, -240),
          updatedAt: recordedAt,
        },
      });
      await tx.eventParticipant.createMany({
        data: [
          ...needs.map((need, i) => ({
            eventId: event.id,
            kind: "need",
            needId: need.id,
            checkedInAt,
            registeredById,
            createdAt: hoursAfter(opens, 2 + i * 7),
          })),
          ...experts.map((expert, i) => ({
            eventId: event.id,
            kind: "expert",
            expertId: expert.id,
            checkedInAt: absent.has(expert.id) ? null : checkedInAt,
            noShowAt: absent.has(expert.id) ? noShowAt : null,
            registeredById,
            createdAt: hoursAfter(opens, 5 + i * 4),
          })),
        ],
      });
      for (const meeting of meetings) {
        const noShow = absent.has(meeting.expertId);
        const row = await tx.eventMeeting.create({
          data: {
            eventId: event.id,
            ...meeting,
            score: Math.round((0.5 + rng.next() / 2) * 1000) / 1000,
            status: noShow ? "no_show" : "held",
            createdAt: assignedAt,
            updatedAt: noShow ? noShowAt : recordedAt,
          },
        });
        if (noShow) continue;
        const result = drawResult(rng);
        if (!result) continue;
        const contractValueYuan = result === "contract" ? rng.int(5, 300) * 10_000 : null;
        const recorded = { createdAt: recordedAt, updatedAt: recordedAt };
        await tx.eventOutcome.create({
          data: { meetingId: row.id, side: "need", result, contractValueYuan, ...recorded },
        });
        // The expert's side records about half the time, and agrees.
        if (rng.chance(0.5)) {
          await tx.eventOutcome.create({
            data: { meetingId: row.id, side: "expert", result, contractValueYuan, ...recorded },
          });
        }
      }
    },
    { timeout: 60_000 },
  );
}

async function seedUpcomingEvent(db: Db, rng: Rng, registeredById: number): Promise<void> {
  const straits = await db.track.findUnique({ where: { code: "straits" } });
  const needs = (await demoNeeds(db, { trackId: straits?.id ?? -1 })).slice(0, 8);
  const experts = await demoExperts(db);
  const taiwan = experts.filter((e) => regionKind(e.region) === "taiwan");
  const fujian = shuffled(
    rng,
    experts.filter((e) => regionKind(e.region) === "fujian"),
  ).slice(0, 6);
  await db.$transaction(async (tx) => {
    const event = await tx.dockingEvent.create({
      data: { ...upcomingEvent, trackId: straits?.id ?? null, createdById: registeredById },
    });
    await tx.eventParticipant.createMany({
      data: [
        ...needs.map((need) => ({ eventId: event.id, kind: "need", needId: need.id, registeredById })),
        ...[...taiwan, ...fujian].map((expert) => ({
          eventId: event.id,
          kind: "expert",
          expertId: expert.id,
          // Some experts can come only in the morning or the afternoon.
          availability: JSON.stringify(rng.chance(0.3) ? (rng.chance(0.5) ? [0, 1, 2] : [3, 4, 5]) : []),
          registeredById,
        })),
      ],
    });
  });
}

/** Adds both events unless they are there already; answers how many it added. */
export async function seedDemoEvents(db: Db, organizerId: number): Promise<number> {
  let added = 0;
  const rng = new Rng(20260618);
  if (!(await db.dockingEvent.findFirst({ where: { title: pastEventTitle }, select: { id: true } }))) {
    await seedPastEvent(db, rng, organizerId);
    added += 1;
  }
  if (!(await db.dockingEvent.findFirst({ where: { title: upcomingEventTitle }, select: { id: true } }))) {
    await seedUpcomingEvent(db, rng, organizerId);
    added += 1;
  }
  return added;
}
