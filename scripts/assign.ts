/**
 * Docking-event assignment, the command-line contract of ../shared/data/FORMATS.md:
 *
 *   npm run assign -- --needs N.jsonl --experts E.jsonl --scores S.tsv \
 *       [--conflicts C.tsv] [--constraints Q.json] [--objective total|fair] \
 *       --out ASSIGNMENT.jsonl [--report REPORT.json]
 *
 * Extra, optional flags: --time-limit SECONDS (integer program only; default 60),
 * --previous ASSIGNMENT.jsonl and --locked L.tsv (re-solve with little churn: keep previous
 * pairs within --churn-tolerance, default 0.001, of the optimum; locked pairs always stay).
 *
 * Exit codes: 0 solved, 1 fatal error, 2 bad usage or malformed input (with line numbers),
 * 3 infeasible (no assignment written; the report's diagnosis says what to relax).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import {
  resolveWithLittleChurn,
  solveAssignment,
  type AssignmentProblem,
  type AssignmentResult,
  type CandidatePair,
  type ChurnResult,
  type QuotaRule,
} from "../matching/index.js";
import { inputFileFlag, outputFileFlag, parseCommandFlags, runCommand } from "./cli/cli-flags.js";
import { phaseProgress } from "./cli/cli-progress.js";
import { forEachLine, MalformedInputError, readJsonLines, type LineError } from "./cli/line-files.js";

const usage = `Usage: npm run assign -- --needs N.jsonl --experts E.jsonl --scores S.tsv
                       [--conflicts C.tsv] [--constraints Q.json] [--objective total|fair]
                       --out ASSIGNMENT.jsonl [--report REPORT.json]

Options:
  --needs FILE          needs: {"id", "demand", "attrs"} per line             required
  --experts FILE        experts: {"id", "minLoad", "maxLoad", "attrs"} per line required
  --scores FILE         needId<TAB>expertId<TAB>score per line                 required
  --conflicts FILE      needId<TAB>expertId pairs never to assign             optional
  --constraints FILE    JSON list of quota rules (atLeast, atMostSame)        optional
  --objective total|fair  maximise the total, or first the worst-off need (default total)
  --out FILE            the assignment, one line per need
  --report FILE         status, objective, minNeedScore, seconds, diagnosis
  --time-limit SECONDS  time the integer program may take (default 60)
  --previous FILE       a previous assignment to stay close to (re-solve)
  --locked FILE         needId<TAB>expertId pairs that must stay
  --churn-tolerance X   relative loss allowed to keep previous pairs (default 0.001)
  -h, --help            show this help`;

const inputFile = inputFileFlag;
const outputFile = outputFileFlag;

const cliSchema = z.object({
  needs: inputFile("needs"),
  experts: inputFile("experts"),
  scores: inputFile("scores"),
  conflicts: inputFile("conflicts").optional(),
  constraints: inputFile("constraints").optional(),
  objective: z.enum(["total", "fair"], { error: "--objective must be total or fair" }).default("total"),
  out: outputFile("out"),
  report: outputFile("report").optional(),
  "time-limit": z.coerce
    .number({ error: "--time-limit must be a number" })
    .positive({ error: "--time-limit must be positive" })
    .default(60),
  previous: inputFile("previous").optional(),
  locked: inputFile("locked").optional(),
  "churn-tolerance": z.coerce
    .number({ error: "--churn-tolerance must be a number" })
    .min(0, { error: "--churn-tolerance must be at least 0" })
    .max(1, { error: "--churn-tolerance must be at most 1" })
    .default(0.001),
});
export type AssignOptions = z.infer<typeof cliSchema>;

export function parseAssignArgs(argv: string[]): AssignOptions | "help" {
  const text = { type: "string" } as const;
  return parseCommandFlags(
    argv,
    {
      needs: text,
      experts: text,
      scores: text,
      conflicts: text,
      constraints: text,
      objective: text,
      out: text,
      report: text,
      "time-limit": text,
      previous: text,
      locked: text,
      "churn-tolerance": text,
    },
    cliSchema,
  );
}

const attrs = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({});
const needLine = z.object({
  id: z.string().min(1, { error: "id must not be empty" }),
  demand: z
    .number({ error: "demand must be a number" })
    .int({ error: "demand must be an integer" })
    .min(0, { error: "demand must be ≥ 0" }),
  attrs,
});
const expertLine = z
  .object({
    id: z.string().min(1, { error: "id must not be empty" }),
    minLoad: z
      .number()
      .int({ error: "minLoad must be an integer" })
      .min(0, { error: "minLoad must be ≥ 0" })
      .default(0),
    maxLoad: z
      .number({ error: "maxLoad must be a number" })
      .int({ error: "maxLoad must be an integer" })
      .min(0, { error: "maxLoad must be ≥ 0" }),
    attrs,
  })
  .refine((e) => e.minLoad <= e.maxLoad, { error: "minLoad must not exceed maxLoad" });
const quotaRule = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("atLeast"),
    attr: z.string().min(1),
    value: z.union([z.string(), z.number()]).transform(String),
    count: z.number().int().min(0),
    needs: z.union([z.literal("all"), z.array(z.string())]).default("all"),
  }),
  z.object({ kind: z.literal("atMostSame"), attr: z.string().min(1), count: z.number().int().min(1) }),
]);
const quotaFile = z.array(quotaRule);
const previousLine = z.object({
  needId: z.string(),
  experts: z.array(z.object({ expertId: z.string() })),
});

interface LoadedInputs {
  problem: AssignmentProblem;
  previous: { need: number; expert: number }[];
  locked: { need: number; expert: number }[];
}

/** Reads and checks every input; throws MalformedInputError listing every bad line. */
export async function loadAssignmentInputs(
  options: AssignOptions,
  onProgress?: (label: string, lines: number) => void,
): Promise<LoadedInputs> {
  const errors: LineError[] = [];
  const needs = await readJsonLines(options.needs, needLine, errors);
  const experts = await readJsonLines(options.experts, expertLine, errors);
  const needIndex = new Map<string, number>();
  const expertIndex = new Map<string, number>();
  const needsName = path.basename(options.needs);
  const expertsName = path.basename(options.experts);
  for (const { value, line } of needs) {
    if (needIndex.has(value.id)) errors.push({ file: needsName, line, reason: `duplicate need id ${value.id}` });
    else needIndex.set(value.id, needIndex.size);
  }
  for (const { value, line } of experts) {
    if (expertIndex.has(value.id)) errors.push({ file: expertsName, line, reason: `duplicate expert id ${value.id}` });
    else expertIndex.set(value.id, expertIndex.size);
  }
  const pairLines = (
    file: string,
    withScore: boolean,
    onPair: (need: number, expert: number, score: number) => void,
  ) => {
    const name = path.basename(file);
    return forEachLine(file, (text, line) => {
      if (line % 200_000 === 0) onProgress?.(name, line);
      const fields = text.split("\t");
      if (fields.length < (withScore ? 3 : 2)) {
        errors.push({
          file: name,
          line,
          reason: `expected ${withScore ? "needId<TAB>expertId<TAB>score" : "needId<TAB>expertId"}`,
        });
        return;
      }
      const need = needIndex.get(fields[0]!.trim());
      const expert = expertIndex.get(fields[1]!.trim());
      if (need === undefined) return void errors.push({ file: name, line, reason: `unknown need ${fields[0]}` });
      if (expert === undefined) return void errors.push({ file: name, line, reason: `unknown expert ${fields[1]}` });
      let score = 0;
      if (withScore) {
        score = Number(fields[2]!.trim());
        if (fields[2]!.trim() === "" || !Number.isFinite(score))
          return void errors.push({ file: name, line, reason: `score is not a number: ${fields[2]}` });
      }
      onPair(need, expert, score);
    });
  };
  const pairs: CandidatePair[] = [];
  if (errors.length === 0)
    await pairLines(options.scores, true, (need, expert, score) => pairs.push({ need, expert, score }));
  const conflicts: { need: number; expert: number }[] = [];
  if (options.conflicts && errors.length === 0)
    await pairLines(options.conflicts, false, (need, expert) => conflicts.push({ need, expert }));
  const locked: { need: number; expert: number }[] = [];
  if (options.locked && errors.length === 0)
    await pairLines(options.locked, false, (need, expert) => locked.push({ need, expert }));
  let quotas: QuotaRule[] = [];
  if (options.constraints) {
    const name = path.basename(options.constraints);
    try {
      const parsed = quotaFile.safeParse(JSON.parse(fs.readFileSync(options.constraints, "utf8")));
      if (parsed.success) quotas = parsed.data;
      else {
        const issue = parsed.error.issues[0]!;
        errors.push({ file: name, line: 1, reason: `rule ${issue.path.join(".")}: ${issue.message}` });
      }
    } catch {
      errors.push({ file: name, line: 1, reason: "not valid JSON" });
    }
  }
  const previous: { need: number; expert: number }[] = [];
  if (options.previous) {
    for (const { value } of await readJsonLines(options.previous, previousLine, errors)) {
      const need = needIndex.get(value.needId);
      if (need === undefined) continue; // a need removed since: its pairs are simply gone
      for (const e of value.experts) {
        const expert = expertIndex.get(e.expertId);
        if (expert !== undefined) previous.push({ need, expert });
      }
    }
  }
  if (errors.length > 0) throw new MalformedInputError(errors);
  return {
    problem: {
      needs: needs.map(({ value }) => value),
      experts: experts.map(({ value }) => value),
      pairs,
      conflicts,
      quotas,
    },
    previous,
    locked,
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export interface AssignRun {
  exitCode: 0 | 3;
  result: AssignmentResult;
}

export async function runAssign(
  options: AssignOptions,
  log: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<AssignRun> {
  const started = performance.now();
  const progress = phaseProgress();
  const { problem, previous, locked } = await loadAssignmentInputs(options, (label, lines) =>
    progress({ phase: `reading ${label}`, done: lines, total: 0, etaSeconds: null }),
  );
  const readSeconds = (performance.now() - started) / 1000;
  const solveOptions = { objective: options.objective, timeLimitSeconds: options["time-limit"], onProgress: progress };
  const churn = options.previous || options.locked;
  const result = churn
    ? await resolveWithLittleChurn(problem, { previous, locked, tolerance: options["churn-tolerance"] }, solveOptions)
    : await solveAssignment(problem, solveOptions);
  if (process.stderr.isTTY) process.stderr.write("\n");
  const seconds = (performance.now() - started) / 1000;
  const report: Record<string, unknown> = {
    status: result.status,
    objective: round(result.objective),
    minNeedScore: round(result.minNeedScore),
    seconds: Math.round(seconds * 1000) / 1000,
    diagnosis: result.diagnosis,
    upperBound: result.upperBound === null ? null : round(result.upperBound),
    gapPercent: result.gapPercent === null ? null : Math.round(result.gapPercent * 1e4) / 1e4,
    solver: result.solver,
    objectiveKind: options.objective,
    needs: problem.needs.length,
    experts: problem.experts.length,
    pairs: problem.pairs.length,
    assignedPairs: result.assigned.length,
    readSeconds: Math.round(readSeconds * 1000) / 1000,
    solveSeconds: Math.round(result.seconds * 1000) / 1000,
  };
  if ("kept" in result) {
    const { kept, added, removed, keptBound, fewestChangesProven } = result as ChurnResult;
    Object.assign(report, { kept, added, removed, keptBound, fewestChangesProven });
  }
  if (options.report) {
    fs.mkdirSync(path.dirname(options.report), { recursive: true });
    fs.writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (result.status === "infeasible") {
    // The contract: no assignment at all, not a stale one from an earlier run.
    fs.rmSync(options.out, { force: true });
    process.stderr.write(`infeasible: ${result.diagnosis?.summary ?? "no assignment satisfies every rule"}\n`);
    for (const reason of result.diagnosis?.reasons ?? [])
      process.stderr.write(`- ${reason.message}\n  → ${reason.relaxation}\n`);
    return { exitCode: 3, result };
  }
  const byNeed: { expertId: string; score: number }[][] = problem.needs.map(() => []);
  for (const a of result.assigned)
    byNeed[a.need]!.push({ expertId: problem.experts[a.expert]!.id, score: round(a.score) });
  const lines = problem.needs.map((need, i) => {
    const experts = byNeed[i]!.sort((a, b) => b.score - a.score || a.expertId.localeCompare(b.expertId));
    return JSON.stringify({ needId: need.id, experts });
  });
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, lines.length > 0 ? `${lines.join("\n")}\n` : "");
  log(
    `${result.status}: objective ${report.objective}` +
      (result.upperBound !== null ? `, bound ${report.upperBound} (gap ${report.gapPercent} %)` : "") +
      `, worst-off need ${report.minNeedScore}; ${result.assigned.length} pairs for ${problem.needs.length} needs; ` +
      `${report.seconds} s (reading ${report.readSeconds} s, solving ${report.solveSeconds} s, ${result.solver})`,
  );
  return { exitCode: 0, result };
}

const main = () =>
  runCommand({
    name: "assign",
    usage,
    parse: parseAssignArgs,
    run: async (options) => (await runAssign(options)).exitCode,
  });

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
