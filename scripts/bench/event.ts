/**
 * `npm run bench:event`: one docking event with 1,000 needs and 3,000 experts goes from
 * registration to a published schedule through the running server's HTTP API, as an organizer
 * drives it: create the event, open registration, upload the registration file (.csv), run the
 * assignment (polling its progress), apply the diagnosis's suggestions if the run is infeasible
 * and run again, schedule, publish. The server runs as its own process on a fresh database.
 *
 * The platform's records are real text (event-records.ts): ../shared/data/nssfc-dev's 1,000
 * needs and 3,000 of its experts, imported with the product's importer before the clock starts;
 * the matching model is built and the open needs ranked before it too (the server's start, not
 * the event's, reported apart).
 *
 * The event's settings, as an organizer of a one-day docking session sets them: 12 slots of 15
 * minutes with an hour's lunch after the sixth, 300 tables, two experts per need, at most four
 * meetings per expert, and every fifth expert there in the morning only (slots 1–6). Some needs
 * find no or one expert among the registered ones (their titles share nothing with the pool):
 * the first run is infeasible and its diagnosis says which needs and by how much; the bench does
 * what the diagnosis's buttons do — lowers those needs' demand — and runs again. Both runs count.
 *
 * Then the live day's refill round trip (refill-round-trip.ts: 5,000 participants, 200 of them
 * connected, 60 no-shows), once the event's server has stopped.
 *
 * Prints where the event's time went inside the server (event-phases.ts: the phases the services
 * log) beside the load average, and one JSON line: `registrationToPublishedSeconds` (aim ≤ 60 s),
 * `refillRoundTripP95Ms` (aim ≤ 300 ms), the steps' seconds, `phases` (ms), the runs with their
 * phases, and the same fixed CPU
 * work timed before and after the event (`calibrationBeforeMs`, `calibrationAfterMs`), since the
 * machine is shared.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "../../server/config.js";
import { createContainer } from "../../server/container.js";
import { importFiles } from "../../server/knowledge/import/import.service.js";
import { projectRoot } from "../../server/project-root.js";
import { z } from "zod";
import { benchmarkFlags, parseCommandFlags } from "../cli/cli-flags.js";
import { cpuCalibrationMs } from "../lib/cpu-calibration.js";
import { migrateDatabase } from "../lib/migrate-database.js";
import { startServerProcess } from "../lib/server-process.js";
import { measureRefillRoundTrip, refillOptionsSchema } from "./refill-round-trip.js";
import { writeEventRecords, type EventRecordFiles } from "./event-records.js";
import { breakdownLines, eventPhases, phaseBreakdown, type EventPhases } from "./event-phases.js";

// No flags: the event is fixed, so that runs compare. A flag given by mistake says so.
benchmarkFlags({
  name: "bench:event",
  usage: "usage: npm run bench:event",
  parse: (argv) => parseCommandFlags(argv, {}, z.object({})),
});

const needCount = 1000;
const expertCount = 3000;
/** Experts each need meets: two, as at the 6·18 fair's docking tables. */
const demandPerNeed = 2;
const password = "bench-organizer-password";
const email = "bench-organizer@example.cn";
const nssfcDir = path.resolve(projectRoot, "..", "shared", "data", "nssfc-dev");

/** The platform before the event: the organizer's account and the needs and experts, through the importer. */
async function seed(databaseUrl: string, directory: string): Promise<EventRecordFiles> {
  const records = writeEventRecords(nssfcDir, directory, { needs: needCount, experts: expertCount }, 15);
  const container = await createContainer(
    loadConfig({
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "silent",
      SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00",
    }),
  );
  try {
    await container.accounts.createStaff({ email, password, name: "活动组织者", role: "organizer" });
    const reports = await importFiles(container.db, { experts: records.experts, needs: records.needs });
    for (const report of reports) {
      if (report.rejected > 0) throw new Error(`the importer rejected ${report.rejected} lines of the bench's records`);
    }
  } finally {
    await container.close();
  }
  return records;
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

interface RunAnswer {
  status: string;
  objective: number | null;
  diagnosis: { summary: string; reasons: { kind: string; needIds: number[]; shortfall: number }[] } | null;
}

/** Starts an assignment run and follows it (as the event page does) until it ends. */
async function runAssignment(
  baseUrl: string,
  token: string,
  eventId: number,
): Promise<{ run: RunAnswer; outcome: { status: string; seconds: number } }> {
  const started = performance.now();
  const { id } = await api<{ id: number }>(baseUrl, token, "POST", `/api/events/${eventId}/runs`, {});
  for (;;) {
    const run = await api<RunAnswer>(baseUrl, token, "GET", `/api/events/${eventId}/runs/${id}`);
    if (run.status !== "running") {
      const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      return { run, outcome: { status: run.status, seconds } };
    }
    await sleep(200);
  }
}

/**
 * The event's timed steps from the server's log; the last (publication) line may still be on its
 * way through the pipe when the answer has arrived, so this waits a little for it.
 */
async function loggedPhases(output: () => string, eventId: number): Promise<EventPhases> {
  for (let waited = 0; ; waited += 50) {
    const phases = eventPhases(output(), eventId);
    if (phases.publish.length > 0 || waited >= 5000) return phases;
    await sleep(50);
  }
}

async function main(): Promise<void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-event-"));
  const databaseFile = path.join(directory, "bench.db");
  const databaseUrl = `file:${databaseFile}`;
  migrateDatabase(databaseUrl);
  const seedStarted = performance.now();
  const records = await seed(databaseUrl, directory);
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
        matching?: { version: string | null; experts: number | null; building: boolean; rankedAt: string | null };
      };
      // The model serves before it has ranked the open needs for suggestions; that ranking
      // belongs to the server's start, not to the event, so the clock waits for it too.
      const matching = ready.matching;
      if (matching?.version && (matching.experts ?? 0) >= expertCount && matching.rankedAt && !matching.building) break;
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
    const calibrationBeforeMs = cpuCalibrationMs();
    const started = performance.now();
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const event = await api<{ id: number }>(baseUrl, token, "POST", "/api/events", {
      title: "6·18 对接会（基准）",
      startsAt: `${day}T09:00:00+08:00`,
      slotMinutes: 15,
      slotCount: 12,
      breaks: [{ afterSlot: 5, minutes: 60 }],
      tableCount: 300,
      demandPerNeed,
      meetingsPerExpert: 4,
    });
    await api(baseUrl, token, "POST", `/api/events/${event.id}/transition`, { to: "registration" });
    const rows = ["kind,ref,demand,maxMeetings,minMeetings,availability"];
    for (const ref of records.needIds) rows.push(`need,${ref},,,,`);
    // Every fifth expert attends the morning only (slots 1–6).
    records.expertIds.forEach((ref, i) => rows.push(`expert,${ref},,,0,${i % 5 === 0 ? "1-6" : ""}`));
    const form = new FormData();
    form.append("file", new Blob([rows.join("\n")], { type: "text/csv" }), "roster.csv");
    const upload = await fetch(`${baseUrl}/api/events/${event.id}/participants/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    if (!upload.ok) throw new Error(`registration file: ${upload.status} ${await upload.text()}`);
    step("registration");
    // As an organizer does: run; if the diagnosis says some needs found too few experts among
    // the registered ones, apply its suggestion (lower those needs' demand), and run again.
    const participants = await api<{ items: { id: number; need: { id: number } | null; demand: number | null }[] }>(
      baseUrl,
      token,
      "GET",
      `/api/events/${event.id}/participants`,
    );
    const needParticipants = new Map(participants.items.flatMap((p) => (p.need ? [[p.need.id, p] as const] : [])));
    let finished = await runAssignment(baseUrl, token, event.id);
    const relaxed: number[] = [];
    const runs: { status: string; seconds: number }[] = [finished.outcome];
    for (let attempt = 0; finished.run.status === "infeasible" && attempt < 2; attempt++) {
      const reasons = finished.run.diagnosis?.reasons ?? [];
      if (reasons.length === 0 || reasons.some((r) => r.kind !== "tooFewCandidates"))
        throw new Error(`the run ended infeasible: ${finished.run.diagnosis?.summary ?? ""}`);
      for (const reason of reasons) {
        for (const needId of reason.needIds) {
          const participant = needParticipants.get(needId)!;
          const demand = Math.max(0, (participant.demand ?? demandPerNeed) - reason.shortfall);
          await api(baseUrl, token, "PATCH", `/api/events/${event.id}/participants/${participant.id}`, { demand });
          participant.demand = demand;
          relaxed.push(needId);
        }
      }
      finished = await runAssignment(baseUrl, token, event.id);
      runs.push(finished.outcome);
    }
    if (finished.run.status !== "optimal" && finished.run.status !== "feasible")
      throw new Error(`the run ended ${finished.run.status}: ${finished.run.diagnosis?.summary ?? ""}`);
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
    const calibrationAfterMs = cpuCalibrationMs();
    const loadAfterEvent = os.loadavg().map((value) => Number(value.toFixed(2)));
    const phases = await loggedPhases(server.output, event.id);
    const breakdown = phaseBreakdown(phases);
    console.log(
      `registration → published: ${registrationToPublishedSeconds} s, load average (1, 5, 15 min) ${loadAfterEvent.join(", ")} on ${os.cpus().length} cores`,
    );
    console.log(breakdownLines(breakdown, registrationToPublishedSeconds).join("\n"));
    await server.stop();
    // The live day's refill round trip with 200 participants connected (its own event and server
    // in this process: see refill-round-trip.ts), once the event's server is gone.
    const refill = await measureRefillRoundTrip(refillOptionsSchema.parse({}));
    const loadAverage = os.loadavg().map((value) => Number(value.toFixed(2)));
    console.log(`load average (1, 5, 15 min): ${loadAverage.join(", ")} on ${os.cpus().length} cores`);
    console.log(
      JSON.stringify({
        bench: "event",
        needs: needCount,
        experts: expertCount,
        registrationToPublishedSeconds,
        refillRoundTripP95Ms: refill.refillRoundTripP95Ms,
        refillRoundTripP50Ms: refill.refillRoundTripP50Ms,
        refillParticipants: refill.participants,
        refillSockets: refill.sockets,
        refillNoShows: refill.noShows,
        steps,
        phases: breakdown,
        runStatus: finished.run.status,
        objective: finished.run.objective,
        assignmentRuns: runs.map((run, i) => ({ ...run, phases: phases.assignmentRun[i] ?? null })),
        needsWithDemandLowered: relaxed.length,
        meetings: schedule.scheduled + schedule.unscheduled,
        unscheduled: schedule.unscheduled,
        slotsUsed: schedule.slotsUsed,
        slotLowerBound: schedule.lowerBound,
        seedSeconds: Number(seedSeconds.toFixed(2)),
        modelBuildSeconds: Number(modelSeconds.toFixed(2)),
        // The same fixed CPU work timed before and after the event's steps: the run's yardstick.
        calibrationBeforeMs,
        calibrationAfterMs,
        loadAverage1m: loadAverage[0],
        eventLoadAverage1m: loadAfterEvent[0],
        refillLoadAverage1m: refill.loadAverage1m,
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
