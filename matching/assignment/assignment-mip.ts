/**
 * Quotas and the fair objective make the assignment an integer program; HiGHS (the Edinburgh
 * solver, compiled to WebAssembly: npm `highs`) solves it by branch and cut and reports its dual
 * bound, so a stopped solve is honest about its gap.
 */
import highsModule from "highs";
import type { AssignmentProblem, CandidatePair } from "./assignment.types.js";
import { ruleApplies } from "./infeasibility-diagnosis.js";

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
}

/** Rows: demand (=), expert load [min, max], quota rows, and the fair floor rows when used. */
export async function solveAssignmentMip(request: MipRequest): Promise<MipOutcome> {
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
  for (const rule of problem.quotas ?? []) {
    problem.needs.forEach((need, i) => {
      if (!ruleApplies(rule, need.id)) return;
      const cols = byNeed[i]!;
      if (rule.kind === "atLeast") {
        const qualifying = cols.filter((k) => problem.experts[pairs[k]!.expert]!.attrs[rule.attr] === rule.value);
        addRow(
          qualifying,
          qualifying.map(() => 1),
          Math.min(rule.count, need.demand),
          highs.infinity,
        );
      } else {
        const groups = new Map<string, number[]>();
        for (const k of cols) {
          const value = problem.experts[pairs[k]!.expert]!.attrs[rule.attr];
          if (value === undefined) continue;
          const group = groups.get(value) ?? [];
          group.push(k);
          groups.set(value, group);
        }
        // Only groups larger than the count can be violated; the rest need no row.
        for (const group of groups.values()) {
          if (group.length > rule.count)
            addRow(
              group,
              group.map(() => 1),
              -highs.infinity,
              rule.count,
            );
        }
      }
    });
  }
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
