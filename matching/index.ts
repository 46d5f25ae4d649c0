/** Public API of the matching engine: the server imports matching only through this file. */
export {
  analyzeDocument,
  analyzeQuery,
  documentFields,
  documentTerms,
  normalizeText,
  analysisThroughput,
  TextAnalyzer,
} from "./text/index.js";
export type {
  AnalyzedQuery,
  AnalyzedText,
  AnalysisThroughput,
  DocumentFields,
  QueryGroup,
  Token,
  TokenKind,
} from "./text/index.js";
export * from "./search/search-index.js";
export {
  SqliteFtsIndex,
  type SearchStatementStep,
  type SearchStatementTrace,
  type SqliteFtsIndexOptions,
} from "./search/sqlite-fts-index.js";
export { cropHighlight, highlightText, queryTermsOf, type QueryTerms } from "./search/highlight.js";
export { MeilisearchIndex, type MeilisearchIndexOptions } from "./search/meilisearch-index.js";
export {
  ExpertMatcher,
  type ExpertMatch,
  type BuildProgress,
  type ExpertMatcherInputs,
  type MatchingDynamics,
  type MatchNeedOptions,
  type TrainedMatchingState,
} from "./engine/expert-matcher.js";
export { TechnologyMatcher, type TechnologyMatch, type TechnologyProfile } from "./engine/technology-matcher.js";
export type {
  Clock as MatchingClock,
  DeclaredConflict,
  EvidenceInput,
  ExpertProfile,
  FeedbackEvent,
  FeedbackOutcome,
  NeedProfile,
} from "./engine/types.js";
export type { MatchExplanation, EvidenceExplanation } from "./scoring/explanation.js";
export type { TrainingReport } from "./learning/collection-training.js";
export type { FusionWeights } from "./learning/fusion.js";
export type { FeedbackEffect } from "./scoring/feedback.js";
export type { PolicyEffect } from "./scoring/policy.js";
export { defaultMatchingWeights, type MatchingWeights } from "./scoring/weights.data.js";
export { sameOrganization } from "./scoring/conflicts.js";
export { regionKind, type RegionKind } from "./scoring/regions.js";
export { solveAssignment, usablePairs, validateProblem } from "./assignment/assignment-solver.js";
export { seededRandom, shuffleInPlace } from "./learning/seeded-random.js";
export { loadHighs } from "./assignment/assignment-mip.js";
export { startModuleWorker } from "./runtime/module-worker.js";
export { resolveWithLittleChurn, type ChurnRequest, type ChurnResult } from "./assignment/assignment-churn.js";
export type * from "./assignment/assignment.types.js";
export {
  scheduleLowerBound,
  scheduleMeetings,
  type Meeting,
  type Placement,
  type ScheduleProblem,
  type ScheduleProgress,
  type ScheduleResult,
} from "./schedule/meeting-scheduler.js";
export {
  proposeRefill,
  type RefillCandidate,
  type RefillInput,
  type RefillProposal,
} from "./schedule/schedule-refill.js";
