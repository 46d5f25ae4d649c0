import { Router } from "express";
import type { AppDeps } from "../app.js";
import type { AccountsRouteDeps } from "./accounts.routes.js";

export type PagesDeps = AppDeps & AccountsRouteDeps;

/** Server-rendered pages. */
export function pagesRouter(_deps: PagesDeps): Router {
  const router = Router();
  router.get("/", (_req, res) => {
    res.render("pages/home", { lang: res.locals.lang ?? "zh-CN", title: "科桥" });
  });
  return router;
}
