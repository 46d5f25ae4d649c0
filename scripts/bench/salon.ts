/**
 * Salon broadcast benchmark: one public salon, `--clients` socket.io-client connections on
 * loopback (2,000 by default), `--active-ratio` of them signed in and active (10 %: they
 * chat, ask and vote, together `--rate` actions per second at a fixed beat), the rest
 * anonymous listeners (a public salon admits them). The server under test is
 * `server/main.ts` in its own process on a fresh, migrated SQLite database (so its RSS is
 * its own); the clients run in `--workers` forked processes.
 *
 * Then the same run — the same client count, the same actions at the same rate, the same
 * event shapes and sizes — against a bare Socket.IO server (scripts/bench/salon-bare-server.ts:
 * broadcast to one room, nothing else) as the floor.
 *
 * Delivery latency is measured per (event, client): the time the client received the
 * event minus the time its sender sent the action (every process reads the same clock),
 * so it includes the server's whole handling: authentication, validation, rate limits,
 * the transaction that stores the event, redaction and the broadcast. Server RSS per
 * connection is the server's peak RSS during the run minus its idle RSS (read after a few
 * seconds of warm-up traffic, so one-off growth is not charged to connections), over the
 * number of clients.
 *
 *   npm run bench:salon [-- --clients 2000 --active-ratio 0.1 --rate 10 --duration 60 --workers 2]
 *
 * Aims: p99 ≤ 250 ms, within 1.5× of bare Socket.IO, ≤ 40 KB of server RSS per connection.
 * The last line of output is one JSON object (machine-readable), e.g.
 *   {"clients":2000,"p50Ms":…,"p99Ms":…,"eventsPerSecond":…,"rssPerConnectionKb":…,"bareP99Ms":…,"ratioP99":…}
 */
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { loadConfig } from "../../server/config.js";
import { createContainer } from "../../server/container.js";
import { salonActorOf } from "../../server/salons/salons.service.js";
import { parseCommandFlags, runCommand } from "../cli/cli-flags.js";
import { migrateDatabase } from "../lib/migrate-database.js";
import type {
  BenchActor,
  BenchProtocol,
  ParentMessage,
  WorkerMessage,
  WorkerPlan,
  WorkerResult,
} from "./salon-client-worker.js";

const projectRoot = path.resolve(import.meta.dirname, "..", "..");

const argsSchema = z.object({
  clients: z.coerce.number().int().min(10).max(20_000).default(2000),
  "active-ratio": z.coerce.number().gt(0).max(1).default(0.1),
  /**
   * Actions per second, all active clients together: 10 means each of 200 active clients
   * acts every 20 s, a busy room (20,000 deliveries/s to 2,000 clients).
   */
  rate: z.coerce.number().positive().max(2000).default(10),
  duration: z.coerce.number().positive().max(600).default(60),
  workers: z.coerce.number().int().min(1).max(16).default(2),
  seed: z.coerce.number().int().min(0).max(0xffffffff).default(20261201),
  /** Writes a V8 CPU profile of each server process into this directory (to see where its time goes). */
  profile: z.string().optional(),
});
type Args = z.infer<typeof argsSchema>;

/** Every flag takes a value. */
const flagOptions = Object.fromEntries(
  Object.keys(argsSchema.shape).map((name) => [name, { type: "string" as const }]),
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const started = now();
const progress = (message: string) => console.error(`[${((now() - started) / 1000).toFixed(1)} s] ${message}`);

/** Resident memory of a process, in KiB (Linux). */
function rssKb(pid: number): number {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.match(/\d+/)?.[0] ?? Number.NaN);
}

const clockTicks = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** User + system CPU a process has used so far, in seconds (Linux). */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

interface Running {
  child: ChildProcess;
  baseUrl: string;
  /** Rejects if the server exits before stop() (with what it printed). */
  died: Promise<never>;
  stop(): Promise<void>;
}

/** A server in its own process (from source, through tsx); waits for its "listening" line with the port. */
async function startServer(script: string, env: Record<string, string>, profileDir?: string): Promise<Running> {
  const inherited = { ...process.env };
  delete inherited.REDIS_URL; // one node: the in-memory adapter
  const profiling = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(profileDir)}`] : [];
  const child = spawn(process.execPath, [...profiling, "--import", "tsx", script], {
    cwd: projectRoot,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.includes("listening") && l.includes('"port"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}:\n${output}`)));
  });
  let stopping = false;
  const died = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => {
      if (!stopping) reject(new Error(`${script} exited during the run (${signal ?? code}):\n${output.slice(-4000)}`));
    });
  });
  died.catch(() => undefined); // observed by runPhase; never an unhandled rejection
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    died,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function startWorker(): ChildProcess {
  return fork(path.join(import.meta.dirname, "salon-client-worker.ts"), [], {
    cwd: projectRoot,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function nextMessage<T extends WorkerMessage["type"]>(
  worker: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<WorkerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`a client worker sent no "${type}" in time`)), timeoutMs);
    const onMessage = (message: WorkerMessage) => {
      if (message.type === "failed") reject(new Error(`a client worker failed: ${message.error}`));
      else if (message.type !== type) return;
      else resolve(message as Extract<WorkerMessage, { type: T }>);
      clearTimeout(timer);
      worker.off("message", onMessage);
    };
    worker.on("message", onMessage);
  });
}

interface PhaseFigures {
  events: number;
  eventsPerSecond: number;
  actions: number;
  refused: Record<string, number>;
  deliveries: number;
  deliveredRatio: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  baselineRssMb: number;
  joinedRssMb: number;
  peakRssMb: number;
  rssPerConnectionKb: number;
  serverCpuSeconds: number;
  clientLoopDelayP99Ms: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarise(
  results: WorkerResult[],
  clients: number,
  durationS: number,
): Omit<PhaseFigures, "baselineRssMb" | "joinedRssMb" | "peakRssMb" | "rssPerConnectionKb" | "serverCpuSeconds"> {
  const sentAt = new Map<number, number>();
  for (const result of results) for (const [seq, at] of result.sent) sentAt.set(seq, at);
  let deliveries = 0;
  for (const result of results) {
    for (let i = 0; i < result.received.length; i += 2) if (sentAt.has(result.received[i]!)) deliveries += 1;
  }
  const latencies = new Float64Array(deliveries);
  let k = 0;
  for (const result of results) {
    for (let i = 0; i < result.received.length; i += 2) {
      const sent = sentAt.get(result.received[i]!);
      if (sent !== undefined) latencies[k++] = result.received[i + 1]! - sent;
    }
  }
  latencies.sort();
  const refused: Record<string, number> = {};
  for (const result of results) {
    for (const [code, count] of Object.entries(result.refused)) refused[code] = (refused[code] ?? 0) + count;
  }
  return {
    events: sentAt.size,
    eventsPerSecond: round(sentAt.size / durationS, 1),
    actions: results.reduce((sum, r) => sum + r.actions, 0),
    refused,
    deliveries,
    deliveredRatio: sentAt.size === 0 ? 0 : round(deliveries / (sentAt.size * clients), 4),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    clientLoopDelayP99Ms: round(Math.max(...results.map((r) => r.loopDelayP99Ms))),
  };
}

/**
 * A few seconds of the same traffic from a few clients, so that the idle RSS read next
 * already includes what the server grows once and keeps (compiled code, the query engine's
 * memory, pools) and the per-connection figure is about connections.
 */
async function warmUp(
  protocol: BenchProtocol,
  server: Running,
  actors: BenchActor[],
  salonId: number,
  seed: number,
): Promise<void> {
  const warmers = actors.slice(0, 50);
  const worker = startWorker();
  try {
    const plan: WorkerPlan = {
      protocol,
      baseUrl: server.baseUrl,
      salonId,
      sockets: warmers,
      intervalMs: 2000,
      activeCount: warmers.length,
      durationMs: 4000,
      drainMs: 500,
      seed: seed + 1,
    };
    worker.send({ type: "plan", plan } satisfies ParentMessage);
    await nextMessage(worker, "ready", 120_000);
    const result = nextMessage(worker, "result", 120_000);
    worker.send({ type: "go", startAt: now() + 200 } satisfies ParentMessage);
    await result;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    worker.send({ type: "exit" } satisfies ParentMessage);
    await exited;
  } finally {
    if (worker.exitCode === null) worker.kill();
  }
}

/** One run: a server process, the client workers, the fixed-rate actions; returns the figures. */
async function runPhase(
  protocol: BenchProtocol,
  args: Args,
  server: Running,
  actors: BenchActor[],
  salonId: number,
): Promise<PhaseFigures> {
  const pid = server.child.pid!;
  progress(`${protocol}: server started; warming up`);
  await warmUp(protocol, server, actors, salonId, args.seed);
  progress(`${protocol}: connecting ${args.clients} clients`);
  await sleep(1500);
  const baselineKb = rssKb(pid);
  const sockets: (BenchActor | null)[] = Array.from({ length: args.clients }, (_, i) => actors[i] ?? null);
  const workers = Array.from({ length: args.workers }, startWorker);
  let sampler: NodeJS.Timeout | undefined;
  try {
    const durationMs = args.duration * 1000;
    const intervalMs = (actors.length / args.rate) * 1000;
    workers.forEach((worker, w) => {
      const plan: WorkerPlan = {
        protocol,
        baseUrl: server.baseUrl,
        salonId,
        // Round-robin: each worker gets its share of listeners and of active clients.
        sockets: sockets.filter((_, i) => i % args.workers === w),
        intervalMs,
        activeCount: actors.length,
        durationMs,
        drainMs: 3000,
        seed: args.seed,
      };
      worker.send({ type: "plan", plan } satisfies ParentMessage);
    });
    const ready = await Promise.race([
      Promise.all(workers.map((worker) => nextMessage(worker, "ready", 300_000))),
      server.died,
    ]);
    const connected = ready.reduce((sum, message) => sum + message.connected, 0);
    progress(`${protocol}: ${connected} clients connected and joined; running ${args.duration} s…`);
    await sleep(2000);
    const joinedKb = rssKb(pid);
    const cpuBefore = cpuSeconds(pid);
    let peakKb = joinedKb;
    sampler = setInterval(() => {
      if (server.child.exitCode === null) peakKb = Math.max(peakKb, rssKb(pid));
    }, 200);
    const startAt = now() + 1000;
    const results = workers.map((worker) => nextMessage(worker, "result", durationMs + 300_000));
    for (const worker of workers) worker.send({ type: "go", startAt } satisfies ParentMessage);
    const collected = (await Promise.race([Promise.all(results), server.died])).map((message) => message.result);
    clearInterval(sampler);
    const serverCpuSeconds = round(cpuSeconds(pid) - cpuBefore, 2);
    const exits = workers.map((worker) => new Promise((resolve) => worker.once("exit", resolve)));
    for (const worker of workers) worker.send({ type: "exit" } satisfies ParentMessage);
    await Promise.all(exits);
    return {
      ...summarise(collected, args.clients, args.duration),
      baselineRssMb: round(baselineKb / 1024),
      joinedRssMb: round(joinedKb / 1024),
      peakRssMb: round(peakKb / 1024),
      // The server's growth from idle to its peak under load, per connection.
      rssPerConnectionKb: round((peakKb - baselineKb) / args.clients),
      serverCpuSeconds,
    };
  } finally {
    clearInterval(sampler);
    for (const worker of workers) if (worker.exitCode === null) worker.kill();
  }
}

/** Accounts for the active clients, and one open public salon, in a fresh database. */
async function prepare(databaseUrl: string, sessionSecret: string, activeCount: number) {
  const config = loadConfig({
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    SESSION_SECRET: sessionSecret,
  });
  const container = await createContainer(config);
  try {
    const password = "bench-salon-password";
    const organizer = await container.accounts.createStaff({
      email: "organizer@bench.scibridge.test",
      password,
      name: "沙龙组织者",
      role: "organizer",
    });
    const actors = await Promise.all(
      Array.from({ length: activeCount }, async (_, index): Promise<BenchActor> => {
        const name = `参会者${index + 1}`;
        const user = await container.accounts.register({
          email: `attendee-${index + 1}@bench.scibridge.test`,
          password,
          name,
          role: index % 2 === 0 ? "expert" : "enterprise",
        });
        const { token } = await container.accounts.issueToken(user.id, "bench");
        return { index, userId: user.id, name, token };
      }),
    );
    const actor = salonActorOf(organizer)!;
    // Public (anonymous listeners may attend), no pre-moderation, no slow mode: every action is broadcast at once.
    const detail = await container.salons.create(actor, {
      title: "固态电池材料学术沙龙（压测）",
      topic: "硫化物固态电解质",
      description: "压力测试用的公开沙龙。",
      disciplines: ["材料科学与工程"],
      startsAt: null,
      endsAt: null,
      visibility: "public",
      premoderation: false,
      slowModeSeconds: 0,
      handBudgetSeconds: 120,
      speakers: [],
      moderatorIds: [],
      inviteeIds: [],
    });
    await container.salons.open(actor, detail.salon.id);
    return { actors, salonId: detail.salon.id };
  } finally {
    await container.close();
  }
}

async function main(args: Args): Promise<number> {
  const activeCount = Math.max(1, Math.round(args.clients * args["active-ratio"]));
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scibridge-bench-salon-"));
  const databaseUrl = `file:${path.join(directory, "bench.db")}`;
  const sessionSecret = randomBytes(32).toString("base64url");
  try {
    progress(`migrating ${databaseUrl}…`);
    migrateDatabase(databaseUrl);
    progress(`creating ${activeCount} accounts and the salon…`);
    const { actors, salonId } = await prepare(databaseUrl, sessionSecret, activeCount);

    const salonServer = await startServer(
      "server/main.ts",
      {
        NODE_ENV: "production",
        LOG_LEVEL: "info",
        HOST: "127.0.0.1",
        PORT: "0",
        DATABASE_URL: databaseUrl,
        SESSION_SECRET: sessionSecret,
      },
      args.profile,
    );
    let salon: PhaseFigures;
    try {
      salon = await runPhase("salon", args, salonServer, actors, salonId);
    } finally {
      await salonServer.stop();
    }
    const bareServer = await startServer("scripts/bench/salon-bare-server.ts", {}, args.profile);
    let bare: PhaseFigures;
    try {
      bare = await runPhase("bare", args, bareServer, actors, 1);
    } finally {
      await bareServer.stop();
    }

    const rows: [string, PhaseFigures][] = [
      ["salon", salon],
      ["bare Socket.IO", bare],
    ];
    console.log(
      `${args.clients} clients (${activeCount} active, ${args.rate} actions/s together), ${args.duration} s, ${args.workers} client processes`,
    );
    for (const [label, f] of rows) {
      console.log(
        `${label.padEnd(15)} latency p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, max ${f.maxMs} ms; ` +
          `${f.eventsPerSecond} events/s (${f.events} events, ${f.actions} actions, refused ${JSON.stringify(f.refused)}); ` +
          `delivered ${(f.deliveredRatio * 100).toFixed(2)} %; ` +
          `RSS ${f.baselineRssMb} → ${f.joinedRssMb} (joined) → ${f.peakRssMb} MB (peak), ${f.rssPerConnectionKb} KB/connection; ` +
          `server CPU ${f.serverCpuSeconds} s; client loop delay p99 ${f.clientLoopDelayP99Ms} ms`,
      );
    }
    const ratioP50 = round(salon.p50Ms / bare.p50Ms, 2);
    const ratioP99 = round(salon.p99Ms / bare.p99Ms, 2);
    console.log(`salon / bare:   p50 ${ratioP50}×, p99 ${ratioP99}×`);
    console.log(
      `aims:           p99 ≤ 250 ms ${salon.p99Ms <= 250 ? "met" : "MISSED"}; ` +
        `within 1.5× of bare ${ratioP99 <= 1.5 ? "met" : "MISSED"}; ` +
        `≤ 40 KB per connection ${salon.rssPerConnectionKb <= 40 ? "met" : "MISSED"}`,
    );
    console.log(
      JSON.stringify({
        clients: args.clients,
        activeClients: activeCount,
        actionsPerSecond: args.rate,
        durationSeconds: args.duration,
        p50Ms: salon.p50Ms,
        p99Ms: salon.p99Ms,
        eventsPerSecond: salon.eventsPerSecond,
        deliveriesPerSecond: Math.round(salon.deliveries / args.duration),
        deliveredRatio: salon.deliveredRatio,
        rssPerConnectionKb: salon.rssPerConnectionKb,
        serverCpuSeconds: salon.serverCpuSeconds,
        bareP50Ms: bare.p50Ms,
        bareP99Ms: bare.p99Ms,
        bareEventsPerSecond: bare.eventsPerSecond,
        bareRssPerConnectionKb: bare.rssPerConnectionKb,
        bareServerCpuSeconds: bare.serverCpuSeconds,
        ratioP50,
        ratioP99,
      }),
    );
    return 0;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

process.exitCode = await runCommand({
  name: "bench:salon",
  usage:
    "usage: npm run bench:salon [-- --clients N --active-ratio R --rate ACTIONS_PER_S --duration S --workers W --seed N --profile DIR]",
  parse: (argv) => parseCommandFlags(argv, flagOptions, argsSchema),
  run: main,
});
