import type { FeedbackEffect } from "./feedback.js";
import type { PolicyEffect } from "./policy.js";

/** A piece of evidence that contributed to a match, with the need's terms it contains. */
export interface EvidenceExplanation {
  title: string;
  type: string;
  year: number | null;
  /** BM25 × recency of this document against the need. */
  score: number;
  recency: number;
  matchedTerms: string[];
}

/**
 * Why an expert was proposed, built from the same features that produced the score:
 * score ∝ (Σ channel weight × channel value) × (1 + discipline) × policy × capacity × feedback.
 */
export interface MatchExplanation {
  /** The engine channel's figures: aggregated evidence and whole-profile BM25 (analysed text). */
  evidenceScore: number;
  profileScore: number;
  /** Cosine of need and expert in the space learned from this collection (0 without a model). */
  semanticSimilarity: number;
  /** The fused text score: Σ over channels of weight × value. */
  textScore: number;
  /** Each channel's value for this expert (relative to the need's best) and its fitted weight. */
  channels: { name: string; value: number; weight: number }[];
  /** The expert's record closest to the need in the learned space, when that channel counts. */
  closestRecord: { title: string; similarity: number } | null;
  evidence: EvidenceExplanation[];
  /** Need terms found anywhere in the expert's evidence (readable form; bigrams as two characters). */
  matchedTerms: string[];
  discipline: { need: string; expert: string | null; agreement: number; factor: number };
  policy: PolicyEffect | null;
  capacity: { capacity: number; active: number; factor: number } | null;
  feedback: FeedbackEffect | null;
}
