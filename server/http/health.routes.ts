import { Router } from "express";
import type { Db } from "../db/prisma.js";

/** Liveness (the process answers) and readiness (its dependencies answer). */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const started = performance.now();
    try {
      await db.$queryRawUnsafe("SELECT 1");
      res.json({ status: "ready", database: { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 } });
    } catch (error) {
      res.status(503).json({ status: "unavailable", database: { ok: false, error: (error as Error).message } });
    }
  });
  return router;
}
