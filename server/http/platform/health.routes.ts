import { Router } from "express";
import type { SearchIndex } from "../../../matching/index.js";
import type { ScheduledBackups } from "../../backups/scheduled-backups.js";
import type { Db } from "../../db/prisma.js";
import type { IndexWorker } from "../../indexing/index-worker.js";
import type { MatchesService } from "../../matches/matches.service.js";
import type { RealtimeCluster } from "../../realtime/redis-cluster.js";

/**
 * Liveness (the process answers) and readiness. Readiness fails (503) only when the
 * database is unreachable; a search outage is reported as "degraded", because writes
 * still succeed and reach the index once it is back. So is a Redis outage on a node of
 * several: its own rooms keep working, and the stream adapter delivers to the other
 * nodes what was sent meanwhile once Redis is back. The matching model is reported (the data
 * version it was built from, its age, whether the next one is being built and how far that is)
 * but never fails readiness: the previous model answers while the next one is built. So are
 * backups (when the newest was taken, whether the server's last attempt failed): a node whose
 * backup failed still serves, and the operator reads why here and in the log.
 */
export function healthRoutes(deps: {
  db: Db;
  searchIndex: SearchIndex;
  indexWorker: IndexWorker;
  realtimeCluster: RealtimeCluster | null;
  matches: MatchesService;
  backups: ScheduledBackups;
}): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const started = performance.now();
    let database: { ok: boolean; latencyMs?: number; error?: string };
    try {
      await deps.db.$queryRawUnsafe("SELECT 1");
      database = { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch (error) {
      res.status(503).json({ status: "unavailable", database: { ok: false, error: (error as Error).message } });
      return;
    }
    const [health, worker, redis, backups] = await Promise.all([
      deps.searchIndex.health(),
      deps.indexWorker.status(),
      deps.realtimeCluster?.health(),
      deps.backups.status(),
    ]);
    const search = {
      engine: health.engine,
      ok: health.ok,
      ...(health.detail && { detail: health.detail }),
      outbox: { pending: worker.pending, oldestPendingAgeSeconds: Math.round(worker.oldestPendingAgeMs / 1000) },
      lastError: worker.lastError,
      lastSuccessAt: worker.lastSuccessAt,
    };
    const ready = health.ok && worker.consecutiveFailures === 0 && (redis?.ok ?? true);
    res.json({
      status: ready ? "ready" : "degraded",
      database,
      search,
      realtime: redis ? { adapter: "redis-streams", redis } : { adapter: "in-memory" },
      matching: deps.matches.modelStatus(),
      backups,
    });
  });
  return router;
}
