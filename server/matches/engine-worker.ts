/**
 * An engine worker thread (started by MatchingEngineHost): reads the profiles with its own
 * database client, builds (and trains) the matching model, ranks the open needs for suggestions,
 * then answers queries by message, one at a time, in the order they came. The main thread's event
 * loop never runs any of it.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { BuildProgress } from "../../matching/index.js";
import { createPrismaClient } from "../db/prisma.js";
import type { EngineEvent, EngineRequest, EngineWorkerData } from "./engine-messages.js";
import { HostedEngine } from "./hosted-engine.js";

/** Progress is posted at most this often (ms), and whenever the phase changes. */
const progressIntervalMs = 250;

const port = parentPort!;
const data = workerData as EngineWorkerData;
const post = (event: EngineEvent) => port.postMessage(event);
const messageOf = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

let lastPhase = "";
let lastPosted = 0;
function progress(update: BuildProgress): void {
  const now = performance.now();
  if (update.phase === lastPhase && update.done < update.total && now - lastPosted < progressIntervalMs) return;
  lastPhase = update.phase;
  lastPosted = now;
  post({ type: "progress", progress: update });
}

const db = await createPrismaClient(data.databaseUrl);
let engine: HostedEngine;
try {
  engine = await HostedEngine.build({
    db,
    modelFile: data.modelFile,
    now: new Date(data.nowMs),
    retrain: data.retrain,
    onProgress: progress,
  });
} catch (error) {
  post({ type: "failed", error: messageOf(error) });
  await db.$disconnect();
  throw error;
}
post({ type: "built", report: engine.report });
engine.onProgress = progress;
engine.onError = (error) => post({ type: "warning", message: `ranking the open needs failed: ${messageOf(error)}` });
engine.onRanked = ({ rankedAt, needs, seconds }) =>
  post({ type: "ranked", rankedAt: rankedAt.toISOString(), needs, seconds });

async function answer(request: EngineRequest): Promise<unknown> {
  switch (request.op) {
    case "rankExperts":
      return engine.rankExperts(request.args.profile, request.args.options);
    case "rankExpertsAmong":
      return engine.rankExpertsAmong(request.args);
    case "rankTechnologies":
      return engine.rankTechnologies(request.args.profile, request.args.top, request.args.explain);
    case "suggest":
      return engine.suggest(request.args);
    case "refreshDynamics":
      return engine.refreshDynamics();
    case "idle":
      return engine.idle().then(() => null);
  }
}

// One request at a time: a query sent after a dynamics refresh sees the refreshed dynamics.
let queue: Promise<unknown> = Promise.resolve();
port.on("message", (request: EngineRequest) => {
  const run = queue.then(() => answer(request));
  // Waiting for idle must not hold up the queries behind it.
  if (request.op !== "idle") queue = run.catch(() => {});
  run.then(
    (result) => post({ type: "reply", id: request.id, result }),
    (error: unknown) => post({ type: "reply", id: request.id, error: messageOf(error) }),
  );
});
engine.rankOpenNeeds();
