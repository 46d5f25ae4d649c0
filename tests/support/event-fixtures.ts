import ExcelJS from "exceljs";
import type { Express } from "express";
import type { Container } from "../../server/container.js";
import { buildNeed, signUp, write, type SignedInAgent } from "./factories.js";
import { signUpUsers } from "./users.js";

/** A small docking-event world: an organizer, an enterprise with open needs, registered experts. */
export interface EventWorld {
  organizer: SignedInAgent;
  enterprise: SignedInAgent;
  /** An expert with an account (their agenda, ICS, preferences). */
  expert: SignedInAgent;
  needIds: number[];
  /** Every expert's id; the signed-up expert's is first. */
  expertIds: number[];
  /** Experts in Taiwan (region 台北). */
  taiwanExpertIds: number[];
}

const topic = { keywords: ["锂电池", "正极材料", "固态电解质"], discipline: "材料科学与工程" };

/** Builds the world through the API and waits until the matching model knows it. */
export async function buildEventWorld(
  app: Express,
  container: Container,
  options: { needs?: number; experts?: number; taiwan?: number } = {},
): Promise<EventWorld> {
  const [organizer, enterprise, expert] = await Promise.all([
    signUp(app, container, { role: "organizer" }),
    signUp(app, container, { role: "enterprise", organizationName: "宁德某新能源有限公司" }),
    signUp(app, container, { role: "expert", name: "林教授" }),
  ]);
  const profile = (i: number, region: string) => ({
    organization: `第${i}研究院`,
    title: "教授",
    region,
    disciplines: [topic.discipline],
    keywords: topic.keywords,
    publications: [{ title: `锂电池正极材料与固态电解质界面研究 ${i}`, year: 2024 }],
  });
  await write(expert, "patch", `/api/experts/${expert.expertId}`).send(profile(0, "福州")).expect(200);
  const expertIds = [expert.expertId!];
  const taiwanExpertIds: number[] = [];
  const total = options.experts ?? 6;
  const taiwan = options.taiwan ?? 0;
  for (let i = 1; i < total; i++) {
    const inTaiwan = i <= taiwan;
    const created = await write(organizer, "post", "/api/experts")
      .send({ name: `专家${i}`, ...profile(i, inTaiwan ? "台北" : "厦门") })
      .expect(201);
    expertIds.push(created.body.id as number);
    if (inTaiwan) taiwanExpertIds.push(created.body.id as number);
  }
  const needIds: number[] = [];
  for (let i = 0; i < (options.needs ?? 3); i++) {
    const created = await write(enterprise, "post", "/api/needs")
      .send(
        buildNeed({
          title: `动力锂电池正极材料循环寿命提升 ${i + 1}`,
          keywords: topic.keywords,
          discipline: topic.discipline,
          enterprise: "宁德某新能源有限公司",
        }),
      )
      .expect(201);
    needIds.push(created.body.id as number);
  }
  await container.matches.settled();
  return { organizer, enterprise, expert, needIds, expertIds, taiwanExpertIds };
}

/** The people around a meeting's outcome: an organizer, an enterprise, its counterpart expert, and another expert. */
export function meetingParties(app: Express, container: Container) {
  return signUpUsers(
    { app, container },
    {
      organizer: {},
      enterprise: { organizationName: "宁德某水产有限公司" },
      expert: { name: "江研究员" },
      stranger: { role: "expert", name: "旁观专家" },
    },
  );
}

/** A registration workbook (.xlsx) as the organizers' file: header, then one row each. */
export async function rosterWorkbook(rows: (string | number)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("报名");
  sheet.addRow(["kind", "ref", "demand", "maxMeetings", "minMeetings", "availability"]);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An event body starting tomorrow at 09:00 Beijing time. */
export function eventBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const day = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
  return {
    title: "2026 海峡两岸新能源对接会",
    kind: "matchmaking",
    venue: "福州海峡国际会展中心",
    startsAt: `${day}T09:00:00+08:00`,
    slotMinutes: 20,
    slotCount: 6,
    breaks: [{ afterSlot: 2, minutes: 15 }],
    tableCount: 4,
    demandPerNeed: 2,
    meetingsPerExpert: 2,
    ...overrides,
  };
}
