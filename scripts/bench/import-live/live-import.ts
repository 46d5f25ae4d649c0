import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { createPrismaClient, type Db } from "../../../server/db/prisma.js";
import { lineSchemaByKind } from "../../../server/knowledge/import/import-records.schemas.js";
import { projectRoot } from "../../../server/project-root.js";
import { ImportClient, type RemoteImportJob } from "../../cli/import-client.js";
import { migrateDatabase } from "../../lib/migrate-database.js";
import { percentile } from "../../lib/percentile.js";
import { startServerProcess, type ServerProcess } from "../../lib/server-process.js";

/**
 * An import through a running server under load, as an organizer does it on a busy day: the
 * file is uploaded to POST /api/imports while enterprise clients keep posting needs, readers
 * keep listing and searching, and a prober times /healthz. Then the same import again on a fresh
 * database, killed with SIGKILL halfway, the server restarted and the file uploaded again: the
 * final state must equal the clean run's.
 */

export interface LiveImportOptions {
  expertsFile: string;
  /** Where the kill-and-rerun run kills the server, as a share of the file's bytes. */
  killAtFraction: number;
  writers: number;
  readers: number;
  /** Each client's pause between its requests (a client waits for its answer first). */
  thinkMs: number;
  /** How long the load runs alone first, for the baseline /healthz figures. */
  baselineSeconds: number;
  /** Told what is happening (stderr in the CLI). */
  log: (line: string) => void;
}

export interface LiveImportFigures {
  experts: number;
  importSeconds: number;
  importRatePerSecond: number;
  /** Seconds until the search index held every imported expert as well. */
  indexedSeconds: number;
  writes: number;
  failedWrites: number;
  reads: number;
  failedReads: number;
  healthzProbes: number;
  healthzP50Ms: number;
  healthzP99Ms: number;
  healthzMaxMs: number;
  /** The same clients before the upload: what the import adds is the difference. */
  healthzP99BaselineMs: number;
  healthzP99Ratio: number;
  peakServerRssMb: number;
  serverRssBeforeMb: number;
  /** The database holds exactly the file's experts and publications, and the job reported them. */
  countsExact: boolean;
  /** After SIGKILL mid-import, restart and a second upload: the same experts as the clean run. */
  killRerunSameState: boolean;
  /** The killed job was reported interrupted after the restart. */
  killedJobInterrupted: boolean;
  killedAtPercent: number;
}

interface Expected {
  experts: number;
  publications: number;
}

const organizer = { email: "bench-organizer@example.cn", password: "bench-password-123", name: "压测组织者" };

/** What a clean import of the file must leave: distinct valid experts, the last line of each winning. */
async function expectedFrom(file: string): Promise<Expected> {
  const latest = new Map<string, number>();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    const parsed = lineSchemaByKind.experts.safeParse(JSON.parse(line));
    if (parsed.success) latest.set(parsed.data.externalId, parsed.data.publications.length);
  }
  let publications = 0;
  for (const count of latest.values()) publications += count;
  return { experts: latest.size, publications };
}

function migratedDatabase(directory: string, name: string): string {
  const file = path.join(directory, `${name}.db`);
  const env = { ...process.env, DATABASE_URL: `file:${file}` };
  migrateDatabase(env.DATABASE_URL);
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/user-create.ts",
      "--role",
      "organizer",
      "--email",
      organizer.email,
      "--password",
      organizer.password,
      "--name",
      organizer.name,
    ],
    { cwd: projectRoot, env, stdio: "pipe" },
  );
  return file;
}

/** The server as production runs it; every benchmark client comes from 127.0.0.1, so per-address limits are off. */
function startServer(databaseFile: string): Promise<ServerProcess> {
  return startServerProcess(
    {
      NODE_ENV: "production",
      DATABASE_URL: `file:${databaseFile}`,
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
      ABUSE_LIMITS: "off",
      LOG_LEVEL: "info", // the "listening" line names the port
    },
    120_000,
  );
}

async function json<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function tokenFor(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, name: "bench" }),
  });
  return (await json<{ token: string }>(response, "token")).token;
}

async function enterpriseToken(baseUrl: string, index: number): Promise<string> {
  const email = `bench-enterprise-${index}@example.cn`;
  const password = "bench-password-123";
  const register = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password,
      name: `压测企业${index}`,
      role: "enterprise",
      organizationName: "压测企业",
    }),
  });
  await json(register, "register");
  return tokenFor(baseUrl, email, password);
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Clients that keep the server busy while it imports: writers, readers, a /healthz prober, an RSS sampler. */
function startLoad(server: ServerProcess, tokens: string[], readers: number, thinkMs: number) {
  let stopped = false;
  const figures = {
    writes: 0,
    failedWrites: 0,
    reads: 0,
    failedReads: 0,
    baselineHealthzMs: [] as number[],
    healthzMs: [] as number[],
    peakRssMb: 0,
  };
  let baseline = true;
  const failures: string[] = [];
  const note = (what: string) => {
    if (failures.length < 10) failures.push(what);
  };
  const { baseUrl } = server;
  const writer = async (token: string, index: number) => {
    for (let n = 0; !stopped; n += 1) {
      try {
        const response = await fetch(`${baseUrl}/api/needs`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({
            title: `导入期间发布的需求 ${index}-${n}`,
            description: "压测：导入进行时企业照常发布需求。",
            keywords: ["导入", "压测"],
            status: "open",
          }),
        });
        await response.arrayBuffer();
        figures.writes += 1;
        if (response.status !== 201) {
          figures.failedWrites += 1;
          note(`write ${response.status}`);
        }
      } catch (error) {
        figures.writes += 1;
        figures.failedWrites += 1;
        note(`write ${(error as Error).message}`);
      }
      await sleep(thinkMs);
    }
  };
  const readPaths = ["/api/experts?pageSize=20&sort=updatedAt", "/api/search?q=%E6%9D%90%E6%96%99", "/api/needs"];
  const reader = async (index: number) => {
    for (let n = index; !stopped; n += 1) {
      try {
        const response = await fetch(`${baseUrl}${readPaths[n % readPaths.length]}`);
        await response.arrayBuffer();
        figures.reads += 1;
        if (response.status >= 500) {
          figures.failedReads += 1;
          note(`read ${response.status}`);
        }
      } catch (error) {
        figures.reads += 1;
        figures.failedReads += 1;
        note(`read ${(error as Error).message}`);
      }
      await sleep(thinkMs);
    }
  };
  const prober = async () => {
    while (!stopped) {
      const startedAt = performance.now();
      try {
        await (await fetch(`${baseUrl}/healthz`)).arrayBuffer();
        (baseline ? figures.baselineHealthzMs : figures.healthzMs).push(performance.now() - startedAt);
      } catch (error) {
        note(`healthz ${(error as Error).message}`);
      }
      await sleep(25); // enough probes that p99 is not simply the slowest one
    }
  };
  const sampler = setInterval(() => {
    if (baseline) return;
    try {
      figures.peakRssMb = Math.max(figures.peakRssMb, rssMb(server.child.pid!));
    } catch {
      // the process is gone
    }
  }, 100);
  const running = Promise.all([
    ...tokens.map((token, index) => writer(token, index)),
    ...Array.from({ length: readers }, (_, index) => reader(index)),
    prober(),
  ]);
  return {
    figures,
    failures,
    /** From now on the figures are the import's; writes and reads count from the start. */
    endBaseline() {
      baseline = false;
    },
    async stop() {
      stopped = true;
      clearInterval(sampler);
      await running;
    },
  };
}

/** Waits until the search index has caught up with the outbox (the imported experts are searchable). */
async function indexCaughtUp(baseUrl: string): Promise<void> {
  for (;;) {
    const ready = await json<{ search?: { outbox?: { pending: number } } }>(await fetch(`${baseUrl}/readyz`), "readyz");
    if ((ready.search?.outbox?.pending ?? 0) === 0) return;
    await sleep(250);
  }
}

/** A digest of every expert's externalId, content hash and publications: equal digests, equal state. */
async function stateDigest(db: Db): Promise<{ digest: string; experts: number; publications: number }> {
  const hash = createHash("sha256");
  const experts = await db.expert.findMany({
    select: { externalId: true, contentHash: true },
    orderBy: { externalId: "asc" },
  });
  for (const expert of experts) hash.update(`${expert.externalId}\t${expert.contentHash}\n`);
  const publications = await db.publication.count();
  hash.update(`publications ${publications}`);
  return { digest: hash.digest("hex"), experts: experts.length, publications };
}

async function withDb<T>(file: string, read: (db: Db) => Promise<T>): Promise<T> {
  const db = await createPrismaClient(`file:${file}`);
  try {
    return await read(db);
  } finally {
    await db.$disconnect();
  }
}

export async function runLiveImport(options: LiveImportOptions): Promise<LiveImportFigures> {
  const { log } = options;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-import-live-"));
  try {
    const expected = await expectedFrom(options.expertsFile);
    log(`the file holds ${expected.experts} experts with ${expected.publications} publications`);

    // ---- 1. the clean run, under load
    const cleanDb = migratedDatabase(directory, "clean");
    let server = await startServer(cleanDb);
    let clean: { job: RemoteImportJob; indexedSeconds: number; load: ReturnType<typeof startLoad>; rssBefore: number };
    try {
      const organizerToken = await tokenFor(server.baseUrl, organizer.email, organizer.password);
      const writerTokens = await Promise.all(
        Array.from({ length: options.writers }, (_, index) => enterpriseToken(server.baseUrl, index)),
      );
      const rssBefore = rssMb(server.child.pid!);
      const load = startLoad(server, writerTokens, options.readers, options.thinkMs);
      log(
        `${options.writers} writers and ${options.readers} readers alone for ${options.baselineSeconds} s (baseline)…`,
      );
      await sleep(options.baselineSeconds * 1000);
      load.endBaseline();
      const client = new ImportClient(server.baseUrl, organizerToken);
      log("uploading through POST /api/imports while clients write and read…");
      const startedAt = performance.now();
      const queued = await client.upload("experts", options.expertsFile);
      let lastLogged = 0;
      const job = await client.waitFor(queued.id, ({ progress }) => {
        if (!progress || progress.records - lastLogged < 10_000) return;
        lastLogged = progress.records;
        log(`  ${progress.records} records, ${((100 * progress.bytesRead) / progress.totalBytes).toFixed(0)}%`);
      });
      await indexCaughtUp(server.baseUrl);
      const indexedSeconds = (performance.now() - startedAt) / 1000;
      await load.stop();
      clean = { job, indexedSeconds, load, rssBefore };
    } finally {
      await server.stop();
    }
    if (clean.job.status !== "succeeded") throw new Error(`the clean import ${clean.job.status}: ${clean.job.message}`);
    if (clean.load.failures.length > 0) log(`failures seen: ${clean.load.failures.join("; ")}`);
    const cleanState = await withDb(cleanDb, stateDigest);
    const report = clean.job.report!;
    const countsExact =
      cleanState.experts === expected.experts &&
      cleanState.publications === expected.publications &&
      report.imported === expected.experts &&
      report.rejected === 0;

    // ---- 2. killed halfway, restarted, uploaded again
    const killedDb = migratedDatabase(directory, "killed");
    server = await startServer(killedDb);
    let killedAtPercent = 0;
    let killedJobId = 0;
    let killedJobInterrupted = false;
    try {
      const client = new ImportClient(
        server.baseUrl,
        await tokenFor(server.baseUrl, organizer.email, organizer.password),
      );
      const queued = await client.upload("experts", options.expertsFile);
      killedJobId = queued.id;
      for (;;) {
        const job = await client.job(queued.id);
        const fraction = job.progress ? job.progress.bytesRead / job.progress.totalBytes : 0;
        if (fraction >= options.killAtFraction || job.status === "succeeded") {
          killedAtPercent = round(100 * fraction);
          break;
        }
        await sleep(50);
      }
      log(`SIGKILL at ${killedAtPercent}% of the file`);
      await server.kill();
      server = await startServer(killedDb);
      const again = new ImportClient(
        server.baseUrl,
        await tokenFor(server.baseUrl, organizer.email, organizer.password),
      );
      const killedJob = await again.job(killedJobId);
      const rerun = await again.waitFor((await again.upload("experts", options.expertsFile)).id);
      if (rerun.status !== "succeeded") throw new Error(`the rerun ${rerun.status}: ${rerun.message}`);
      killedJobInterrupted = killedJob.status === "interrupted";
    } finally {
      await server.stop();
    }
    const killedState = await withDb(killedDb, stateDigest);

    const importSeconds = (new Date(clean.job.finishedAt!).getTime() - new Date(clean.job.startedAt!).getTime()) / 1000;
    const healthz = [...clean.load.figures.healthzMs].sort((a, b) => a - b);
    const baselineP99 = percentile(
      [...clean.load.figures.baselineHealthzMs].sort((a, b) => a - b),
      99,
    );
    return {
      experts: cleanState.experts,
      importSeconds: round(importSeconds),
      importRatePerSecond: Math.round(expected.experts / importSeconds),
      indexedSeconds: round(clean.indexedSeconds),
      writes: clean.load.figures.writes,
      failedWrites: clean.load.figures.failedWrites,
      reads: clean.load.figures.reads,
      failedReads: clean.load.figures.failedReads,
      healthzProbes: healthz.length,
      healthzP50Ms: round(percentile(healthz, 50)),
      healthzP99Ms: round(percentile(healthz, 99)),
      healthzMaxMs: round(healthz.at(-1) ?? 0),
      healthzP99BaselineMs: round(baselineP99),
      healthzP99Ratio: round(percentile(healthz, 99) / Math.max(1, baselineP99), 2),
      peakServerRssMb: Math.round(clean.load.figures.peakRssMb),
      serverRssBeforeMb: Math.round(clean.rssBefore),
      countsExact,
      killRerunSameState: killedState.digest === cleanState.digest,
      killedJobInterrupted,
      killedAtPercent,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
