/**
 * Quotas and the fair objective make the assignment an integer program; HiGHS (the Edinburgh
 * solver, compiled to WebAssembly: npm `highs`) solves it by branch and cut and reports its dual
 * bound, so a stopped solve is honest about its gap.
 */
import type { Worker } from "node:worker_threads";
import highsModule from "highs";
import type { AssignmentProblem, CandidatePair } from "./assignment.types.js";
import { needQuotaSets } from "./quota-network.js";
import { startModuleWorker } from "../runtime/module-worker.js";

// The package's types describe its CommonJS build (default import = module.exports); the ESM
// build that Node loads exports the loader itself as default.
export const loadHighs = highsModule as unknown as typeof highsModule.default;
type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | undefined;

/** The WebAssembly module is loaded once per process. */
export function highsSolver(): Promise<Highs> {
  const loaded = highsPromise ?? loadHighs();
  highsPromise = loaded;
  return loaded;
}

export interface MipOutcome {
  status: "optimal" | "feasible" | "infeasible" | "unknown";
  /** 0/1 per pair (rounded). */
  chosen: number[];
  objective: number;
  bound: number | null;
  /** The lowest per-need sum found when `fairFloor` was maximised. */
  floor: number | null;
  /** The worker was ended at the deadline (HiGHS had not stopped by itself). */
  timedOut?: boolean;
}

export interface MipRequest {
  problem: AssignmentProblem;
  pairs: readonly CandidatePair[];
  /** Maximise the lowest per-need score sum (t) instead of the total. */
  maximizeFloor?: boolean;
  /** Require every per-need score sum to be at least this. */
  floorAtLeast?: number;
  /** Solve the LP relaxation only (continuous pairs). */
  relaxed?: boolean;
  timeLimitSeconds: number;
  relativeGap: number;
  /** A known feasible 0/1 vector to start from. */
  start?: readonly number[];
  /** Run in a worker thread ended at the deadline (default: for 5,000 pairs or more). */
  isolate?: boolean;
}

/**
 * Solves in a worker thread ended at the deadline when the model is large (HiGHS's WebAssembly
 * build does not always honour its own time_limit, and a solve blocks its thread), in this thread
 * when it is small (starting a worker and loading HiGHS there costs about 0.2 s). A solve ended at
 * the deadline is "unknown": no incumbent came back.
 */
export async function solveAssignmentMip(request: MipRequest): Promise<MipOutcome> {
  const isolate = request.isolate ?? request.pairs.length >= ISOLATE_FROM_PAIRS;
  if (!isolate) return solveMipInThisThread(request);
  return new Promise<MipOutcome>((resolve, reject) => {
    const worker = startMipWorker({ ...request, isolate: false });
    // HiGHS gets its own limit first; the grace covers loading the module and building the model.
    const timer = setTimeout(
      () => {
        void worker.terminate();
        resolve({ status: "unknown", chosen: [], objective: 0, bound: null, floor: null, timedOut: true });
      },
      (request.timeLimitSeconds + DEADLINE_GRACE_SECONDS) * 1000,
    );
    worker.once("message", (outcome: MipOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const ISOLATE_FROM_PAIRS = 5_000;
const DEADLINE_GRACE_SECONDS = 2;

const startMipWorker = (request: MipRequest): Worker => startModuleWorker(import.meta.url, "highs-mip-worker", request);

/** Rows: demand (=), expert load [min, max], quota rows, and the fair floor rows when used. */
export async function solveMipInThisThread(request: MipRequest): Promise<MipOutcome> {
  const highs = await highsSolver();
  const { problem, pairs } = request;
  const needCount = problem.needs.length;
  const usesFloor = request.maximizeFloor === true || request.floorAtLeast !== undefined;
  const numCols = pairs.length + (usesFloor ? 1 : 0);
  const floorCol = pairs.length;

  const rowEntries: { cols: number[]; values: number[] }[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (cols: number[], values: number[], lower: number, upper: number) => {
    rowEntries.push({ cols, values });
    rowLower.push(lower);
    rowUpper.push(upper);
  };
  const byNeed: number[][] = Array.from({ length: needCount }, () => []);
  const byExpert: number[][] = Array.from({ length: problem.experts.length }, () => []);
  pairs.forEach((p, k) => {
    byNeed[p.need]!.push(k);
    byExpert[p.expert]!.push(k);
  });
  problem.needs.forEach((need, i) => {
    const cols = byNeed[i]!;
    addRow(
      cols,
      cols.map(() => 1),
      need.demand,
      need.demand,
    );
  });
  problem.experts.forEach((expert, j) => {
    const cols = byExpert[j]!;
    if (cols.length === 0 && expert.minLoad === 0) return;
    addRow(
      cols,
      cols.map(() => 1),
      expert.minLoad,
      expert.maxLoad,
    );
  });
  // The quota rows are the bounded sets the quota network uses too: one reading of the rules.
  problem.needs.forEach((_need, i) => {
    for (const set of needQuotaSets(problem, pairs, i, byNeed[i]!)) {
      addRow(
        set.members,
        set.members.map(() => 1),
        set.lower,
        set.upper,
      );
    }
  });
  if (usesFloor) {
    problem.needs.forEach((_need, i) => {
      const cols = byNeed[i]!;
      addRow([...cols, floorCol], [...cols.map((k) => pairs[k]!.score), -1], 0, highs.infinity);
    });
  }

  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rowEntries) {
    indices.push(...row.cols);
    values.push(...row.values);
    starts.push(indices.length);
  }
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  const integrality = new Int32Array(numCols).fill(request.relaxed ? 0 : 1);
  if (request.maximizeFloor) {
    colCost[floorCol] = 1;
  } else {
    pairs.forEach((p, k) => (colCost[k] = p.score));
  }
  if (usesFloor) {
    colLower[floorCol] = request.floorAtLeast ?? -highs.infinity;
    colUpper[floorCol] = highs.infinity;
    integrality[floorCol] = 0;
  }

  const model = highs.createModel({
    numCols,
    numRows: rowEntries.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: "csr", numRows: rowEntries.length, numCols, starts, indices, values },
    integrality,
  });
  try {
    model.options.set({
      output_flag: false,
      time_limit: request.timeLimitSeconds,
      mip_rel_gap: request.relativeGap,
      random_seed: 0,
    });
    if (request.start && !request.relaxed) {
      const colValue = new Float64Array(numCols);
      request.start.forEach((x, k) => (colValue[k] = x));
      if (usesFloor) colValue[floorCol] = request.floorAtLeast ?? 0;
      model.setSolution({ colValue });
    }
    model.run();
    const code = model.getModelStatus();
    const statuses = highs.constants.modelStatus;
    if (code === statuses.infeasible)
      return { status: "infeasible", chosen: [], objective: 0, bound: null, floor: null };
    const solution = model.getSolution();
    const colValue = solution.colValue;
    const hasSolution = colValue.length === numCols && Number.isFinite(model.getObjectiveValue());
    const primalStatus = Number(model.info.get("primal_solution_status"));
    if (!hasSolution || primalStatus !== 2) {
      return { status: "unknown", chosen: [], objective: 0, bound: null, floor: null };
    }
    const chosen = Array.from(colValue.subarray(0, pairs.length), (x: number) => (request.relaxed ? x : Math.round(x)));
    const objective = model.getObjectiveValue();
    const bound = request.relaxed ? objective : Number(model.info.get("mip_dual_bound"));
    return {
      status: code === statuses.optimal ? "optimal" : "feasible",
      chosen,
      objective,
      bound: Number.isFinite(bound) ? bound : null,
      floor: usesFloor ? colValue[floorCol]! : null,
    };
  } finally {
    model.dispose();
  }
}
