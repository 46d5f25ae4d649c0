/**
 * Preloaded into a command (`startScript(…, { preload: startUpProbe })`), it tells on stderr, as
 * the process exits, whether the run loaded what only some runs need: exceljs (the .xlsx reader)
 * and the text analyser (building it reads OpenCC's Simplified table; this watches that read).
 * Read the report with `startUpReportIn(stderr)`.
 */
import { createRequire } from "node:module";
import * as OpenCC from "opencc-js";
import { startUpReportLine } from "./start-up-report.js";

const locales = OpenCC.Locale.to as Record<string, unknown>;
const simplified = locales.cn;
let textAnalyser = false;
Object.defineProperty(locales, "cn", {
  get() {
    textAnalyser = true;
    return simplified;
  },
});

process.on("exit", () => {
  const loaded = Object.keys(createRequire(import.meta.url).cache);
  const exceljs = loaded.some((file) => file.includes("/node_modules/exceljs/"));
  process.stderr.write(startUpReportLine({ exceljs, textAnalyser }));
});
