/**
 * `npm run bench:event`: one docking event with 1,000 needs and 3,000 experts goes from
 * registration to a published schedule through the running server's HTTP API, as an
 * organizer drives it: create the event, open registration, upload the registration file
 * (.csv), run the assignment (polling its progress), schedule, publish. The server runs as its
 * own process on a fresh database; the matching model is built before the clock starts (it is
 * built from the instance's records whatever the events, and reported apart).
 *
 * Prints the load average and one JSON line: `registrationToPublishedSeconds` (aim ≤ 60 s)
 * and the steps' seconds. `refillRoundTripP95Ms` (the live day's refill) joins this line
 * when the live day lands: see `liveDayFigures` below.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../../server/config.js";
import { createContainer } from "../../server/container.js";
import { projectRoot } from "../../server/project-root.js";
import { Rng } from "../demo-data/prng.js";
import { startServerProcess } from "../lib/server-process.js";

const needCount = 1000;
const expertCount = 3000;
const password = "bench-organizer-password";
const email = "bench-organizer@example.cn";

/** A small vocabulary of fields, so that the engine finds each need real candidates. */
const fields = [
  { discipline: "材料科学与工程", keywords: ["锂电池", "正极材料", "固态电解质", "电池回收"] },
  { discipline: "计算机科学与技术", keywords: ["机器视觉", "缺陷检测", "深度学习", "工业软件"] },
  { discipline: "机械工程", keywords: ["数控机床", "精密加工", "伺服控制", "振动抑制"] },
  { discipline: "化学工程与技术", keywords: ["催化剂", "精馏", "绿色合成", "反应器设计"] },
  { discipline: "食品科学与工程", keywords: ["茶叶加工", "发酵工艺", "保鲜", "风味物质"] },
  { discipline: "环境科学与工程", keywords: ["污水处理", "膜分离", "固废资源化", "VOCs 治理"] },
];
const regions = ["福州", "厦门", "泉州", "台北", "新竹", "上海", "深圳"];

async function seed(databaseUrl: string): Promise<void> {
  const container = await createContainer(
    loadConfig({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "silent",
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
    }),
  );
  try {
    await container.accounts.createStaff({ email, password, name: "活动组织者", role: "organizer" });
    const rng = new Rng(15);
    const random = () => rng.next();
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const experts = Array.from({ length: expertCount }, (_, i) => {
      const field = fields[i % fields.length]!;
      const keywords = field.keywords.filter(() => random() < 0.7);
      return {
        externalId: `bench-expert-${i}`,
        name: `专家${i}`,
        organization: `第${i % 400}研究院`,
        title: "教授",
        region: pick(regions),
        disciplines: JSON.stringify([field.discipline]),
        keywords: JSON.stringify(keywords.length ? keywords : field.keywords.slice(0, 1)),
        bio: `长期从事${field.discipline}研究，方向包括${field.keywords.join("、")}。`,
        capacity: 5,
      };
    });
    const needs = Array.from({ length: needCount }, (_, i) => {
      const field = fields[i % fields.length]!;
      const keywords = field.keywords.filter(() => random() < 0.6);
      return {
        externalId: `bench-need-${i}`,
        enterprise: `福建某科技有限公司${i % 300}`,
        title: `${pick(keywords.length ? keywords : field.keywords)}技术攻关需求 ${i}`,
        description: `企业在${field.keywords.join("、")}方面需要专家支持。`,
        discipline: field.discipline,
        keywords: JSON.stringify(keywords.length ? keywords : field.keywords.slice(0, 2)),
        region: pick(regions.slice(0, 3)),
        status: "open",
      };
    });
    for (let i = 0; i < experts.length; i += 500)
      await container.db.expert.createMany({ data: experts.slice(i, i + 500) });
    for (let i = 0; i < needs.length; i += 500) await container.db.need.createMany({ data: needs.slice(i, i + 500) });
  } finally {
    await container.close();
  }
}

async function api<T>(baseUrl: string, token: string, method: string, url: string, body?: unknown): Promise<T> {
  const attempt = () =>
    fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A poll may meet a kept-alive connection that the server closes right after a long
  // synchronous solve: reads are retried once on a reset connection (writes never are).
  const response = await attempt().catch((error: unknown) => {
    if (method !== "GET") throw error;
    return attempt();
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function main(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-event-"));
  const databaseFile = path.join(directory, "bench.db");
  const databaseUrl = `file:${databaseFile}`;
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "pipe",
  });
  const seedStarted = performance.now();
  await seed(databaseUrl);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const server = await startServerProcess(
    {
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
      ABUSE_LIMITS: "off",
    },
    120_000,
  );
  try {
    const { baseUrl } = server;
    const modelStarted = performance.now();
    for (;;) {
      const ready = (await (await fetch(`${baseUrl}/readyz`)).json()) as {
        matching?: { version: string | null; experts: number | null };
      };
      if (ready.matching?.version && (ready.matching.experts ?? 0) >= expertCount) break;
      if (performance.now() - modelStarted > 600_000)
        throw new Error("the matching model was not ready within 10 minutes");
      await sleep(500);
    }
    const modelSeconds = (performance.now() - modelStarted) / 1000;
    const tokenResponse = await fetch(`${baseUrl}/api/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password, name: "bench" }),
    });
    const { token } = (await tokenResponse.json()) as { token: string };

    const steps: Record<string, number> = {};
    let mark = performance.now();
    const step = (name: string) => {
      const now = performance.now();
      steps[name] = Number(((now - mark) / 1000).toFixed(2));
      mark = now;
    };
    const started = performance.now();
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const event = await api<{ id: number }>(baseUrl, token, "POST", "/api/events", {
      title: "6·18 对接会（基准）",
      startsAt: `${day}T09:00:00+08:00`,
      slotMinutes: 15,
      slotCount: 12,
      breaks: [{ afterSlot: 5, minutes: 60 }],
      tableCount: 300,
      demandPerNeed: 2,
      meetingsPerExpert: 4,
    });
    await api(baseUrl, token, "POST", `/api/events/${event.id}/transition`, { to: "registration" });
    const rows = ["kind,ref,demand,maxMeetings,minMeetings,availability"];
    for (let i = 0; i < needCount; i++) rows.push(`need,bench-need-${i},,,,`);
    // Every fifth expert attends the morning only (slots 1–6).
    for (let i = 0; i < expertCount; i++) rows.push(`expert,bench-expert-${i},,,0,${i % 5 === 0 ? "1-6" : ""}`);
    const form = new FormData();
    form.append("file", new Blob([rows.join("\n")], { type: "text/csv" }), "roster.csv");
    const upload = await fetch(`${baseUrl}/api/events/${event.id}/participants/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (!upload.ok) throw new Error(`registration file: ${upload.status} ${await upload.text()}`);
    step("registration");
    const run = await api<{ id: number }>(baseUrl, token, "POST", `/api/events/${event.id}/runs`, {});
    let finished: { status: string; objective: number | null; diagnosis: { summary: string } | null };
    for (;;) {
      finished = await api(baseUrl, token, "GET", `/api/events/${event.id}/runs/${run.id}`);
      if (finished.status !== "running") break;
      await sleep(200);
    }
    if (finished.status !== "optimal" && finished.status !== "feasible")
      throw new Error(`the run ended ${finished.status}: ${finished.diagnosis?.summary ?? ""}`);
    step("assignment");
    const schedule = await api<{ scheduled: number; unscheduled: number; slotsUsed: number; lowerBound: number }>(
      baseUrl,
      token,
      "POST",
      `/api/events/${event.id}/schedule`,
    );
    step("schedule");
    await api(baseUrl, token, "POST", `/api/events/${event.id}/publish`);
    step("publish");
    const registrationToPublishedSeconds = Number(((performance.now() - started) / 1000).toFixed(2));

    /** The live day's figures join here once it lands (refill round trip under 200 participants). */
    const liveDayFigures: { refillRoundTripP95Ms?: number } = {};
    const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
    console.log(`load average (1, 5, 15 min): ${loadAverage.join(", ")} on ${os.cpus().length} cores`);
    console.log(
      JSON.stringify({
        bench: "event",
        needs: needCount,
        experts: expertCount,
        registrationToPublishedSeconds,
        ...liveDayFigures,
        steps,
        runStatus: finished.status,
        objective: finished.objective,
        meetings: schedule.scheduled + schedule.unscheduled,
        unscheduled: schedule.unscheduled,
        slotsUsed: schedule.slotsUsed,
        slotLowerBound: schedule.lowerBound,
        seedSeconds: Number(seedSeconds.toFixed(2)),
        modelBuildSeconds: Number(modelSeconds.toFixed(2)),
        loadAverage1m: loadAverage[0],
      }),
    );
  } catch (error) {
    console.error(`the server's last output:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

await main();
