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
 * score = (evidence + profile + semantic) × (1 + discipline) × policy × capacity × feedback.
 */
export interface MatchExplanation {
  evidenceScore: number;
  profileScore: number;
  /** Cosine of need and expert in the latent semantic space (0 when the feature is off). */
  semanticSimilarity: number;
  textScore: number;
  evidence: EvidenceExplanation[];
  /** Need terms found anywhere in the expert's evidence (readable form; bigrams as two characters). */
  matchedTerms: string[];
  discipline: { need: string; expert: string | null; agreement: number; factor: number };
  policy: PolicyEffect | null;
  capacity: { capacity: number; active: number; factor: number } | null;
  feedback: FeedbackEffect | null;
}
