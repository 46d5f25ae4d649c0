/** The docking-event assignment problem and its answer (see ../shared/data/FORMATS.md). */

export type Attributes = Readonly<Record<string, string>>;

export interface AssignmentNeed {
  id: string;
  /** How many experts the need must get, exactly. */
  demand: number;
  attrs: Attributes;
}

export interface AssignmentExpert {
  id: string;
  minLoad: number;
  maxLoad: number;
  attrs: Attributes;
}

/** A listed candidate pair, by index into `needs` and `experts`. */
export interface CandidatePair {
  need: number;
  expert: number;
  score: number;
}

export type QuotaRule =
  | { kind: "atLeast"; attr: string; value: string; count: number; needs: "all" | readonly string[] }
  | { kind: "atMostSame"; attr: string; count: number };

export interface AssignmentProblem {
  needs: readonly AssignmentNeed[];
  experts: readonly AssignmentExpert[];
  pairs: readonly CandidatePair[];
  /** Pairs that must never be assigned, by index; listed or not. */
  conflicts?: readonly { need: number; expert: number }[];
  quotas?: readonly QuotaRule[];
}

export type AssignmentObjective = "total" | "fair";

export interface AssignmentProgress {
  phase: string;
  done: number;
  total: number;
  etaSeconds: number | null;
}

export interface AssignmentOptions {
  objective?: AssignmentObjective;
  /** Seconds the MIP may run before it stops with its best solution and the gap. */
  timeLimitSeconds?: number;
  /** Relative gap at which the MIP may stop (0.001 = 0.1 %). */
  relativeGap?: number;
  onProgress?: (progress: AssignmentProgress) => void;
}

export interface AssignedPair {
  need: number;
  expert: number;
  score: number;
}

export type AssignmentStatus = "optimal" | "feasible" | "infeasible";

/** One reason the problem has no solution, with the smallest change found that removes it. */
export interface InfeasibilityReason {
  kind: "tooFewCandidates" | "capacityCut" | "minLoad" | "quota" | "totalMinLoad" | "solver";
  /** What is wrong and what to change, in words an organizer can act on. */
  message: string;
  needIds: string[];
  expertIds: string[];
  /** How many expert-slots are missing (demand that cannot be served). */
  shortfall: number;
  /** The relaxation: concrete changes that would remove this reason. */
  relaxation: string;
  /** For `quota` reasons: the rule's index (from 0) in the problem's quotas. */
  rule?: number;
}

export interface AssignmentDiagnosis {
  summary: string;
  reasons: InfeasibilityReason[];
}

export interface AssignmentResult {
  status: AssignmentStatus;
  assigned: AssignedPair[];
  /** Sum of the assigned scores. */
  objective: number;
  /** Lowest per-need sum of assigned scores. */
  minNeedScore: number;
  /** A proven upper bound on the objective (the optimum itself when optimal; the LP/MIP bound otherwise). */
  upperBound: number | null;
  /** (upperBound − objective) / |upperBound| in percent; 0 when optimal. */
  gapPercent: number | null;
  /** `quota-flow`: the min-cost flow with the quota tree (quota-network.ts), exact like the plain flow. */
  solver: "min-cost-flow" | "quota-flow" | "highs-mip";
  diagnosis: AssignmentDiagnosis | null;
  seconds: number;
}
