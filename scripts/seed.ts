import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { z } from "zod";
import { actorOf, type User } from "../server/accounts/accounts.types.js";
import { loadConfig } from "../server/config.js";
import { createContainer, type Container } from "../server/container.js";
import { importFiles } from "../server/knowledge/import/import.service.js";
import { salonActorOf } from "../server/salons/salons.service.js";
import { projectRoot } from "../server/project-root.js";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";
import { seedDemoEvents } from "./demo-data/demo-events.js";

/**
 * Loads the demo of a Fujian association: learned societies, experts, technologies and
 * needs from `prisma/seed/` (built by scripts/build-demo-data.ts), one demo account per role,
 * a live salon, and two docking events (one held with outcomes, one open for registration:
 * scripts/demo-data/demo-events.ts). Deterministic but for the salon's times; safe to run twice (imports upsert
 * on externalId, the rest is skipped when present).
 */

const seedDir = path.join(projectRoot, "prisma", "seed");

export const demoAccounts = {
  organizer: { email: "organizer@demo.scibridge.cn", password: "demo-organizer-2026", name: "省科协学会部" },
  enterprise: {
    email: "enterprise@demo.scibridge.cn",
    password: "demo-enterprise-2026",
    name: "陈经理",
    organizationName: "福州闽光新材料科技有限公司",
  },
  expert: { email: "expert@demo.scibridge.cn", password: "demo-expert-2026" },
} as const;

const societyLine = z.object({
  name: z.string().min(1),
  nameEn: z.string().default(""),
  discipline: z.string().default(""),
  description: z.string().default(""),
  descriptionEn: z.string().default(""),
});

async function* jsonLines(file: string): AsyncGenerator<unknown> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) if (line.trim()) yield JSON.parse(line);
}

async function accountFor(container: Container, email: string, create: () => Promise<User>): Promise<User> {
  const existing = await container.db.user.findUnique({ where: { email }, select: { id: true } });
  return existing ? (await container.accounts.findUser(existing.id))! : create();
}

async function seedSocieties(container: Container, organizer: User): Promise<number> {
  let created = 0;
  for await (const value of jsonLines(path.join(seedDir, "societies.jsonl"))) {
    const society = societyLine.parse(value);
    const exists = await container.db.society.findUnique({ where: { name: society.name }, select: { id: true } });
    if (exists) continue;
    await container.referenceData.createSociety(
      { userId: organizer.id, role: organizer.role, expertId: null },
      society,
    );
    created += 1;
  }
  return created;
}

/** The need the demo workflow (invitation, salon) is about: the demo enterprise's first. */
async function firstNeedOf(container: Container, enterprise: User) {
  const need = await container.db.need.findFirst({ where: { ownerId: enterprise.id }, orderBy: { id: "asc" } });
  if (!need) throw new Error("The demo enterprise owns no need for the demo workflow");
  return need;
}

/**
 * The demo expert account signs in to a real profile from the demo data: the best-ranked
 * expert for the demo enterprise's first need, who has been invited to it, so the expert's
 * inbox and the need's page show the workflow from the start.
 */
async function linkDemoExpert(container: Container, enterprise: User, organizer: User): Promise<void> {
  const { email, password } = demoAccounts.expert;
  if (await container.db.user.findUnique({ where: { email } })) return;
  const need = await firstNeedOf(container, enterprise);
  const ranking = await container.matches.expertsForNeed(actorOf(organizer), need.id, 20);
  const profile = ranking.items
    .map((item) => item.expert)
    .find((e) => e.userId === null && e.externalId?.startsWith("DEMO-E"));
  if (!profile) throw new Error("The demo data has no expert matching the demo enterprise's first need");
  const user = await container.accounts.register({ email, password, name: profile.name, role: "expert" });
  await container.db.$transaction([
    container.db.expert.delete({ where: { userId: user.id } }),
    container.db.expert.update({ where: { id: profile.id }, data: { userId: user.id } }),
  ]);
  await container.invitations.invite(
    actorOf(enterprise),
    need.id,
    profile.id,
    "您好，我们在推荐列表中看到您的相关成果，诚邀您参与这项技术攻关。",
  );
}

/**
 * A live online academic salon on the demo enterprise's first need, with the demo expert and
 * the next-best expert as speakers: the organizer sees the moderation queue (one question
 * waiting for approval), everyone sees an approved question and an open poll.
 */
async function seedDemoSalon(container: Container, organizer: User, enterprise: User): Promise<void> {
  const need = await firstNeedOf(container, enterprise);
  const title = `线上学术沙龙：${need.title}`;
  if (await container.db.salon.findFirst({ where: { title }, select: { id: true } })) return;
  const demoExpert = await container.db.expert.findFirstOrThrow({
    where: { user: { email: demoAccounts.expert.email } },
    select: { id: true },
  });
  const ranking = await container.matches.expertsForNeed(actorOf(organizer), need.id, 5);
  const other = ranking.items.find((item) => item.expert.id !== demoExpert.id);
  const speakers = [demoExpert.id, ...(other ? [other.expert.id] : [])].map((expertId, i) => ({
    expertId,
    talkTitle: i === 0 ? `${need.title}：问题与思路` : "相关技术进展与应用案例",
    budgetSeconds: 900,
  }));
  const startsAt = new Date();
  const organizerActor = salonActorOf(organizer)!;
  const { salon } = await container.salons.create(organizerActor, {
    title,
    topic: `${need.discipline || "技术"}：难点剖析与改进思路`,
    description: `围绕${need.enterprise || "企业"}提出的技术难题，邀请相关领域专家在线交流。欢迎提问、投票。`,
    disciplines: need.discipline ? [need.discipline] : [],
    startsAt,
    endsAt: new Date(startsAt.getTime() + 2 * 60 * 60 * 1000),
    visibility: "public",
    premoderation: true,
    slowModeSeconds: 0,
    handBudgetSeconds: 120,
    speakers,
    moderatorIds: [],
    inviteeIds: [],
  });
  await container.salons.open(organizerActor, salon.id);
  const enterpriseActor = salonActorOf(enterprise)!;
  const asked = (await container.salons.perform(enterpriseActor, salon.id, "seed-ask-1", {
    kind: "ask",
    text: "现有工艺在量产时良率波动较大，专家认为首先应从哪些工艺参数入手排查？",
    anonymous: false,
  })) as { questionId: number };
  await container.salons.perform(organizerActor, salon.id, "seed-approve-1", {
    kind: "moderate",
    questionId: asked.questionId,
    action: "approve",
  });
  await container.salons.perform(enterpriseActor, salon.id, "seed-ask-2", {
    kind: "ask",
    text: "是否有可以在现有产线上直接验证的改进方案？",
    anonymous: true,
  });
  await container.salons.perform(organizerActor, salon.id, "seed-poll-1", {
    kind: "openPoll",
    question: "您最关心哪方面的内容？",
    options: ["工艺机理", "设备改造", "检测方法", "成本与量产"],
    multiple: false,
  });
}

/** The demo enterprise owns a few open needs, so its pages show the owner's view. */
async function assignDemoNeeds(container: Container, enterprise: User): Promise<void> {
  const owned = await container.db.need.count({ where: { ownerId: enterprise.id } });
  if (owned > 0) return;
  const needs = await container.db.need.findMany({
    where: { externalId: { startsWith: "DEMO-N" }, ownerId: null, region: "福州" },
    orderBy: { externalId: "asc" },
    take: 4,
    select: { id: true },
  });
  await container.db.need.updateMany({
    where: { id: { in: needs.map((n) => n.id) } },
    data: { ownerId: enterprise.id, enterprise: demoAccounts.enterprise.organizationName },
  });
}

const flagsSchema = z.object({ "if-empty": z.boolean().default(false) });

async function seed(values: z.output<typeof flagsSchema>): Promise<number> {
  const container = await createContainer(loadConfig());
  try {
    const existing = (await container.db.expert.count()) + (await container.db.need.count());
    if (values["if-empty"] && existing > 0) {
      console.log("seed: the database already has data; leaving it as it is");
      return 0;
    }
    const started = performance.now();
    const organizer = await accountFor(container, demoAccounts.organizer.email, () =>
      container.accounts.createStaff({ ...demoAccounts.organizer, role: "organizer" }),
    );
    const enterprise = await accountFor(container, demoAccounts.enterprise.email, () =>
      container.accounts.register({ ...demoAccounts.enterprise, role: "enterprise" }),
    );
    const societies = await seedSocieties(container, organizer);
    const reports = await importFiles(container.db, {
      experts: path.join(seedDir, "experts.jsonl"),
      technologies: path.join(seedDir, "technologies.jsonl"),
      needs: path.join(seedDir, "needs.jsonl"),
    });
    const rejected = reports.flatMap((report) =>
      report.errors.map((e) => `${report.kind} line ${e.line}: ${e.reason}`),
    );
    if (rejected.length > 0) throw new Error(`The demo data has invalid lines:\n${rejected.join("\n")}`);
    await assignDemoNeeds(container, enterprise);
    // The demo invitation and salon pick experts by ranking: wait for the model however long
    // its first build takes (a request would give up after MATCHING_FIRST_BUILD_WAIT_SECONDS,
    // which a loaded machine can exceed).
    await container.matches.settled();
    await linkDemoExpert(container, enterprise, organizer);
    await seedDemoSalon(container, organizer, enterprise);
    const events = await seedDemoEvents(container.db, organizer.id);
    const summary = reports.map((r) => `${r.kind} ${r.imported + r.updated + r.unchanged}`).join(", ");
    console.log(
      `seed: ${societies} societies, ${summary}, ${events} docking events, demo accounts ready (${Math.round(performance.now() - started)} ms)`,
    );
    return 0;
  } finally {
    await container.close();
  }
}

process.exitCode = await runCommand({
  name: "seed",
  usage: "usage: npm run seed [-- --if-empty]   (--if-empty: only when the database has no experts or needs)",
  parse: (argv) => parseCommandFlags(argv, { "if-empty": { type: "boolean" } }, flagsSchema),
  run: seed,
});
