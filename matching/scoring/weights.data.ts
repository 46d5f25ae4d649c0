/**
 * Matching weights as data: every number the scorer uses lives here, so tuning
 * (scripts/tune.ts) changes data, not code. See docs/matching.md for what each does.
 */
export interface MatchingWeights {
  /** BM25 parameters for evidence documents and whole profiles. */
  k1: number;
  b: number;
  /** Query term weight by token kind (bigrams back up words for recall). */
  wordWeight: number;
  bigramWeight: number;
  /** Query term weight by need field. */
  titleWeight: number;
  keywordWeight: number;
  descriptionWeight: number;
  /** Most informative query terms kept (by weight × IDF). */
  maxQueryTerms: number;
  /**
   * Terms in more than this share of evidence documents (and more than minStopTermDocs of them)
   * are dropped as corpus stop words (研究, study), unless nothing else is left.
   */
  maxTermDocShare: number;
  minStopTermDocs: number;
  /** Terms co-occurring with query words (PPMI over the corpus) added per word, and their weight factor. */
  expansionPerTerm: number;
  expansionWeight: number;
  /** Weight of a synonym's terms (another language or wording of a typed word) against a typed word. */
  synonymWeight: number;
  /** Weight of a dictionary translation's terms (bilingual-dictionary.ts): it may render another sense. */
  dictionaryWeight: number;
  /** Evidence aggregation: best document, plus decayed sum of the next ones. */
  bestEvidence: number;
  evidenceDecay: number;
  evidenceTopK: number;
  /** The whole profile as one document (all evidence + keywords + bio). */
  profile: number;
  /** Self-supervised validation needs the fusion is fitted on, and the fewest worth fitting on. */
  validationNeeds: number;
  minValidationNeeds: number;
  /** Validation needs that experts keeping a single record may fill up to (see `selfSupervisedSplit`). */
  sparseValidationNeeds: number;
  /** Candidates each channel contributes per need (plain profiles and engine; half as many by the dense channel). */
  fusionDepth: number;
  /** A channel keeps a weight only if it raises validation MRR@10 by more than this. */
  fusionMinGain: number;
  /**
   * Least weight of the engine channel: it alone carries what self-supervision cannot measure
   * (Traditional ↔ Simplified, cross-language synonyms), since a held-out record shares its
   * expert's script and language.
   */
  engineFloor: number;
  /**
   * Length normalisation of the `plainWeakNorm` channel: the value the fusion is first fitted
   * with (and used without fitting), and the values fitting chooses among per collection.
   */
  weakNormB: number;
  weakNormBChoices: readonly number[];
  /** Dual encoder: dimensions (0: no encoder), passes, Adagrad rate, time budget, pairs. */
  encoderDims: number;
  encoderEpochs: number;
  encoderLearningRate: number;
  encoderTimeBudgetSeconds: number;
  encoderMaxPairs: number;
  minEncoderPairs: number;
  /** Discipline agreement bonus: the text score × (1 + discipline × agreement). */
  discipline: number;
  /**
   * Agreement assumed for an expert whose disciplines are unknown (between a different
   * discipline, 0, and the same, 1): missing data is not evidence of a different discipline.
   */
  disciplineUnknown: number;
  /** Recency: evidence of this age (years) counts half as much as new, floored at recencyFloor. */
  recencyHalfLifeYears: number;
  recencyFloor: number;
  /** Multipliers for track policies. */
  policyBoost: number;
  /** Multiplier for an expert with no remaining capacity. */
  fullCapacity: number;
  /** Multiplier for a pair the expert or enterprise declined. */
  declined: number;
  /** Lift for experts accepted/solved on similar needs: 1 + feedbackLift × similarity. */
  feedbackLift: number;
  /** Candidates scored per need (retrieval depth). */
  candidates: number;
  /** The soft cap that keeps scores below 1 (score = raw / (raw + scoreSaturation)). */
  scoreSaturation: number;
}

export const defaultMatchingWeights: MatchingWeights = {
  k1: 1.2,
  b: 0.75,
  wordWeight: 1,
  bigramWeight: 1,
  titleWeight: 1,
  keywordWeight: 1,
  descriptionWeight: 0.5,
  maxQueryTerms: 40,
  maxTermDocShare: 0.1,
  minStopTermDocs: 200,
  expansionPerTerm: 0,
  expansionWeight: 0.2,
  synonymWeight: 0.8,
  dictionaryWeight: 0.5,
  bestEvidence: 1,
  evidenceDecay: 0.3,
  evidenceTopK: 3,
  profile: 0.5,
  validationNeeds: 1000,
  minValidationNeeds: 50,
  sparseValidationNeeds: 200,
  fusionDepth: 200,
  fusionMinGain: 0.002,
  engineFloor: 0.1,
  weakNormB: 0.3,
  weakNormBChoices: [0.1, 0.2, 0.3, 0.5],
  encoderDims: 64,
  encoderEpochs: 3,
  encoderLearningRate: 0.05,
  encoderTimeBudgetSeconds: 60,
  encoderMaxPairs: 60_000,
  minEncoderPairs: 500,
  discipline: 0.5,
  disciplineUnknown: 0.75,
  recencyHalfLifeYears: 15,
  recencyFloor: 0.5,
  policyBoost: 1.2,
  fullCapacity: 0.6,
  declined: 0.1,
  feedbackLift: 0.5,
  candidates: 400,
  scoreSaturation: 10,
};
