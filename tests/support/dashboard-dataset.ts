import type { Db } from "../../server/db/prisma.js";

/**
 * A small association with known activity, written straight into the tables the dashboard reads
 * (the event product's services are built in parallel; the dashboard only reads their rows).
 * tests/integration/dashboard.test.ts derives every expected number from this by hand.
 *
 * Experts: E1 福州 (机械), E2 台北 (化工), E3 美国 (two societies whose names start a formula),
 * E4 厦门 (机械). Needs (China time): N1 618 2026-05 open, N2 straits 2026-06-01 solved, N3 assist
 * 06 in_progress, N4 618 06 open, N5 no track 06 open, N6 618 draft, N7 straits 06 open.
 * Event A (6·18, closed, 2026-06-18): N1–E1 held + contract (need 1,200,000 / expert 1,000,000),
 * N2–E2 scheduled with an intention, N2–E3 no-show, N3–E1 scheduled, N7–E4 held + follow-up.
 * Event B (straits, registration, 2027): N7 and E2 registered, N7–E2 "like", N4–E1 "no".
 * Invitations: N3–E4 accepted, N4–E2 pending, N6–E1 pending, N1–E1 declined. Pin N4–E3, exclude N5–E1.
 * Salons: one opened 2026-06-10 with 2 questions and 2 people acting; one never opened, 1 question.
 */
export interface DashboardDataset {
  experts: Record<"e1" | "e2" | "e3" | "e4", number>;
  needs: Record<"n1" | "n2" | "n3" | "n4" | "n5" | "n6" | "n7", number>;
  eventA: number;
  eventB: number;
}

export const injectedSocieties = ['=HYPERLINK("http://evil.example","x")', "@SUM(A1)"] as const;

export async function buildDashboardDataset(db: Db): Promise<DashboardDataset> {
  const society = async (name: string) => (await db.society.create({ data: { name } })).id;
  const mechanical = await society("福建省机械工程学会");
  const chemical = await society("福建省化工学会");
  const injected = await Promise.all(injectedSocieties.map(society));
  const expert = async (name: string, region: string, societyIds: number[]) =>
    (
      await db.expert.create({
        data: { name, region, societies: { create: societyIds.map((societyId) => ({ societyId })) } },
      })
    ).id;
  const experts = {
    e1: await expert("林志远", "福州", [mechanical]),
    e2: await expert("陳建宏", "台北", [chemical]),
    e3: await expert("Dr. Alice Tan", "美国", injected),
    e4: await expert("黄海峰", "厦门", [mechanical]),
  };
  await db.technology.createMany({ data: [{ title: "高效换热器" }, { title: "低温锂电池电解液" }] });
  const track = async (code: string) => (await db.track.findUniqueOrThrow({ where: { code } })).id;
  const need = async (title: string, status: string, createdAt: string, trackCode: string | null) =>
    (
      await db.need.create({
        data: {
          title,
          enterprise: "福建某科技有限公司",
          status,
          createdAt: new Date(createdAt),
          trackId: trackCode ? await track(trackCode) : null,
        },
      })
    ).id;
  const needs = {
    n1: await need("大型锻件热处理变形控制", "open", "2026-05-10T02:00:00Z", "618"),
    // 20:00 UTC on 31 May is 1 June in China.
    n2: await need("-20℃低温锂电池放电性能提升", "solved", "2026-05-31T20:00:00Z", "straits"),
    n3: await need("茶叶加工废水处理", "in_progress", "2026-06-15T02:00:00Z", "assist"),
    n4: await need("数控机床主轴热误差补偿", "open", "2026-06-20T02:00:00Z", "618"),
    n5: await need("竹材重组材防霉", "open", "2026-06-21T02:00:00Z", null),
    n6: await need("草稿需求", "draft", "2026-06-21T03:00:00Z", "618"),
    n7: await need("海洋藻类高值化利用", "open", "2026-06-22T02:00:00Z", "straits"),
  };
  const eventA = (
    await db.dockingEvent.create({
      data: {
        title: "2026 6·18 对接会",
        trackId: await track("618"),
        venue: "福州海峡国际会展中心",
        startsAt: new Date("2026-06-18T01:00:00Z"),
        slotCount: 6,
        tableCount: 4,
        status: "closed",
        publishedAt: new Date("2026-06-10T01:00:00Z"),
      },
    })
  ).id;
  const eventB = (
    await db.dockingEvent.create({
      data: {
        title: "2027 海峡论坛对接日",
        trackId: await track("straits"),
        startsAt: new Date("2027-05-20T01:00:00Z"),
        slotCount: 6,
        tableCount: 4,
        status: "registration",
      },
    })
  ).id;
  const at = new Date("2026-06-18T01:30:00Z");
  await db.eventParticipant.createMany({
    data: [
      ...[needs.n1, needs.n2, needs.n3, needs.n7].map((needId) => ({
        eventId: eventA,
        kind: "need",
        needId,
        checkedInAt: needId === needs.n3 ? null : at,
      })),
      ...[experts.e1, experts.e2, experts.e3, experts.e4].map((expertId) => ({
        eventId: eventA,
        kind: "expert",
        expertId,
        checkedInAt: expertId === experts.e3 ? null : at,
        noShowAt: expertId === experts.e3 ? at : null,
      })),
      { eventId: eventB, kind: "need", needId: needs.n7 },
      { eventId: eventB, kind: "expert", expertId: experts.e2 },
    ],
  });
  const meeting = async (needId: number, expertId: number, slot: number, tableNo: number, status: string) =>
    (await db.eventMeeting.create({ data: { eventId: eventA, needId, expertId, slot, tableNo, status } })).id;
  const m1 = await meeting(needs.n1, experts.e1, 0, 0, "held");
  const m2 = await meeting(needs.n2, experts.e2, 0, 1, "scheduled");
  await meeting(needs.n2, experts.e3, 1, 0, "no_show");
  await meeting(needs.n3, experts.e1, 1, 1, "scheduled");
  const m5 = await meeting(needs.n7, experts.e4, 2, 0, "held");
  await db.eventOutcome.createMany({
    data: [
      { meetingId: m1, side: "need", result: "contract", contractValueYuan: 1_200_000 },
      { meetingId: m1, side: "expert", result: "contract", contractValueYuan: 1_000_000 },
      { meetingId: m2, side: "need", result: "intention" },
      { meetingId: m5, side: "expert", result: "follow_up" },
    ],
  });
  await db.eventPreference.createMany({
    data: [
      { eventId: eventB, needId: needs.n7, expertId: experts.e2, side: "need", choice: "like" },
      { eventId: eventB, needId: needs.n4, expertId: experts.e1, side: "need", choice: "no" },
    ],
  });
  const invitation = (needId: number, expertId: number, status: string, createdAt: string) => ({
    needId,
    expertId,
    status,
    createdAt: new Date(createdAt),
  });
  await db.invitation.createMany({
    data: [
      invitation(needs.n3, experts.e4, "accepted", "2026-06-16T02:00:00Z"),
      invitation(needs.n4, experts.e2, "pending", "2026-07-01T02:00:00Z"),
      invitation(needs.n6, experts.e1, "pending", "2026-07-02T02:00:00Z"),
      invitation(needs.n1, experts.e1, "declined", "2026-05-12T02:00:00Z"),
    ],
  });
  await db.matchOverride.createMany({
    data: [
      { needId: needs.n4, expertId: experts.e3, kind: "pin" },
      { needId: needs.n5, expertId: experts.e1, kind: "exclude" },
    ],
  });
  await buildSalons(db);
  return { experts, needs, eventA, eventB };
}

async function buildSalons(db: Db): Promise<void> {
  const opened = new Date("2026-06-10T06:00:00Z");
  const held = await db.salon.create({ data: { title: "海洋经济学术沙龙", status: "closed", openedAt: opened } });
  const never = await db.salon.create({ data: { title: "尚未开始的沙龙", status: "scheduled" } });
  const question = (salonId: number, id: number) => ({
    salonId,
    id,
    authorName: "听众",
    text: "请问如何量产？",
    status: "visible",
    createdAt: opened,
  });
  await db.salonQuestion.createMany({ data: [question(held.id, 1), question(held.id, 2), question(never.id, 1)] });
  const event = (seq: number, actorId: number | null) => ({
    salonId: held.id,
    seq,
    type: "question.asked",
    payload: "{}",
    actorId,
    at: opened,
  });
  // Two people acted (user 901 twice); the system's own entry has no actor.
  await db.salonEvent.createMany({ data: [event(1, 901), event(2, 902), event(3, 901), event(4, null)] });
}
