import type {
  BuildProgress,
  ExpertMatch,
  MatchExplanation,
  MatchNeedOptions,
  NeedProfile,
  TechnologyMatch,
} from "../../matching/index.js";
import type { RetrainRule } from "./trained-state-file.js";

/**
 * The messages between the main thread (MatchingEngineHost) and an engine worker thread. Only
 * small things cross: the worker reads profiles and needs from the database itself.
 */

/** What a worker is started with. */
export interface EngineWorkerData {
  databaseUrl: string;
  /** Where the trained state is persisted (beside the database). */
  modelFile: string;
  /** The main clock's time when the build started: recency and trainedAt are measured from it. */
  nowMs: number;
  retrain: RetrainRule;
}

/** What a finished build reports. */
export interface BuildReport {
  /** Data version of the profiles the model was built from (matchingDataVersion). */
  version: string;
  buildSeconds: number;
  experts: number;
  technologies: number;
  /** Whether this build trained, or reused the persisted trained state. */
  training: "trained" | "reused";
  trainedAt: string;
  /** Why it trained (null when it reused the persisted state). */
  retrainReason: string | null;
  /** Version of the invitations whose feedback and capacity the model holds. */
  dynamicsVersion: string;
  /** The worker's OS thread id where the system tells it (Linux), to watch it with `top -H`. */
  osThreadId: number | null;
  /** Problems that did not fail the build (an unreadable or unwritable state file). */
  warnings: string[];
}

/** A need an expert could be suggested, as the main thread saw it. */
export interface SuggestionCandidate {
  needId: number;
  /** The need's updatedAt in ms: rankings are per version of a need. */
  stamp: number;
  /** Rank it on the fields anyone may read (a confidential need the expert may not read). */
  publicOnly: boolean;
}

export interface SuggestRequest {
  expertKey: string;
  candidates: SuggestionCandidate[];
  limit: number;
  /** Time the worker may spend ranking needs missing from the rankings and explaining (ms). */
  budgetMs: number;
}

export interface SuggestReply {
  items: { needId: number; publicOnly: boolean; score: number; explanation: MatchExplanation | null }[];
  /** Candidates not ranked yet (opened or edited since the rankings); ranked in the background. */
  pendingNeeds: number;
  /** When the precomputed rankings were made; null until the first pass of this model is done. */
  rankedAt: string | null;
}

export interface RankedExperts {
  /** Whether the need has any text the engine can use. */
  analysable: boolean;
  matches: ExpertMatch[];
}

/**
 * Several needs ranked among the same experts (an event's registered ones): one message for a
 * batch of needs, the pool sent once; each need keeps its own exclusions.
 */
export interface RankAmongRequest {
  needs: { profile: NeedProfile; excludeExperts: string[] }[];
  onlyExperts: string[];
  top: number;
}

export interface RankedTechnologies {
  analysable: boolean;
  matches: TechnologyMatch[];
}

/** The requests a built engine answers, by operation. */
export interface EngineOperations {
  rankExperts: { args: { profile: NeedProfile; options: MatchNeedOptions }; result: RankedExperts };
  rankExpertsAmong: { args: RankAmongRequest; result: RankedExperts[] };
  rankTechnologies: { args: { profile: NeedProfile; top: number; explain: boolean }; result: RankedTechnologies };
  suggest: { args: SuggestRequest; result: SuggestReply };
  /** Reload answered invitations and engagements from the database; answers their version. */
  refreshDynamics: { args: null; result: string };
  /** Resolves when no ranking of needs is running or queued (tests, tools). */
  idle: { args: null; result: null };
}

export type EngineOperation = keyof EngineOperations;

export type EngineRequest = {
  [Op in EngineOperation]: { id: number; op: Op; args: EngineOperations[Op]["args"] };
}[EngineOperation];

export type EngineEvent =
  | { type: "progress"; progress: BuildProgress }
  | { type: "built"; report: BuildReport }
  | { type: "ranked"; rankedAt: string; needs: number; seconds: number }
  | { type: "failed"; error: string }
  | { type: "warning"; message: string }
  | { type: "reply"; id: number; result?: unknown; error?: string };
